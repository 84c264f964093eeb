import { type AskContext, CancelledError, type Prompter, ask, askTogether } from './ask.js';
import { problemsOf } from './consistency.js';
import { type OptionDef, type ResolveEnv, warningFor } from './option-def.js';
import { OPTION_TABLE, rowOf } from './table.js';
import { type Known, type OptionId, type Options, UsageError } from './types.js';

export { CancelledError, type Prompter, type PromptChoice } from './ask.js';

export type DirectoryState = 'missing' | 'empty' | 'non-empty' | 'file';

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
}

const ADVANCED_QUESTION = 'Customize advanced settings (base image, image tag, pins, package index)?';

const givenIds = (given: Known): ReadonlySet<OptionId> =>
  new Set(OPTION_TABLE.map((d) => d.id).filter((id) => given[id] !== undefined));

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
  const { given, interactive, prompter, env } = input;
  if (interactive && !prompter) throw new Error('interactive resolution needs a prompter');
  const ids = givenIds(given);
  if (interactive) {
    const early = problemsOf(given, ids)[0];
    if (early) throw new UsageError(early);
  }
  const known: Known = { ...given };
  const ctx: AskContext | undefined = prompter && { known, given: ids, prompter, tell: input.tell ?? (() => undefined), env };
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
    if (def.appliesWhen && !def.appliesWhen.test(known)) return undefined;
    if (given[def.id] !== undefined) return given[def.id];
    if (def.id === 'overwrite' && known.overwrite) return true;
    const fallback = def.default(known, env);
    if (!interactive || !ctx || !def.question || def.deferred) return fallback;
    if (def.advanced) {
      askAdvanced ??= await ctx.prompter.confirm(ADVANCED_QUESTION, false);
      if (!askAdvanced) return fallback;
    }
    if (def.kind === 'boolean' && def.together) {
      const question = def.question;
      let answers = together.get(question);
      if (!answers) together.set(question, (answers = await askTogether(question, OPTION_TABLE, ctx)));
      return answers.get(def.id);
    }
    return ask(def, fallback, ctx);
  }

  // Every row has now set its key (a value, or undefined where it does not apply): the whole of Options.
  const options = known as Options;
  const problem = problemsOf(options, ids)[0];
  if (problem) throw new UsageError(problem);
  return options;
}

/**
 * A target that is a file is refused; a non-empty one needs --overwrite, or a yes when interactive.
 * Returns true when the user said yes.
 */
async function settleDirectory(directory: string, input: ResolveInput): Promise<boolean> {
  const state = input.inspectDirectory(directory);
  if (state === 'file') throw new UsageError(`directory "${directory}" is a file; give a new or empty directory`);
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
