import { CancelledError, type Prompter } from '../../src/options/resolve.js';

/**
 * Answers questions from a script: each entry matches the start of a question's text.
 * Records every question asked, so tests can assert what was and was not asked.
 * An answer of CANCEL cancels, as Ctrl-C would.
 */
export const CANCEL = Symbol('cancel');
type Answer = string | string[] | boolean | typeof CANCEL | undefined;

export function fakePrompter(script: [string, Answer][]) {
  const asked: string[] = [];
  /** The choices each select offered: value → the reason it was disabled, or '' when open. */
  const offered: Record<string, Record<string, string>> = {};
  /** The initial (default) answer each question had (a confirm's as 'true' or 'false'). */
  const initials: Record<string, string> = {};
  /** Each multi-select's entries as shown: "label: hint". */
  const entries: Record<string, string[]> = {};
  const answer = (message: string, fallback: string | string[] | boolean): string | string[] | boolean => {
    asked.push(message);
    const entry = script.find(([start]) => message.startsWith(start));
    if (entry?.[1] === CANCEL) throw new CancelledError('cancelled');
    return entry?.[1] === undefined ? fallback : (entry[1] as string | string[] | boolean);
  };
  const prompter: Prompter = {
    select: async (message, choices, initial) => {
      offered[message] = Object.fromEntries(choices.map((c) => [c.value, c.disabled ?? '']));
      initials[message] = initial;
      const value = String(answer(message, initial));
      const choice = choices.find((c) => c.value === value);
      if (!choice) throw new Error(`"${value}" is not a choice of "${message}"`);
      if (choice.disabled) throw new Error(`"${value}" is disabled at "${message}": ${choice.disabled}`);
      return value;
    },
    text: async (message, initial, validate) => {
      initials[message] = initial;
      const value = String(answer(message, initial));
      const problem = value === '' ? undefined : validate(value);
      if (problem) throw new Error(`the prompt would refuse "${value}": ${problem}`);
      return value;
    },
    confirm: async (message, initial) => {
      initials[message] = String(initial);
      return Boolean(answer(message, initial));
    },
    multiselect: async (message, choices, initial, required) => {
      offered[message] = Object.fromEntries(choices.map((c) => [c.value, c.disabled ?? '']));
      entries[message] = choices.map((c) => `${c.label}: ${c.hint}`);
      initials[message] = initial.join(',');
      const values = answer(message, initial);
      if (!Array.isArray(values)) throw new Error(`"${message}" takes a list of values`);
      if (required && values.length === 0) throw new Error(`the prompt would refuse no choice: ${required}`);
      for (const value of values) {
        const choice = choices.find((c) => c.value === value);
        if (!choice) throw new Error(`"${value}" is not a choice of "${message}"`);
        if (choice.disabled) throw new Error(`"${value}" is disabled at "${message}": ${choice.disabled}`);
      }
      return values;
    },
  };
  return { prompter, asked, offered, initials, entries };
}
