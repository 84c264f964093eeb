/**
 * A lock file the user makes and commits (poetry.lock): an update that changes the tool's requirements file while
 * that lock is present leaves a lock the build refuses, so it says to relock (cli/steps/update.ts: exit code 3).
 * Each dependency tool declares its own (render/deps/: `userLock`); a tool whose lock the generator makes itself
 * (uv, `lock`) is relocked by the update instead.
 */
import type { DependencyTool } from './deps/tool.js';

export interface StaleLock {
  /** The lock file, at the project root (present only once the user has locked). */
  lock: string;
  /** The generated file it is locked from. */
  manifest: string;
  /** What the user runs to bring the lock up to date. */
  relock: string;
}

/** The lock a change of `changed` (generated paths whose content the update changes) makes stale, if `present`. */
export function staleLock(tool: DependencyTool, changed: ReadonlySet<string>, present: (path: string) => boolean): StaleLock | undefined {
  const lock = tool.userLock;
  const manifest = tool.requirements.path;
  return lock && changed.has(manifest) && present(lock.path) ? { lock: lock.path, manifest, relock: lock.relock } : undefined;
}
