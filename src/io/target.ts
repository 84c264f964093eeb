import { statSync, readdirSync } from 'node:fs';
import type { DirectoryState } from '../options/resolve.js';

/** Entries that do not make a directory "non-empty" (a fresh `git init` is fine to scaffold into). */
const IGNORABLE = new Set(['.git', '.DS_Store', 'Thumbs.db']);

export function inspectDirectory(directory: string): DirectoryState {
  let stats;
  try {
    stats = statSync(directory);
  } catch {
    return 'missing';
  }
  if (!stats.isDirectory()) return 'file';
  return readdirSync(directory).some((entry) => !IGNORABLE.has(entry)) ? 'non-empty' : 'empty';
}
