// Synchronous on purpose: a dozen small files, and node:fs/promises alone costs a scaffold several milliseconds of
// startup (issue 4). Being synchronous also means a signal is only handled between writes, never inside one.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeneratedFile } from '../render/types.js';
import { cannotWrite } from './fs-errors.js';
import { BACKUP_DIR, type Journal, TMP_PREFIX, apply, commit, finish, recoverStale, rollBack, writeJournal } from './journal.js';
import { type WritePlan, planWrite } from './plan.js';

export { BACKUP_DIR } from './journal.js';

export interface WriteResult {
  created: string[];
  replaced: string[];
  deleted: string[];
  /** Where the earlier versions of replaced files that differed were moved, relative to the target. */
  backupDir: string | undefined;
  /** A signal (Ctrl-C) that arrived during the write: held until the write finished, then reported. */
  interrupted: NodeJS.Signals | undefined;
}

/** Staging directories of new projects, beside them in the parent; a dead run's are removed by the next run. */
const NEW_PREFIX = '.cfd-staging-';

const unique = (prefix: string): string => `${prefix}${process.pid}-${Math.random().toString(36).slice(2, 10)}`;

/** Writes the file under `root` with its mode, which the umask narrows as it does for every other tool. */
function stage(root: string, files: readonly (GeneratedFile & { action?: string })[]): void {
  for (const file of files) {
    if (file.action === 'delete') continue;
    const path = join(root, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content, { mode: file.mode ?? 0o644 });
  }
}

/** Signals that would end the run are held while files move, and reported afterwards. */
function holdSignals(): { release: () => NodeJS.Signals | undefined } {
  let caught: NodeJS.Signals | undefined;
  const hold = (signal: NodeJS.Signals) => {
    caught ??= signal;
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, hold);
  return {
    release: () => {
      for (const s of signals) process.off(s, hold);
      return caught;
    },
  };
}

/** A new project appears whole, by one rename of a directory staged beside it. */
function writeNew(plan: WritePlan, targetDir: string): void {
  const parent = dirname(plan.target);
  const created: string[] = [];
  for (let dir = parent; !existsSync(dir); dir = dirname(dir)) created.unshift(dir);
  const staging = join(parent, unique(NEW_PREFIX));
  try {
    for (const dir of created) mkdirSync(dir);
    recoverStale(parent, NEW_PREFIX);
    mkdirSync(staging);
    stage(staging, plan.files);
    renameSync(staging, plan.target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    for (const dir of created.reverse()) rmdirSafe(dir);
    cannotWrite(`to directory "${targetDir}"`, error);
  }
}

const rmdirSafe = (dir: string) => {
  try {
    rmdirSync(dir);
  } catch {
    // not empty, or already gone
  }
};

/**
 * The guardian: a detached process that waits for this one to end (its stdin closes, however we die) and then
 * finishes or undoes the write from the journal. Present only in the published bundle (dist/guard.cjs).
 */
function startGuardian(tmp: string): (() => void) | undefined {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'guard.cjs');
  if (!existsSync(script)) return undefined;
  const child = spawn(process.execPath, [script, tmp], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  // A guardian that could not start (EAGAIN, EMFILE…) is reported by an 'error' event, which unheard would crash the
  // run after a complete write: without one, the next run in the directory recovers what this one leaves.
  child.on('error', () => undefined);
  child.unref();
  return () => child.stdin?.end();
}

/** Generated files go into an existing directory as one transaction (journal.ts); nothing else is touched. */
function writeInto(plan: WritePlan, targetDir: string, stamp: string): void {
  const tmp = join(plan.target, unique(TMP_PREFIX));
  const journal: Journal = {
    target: plan.target,
    backupDir: join(BACKUP_DIR, stamp),
    files: plan.files.map((f) => ({ path: f.path, action: f.action })),
    newDirs: plan.newDirs,
    backupRootExisted: existsSync(join(plan.target, BACKUP_DIR)),
  };
  const release = startGuardian(tmp);
  try {
    mkdirSync(tmp);
    stage(join(tmp, 'new'), plan.files);
    writeJournal(tmp, journal);
    apply(tmp, journal);
    commit(tmp);
  } catch (error) {
    try {
      rollBack(tmp, journal);
    } catch {
      // the guardian tries again as soon as this process ends, and the next run after it
    }
    release?.();
    cannotWrite(`to directory "${targetDir}"`, error);
  }
  try {
    finish(tmp);
  } catch {
    // Committed: what is left is a staging directory of copies identical to the new files; the guardian or the
    // next run removes it. The user's files are complete.
  }
  release?.();
}

/**
 * Writes the project. Every conflict is found before anything is touched (planWrite). A new directory appears
 * whole or not at all; an existing one gets only the generated files, in one transaction that completes or is
 * undone, even if the process is killed; a replaced file that differed is kept under BACKUP_DIR/<stamp>/.
 * Ctrl-C during the write is held until the write is over, and returned in `interrupted`.
 */
export async function writeProject(
  target: string,
  files: GeneratedFile[],
  {
    stamp = new Date().toISOString().replace(/[:.]/g, '-'),
    shown = target,
    deletions = [],
  }: { stamp?: string; shown?: string; deletions?: readonly string[] } = {},
): Promise<WriteResult> {
  /** The directory as the user named it, for messages. */
  const targetDir = shown;
  recoverInterrupted(target, targetDir);
  const plan = planWrite(target, files, targetDir, deletions);
  stamp = unusedStamp(plan.target, stamp);
  const signals = holdSignals();
  let interrupted: NodeJS.Signals | undefined;
  try {
    if (plan.exists) writeInto(plan, targetDir, stamp);
    else writeNew(plan, targetDir);
  } finally {
    // A signal that came during the (synchronous) write is delivered on the next turn of the event loop; keep
    // listening until then, or it would be dropped.
    await new Promise((resolve) => setImmediate(resolve));
    interrupted = signals.release();
  }
  const replaced = plan.files.filter((f) => f.action === 'same' || f.action === 'replace').map((f) => f.path);
  return {
    created: plan.files.filter((f) => f.action === 'create').map((f) => f.path),
    deleted: plan.files.filter((f) => f.action === 'delete').map((f) => f.path),
    replaced,
    backupDir: plan.files.some((f) => f.action === 'replace' || f.action === 'delete') ? join(BACKUP_DIR, stamp) : undefined,
    interrupted,
  };
}

/**
 * A backup directory name no earlier run used: the stamp, or the stamp with -2, -3… (still the same on every machine
 * for the same history), so that a backup is never written over.
 */
function unusedStamp(target: string, stamp: string): string {
  let name = stamp;
  for (let n = 2; existsSync(join(target, BACKUP_DIR, name)); n++) name = `${stamp}-${n}`;
  return name;
}

/** Finishes or undoes what a run that died left in the directory (normally its guardian already has). */
export function recoverInterrupted(target: string, shown = target): void {
  try {
    recoverStale(resolve(target), TMP_PREFIX);
  } catch (error) {
    cannotWrite(`to directory "${shown}" (an interrupted earlier run left files to restore)`, error);
  }
}

/** The staging name patterns, for the tests. */
export const STAGING = { newPrefix: NEW_PREFIX, tmpPrefix: TMP_PREFIX };
