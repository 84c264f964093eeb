/** The diff `--update --dry-run` shows: changed lines, three lines of context, @@ where lines are left out. */
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../src/render/diff.js';

const numbers = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
const text = (lines: string[]) => lines.join('\n');
const edit = (lines: string[], changed: string[]) => text(lines.map((l) => (changed.includes(l) ? `${l}!` : l)));
const diff = (before: string | undefined, after: string | undefined) => unifiedDiff('app/main.py', before, after).split('\n');

describe('unifiedDiff', () => {
  it('a new file is all additions from /dev/null; a removed one all deletions to it', () => {
    expect(diff(undefined, 'a\nb')).toEqual(['--- /dev/null', '+++ b/app/main.py', '+a', '+b']);
    expect(diff('a\nb', undefined)).toEqual(['--- a/app/main.py', '+++ /dev/null', '-a', '-b']);
  });

  it('shows three lines of context on each side of a change, and @@ for the lines left out', () => {
    expect(diff(text(numbers(1, 10)), edit(numbers(1, 10), ['5']))).toEqual([
      '--- a/app/main.py', '+++ b/app/main.py', '@@', ' 2', ' 3', ' 4', '-5', '+5!', ' 6', ' 7', ' 8', '@@',
    ]);
    expect(diff('1\n2\n3\n4', '1\n2\n3\n4\n5')).toEqual(['--- a/app/main.py', '+++ b/app/main.py', '@@', ' 2', ' 3', ' 4', '+5']);
  });

  it('between two changes, keeps up to six lines whole and cuts a longer run to three and three', () => {
    expect(diff(text(numbers(1, 6)), edit(numbers(1, 6), ['1', '6']))).toEqual([
      '--- a/app/main.py', '+++ b/app/main.py', '-1', '+1!', ' 2', ' 3', ' 4', ' 5', '-6', '+6!',
    ]);
    expect(diff(text(numbers(1, 8)), edit(numbers(1, 8), ['1', '8']))).toEqual([
      '--- a/app/main.py', '+++ b/app/main.py', '-1', '+1!', ' 2', ' 3', ' 4', ' 5', ' 6', ' 7', '-8', '+8!',
    ]);
    expect(diff(text(numbers(1, 12)), edit(numbers(1, 12), ['2', '11']))).toEqual([
      '--- a/app/main.py', '+++ b/app/main.py', ' 1', '-2', '+2!', ' 3', ' 4', ' 5', '@@', ' 8', ' 9', ' 10', '-11', '+11!', ' 12',
    ]);
  });

  it('a change replaces lines: the old ones first, then the new', () => {
    expect(diff('a\nb\nc', 'a\nB\nC\nD')).toEqual(['--- a/app/main.py', '+++ b/app/main.py', ' a', '-b', '-c', '+B', '+C', '+D']);
  });
});
