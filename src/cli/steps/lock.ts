/** The lock step of a create or an update run, for a tool that locks outside the build (uv): run it, say what happened. */
import type { LockResult } from '../../io/lock.js';
import type { Options } from '../../options/types.js';
import { toolOf } from '../../render/deps/index.js';
import { shellCommand, shellWord } from '../../render/escape.js';
import type { Run } from '../context.js';

/** The command a user runs to make the lock: go there, lock. */
export const lockHint = (o: Options, shownDir: string): string => {
  const command = shellCommand(toolOf(o).lock?.command ?? []);
  return shownDir === '.' ? command : `cd ${shellWord(shownDir)} && ${command}`;
};

/** Runs the tool's lock command in `target`; undefined when the tool locks in the build (pip, Poetry). */
export async function lockStep(run: Run, o: Options, target: string): Promise<LockResult | undefined> {
  const lock = toolOf(o).lock;
  if (!lock) return undefined;
  const { runLock } = await import('../../io/lock.js');
  const result = await runLock({ directory: target, lock, index: o.indexUrl, env: run.io.env });
  if (result.kind === 'locked') run.say(`Locked: ${shellCommand(lock.command)} wrote ${lock.path}${o.indexUrl ? `, against ${o.indexUrl.url}` : ''}`);
  return result;
}
