import { type AskContext, CancelledError, type Prompter, ask, askTogether } from './ask.js';
import { namer, problemsOf } from './consistency.js';
import { type OptionDef, type ResolveEnv, warningFor } from './option-def.js';
import { ANSWERS_FILE } from './preset.js';
import { type Sources, pinSourceKey } from './sources.js';
import { OPTION_TABLE, rowOf } from './table.js';
import { type Known, type OptionId, type Options, UsageError } from './types.js';

export { CancelledError, type Prompter, type PromptChoice } from './ask.js';

/** `generated`: a project this tool generated (its answers file is there), for which --update is the way. */
export type DirectoryState = 'missing' | 'empty' | 'non-empty' | 'generated' | 'file';

/** The user chose to update the generated project in `directory` instead of creating one. */
export class UpdateInstead extends Error {
  override name = 'UpdateInstead';
  constructor(readonly directory: string) {
    super(`update ${directory}`);
  }
}

export interface ResolveInput {
  /** What the flags gave, already parsed. */
  given: Known;
  /** Ask what the flags left open (false: take defaults, never prompt). */
  interactive: boolean;
  prompter?: Prompter;
  env: ResolveEnv;
  inspectDirectory: (directory: string) => DirectoryState;
  /** Told the table's warnings about a chosen value (e.g. a deprecated choice), as soon as it is chosen. */
  warn?: (text: string) => void;
  /** Told what was settled without a question (only one answer fitted). */
  tell?: (text: string) => void;
  /** A dry run may look at a non-empty directory: it shows what an overwrite would do. */
  dryRun?: boolean;
  /** Where the values in `given` came from (sources.ts); a value without a source was typed as a flag. */
  sources?: Sources;
  /** Told of each value from a file (the answers file, a preset) that a changed answer made inapplicable: it is dropped. */
  note?: (text: string) => void;
  /**
   * Answers recorded earlier (an interactive --update: the answers file and a preset), offered as each question's
   * default instead of the table's; not asked (an advanced question declined), they stand. Sources name them.
   */
  defaults?: Known;
  /** Filled with the options the user chose (given, from any layer, or answered): what the answers file records. */
  chosen?: Set<OptionId>;
}

const ADVANCED_QUESTION = 'Customize advanced settings (base image, image tag, pins, package index)?';

/** The options a flag gave: a value with no source. */
const givenIds = (given: Known, sources: Sources = new Map()): ReadonlySet<OptionId> =>
  new Set(OPTION_TABLE.map((d) => d.id).filter((id) => given[id] !== undefined && (id === 'pins' || !sources.has(id))));

/** Asks a deferred option (one the flow asks after writing), or takes its default when not interactive. */
export async function askDeferred<K extends OptionId>(id: K, o: Options, input: ResolveInput): Promise<Options[K]> {
  const def = rowOf(id);
  const given = input.given[id];
  if (given !== undefined) return given as Options[K];
  const fallback = def.default(o, input.env) as Options[K];
  if (!input.interactive || !input.prompter) return fallback;
  const ctx: AskContext = { known: o, given: givenIds(input.given), prompter: input.prompter, tell: input.tell ?? (() => undefined), env: input.env };
  return (await ask(def, fallback, ctx)) as Options[K];
}

/**
 * Resolves every option in table order: a flag wins; otherwise the user is asked when interactive (offered only
 * answers that fit the flags); otherwise the default applies. Options that do not apply are left undefined, and
 * a flag given for one of them is a usage error. Contradictions among the flags are refused before any question.
 */
