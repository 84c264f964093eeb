import { META_FLAGS, OPTION_TABLE, type OptionDef, checkRaw } from './table.js';
import { type OptionId, UsageError } from './types.js';

export type RawValue = string | boolean | string[];

export interface ParsedArgs {
  /** Raw values the flags gave, already checked on their own. */
  given: Partial<Record<OptionId, RawValue>>;
  dryRun: boolean;
  yes: boolean;
  /** undefined: decide from the terminal. */
  interactive: boolean | undefined;
  help: boolean;
  version: boolean;
}

const metaNames = new Set<string>(META_FLAGS.flatMap((m) => ('short' in m ? [m.flag, m.short] : [m.flag])));

const fail = (message: string): never => {
  throw new UsageError(message);
};

/** Parses argv against the option table: every flag, value and negation is derived from it. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { given: {}, dryRun: false, yes: false, interactive: undefined, help: false, version: false };
  const seen = new Map<string, string>();
  const positional = OPTION_TABLE.find((def) => def.flag.startsWith('['));

  const setValue = (def: OptionDef, value: RawValue, spelled: string) => {
    if (def.kind === 'list') {
      const list = (parsed.given[def.id] as string[] | undefined) ?? [];
      parsed.given[def.id] = [...list, value as string];
      return;
    }
    const earlier = seen.get(def.id);
    if (earlier !== undefined) {
      fail(earlier === spelled ? `${spelled} was given twice; give it once` : `${earlier} and ${spelled} conflict; give one of them`);
    }
    seen.set(def.id, spelled);
    parsed.given[def.id] = value;
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') continue;
    if (!arg.startsWith('-') || arg === '-') {
      if (!positional) fail(`unexpected argument "${arg}"`);
      if (parsed.given.directory !== undefined) fail(`only one directory can be given; got "${parsed.given.directory}" and "${arg}"`);
      const problem = checkRaw(positional as OptionDef, arg);
      if (problem) fail(`directory ${problem}; got "${arg}"`);
      parsed.given.directory = arg;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;

    if (metaNames.has(name) || name === '--no-interactive') {
      if (inline !== undefined) fail(`${name} takes no value`);
      if (name === '--dry-run') parsed.dryRun = true;
      else if (name === '--yes' || name === '-y') parsed.yes = true;
      else if (name === '--help' || name === '-h') parsed.help = true;
      else if (name === '--version' || name === '-v') parsed.version = true;
      else {
        const value = name === '--interactive';
        if (parsed.interactive !== undefined && parsed.interactive !== value) fail('--interactive and --no-interactive conflict; give one of them');
        parsed.interactive = value;
      }
      continue;
    }

    const negated = name.startsWith('--no-') ? OPTION_TABLE.find((d) => d.kind === 'boolean' && d.flag === `--${name.slice(5)}`) : undefined;
    if (negated) {
      if (inline !== undefined) fail(`${name} takes no value`);
      setValue(negated, false, name);
      continue;
    }
    const def = OPTION_TABLE.find((d) => d.flag === name);
    if (!def || def.flag.startsWith('[')) fail(`unknown flag ${name}; run with --help to see the flags`);
    const option = def as OptionDef;
    if (option.kind === 'boolean') {
      if (inline !== undefined) fail(`${name} takes no value`);
      setValue(option, true, name);
      continue;
    }
    let raw = inline;
    if (raw === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) fail(`${name} needs a value: it ${checkRaw(option, '\0') ?? 'takes a value'}`);
      raw = next as string;
      i++;
    }
    const problem = checkRaw(option, raw);
    if (problem) fail(`${name} ${problem}; got "${raw}"`);
    setValue(option, raw, name);
  }
  return parsed;
}
