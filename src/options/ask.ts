/**
 * One question for one row, offering only the answers that fit what is already known (flags and earlier
 * answers): a choice that would contradict a flag is shown disabled, with the reason, and never the default.
 */
import { conflictOf, problemsOf } from './consistency.js';
import type { OptionDef, ResolveEnv } from './option-def.js';
import type { Sources } from './sources.js';
import type { Known, OptionId } from './types.js';

export interface PromptChoice {
  value: string;
  label: string;
  hint: string;
  /** Why it cannot be chosen now; undefined when it can. */
  disabled?: string;
}

/** Asks one question. Implementations throw CancelledError when the user cancels. */
export interface Prompter {
  select(message: string, choices: PromptChoice[], initial: string): Promise<string>;
  text(message: string, initial: string, validate: (value: string) => string | undefined): Promise<string>;
  confirm(message: string, initial: boolean): Promise<boolean>;
  /** Several yes/no answers in one list; returns the values checked. `required`: why at least one must be checked. */
  multiselect(message: string, choices: PromptChoice[], initial: string[], required?: string): Promise<string[]>;
}

/** The run was cancelled: at a prompt by Ctrl-C or Escape (`interrupted`, exit code 130), or by a "no". */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor(
    message: string,
    readonly interrupted = false,
  ) {
    super(message);
  }
}

export interface AskContext {
  known: Known;
  given: ReadonlySet<OptionId>;
  prompter: Prompter;
  /** Says what was decided without a question, because only one answer fits. */
  tell: (text: string) => void;
  env: ResolveEnv;
  /** Where the known values came from, for the reasons shown beside a disabled answer. */
  sources?: Sources;
}

/** The answer a row gets: asked, or decided when exactly one answer fits. */
export async function ask(def: OptionDef, fallback: unknown, ctx: AskContext): Promise<unknown> {
  const message = def.question as string;
  const conflict = (value: unknown) => conflictOf(def.id, value, ctx.known, ctx.given, ctx.sources);
  switch (def.kind) {
    case 'choice': {
      const choices: PromptChoice[] = def.choices.map((c) => ({ ...c, disabled: conflict(c.value) }));
      const open = choices.filter((c) => !c.disabled);
      const [only] = open;
      if (open.length === 1 && only) return decided(ctx, message, only.label, only.value);
      const initial = open.find((c) => c.value === fallback) ?? only;
      return ctx.prompter.select(message, choices, initial?.value ?? String(fallback));
    }
    case 'boolean': {
      const open = [true, false].filter((v) => !conflict(v));
      if (open.length === 1) return decided(ctx, message, open[0] ? 'yes' : 'no', open[0]);
      return ctx.prompter.confirm(message, Boolean(fallback));
    }
    case 'list': {
      const answer = await ctx.prompter.text(message, '', (value) => {
        const parsed = def.parseAnswer(value);
        return parsed.ok ? conflict(parsed.value) : parsed.problem;
      });
      const parsed = def.parseAnswer(answer);
      return parsed.ok ? parsed.value : fallback;
    }
    case 'text': {
      const read = (value: string) => {
        const answer = def.fromAnswer ? def.fromAnswer(value.trim(), ctx.env) : value.trim();
        return answer === '' && def.optional ? { ok: true as const, value: undefined } : def.parse(answer);
      };
      const initial = fallback === undefined ? '' : shownDefault(fallback);
      const answer = await ctx.prompter.text(message, initial, (value) => {
        const parsed = read(value);
        return parsed.ok ? conflict(parsed.value) : parsed.problem;
      });
      // A blank answer reads as invalid (or none, when optional): the default stands.
      const parsed = read(answer);
      return parsed.ok ? parsed.value : fallback;
    }
  }
}

/**
 * One multi-select for the `together` rows of one question (the table's order): each row that applies and that no
 * flag answered is an entry, checked when its default is true. Returns those rows' answers. An empty answer that a
 * flag forbids (a --domain needs a deployment file) is refused at the prompt, which says why.
 */
export async function askTogether(question: string, rows: readonly OptionDef[], ctx: AskContext): Promise<Map<OptionId, boolean>> {
  const open = rows.flatMap((def) => {
    const entry = def.kind === 'boolean' ? def.together : undefined;
    const asked = entry && def.question === question && !ctx.given.has(def.id) && (!def.appliesWhen || def.appliesWhen.test(ctx.known));
    return asked ? [{ def, entry }] : [];
  });
  const choices = open.map(({ def, entry }) => ({ value: def.id, label: entry.label, hint: entry.hint }));
  const initial = open.filter(({ def }) => def.default(ctx.known, ctx.env) === true).map(({ def }) => def.id);
  // Checking nothing may contradict a flag (--domain needs a deployment file): then the prompt asks for one.
  const none = Object.fromEntries(open.map(({ def }) => [def.id, false]));
  const before = new Set(problemsOf(ctx.known, ctx.given, ctx.sources));
  const required = open.length ? problemsOf({ ...ctx.known, ...none }, ctx.given, ctx.sources).find((p) => !before.has(p)) : undefined;
  const checked = new Set(await ctx.prompter.multiselect(question, choices, initial, required));
  return new Map(open.map(({ def }) => [def.id, checked.has(def.id)]));
}

function decided(ctx: AskContext, message: string, label: string, value: unknown): unknown {
  ctx.tell(`${message} ${label}: the only answer that fits the flags given`);
  return value;
}

/** How a default shows at the prompt: image references by their text, everything else as it prints. */
const shownDefault = (value: unknown): string =>
  typeof value === 'object' && value !== null && 'ref' in value ? String(value.ref) : String(value);