export async function resolveOptions(input: ResolveInput): Promise<Options> {
  const { interactive, prompter, env } = input;
  const sources = input.sources ?? new Map<string, string>();
  const given: Known = { ...input.given };
  if (interactive && !prompter) throw new Error('interactive resolution needs a prompter');
  const ids = givenIds(given, sources);
  if (interactive) {
    const early = problemsOf(given, ids, sources)[0];
    if (early) throw new UsageError(early);
  }
  const known: Known = { ...given };
  const ctx: AskContext | undefined = prompter && { known, given: ids, prompter, tell: input.tell ?? (() => undefined), env, sources };
  const named = namer(sources);
  /** A value from a file that no longer applies: dropped, with a note saying where it came from and why. */
  const drop = (def: OptionDef, text: string, why: string) => input.note?.(`${named(def.id, text)} no longer applies (${def.flag} applies only ${why}); it was left out`);
  let askAdvanced: boolean | undefined;
  /** The answers of each `together` question, asked once at its first row. */
  const together = new Map<string, Map<OptionId, boolean>>();

  for (const def of OPTION_TABLE) {
    const value = await resolveRow(def);
    Object.assign(known, { [def.id]: value });
    if (def.id === 'directory') {
      const overwrite = await settleDirectory(known.directory as string, input);
      if (overwrite) Object.assign(known, { overwrite: true });
    }
    const warning = value === undefined ? undefined : warningFor(def, value);
    if (warning) input.warn?.(warning);
  }

  async function resolveRow(def: OptionDef): Promise<unknown> {
    const value = given[def.id];
    if (def.appliesWhen && !def.appliesWhen.test(known)) {
      if (value !== undefined && sources.has(def.id)) drop(def, shownValue(def, value), def.appliesWhen.text);
      const dropped = input.defaults?.[def.id];
      if (value === undefined && dropped !== undefined) drop(def, shownValue(def, dropped), def.appliesWhen.text);
      return undefined;
    }
    // Pins, given or recorded, are kept as they are, less those that no longer apply (a Poetry pin with pip).
    const pins = given.pins ?? input.defaults?.pins;
    if (def.id === 'pins' && def.itemAppliesWhen && pins) {
      const { test, text } = def.itemAppliesWhen;
      const fits = pins.filter((pin) => {
        const keep = test(pin, known) || !sources.has(pinSourceKey(pin.key));
        if (!keep) input.note?.(`${def.flag.slice(2)} ${def.format(pin)} from ${sources.get(pinSourceKey(pin.key))} no longer applies (it applies only ${text}); it was left out`);
        return keep;
      });
      input.chosen?.add(def.id);
      return fits;
    }
    if (value !== undefined) {
      input.chosen?.add(def.id);
      return value;
    }
    const recorded = input.defaults?.[def.id];
    if (recorded !== undefined) input.chosen?.add(def.id);
    if (def.id === 'overwrite' && known.overwrite) return true;
    const fallback = recorded ?? def.default(known, env);
    if (def.defaultIsChoice?.(known)) input.chosen?.add(def.id);
    if (!interactive || !ctx || !def.question || def.deferred) return fallback;
    if (def.advanced) {
      askAdvanced ??= await ctx.prompter.confirm(ADVANCED_QUESTION, false);
      if (!askAdvanced) return fallback;
    }
    if (def.kind === 'boolean' && def.together) {
      const question = def.question;
      let answers = together.get(question);
      if (!answers) together.set(question, (answers = await askTogether(question, OPTION_TABLE, ctx)));
      if (answers.has(def.id)) input.chosen?.add(def.id);
      return answers.get(def.id);
    }
    const answer = await ask(def, fallback, ctx);
    if (answer !== undefined) input.chosen?.add(def.id);
    return answer;
  }

  // Every row has now set its key (a value, or undefined where it does not apply): the whole of Options.
  const options = known as Options;
  const problem = problemsOf(options, ids, sources)[0];
  if (problem) throw new UsageError(problem);
  return options;
}

/**
 * A project this tool generated: --update brings it up to date and keeps the user's edits, where --overwrite would
 * put the templates back over them. Without a terminal the refusal says so; in one, the update is offered first.
 */
async function settleGenerated(directory: string, input: ResolveInput): Promise<boolean> {
  const generated = `"${directory}" was generated by create-fastapi-docker (it has ${ANSWERS_FILE})`;
  if (input.given.overwrite === false || !input.interactive || !input.prompter) {
    throw new UsageError(`${generated}; run with --update to bring it up to date and keep your edits, or --overwrite to put the templates back over the generated files`);
  }
  const answer = await input.prompter.select(
    `${generated}. Update it, keeping your edits?`,
    [
      { value: 'update', label: 'Update it (--update)', hint: 'render it again from its answers, merged with your edits' },
      { value: 'overwrite', label: 'Replace the generated files with fresh ones (--overwrite)', hint: 'your edits to them are backed up, not kept' },
      { value: 'cancel', label: 'Leave it as it is', hint: '' },
    ],
    'update',
  );
  if (answer === 'update') throw new UpdateInstead(directory);
  if (answer === 'cancel') throw new CancelledError('the directory was left as it is');
  return true;
}

/**
 * A target that is a file is refused; a non-empty one needs --overwrite, or a yes when interactive.
 * Returns true when the user said yes.
 */
async function settleDirectory(directory: string, input: ResolveInput): Promise<boolean> {
  const state = input.inspectDirectory(directory);
  if (state === 'file') throw new UsageError(`directory "${directory}" is a file; give a new or empty directory`);
  if (state === 'generated' && input.given.overwrite !== true && !input.dryRun) return settleGenerated(directory, input);
  if (state !== 'non-empty' || input.given.overwrite === true || input.dryRun) return false;
  if (input.given.overwrite === false || !input.interactive || !input.prompter) {
    throw new UsageError(
      `directory "${directory}" is not empty; pass --overwrite to replace only the files this tool generates (nothing else is touched)`,
    );
  }
  const replace = await input.prompter.confirm(
    `"${directory}" is not empty. Replace only the files this tool generates and keep everything else?`,
    false,
  );
  if (!replace) throw new CancelledError('the directory was left as it is');
  return true;
}

/** A value as the user wrote it: the row's own format (a number, an image reference, a URL). */
function shownValue(def: OptionDef, value: unknown): string {
  if (def.kind === 'text') return (def.format as (v: unknown) => string)(value);
  return String(value);
}
