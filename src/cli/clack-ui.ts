import * as p from '@clack/prompts';
import { bold } from 'kolorist';
import { CancelledError, type Prompter } from '../options/resolve.js';
import type { Ui } from './ui.js';

function unwrap<T>(value: T | symbol): Exclude<T, symbol> {
  if (p.isCancel(value)) throw new CancelledError('cancelled');
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
  async multiselect(message, choices, initial) {
    const options = choices.map((c) => {
      const hint = c.disabled ?? c.hint;
      return { value: c.value, label: c.label, ...(hint ? { hint } : {}), ...(c.disabled ? { disabled: true } : {}) };
    });
    return unwrap(await p.multiselect<string>({ message, options, initialValues: initial, required: false }));
  },
};

export const clackUi: Ui = {
  prompter: clackPrompter,
  intro: () => p.intro(bold(' create-fastapi-docker ')),
  warn: (text) => p.log.warn(text),
  info: (text) => p.log.info(text),
  success: (text) => p.log.success(text),
  summary: (body) => p.note(body, 'Your service'),
  nextSteps: (body) => {
    p.note(body, 'Next steps');
    p.outro('Happy shipping!');
  },
  cancelled: () => p.cancel('Operation cancelled; nothing was written.'),
  cancelledAfterWrite: (text) => p.cancel(`Cancelled. ${text}`),
};
