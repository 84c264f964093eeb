import type { RawValue } from './parse-args.js';
import { type Choice, OPTION_TABLE, type OptionDef, type ResolveEnv, checkRaw } from './table.js';
import { type OptionId, type Options, UsageError } from './types.js';

export type DirectoryState = 'missing' | 'empty' | 'non-empty' | 'file';

/** Asks one question. Implementations throw CancelledError when the user cancels. */
export interface Prompter {
  select(message: string, choices: Choice[], initial: string): Promise<string>;
  text(message: string, initial: string, validate: (value: string) => string | undefined): Promise<string>;
  confirm(message: string, initial: boolean): Promise<boolean>;
}

export class CancelledError extends Error {
  override name = 'CancelledError';
}

export interface ResolveInput {
  given: Partial<Record<OptionId, RawValue>>;
  /** Ask what the flags left open (false: take defaults, never prompt). */
  interactive: boolean;
  prompter?: Prompter;
  env: ResolveEnv;
  inspectDirectory: (directory: string) => DirectoryState;
  /** Told the table's warnings about a chosen value (e.g. a deprecated choice), as soon as it is chosen. */
  warn?: (text: string) => void;
}

const ADVANCED_QUESTION = 'Customize advanced settings (base image, image tag, pins, package index)?';

/** Asks a deferred option (one the flow asks after writing), or takes its default when not interactive. */
export async function askDeferred(id: OptionId, o: Options, input: ResolveInput): Promise<unknown> {
  const def = OPTION_TABLE.find((d) => d.id === id) as OptionDef;
  if (input.given[id] !== undefined) return convert(def, input.given[id] as RawValue);
  const fallback = def.default(o, input.env);
  return input.interactive ? ask(def, o, fallback, input.prompter as Prompter) : fallback;
}

const convert = (def: OptionDef, raw: RawValue): unknown => {
  if (def.kind === 'text' && def.convert && typeof raw === 'string') return def.convert(raw);
  return raw;
};

const splitList = (answer: string): string[] => answer.split(/\s+/).filter(Boolean);

async function ask(def: OptionDef, o: Partial<Options>, fallback: unknown, prompter: Prompter): Promise<unknown> {
  const message = def.question as string;
  switch (def.kind) {
    case 'choice':
      return prompter.select(message, def.choices(o), String(fallback));
    case 'boolean':
      return prompter.confirm(message, Boolean(fallback));
    case 'list': {
      const answer = await prompter.text(message, '', (value) => splitList(value).map((item) => def.check(item)).find(Boolean));
      return splitList(answer);
    }
    case 'text': {
      const answer = await prompter.text(message, fallback === undefined ? '' : String(fallback), (value) =>
        value.trim() === '' && def.optional ? undefined : def.check(value.trim()),
      );
      return answer.trim() === '' && def.optional ? undefined : convert(def, answer.trim());
    }
  }
}

/**
 * Resolves every option in table order: a flag wins; otherwise the user is asked when interactive;
 * otherwise the default applies. Options that do not apply are left undefined, and a flag given for
 * one of them is a usage error.
 */
export async function resolveOptions(input: ResolveInput): Promise<Options> {
  const { given, interactive, prompter, env } = input;
  if (interactive && !prompter) throw new Error('interactive resolution needs a prompter');
  const o: Partial<Options> = {};
  const set = (id: OptionId, value: unknown) => Object.assign(o, { [id]: value });
  /** Answers the flow obtained out of table order (the overwrite question follows the directory). */
  const answered: Partial<Record<OptionId, unknown>> = {};
  let askAdvanced: boolean | undefined;

  for (const def of OPTION_TABLE) {
    if (def.appliesWhen && !def.appliesWhen.test(o)) {
      if (given[def.id] !== undefined) throw new UsageError(`${def.flag} applies only ${def.appliesWhen.text}`);
      set(def.id, undefined);
      continue;
    }
    const fallback = def.default(o, env);
    if (given[def.id] !== undefined) {
      set(def.id, convert(def, given[def.id] as RawValue));
    } else if (answered[def.id] !== undefined) {
      set(def.id, answered[def.id]);
    } else if (interactive && def.question && !def.deferred) {
      if (def.advanced && askAdvanced === undefined) {
        askAdvanced = await (prompter as Prompter).confirm(ADVANCED_QUESTION, false);
      }
      set(def.id, def.advanced && !askAdvanced ? fallback : await ask(def, o, fallback, prompter as Prompter));
    } else {
      set(def.id, fallback);
    }
    if (def.id === 'directory') answered.overwrite = await settleDirectory(o, input);
    const warning = def.warning?.(o[def.id]);
    if (warning) input.warn?.(warning);
  }

  const options = o as Options;
  for (const def of OPTION_TABLE) {
    const value = options[def.id];
    if (value === undefined) continue;
    if (def.kind === 'choice' && checkRaw(def, String(value))) {
      throw new UsageError(`${def.flag} ${checkRaw(def, String(value))}; got "${value}"`);
    }
    const problem = def.crossCheck?.(value, options);
    if (problem) throw new UsageError(`${def.flag} ${problem}; got "${Array.isArray(value) ? value.join(' ') : value}"`);
  }
  return options;
}

/**
 * A target that is a file is refused; a non-empty one needs --overwrite, or a yes when interactive.
 * Returns that yes, or undefined when nothing was asked.
 */
async function settleDirectory(o: Partial<Options>, input: ResolveInput): Promise<boolean | undefined> {
  const directory = o.directory as string;
  const state = input.inspectDirectory(directory);
  if (state === 'file') throw new UsageError(`directory "${directory}" is a file; give a new or empty directory`);
  if (state !== 'non-empty' || input.given.overwrite === true) return undefined;
  if (input.given.overwrite === false || !input.interactive) {
    throw new UsageError(
      `directory "${directory}" is not empty; pass --overwrite to replace only the files this tool generates (nothing else is touched)`,
    );
  }
  const replace = await (input.prompter as Prompter).confirm(
    `"${directory}" is not empty. Replace only the files this tool generates and keep everything else?`,
    false,
  );
  if (!replace) throw new CancelledError('the directory was left as it is');
  return true;
}
