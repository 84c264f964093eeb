import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ANSWERS_FILE } from '../options/preset.js';
import type { DirectoryState } from '../options/resolve.js';

import { TMP_PREFIX } from './journal.js';

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
  if (existsSync(join(directory, ANSWERS_FILE))) return 'generated';
  // A staging directory left by a run that died is ours: the write recovers it first.
  return readdirSync(directory).some((entry) => !IGNORABLE.has(entry) && !entry.startsWith(TMP_PREFIX)) ? 'non-empty' : 'empty';
}
