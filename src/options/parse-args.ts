import { shown } from './grammar/display.js';
import { clearForm, parseRaw } from './option-def.js';
import { META_FLAGS, OPTION_TABLE, type OptionDef, checkRaw } from './table.js';
import { type Known, type OptionId, UsageError } from './types.js';

export interface ParsedArgs {
  /** What the flags gave, parsed into option values. */
  given: Known;
  /** How each given option was spelled on the command line, for messages. */
  spelled: Partial<Record<OptionId, string>>;
  dryRun: boolean;
  yes: boolean;
  /** undefined: decide from the terminal. */
  interactive: boolean | undefined;
  help: boolean;
  version: boolean;
  /** --preset FILE, as given. */
  preset: string | undefined;
  update: boolean;
  /** --check (with --update): report whether the project is up to date, write nothing. */
  check: boolean;
  /** Options cleared with `--no-<flag>`: a value the answers file or a preset gave is forgotten (the default applies). */
  cleared: Set<OptionId>;
}

const metaNames = new Set<string>(META_FLAGS.flatMap((m) => ('short' in m ? [m.flag, m.short] : [m.flag])));
metaNames.add('--no-interactive');

const fail = (message: string): never => {
  throw new UsageError(message);
};

/** An argument that reads as a flag, so it is not taken as the value of the flag before it. */
const isFlag = (arg: string): boolean => arg.startsWith('--') && arg.length > 2;

/**
 * What a row accepts, without the detail about one wrong value: the first clause of its message for a value nobody
 * types (a pin's "expected a distribution name at character 1" would be about a character the user never typed).
 */
const acceptsOf = (def: OptionDef): string => (checkRaw(def, '\0') ?? 'takes a value').split('; ')[0] as string;

/** A flag as typed, quoted only if it holds something odd (a newline must not break the one-line message). */
const flagShown = (name: string): string => (/^--?[A-Za-z0-9][A-Za-z0-9-]*$/.test(name) ? name : shown(name));

/** Sets one option from a raw value, parsed by its row; lists collect, anything else may be given once. */
function setValue(parsed: ParsedArgs, def: OptionDef, raw: string | boolean, spelled: string): void {
  const given: Record<string, unknown> = parsed.given;
  const earlier = parsed.spelled[def.id];
  if (earlier !== undefined && def.kind !== 'list') {
    if (def.flag.startsWith('[')) fail(`only one directory can be given; got ${shown(String(given.directory))} and ${shown(String(raw))}`);
    fail(earlier === spelled ? `${spelled} was given twice; give it once` : `${earlier} and ${spelled} conflict; give one of them`);
  }
  parsed.spelled[def.id] = spelled;
  if (typeof raw === 'boolean') {
    given[def.id] = raw;
    return;
  }
  const value = parseRaw(def, raw);
  if (!value.ok) return fail(`${spelled} ${value.problem}; got ${shown(raw)}`);
  given[def.id] = def.kind === 'list' ? [...((given[def.id] as unknown[] | undefined) ?? []), value.value] : value.value;
}


/** `--no-<flag>` for an option with a value: forget what a lower layer gave (a list keeps the items flags add). */
function clear(parsed: ParsedArgs, def: OptionDef, spelled: string): void {
  if (parsed.cleared.has(def.id)) fail(`${spelled} was given twice; give it once`);
  const earlier = parsed.spelled[def.id];
  if (earlier !== undefined && def.kind !== 'list') fail(`${earlier} and ${spelled} conflict; give one of them`);
  parsed.cleared.add(def.id);
  if (def.kind !== 'list') parsed.spelled[def.id] = spelled;
}

/**
 * Parses argv against the option table: every flag, value and negation is derived from it. `--help` and
 * `--version` win wherever they stand; after `--`, every argument is the directory.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { given: {}, spelled: {}, dryRun: false, yes: false, interactive: undefined, help: false, version: false, preset: undefined, update: false, check: false, cleared: new Set() };
  const end = argv.indexOf('--') < 0 ? argv.length : argv.indexOf('--');
  const options = argv.slice(0, end);
  if (options.some((a) => a === '--help' || a === '-h')) return { ...parsed, help: true };
  if (options.some((a) => a === '--version' || a === '-v')) return { ...parsed, version: true };
  const positional = OPTION_TABLE.find((def) => def.flag.startsWith('[')) as OptionDef;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (i === end) continue;
    if (i > end || !arg.startsWith('-') || arg === '-') {
      setValue(parsed, positional, arg, 'directory');
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;

    if (name === '--preset') {
      if (parsed.preset !== undefined) fail('--preset was given twice; give it once');
      const value = inline ?? (i + 1 < end ? argv[++i] : undefined);
      if (value === undefined || value === '' || (inline === undefined && isFlag(value))) fail('--preset needs a value: the path of a JSON or YAML file');
      parsed.preset = value;
      continue;
    }
    if (metaNames.has(name)) {
      if (inline !== undefined) fail(`${name} takes no value`);
      if (name === '--dry-run') parsed.dryRun = true;
      else if (name === '--update') parsed.update = true;
      else if (name === '--check') parsed.check = true;
      else if (name === '--yes' || name === '-y') parsed.yes = true;
      else {
        const value = name === '--interactive';
        if (parsed.interactive !== undefined && parsed.interactive !== value) fail('--interactive and --no-interactive conflict; give one of them');
        parsed.interactive = value;
      }
      continue;
    }

    const negated = name.startsWith('--no-') ? OPTION_TABLE.find((d) => d.flag === `--${name.slice(5)}`) : undefined;
    if (negated) {
      if (inline !== undefined) fail(`${name} takes no value`);
      if (negated.kind === 'boolean') setValue(parsed, negated, false, name);
      else clear(parsed, negated, name);
      continue;
    }
    const def = OPTION_TABLE.find((d) => d.flag === name && !d.flag.startsWith('['));
    if (!def) return fail(`unknown flag ${flagShown(name)}; run with --help to see the flags`);
    if (inline === '' && def.kind !== 'boolean') fail(`${name} needs a value: it ${acceptsOf(def)}; ${clearForm(def)} clears a value from the answers file or a preset`);
    if (def.kind === 'boolean') {
      if (inline !== undefined) fail(`${name} takes no value`);
      setValue(parsed, def, true, name);
      continue;
    }
    let raw = inline;
    if (raw === undefined) {
      const next = i + 1 < end ? argv[i + 1] : undefined;
      if (next === undefined || isFlag(next)) fail(`${name} needs a value: it ${acceptsOf(def)}`);
      raw = next as string;
      i++;
    }
    setValue(parsed, def, raw, name);
  }
  return parsed;
}
