import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TemplateSet } from '../render/types.js';

/** templates/ sits beside dist/ in the package, and two levels above src/io/ in the repository. */
export function templatesDir(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, 'base'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`templates/ not found above ${from}; the package is incomplete`);
}

export function loadTemplates(root: string = templatesDir()): TemplateSet {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return files;
}
