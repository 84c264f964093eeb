/**
 * The shape of one row of the option table: what flags, prompts, --help and validation are derived from.
 * A row is typed by its option: `default` returns that option's type, a choice row lists values of its union,
 * a text row's `parse` produces it. `appliesWhen` and the table's rules see the typed answers known so far.
 */
import type { Choice } from './choices.js';
import type { ParseResult } from './grammar/pep508.js';
import type { Known, OptionId, Options } from './types.js';

export type { Choice } from './choices.js';

export interface ResolveEnv {
  /** The working directory: `.` and other relative targets resolve against it. */
  cwd: string;
  /** The user's home directory, for a `~` typed at a prompt (a shell expands it in flags). */
  home: string;
}

interface Common<K extends OptionId> {
  id: K;
  /** `--layout`; `[directory]` marks the positional argument. */
  flag: string;
  /** One line for --help. */
  help: string;
  /** The interactive question; absent means the option is never asked. */
  question?: string;
  /** Asked only after "customize advanced settings?". */
  advanced?: true;
  /** Asked after the files are written, not with the others. */
  deferred?: true;
  /** When the option means something; a flag given outside it is a usage error. */
  appliesWhen?: { test: (o: Known) => boolean; text: string };
  default: (o: Known, env: ResolveEnv) => Options[K];
  /**
   * Whether the default follows from what the user typed (a login in the index URL), so that it is recorded as their
   * choice: the answers file could not derive it again (credentials are recorded nowhere).
   */
  defaultIsChoice?: (o: Known) => boolean;
  /** A warning about a chosen value, shown when it is chosen (the value stays allowed). */
  warning?: (value: Options[K]) => string | undefined;
}

export type ChoiceRow<K extends OptionId> = Common<K> & {
  kind: 'choice';
  choices: readonly Choice<Options[K] & string>[];
  /** `--python X.Y` in --help instead of listing every value. */
  valueName?: string;
};

/**
 * A boolean asked together with others as one multi-select ("Deployment files?"): the `together` rows with the
 * same question form one question, asked at the first of them; each row is one entry, checked by its default.
 */
export interface Together {
  /** This row's entry in the list. */
  label: string;
  hint: string;
}

export type BooleanRow<K extends OptionId> = Common<K> & { kind: 'boolean'; together?: Together };

export type TextRow<K extends OptionId> = Common<K> & {
  kind: 'text';
  valueName: string;
  /** Reads one raw value into the option's type, or says what it accepts ("accepts …"). */
  parse: (raw: string) => ParseResult<Exclude<Options[K], undefined>>;
  /** Writes a value back as the raw text that parses to it (a preset, the answers file). */
  format: (value: Exclude<Options[K], undefined>) => string;
  /** Blank at the prompt means "none" (the option's type includes undefined). */
  optional?: true;
  /** What a typed answer means before it is parsed (a shell's work that a prompt must do itself). */
  fromAnswer?: (answer: string, env: ResolveEnv) => string;
};

type Item<K extends OptionId> = Options[K] extends readonly (infer I)[] ? I : never;

export type ListRow<K extends OptionId> = Common<K> & {
  kind: 'list';
  valueName: string;
  /** Reads one flag's value (the flag repeats). */
  parse: (raw: string) => ParseResult<Item<K>>;
  /** Reads a whole prompt answer, which may hold several items. */
  parseAnswer: (raw: string) => ParseResult<Item<K>[]>;
  /** Writes one item back as the raw text that parses to it. */
  format: (item: Item<K>) => string;
  /**
   * When one item means something (a Poetry pin, only with Poetry): a flag's item outside it is a usage error
   * (`problem`), an item from a file is dropped with a note (`text` says when it applies).
   */
  itemAppliesWhen?: { test: (item: Item<K>, o: Known) => boolean; text: string; problem: (item: Item<K>) => string };
};

/** The row kinds an option's type allows: booleans are flags, arrays repeat, strings are chosen or typed. */
export type RowFor<K extends OptionId> = NonNullable<Options[K]> extends boolean
  ? BooleanRow<K>
  : Options[K] extends readonly unknown[]
    ? ListRow<K>
    : ChoiceRow<K> | TextRow<K>;

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Row<K extends OptionId> = WithoutId<RowFor<K>> & { id: K };

export type OptionDef = { [K in OptionId]: Row<K> }[OptionId];

/** One row, typed by its option id (the id also names the row in the table). */
export const row = <K extends OptionId>(id: K, def: WithoutId<RowFor<K>>): Row<K> => ({ ...def, id });

/** Reads one raw flag value for its row, context-free: the parsed value, or "accepts …". */
export function parseRaw(def: OptionDef, raw: string): ParseResult<unknown> {
  if (def.kind === 'boolean') return { ok: false, problem: 'takes no value' };
  if (def.kind === 'choice') {
    const choice = def.choices.find((c) => c.value === raw);
    return choice ? { ok: true, value: choice.value } : { ok: false, problem: `accepts ${listWords(def.choices.map((c) => c.value))}` };
  }
  return def.parse(raw);
}

/** The context-free check of one raw flag value: undefined if good, else "accepts …". */
export function checkRaw(def: OptionDef, raw: string): string | undefined {
  const parsed = parseRaw(def, raw);
  return parsed.ok ? undefined : parsed.problem;
}

/** The row's warning about a value it resolved (the table is heterogeneous, so the value arrives untyped). */
export const warningFor = (def: OptionDef, value: unknown): string | undefined =>
  (def.warning as ((v: unknown) => string | undefined) | undefined)?.(value);

/** The form that clears an option with a value: `--no-workers`, derived from its flag. */
export const clearForm = (def: OptionDef): string => `--no-${def.flag.slice(2)}`;

/** The key of a row in a preset or the answers file: its flag without `--`. */
export const presetKey = (def: OptionDef): string => def.flag.replace(/^--/, '');

export const listWords = (values: readonly string[]): string =>
  values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
