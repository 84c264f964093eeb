/** A unified diff of two texts, for `--update --dry-run`: changed lines with three lines of context. */
import { diffComm } from 'node-diff3';

const CONTEXT = 3;

export function unifiedDiff(path: string, before: string | undefined, after: string | undefined): string {
  const a = before === undefined ? [] : before.split('\n');
  const b = after === undefined ? [] : after.split('\n');
  const out = [`--- ${before === undefined ? '/dev/null' : `a/${path}`}`, `+++ ${after === undefined ? '/dev/null' : `b/${path}`}`];
  const blocks = diffComm(a, b);
  blocks.forEach((block, i) => {
    if (block.common) {
      const lines = block.common;
      const head = i === 0 ? [] : lines.slice(0, CONTEXT);
      const tail = i === blocks.length - 1 ? [] : lines.slice(Math.max(head.length, lines.length - CONTEXT));
      out.push(...head.map((l) => ` ${l}`));
      if (head.length + tail.length < lines.length) out.push('@@');
      out.push(...tail.map((l) => ` ${l}`));
    } else {
      out.push(...(block.buffer1 ?? []).map((l) => `-${l}`), ...(block.buffer2 ?? []).map((l) => `+${l}`));
    }
  });
  return out.join('\n');
}
