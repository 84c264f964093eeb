/**
 * Temporary directories a test file made, removed when the file ends (test/helpers/clean-temp.ts): exactly the
 * directories made here, nothing else under the temp directory. A process still working inside one (a write's
 * guardian is detached and outlives the run that started it) is waited for, by its pid, before the removal.
 */
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';

const made: string[] = [];

export function tempDir(prefix = 'cfd-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** The pids of the processes whose working directory is `dir` or below it (Linux /proc; none elsewhere). */
export function pidsInside(dirs: readonly string[]): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const inside = (path: string) => dirs.some((dir) => path === dir || path.startsWith(dir + sep));
  return entries.flatMap((entry) => {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) return [];
    try {
      return inside(readlinkSync(`/proc/${entry}/cwd`)) ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Waits until each of these pids has exited; throws, naming them, after `timeoutMs`. */
export async function waitForExit(pids: readonly number[], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let left = pids.filter(alive);
  while (left.length) {
    if (Date.now() > deadline) throw new Error(`processes ${left.join(', ')} still run after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
    left = left.filter(alive);
  }
}

/** Removes every directory tempDir made in this file, after the processes still inside them have exited. */
export async function removeTempDirs(): Promise<void> {
  const dirs = made.splice(0);
  await waitForExit(pidsInside(dirs));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
}
