/** Reads the user's copies of files (for --update): the text, or undefined where there is none. A link is refused. */
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cannotWrite, codeOf } from './fs-errors.js';
import { refuseLink } from './plan.js';

export function readProjectFiles(target: string, paths: Iterable<string>, shownDir: string): Map<string, string | undefined> {
  const files = new Map<string, string | undefined>();
  for (const path of paths) {
    try {
      refuseLink(shownDir, path, lstatSync(join(target, path)));
      files.set(path, readFileSync(join(target, path), 'utf8'));
    } catch (error) {
      if (codeOf(error) !== 'ENOENT') {
        if (codeOf(error) === undefined) throw error;
        cannotWrite(`${path} in "${shownDir}" (it must be read to merge it)`, error);
      }
      files.set(path, undefined);
    }
  }
  return files;
}
