// Synchronous on purpose: a dozen small files, one after another, and node:fs/promises alone costs a
// scaffold several milliseconds of startup (issue 4). Signals still wait for the final moves (below).
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../options/types.js';
import type { GeneratedFile } from '../render/types.js';

export interface WriteResult {
  created: string[];
  replaced: string[];
  /** Where the earlier versions of replaced files were moved, if any differed. */
  backupDir: string | undefined;
}

export const BACKUP_DIR = '.create-fastapi-docker-backup';

const describe = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'ENOSPC') return 'no space left on the device';
  return (error as Error).message;
};

/** Ends with a one-line error naming the directory, for every way a write can fail. */
const cannotWrite = (target: string, error: unknown): never => {
  throw new UsageError(`cannot write to directory "${target}": ${describe(error)}`);
};

async function nearestExistingParent(path: string): Promise<string> {
  let dir = path;
  while (!existsSync(dir)) dir = dirname(dir);
  return dir;
}

/**
 * Writes the project through a staging directory beside the target:
 * - a new target appears whole, by one rename;
 * - an existing target gets only the generated files, each replaced by a rename, and keeps everything else;
 *   a replaced file whose content differs is first moved to BACKUP_DIR/<time>/, so nothing is lost.
 * Ctrl-C during the final moves is held until they finish.
 */
export async function writeProject(targetDir: string, files: GeneratedFile[]): Promise<WriteResult> {
  const target = resolve(targetDir);
  const parent = dirname(target);
  const existing = existsSync(target);
  try {
    accessSync(existing ? target : await nearestExistingParent(parent), constants.W_OK);
  } catch (error) {
    cannotWrite(targetDir, error);
  }
  for (const file of files) {
    const destination = join(target, file.path);
    if (existsSync(destination) && statSync(destination).isDirectory()) {
      throw new UsageError(`cannot write ${file.path} in "${targetDir}": a directory of that name is in the way`);
    }
  }

  let staging: string | undefined;
  try {
    mkdirSync(parent, { recursive: true });
    staging = mkdtempSync(join(parent, `.${basename(target)}.staging-`));
    for (const file of files) {
      const path = join(staging, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content);
      chmodSync(path, file.mode ?? 0o644);
    }
  } catch (error) {
    if (staging) rmSync(staging, { recursive: true, force: true });
    cannotWrite(targetDir, error);
  }
  const staged = staging as string;

  const hold = () => undefined;
  process.on('SIGINT', hold);
  process.on('SIGTERM', hold);
  try {
    if (!existing) {
      renameSync(staged, target);
      return { created: files.map((f) => f.path), replaced: [], backupDir: undefined };
    }
    const result: WriteResult = { created: [], replaced: [], backupDir: undefined };
    const backupDir = join(BACKUP_DIR, new Date().toISOString().replace(/[:.]/g, '-'));
    for (const file of files) {
      const destination = join(target, file.path);
      mkdirSync(dirname(destination), { recursive: true });
      if (!existsSync(destination)) {
        result.created.push(file.path);
      } else {
        result.replaced.push(file.path);
        if (readFileSync(destination, 'utf8') !== file.content) {
          const backup = join(target, backupDir, file.path);
          mkdirSync(dirname(backup), { recursive: true });
          renameSync(destination, backup);
          result.backupDir = backupDir;
        }
      }
      renameSync(join(staged, file.path), destination);
    }
    rmSync(staged, { recursive: true, force: true });
    return result;
  } catch (error) {
    rmSync(staged, { recursive: true, force: true });
    return cannotWrite(targetDir, error);
  } finally {
    process.off('SIGINT', hold);
    process.off('SIGTERM', hold);
  }
}
