import * as p from '@clack/prompts';
import { bold } from 'kolorist';
import { CancelledError, type Prompter } from '../options/resolve.js';
import type { Ui } from './ui.js';

function unwrap<T>(value: T | symbol): Exclude<T, symbol> {
  if (p.isCancel(value)) throw new CancelledError('cancelled', true);
  return value as Exclude<T, symbol>;
}

/** The interactive questions, asked with @clack/prompts. */
export const clackPrompter: Prompter = {
  async select(message, choices, initial) {
    const options = choices.map((c) => {
      const hint = c.disabled ?? c.hint;
      return { value: c.value, label: c.label, ...(hint ? { hint } : {}), ...(c.disabled ? { disabled: true } : {}) };
    });
    return unwrap(await p.select<string>({ message, options, initialValue: initial }));
  },
  async text(message, initial, validate) {
    const answer = unwrap(
      await p.text({
        message,
        placeholder: initial || undefined,
        defaultValue: initial,
        validate: (value) => (value ? validate(value) : undefined),
      }),
    );
    return answer || initial;
  },
  async confirm(message, initial) {
    return unwrap(await p.confirm({ message, initialValue: initial }));
  },
  async multiselect(message, choices, initial, required) {
    const options = choices.map((c) => {
      const hint = c.disabled ?? c.hint;
      return { value: c.value, label: c.label, ...(hint ? { hint } : {}), ...(c.disabled ? { disabled: true } : {}) };
    });
    // clack's own "select at least one" check; the message says why one is needed.
    return unwrap(await p.multiselect<string>({ message: required ? `${message} (at least one: ${required})` : message, options, initialValues: initial, required: Boolean(required) }));
  },
};

export const clackUi: Ui = {
  prompter: clackPrompter,
  intro: () => p.intro(bold(' create-fastapi-docker ')),
  warn: (text) => p.log.warn(text),
  info: (text) => p.log.info(text),
  success: (text) => p.log.success(text),
  summary: (body) => p.note(body, 'Your service'),
  // Not in a box: a note wraps long lines at the terminal's width with its border inside them, and the commands
  // must be copied whole. Indented plain lines; the terminal wraps them, if it must, without adding characters.
  nextSteps: (body) => {
    p.log.step('Next steps');
    process.stdout.write(`${body.replace(/^(?=.)/gm, '   ')}\n`);
    p.outro('Happy shipping!');
  },
  cancelled: () => p.cancel('Operation cancelled; nothing was written.'),
  cancelledAfterWrite: (text) => p.cancel(`Cancelled. ${text}`),
};
