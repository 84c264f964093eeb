/**
 * The patch `--update --dry-run` prints: git's headers, hunks with real line numbers, three lines of context.
 * The hand-written cases pin the format; the property hands random edits to the real `git apply` and checks that
 * applying the patch to the old text gives the new one.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../src/render/diff.js';
import { tempDir } from './helpers/run-cli.js';

const numbers = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
const text = (lines: string[]) => `${lines.join('\n')}\n`;
const edit = (lines: string[], changed: string[]) => text(lines.map((l) => (changed.includes(l) ? `${l}!` : l)));
const diff = (before: string | undefined, after: string | undefined, mode?: number) => unifiedDiff('app/main.py', before, after, mode).split('\n');
const HEAD = ['diff --git a/app/main.py b/app/main.py'];
const BOTH = [...HEAD, '--- a/app/main.py', '+++ b/app/main.py'];

describe('unifiedDiff', () => {
  it('a new file is all additions from /dev/null, with its mode; a removed one all deletions to it', () => {
    expect(diff(undefined, 'a\nb\n')).toEqual([...HEAD, 'new file mode 100644', '--- /dev/null', '+++ b/app/main.py', '@@ -0,0 +1,2 @@', '+a', '+b']);
    expect(diff(undefined, '#!/bin/sh\n', 0o755)).toEqual([...HEAD, 'new file mode 100755', '--- /dev/null', '+++ b/app/main.py', '@@ -0,0 +1,1 @@', '+#!/bin/sh']);
    expect(diff('a\nb\n', undefined)).toEqual([...HEAD, 'deleted file mode 100644', '--- a/app/main.py', '+++ /dev/null', '@@ -1,2 +0,0 @@', '-a', '-b']);
    expect(unifiedDiff('x', 'same\n', 'same\n')).toBe('');
  });

  it('numbers each hunk, with three lines of context on each side', () => {
    expect(diff(text(numbers(1, 10)), edit(numbers(1, 10), ['5']))).toEqual([...BOTH, '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+5!', ' 6', ' 7', ' 8']);
    expect(diff(text(numbers(1, 4)), text(numbers(1, 5)))).toEqual([...BOTH, '@@ -2,3 +2,4 @@', ' 2', ' 3', ' 4', '+5']);
  });

  it('joins changes up to six lines apart into one hunk, and splits those further apart', () => {
    expect(diff(text(numbers(1, 8)), edit(numbers(1, 8), ['1', '8']))).toEqual([...BOTH, '@@ -1,8 +1,8 @@', '-1', '+1!', ' 2', ' 3', ' 4', ' 5', ' 6', ' 7', '-8', '+8!']);
    expect(diff(text(numbers(1, 12)), edit(numbers(1, 12), ['2', '11']))).toEqual([
      ...BOTH, '@@ -1,5 +1,5 @@', ' 1', '-2', '+2!', ' 3', ' 4', ' 5', '@@ -8,5 +8,5 @@', ' 8', ' 9', ' 10', '-11', '+11!', ' 12',
    ]);
  });

  it('marks a last line without a newline as git does', () => {
    expect(diff('a\nb', 'a\nb\n')).toEqual([...BOTH, '@@ -1,2 +1,2 @@', ' a', '-b', '\\ No newline at end of file', '+b']);
  });

  it('git apply turns the old text into the new one, for any edit', () => {
    const dir = tempDir();
    const line = fc.constantFrom('a', 'b', 'c', '', '  x', 'def f():', '#');
    const body = fc.tuple(fc.array(line, { maxLength: 25 }), fc.boolean()).map(([lines, newline]) => (lines.length ? `${lines.join('\n')}${newline ? '\n' : ''}` : ''));
    try {
      fc.assert(
        fc.property(body, body, (before, after) => {
          if (before === after) return;
          writeFileSync(join(dir, 'f'), before);
          writeFileSync(join(dir, 'p'), `${unifiedDiff('f', before, after)}\n`);
          execFileSync('git', ['apply', '--unsafe-paths', '--directory=.', 'p'], { cwd: dir, stdio: 'pipe' });
          expect(readFileSync(join(dir, 'f'), 'utf8')).toBe(after);
        }),
        { numRuns: Number(process.env.CFD_PROPERTY_RUNS ?? 100) },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
