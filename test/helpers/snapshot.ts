import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Every entry below a directory: its kind, mode and bytes (or link target), keyed by relative path. */
export type Snapshot = Record<string, string>;

export function snapshot(dir: string): Snapshot {
  const out: Snapshot = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const stats = lstatSync(join(dir, path));
      const mode = (stats.mode & 0o7777).toString(8);
      if (stats.isSymbolicLink()) out[path] = `link -> ${readlinkSync(join(dir, path))}`;
      else if (stats.isDirectory()) {
        out[`${path}/`] = `dir ${mode}`;
        walk(path);
      } else out[path] = `file ${mode} ${readFileSync(join(dir, path)).toString('base64')}`;
    }
  };
  walk('');
  return out;
}
