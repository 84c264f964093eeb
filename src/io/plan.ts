/**
 * What a write would do, found before anything is touched: each generated file is created, replaced unchanged,
 * or replaced with a backup; every conflict (a file where a directory must go, a directory or a link in the way,
 * an unwritable directory) is refused first, in one line.
 */
import { type Stats, accessSync, constants, lstatSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../options/types.js';
import type { GeneratedFile } from '../render/types.js';
import { cannotWrite, codeOf } from './fs-errors.js';

export type Action = 'create' | 'same' | 'replace' | 'delete';

export interface PlannedFile extends GeneratedFile {
  action: Action;
}

export interface WritePlan {
  /** Absolute path of the project directory. */
  target: string;
  /** Whether it exists (then files are written into it one by one, with a journal). */
  exists: boolean;
  files: PlannedFile[];
  /** Directories inside the target to create, parents first (relative paths). */
  newDirs: string[];
}

const lstat = (path: string): Stats | undefined => {
  try {
    return lstatSync(path);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    return cannotWrite(`"${path}"`, error);
  }
};

const conflict = (shownTarget: string, path: string, problem: string): never => {
  throw new UsageError(`cannot write ${path} in "${shownTarget}": ${problem}; move it away or choose another directory`);
};

/** The plan for writing `files` into `targetDir`; throws on the first conflict, before any change. */
export function planWrite(targetPath: string, files: GeneratedFile[], targetDir = targetPath, deletions: readonly string[] = []): WritePlan {
  const target = resolve(targetPath);
  const top = lstat(target);
  if (!top) {
    let parent = dirname(target);
    while (!lstat(parent)) parent = dirname(parent);
    checkWritable(parent, targetDir);
    return { target, exists: false, files: files.map((f) => ({ ...f, action: 'create' })), newDirs: [] };
  }
  if (top.isSymbolicLink() ? !lstatFollow(target)?.isDirectory() : !top.isDirectory()) {
    throw new UsageError(`directory "${targetDir}" is a file; give a new or empty directory`);
  }
  const newDirs: string[] = [];
  const writableDirs = new Set<string>([target]);
  const planned = files.map((file): PlannedFile => {
    const parts = file.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      const stats = lstat(join(target, dir));
      if (!stats) {
        // Missing here, so missing below too: every remaining level is a new directory, parents first.
        for (let j = i; j < parts.length; j++) {
          const nested = parts.slice(0, j).join('/');
          if (!newDirs.includes(nested)) newDirs.push(nested);
        }
        break;
      }
      if (stats.isSymbolicLink()) conflict(targetDir, file.path, `${dir} is a symbolic link, and generated files are not written through links`);
      if (!stats.isDirectory()) conflict(targetDir, file.path, `${dir} is a file where the project needs a directory ${dir}/`);
      writableDirs.add(join(target, dir));
    }
    const path = join(target, file.path);
    const stats = lstat(path);
    if (!stats) return { ...file, action: 'create' };
    const link = linkProblem(stats);
    if (link) conflict(targetDir, file.path, link);
    if (stats.isDirectory()) conflict(targetDir, file.path, 'a directory of that name is in the way');
    if (!stats.isFile()) conflict(targetDir, file.path, 'something that is not a file is in the way');
    let current: string;
    try {
      current = readFileSync(path, 'utf8');
    } catch (error) {
      return cannotWrite(`${file.path} in "${targetDir}" (it must be read to back it up)`, error);
    }
    return { ...file, action: current === file.content ? 'same' : 'replace' };
  });
  for (const path of deletions) {
    const stats = lstat(join(target, path));
    if (!stats) continue;
    if (!stats.isFile() && !stats.isSymbolicLink()) conflict(targetDir, path, 'it is to be removed, and it is not a file');
    writableDirs.add(dirname(join(target, path)));
    planned.push({ path, content: '', action: 'delete' });
  }
  for (const dir of writableDirs) checkWritable(dir, targetDir);
  return { target, exists: true, files: planned, newDirs };
}

/**
 * Why a generated file's place cannot be written because a link holds it, or undefined. Every kind of link: a
 * symbolic link (to a file, to a directory, or dangling) would have the write go elsewhere or replace the link; a
 * hard link would be split, the other name keeping the old text.
 */
export function linkProblem(stats: Stats): string | undefined {
  if (stats.isSymbolicLink()) return 'it is a symbolic link, and generated files are not written through links';
  if (stats.isFile() && stats.nlink > 1) return `it is a hard link (one of ${stats.nlink} names of one file), and writing it would split them`;
  return undefined;
}

/** Refuses, in one line, a generated file whose place a link holds. */
export const refuseLink = (shownTarget: string, path: string, stats: Stats): void => {
  const link = linkProblem(stats);
  if (link) conflict(shownTarget, path, link);
};

/** The stats of what a link points to, or undefined for a dangling link. */
const lstatFollow = (path: string): Stats | undefined => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

function checkWritable(dir: string, targetDir: string): void {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    cannotWrite(`to directory "${targetDir}"`, error);
  }
}
