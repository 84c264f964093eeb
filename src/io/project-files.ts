/** Reads the user's copies of files (for --update): the text, or undefined where there is none. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cannotWrite, codeOf } from './fs-errors.js';

export function readProjectFiles(target: string, paths: Iterable<string>, shownDir: string): Map<string, string | undefined> {
  const files = new Map<string, string | undefined>();
  for (const path of paths) {
    try {
      files.set(path, readFileSync(join(target, path), 'utf8'));
    } catch (error) {
      if (codeOf(error) !== 'ENOENT') cannotWrite(`${path} in "${shownDir}" (it must be read to merge it)`, error);
      files.set(path, undefined);
    }
  }
  return files;
}
