/**
 * One question for one row, offering only the answers that fit what is already known (flags and earlier
 * answers): a choice that would contradict a flag is shown disabled, with the reason, and never the default.
 */
import { conflictOf } from './consistency.js';
import type { OptionDef, ResolveEnv } from './option-def.js';
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
  /** Several yes/no answers in one list; returns the values checked. */
  multiselect(message: string, choices: PromptChoice[], initial: string[]): Promise<string[]>;
}

export class CancelledError extends Error {
  override name = 'CancelledError';
}

export interface AskContext {
  known: Known;
  given: ReadonlySet<OptionId>;
  prompter: Prompter;
  /** Says what was decided without a question, because only one answer fits. */
  tell: (text: string) => void;
  env: ResolveEnv;
}

/** The answer a row gets: asked, or decided when exactly one answer fits. */
export async function ask(def: OptionDef, fallback: unknown, ctx: AskContext): Promise<unknown> {
  const message = def.question as string;
  const conflict = (value: unknown) => conflictOf(def.id, value, ctx.known, ctx.given);
  switch (def.kind) {
    case 'choice': {
      const choices: PromptChoice[] = def.choices.map((c) => ({ ...c, disabled: conflict(c.value) }));
      const open = choices.filter((c) => !c.disabled);
      if (open.length === 1) return decided(ctx, message, open[0]?.label ?? '', open[0]?.value);
      const initial = open.find((c) => c.value === fallback) ?? open[0];
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
      const parsed = read(answer === '' ? initial : answer);
      return parsed.ok ? parsed.value : fallback;
    }
  }
}

/**
 * One multi-select for the boolean rows asked together (`together`): the rows not given by a flag that apply,
 * each checked by its default; an entry a flag rules out is disabled with the reason. Returns each row's answer.
 */
export async function askTogether(defs: OptionDef[], known: Known, ctx: AskContext, env: ResolveEnv): Promise<Map<OptionId, boolean>> {
  const answers = new Map<OptionId, boolean>();
  const rows = defs.filter((d) => d.kind === 'boolean' && d.together);
  const message = rows[0]?.question ?? '';
  const choices: PromptChoice[] = [];
  const initial: string[] = [];
  for (const def of rows) {
    if (def.kind !== 'boolean' || !def.together) continue;
    const fallback = Boolean(def.default(known, env));
    const disabled = conflictOf(def.id, true, known, ctx.given);
    choices.push({ value: def.id, label: def.together.label, hint: def.together.hint, disabled });
    if (fallback && !disabled) initial.push(def.id);
    answers.set(def.id, false);
  }
  if (!choices.length) return answers;
  for (const id of await ctx.prompter.multiselect(message, choices, initial)) answers.set(id as OptionId, true);
  return answers;
}

function decided(ctx: AskContext, message: string, label: string, value: unknown): unknown {
  ctx.tell(`${message} ${label}: the only answer that fits the flags given`);
  return value;
}

/** How a default shows at the prompt: image references by their text, everything else as it prints. */
const shownDefault = (value: unknown): string =>
  typeof value === 'object' && value !== null && 'ref' in value ? String(value.ref) : String(value);
