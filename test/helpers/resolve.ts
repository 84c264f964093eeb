import { requirementText } from '../../src/options/grammar/pep508.js';
import { parseArgs } from '../../src/options/parse-args.js';
import { type DirectoryState, resolveOptions } from '../../src/options/resolve.js';
import { type Options, UsageError } from '../../src/options/types.js';
import { expect } from 'vitest';
import type { fakePrompter } from './fake-prompter.js';

export const ENV = { cwd: '/work/My Workspace', home: '/home/user' };

export interface ResolveWith {
  prompter?: ReturnType<typeof fakePrompter>;
  dir?: DirectoryState;
  told?: string[];
  warned?: string[];
}

/** Resolves argv as the CLI does; interactive when a fake prompter is given. */
export const resolveWith = (argv: string[], opts: ResolveWith = {}) =>
  resolveOptions({
    given: parseArgs(argv).given,
    interactive: Boolean(opts.prompter),
    prompter: opts.prompter?.prompter,
    env: ENV,
    inspectDirectory: () => opts.dir ?? 'missing',
    tell: (text) => opts.told?.push(text),
    warn: (text) => opts.warned?.push(text),
  });

/** Options with parsed values shown as the text they print as (image refs, requirements, URLs). */
export const plain = (o: Options) => ({
  ...o,
  tag: o.tag.ref,
  baseImage: o.baseImage?.ref,
  pins: o.pins.map(requirementText),
  indexUrl: o.indexUrl?.url,
});

/** The one-line usage error that parsing or resolving argv gives. */
export async function usageError(argv: string[], pattern: RegExp, opts: ResolveWith = {}): Promise<string> {
  const error = await Promise.resolve()
    .then(() => resolveWith(argv, opts))
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(UsageError);
  const message = (error as Error).message;
  expect(message).toMatch(pattern);
  expect(message).not.toContain('\n');
  return message;
}
