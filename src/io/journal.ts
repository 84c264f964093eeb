/**
 * Writing into an existing directory as one transaction. The new files are staged inside the target (so the
 * parent needs no write permission), a journal lists the moves, and each file is swapped in by two renames
 * whose state can always be read back from the disk. `recover` finishes a committed run or undoes an
 * uncommitted one, and is safe to run any number of times: the guardian process runs it when the writer dies,
 * and the next run in the directory runs it too.
 */
import { lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Action } from './plan.js';

export const TMP_PREFIX = '.create-fastapi-docker-tmp-';
export const BACKUP_DIR = '.create-fastapi-docker-backup';

export interface Journal {
  target: string;
  /** Relative to the target, e.g. .create-fastapi-docker-backup/2026-11-29T18-00-00-000Z */
  backupDir: string;
  files: { path: string; action: Action }[];
  newDirs: string[];
  /** Whether BACKUP_DIR was there before this run (an undo removes it only if it made it). */
  backupRootExisted: boolean;
}

const JOURNAL = 'journal.json';

/** Whether anything is at the path, a dangling link included (existsSync follows links). */
const present = (path: string): boolean => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};
const COMMITTED = 'committed.json';

export const stagedNew = (tmp: string, path: string) => join(tmp, 'new', path);
export const stagedOld = (tmp: string, path: string) => join(tmp, 'old', path);

/** Writes the journal atomically (a rename), so it is either absent or whole. */
export function writeJournal(tmp: string, journal: Journal): void {
  writeFileSync(join(tmp, `${JOURNAL}.part`), JSON.stringify(journal));
  renameSync(join(tmp, `${JOURNAL}.part`), join(tmp, JOURNAL));
}

/**
 * Moves every staged file into place: the old one aside first, then the new one in; then each old version that
 * differed into the backup directory. All of it is undone by rollBack until the commit.
 */
export function apply(tmp: string, journal: Journal): void {
  for (const dir of journal.newDirs) mkdirSync(join(journal.target, dir));
  for (const file of journal.files) {
    const destination = join(journal.target, file.path);
    if (file.action !== 'create') {
      mkdirSync(dirname(stagedOld(tmp, file.path)), { recursive: true });
      renameSync(destination, stagedOld(tmp, file.path));
    }
    if (file.action !== 'delete') renameSync(stagedNew(tmp, file.path), destination);
  }
  for (const file of journal.files) {
    if (file.action !== 'replace' && file.action !== 'delete') continue;
    const backup = backupOf(journal, file.path);
    mkdirSync(dirname(backup), { recursive: true });
    renameSync(stagedOld(tmp, file.path), backup);
  }
}

const backupOf = (journal: Journal, path: string): string => join(journal.target, journal.backupDir, path);

/** The commit point: one rename. From here on, recovery finishes the run instead of undoing it. */
export const commit = (tmp: string): void => renameSync(join(tmp, JOURNAL), join(tmp, COMMITTED));

/** After the commit only copies identical to the new files remain in the staging directory: remove it. */
export function finish(tmp: string): void {
  rmSync(tmp, { recursive: true, force: true });
}

/** Removes the directories under `dir` (and `dir`) that are empty, deepest first; keeps any that hold something. */
function removeEmptyDirs(dir: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) if (lstatSync(join(dir, entry)).isDirectory()) removeEmptyDirs(join(dir, entry));
  try {
    rmdirSync(dir);
  } catch {
    // not empty: it holds something that is not ours to remove
  }
}

/** Undoes every move of an uncommitted run, from whatever point it stopped at. */
export function rollBack(tmp: string, journal: Journal): void {
  for (const file of [...journal.files].reverse()) {
    const destination = join(journal.target, file.path);
    const placed = !present(stagedNew(tmp, file.path)) && present(destination);
    if (file.action === 'create') {
      if (placed) unlinkSync(destination);
      continue;
    }
    const old = [stagedOld(tmp, file.path), backupOf(journal, file.path)].find(present);
    if (!old) continue;
    if (placed) unlinkSync(destination);
    renameSync(old, destination);
  }
  for (const dir of [...journal.newDirs].reverse()) removeEmptyDirs(join(journal.target, dir));
  removeEmptyDirs(join(journal.target, journal.backupDir));
  if (!journal.backupRootExisted) removeEmptyDirs(join(journal.target, BACKUP_DIR));
  rmSync(tmp, { recursive: true, force: true });
}

export type Recovery = 'finished' | 'rolled back' | 'cleaned' | 'nothing';

/** Brings a staging directory left by a run that stopped to a clean end. */
export function recover(tmp: string): Recovery {
  if (!present(tmp)) return 'nothing';
  const read = (name: string): Journal | undefined =>
    present(join(tmp, name)) ? (JSON.parse(readFileSync(join(tmp, name), 'utf8')) as Journal) : undefined;
  const committed = read(COMMITTED);
  if (committed) {
    finish(tmp);
    return 'finished';
  }
  const journal = read(JOURNAL);
  if (journal) {
    rollBack(tmp, journal);
    return 'rolled back';
  }
  rmSync(tmp, { recursive: true, force: true });
  return 'cleaned';
}

/** The pid a staging name carries, e.g. .create-fastapi-docker-tmp-1234-ab12cd → 1234. */
export const pidOf = (name: string): number => Number(/-(\d+)-[a-z0-9]+$/.exec(name)?.[1] ?? Number.NaN);

const alive = (pid: number): boolean => {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Recovers what runs that died left in `dir` (staging directories whose process is gone). */
export function recoverStale(dir: string, prefix: string): Recovery[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(prefix));
  } catch {
    return [];
  }
  return names.filter((n) => !alive(pidOf(n))).map((n) => recover(join(dir, n)));
}
