/**
 * Lock files, per dependency tool: which file a tool locks from which manifest, and the command that relocks it. An
 * update that changes the manifest of a project whose lock file is present leaves a lock the build refuses, so it
 * says to relock (cli/steps/update.ts: exit code 3). A tool without a lock file declares none. A new tool is one row
 * (the Record makes a missing row a compile error).
 */
import type { Deps } from '../options/types.js';

export interface LockFile {
  /** The lock file, at the project root (present only once the user has locked). */
  lock: string;
  /** The generated file it is locked from. */
  manifest: string;
  /** What the user runs to bring the lock up to date. */
  relock: string;
}

export const LOCK_FILES: Record<Deps, LockFile | undefined> = {
  pip: undefined,
  poetry: { lock: 'poetry.lock', manifest: 'pyproject.toml', relock: 'poetry lock' },
};

/** The lock a change of `changed` (generated paths whose content the update changes) makes stale, if `present`. */
export function staleLock(deps: Deps, changed: ReadonlySet<string>, present: (path: string) => boolean): LockFile | undefined {
  const lock = LOCK_FILES[deps];
  return lock && changed.has(lock.manifest) && present(lock.lock) ? lock : undefined;
}
