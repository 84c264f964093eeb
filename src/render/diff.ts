/**
 * A git patch of what `--update` would change (`--update --dry-run > update.patch && git apply update.patch`):
 * `diff --git` headers, new and deleted file modes, and hunks with real line numbers and three lines of context,
 * as `git apply` reads them; a last line without a newline is marked as git marks it.
 */
import { diffComm } from 'node-diff3';

const CONTEXT = 3;
const NO_NEWLINE = '\\ No newline at end of file';

/** The lines of a text, each keeping its "\n" (the last may have none), so that a missing final newline is a change. */
function linesOf(text: string | undefined): string[] {
  if (text === undefined || text === '') return [];
  const lines = text.split('\n').map((line) => `${line}\n`);
  const last = lines.pop() as string;
  if (last !== '\n') lines.push(last.slice(0, -1));
  return lines;
}

interface Op {
  kind: ' ' | '-' | '+';
  line: string;
}

/** One line of a hunk, and git's marker when it ends the file without a newline. */
const shown = (op: Op): string[] => (op.line.endsWith('\n') ? [`${op.kind}${op.line.slice(0, -1)}`] : [`${op.kind}${op.line}`, NO_NEWLINE]);

/** The changed regions of an edit script, each with up to CONTEXT lines around it; regions that touch are one hunk. */
function hunks(ops: readonly Op[]): string[] {
  const out: string[] = [];
  let i = 0;
  // Line numbers (1-based) in the old and new text of ops[i].
  const aLine: number[] = [];
  const bLine: number[] = [];
  let a = 1;
  let b = 1;
  for (const op of ops) {
    aLine.push(a);
    bLine.push(b);
    if (op.kind !== '+') a++;
    if (op.kind !== '-') b++;
  }
  while (i < ops.length) {
    while (i < ops.length && ops[i]?.kind === ' ') i++;
    if (i >= ops.length) break;
    const start = Math.max(0, i - CONTEXT);
    let end = i;
    // Extend while the next change is within 2 × CONTEXT unchanged lines.
    for (;;) {
      while (end < ops.length && ops[end]?.kind !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next]?.kind === ' ') next++;
      if (next < ops.length && next - end <= 2 * CONTEXT) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + CONTEXT);
    const slice = ops.slice(start, stop);
    const aCount = slice.filter((op) => op.kind !== '+').length;
    const bCount = slice.filter((op) => op.kind !== '-').length;
    // An empty side starts at the line before it (0 for an empty file), as diff writes it.
    const aStart = aCount ? (aLine[start] as number) : (aLine[start] as number) - 1;
    const bStart = bCount ? (bLine[start] as number) : (bLine[start] as number) - 1;
    out.push(`@@ -${aStart},${aCount} +${bStart},${bCount} @@`, ...slice.flatMap(shown));
    i = stop;
  }
  return out;
}

/** Git's mode of a file: 100755 when executable, else 100644. */
const gitMode = (mode: number | undefined): string => ((mode ?? 0o644) & 0o111 ? '100755' : '100644');

/**
 * The patch for one file: `before` is the file as it is (undefined: none), `after` what the update writes
 * (undefined: removed). `mode` is the file's mode where it is created or removed. Empty when nothing changes.
 */
export function unifiedDiff(path: string, before: string | undefined, after: string | undefined, mode?: number): string {
  if (before === after) return '';
  const a = linesOf(before);
  const b = linesOf(after);
  const ops: Op[] = [];
  for (const block of diffComm(a, b)) {
    if (block.common) ops.push(...block.common.map((line) => ({ kind: ' ' as const, line })));
    else ops.push(...(block.buffer1 ?? []).map((line) => ({ kind: '-' as const, line })), ...(block.buffer2 ?? []).map((line) => ({ kind: '+' as const, line })));
  }
  const head = [`diff --git a/${path} b/${path}`];
  if (before === undefined) head.push(`new file mode ${gitMode(mode)}`);
  if (after === undefined) head.push(`deleted file mode ${gitMode(mode)}`);
  // An empty file created or removed has no hunk, and git wants no ---/+++ lines for it either.
  if (!ops.length) return head.join('\n');
  head.push(`--- ${before === undefined ? '/dev/null' : `a/${path}`}`, `+++ ${after === undefined ? '/dev/null' : `b/${path}`}`);
  return [...head, ...hunks(ops)].join('\n');
}
