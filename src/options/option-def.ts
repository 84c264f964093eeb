/** The shape of one row of the option table: what flags, prompts, --help and validation are derived from. */
import type { OptionId, Options } from './types.js';
import { type Check, checkOneOf } from './validators.js';

export interface Choice {
  value: string;
  label: string;
  hint: string;
}

export interface ResolveEnv {
  /** Name of the current directory, for `.` as the target. */
  cwdName: string;
}

export type Partial_ = Partial<Options>;

interface Common {
  id: OptionId;
  /** `--layout`; `[directory]` marks the positional argument. */
  flag: string;
  /** One line for --help. */
  help: string;
  /** The interactive question; absent means the option is never asked. */
  question?: string;
  /** Asked only after "customize advanced settings?". */
  advanced?: boolean;
  /** Asked after the files are written, not with the others. */
  deferred?: boolean;
  /** When the option means something; a flag given outside it is a usage error. */
  appliesWhen?: { test: (o: Partial_) => boolean; text: string };
  default: (o: Partial_, env: ResolveEnv) => unknown;
  /** A warning about a chosen value, shown when it is chosen (the value stays allowed). */
  warning?: (value: unknown) => string | undefined;
  /** Checks that need other answers (run after every option is known). */
  crossCheck?: (value: unknown, o: Options) => string | undefined;
}

export type OptionDef = Common &
  (
    | { kind: 'choice'; choices: (o: Partial_) => Choice[]; valueName?: string }
    | { kind: 'boolean' }
    | { kind: 'text'; valueName: string; check: Check; convert?: (raw: string) => unknown; optional?: boolean }
    | { kind: 'list'; valueName: string; check: Check }
  );

const choiceCheck = (def: { choices: (o: Partial_) => Choice[] }): Check =>
  checkOneOf(def.choices({}).map((c) => c.value));

/** The context-free check of one raw value. */
export const checkRaw = (def: OptionDef, raw: string): string | undefined => {
  if (def.kind === 'choice') return choiceCheck(def)(raw);
  if (def.kind === 'boolean') return undefined;
  return def.check(raw);
};
