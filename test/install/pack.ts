import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface PackedFile {
  path: string;
  size: number;
  mode: number;
}

export interface PackResult {
  name: string;
  version: string;
  filename: string;
  /** Bytes of the .tgz. */
  size: number;
  unpackedSize: number;
  files: PackedFile[];
}

/**
 * `npm pack --json` of the repository as it is (dist/ must be built: `npm test` and `npm run test:install` build
 * first). --ignore-scripts keeps prepack from rebuilding, and from printing the build log into the JSON.
 */
export function pack(options: { dryRun?: boolean; destination?: string } = {}): PackResult {
  const args = ['pack', '--json', '--ignore-scripts', '--loglevel=error'];
  if (options.dryRun) args.push('--dry-run');
  if (options.destination) args.push('--pack-destination', options.destination);
  const result = spawnSync('npm', args, { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  return JSON.parse(result.stdout)[0] as PackResult;
}

/** Every file under templates/ on disk, as package paths (templates/...). */
export function templateFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(relative(ROOT, path).split(sep).join('/'));
    }
  };
  walk(join(ROOT, 'templates'));
  return files.sort();
}

/** The specifiers a built CommonJS file loads: require('x') and import('x') with a literal. */
export function loadedSpecifiers(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/\b(?:require|import)\(\s*(["'`])([^"'`\s,;()]+)\1\s*\)/g)) found.add(match[2]);
  return [...found].sort();
}

export const packageJson = (): Record<string, unknown> => JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/**
 * The packed-size budget. Issue 4 set it at create-vite 9.3.0's 79.0 kB. Issues 9 and 10 then required YAML
 * (compose.yaml, k8s/, the answers file, presets) and TOML to be written by libraries, and a three-way merge for
 * --update. Bundled and gzipped, yaml alone is 30 kB (its writer and reader share their modules), smol-toml 7 kB
 * and node-diff3 1 kB; the rest of the package is about 55 kB. The budget is 96 kB (92.7 kB when it was set, after
 * execa went and the option table stopped being bundled twice): still one package with no dependencies.
 * Issue 14 added a third dependency tool (uv: its Dockerfile stage, README text and lock step), 98.5 kB alone; issue 15
 * (sources of values, --no-<flag>, a git patch for --dry-run, --check, lock files, line endings, the base file,
 * --index-login, reading a failed build) 99.6 kB alone. Merged, with issue 15's compose.yaml for any host: 107.0 kB; the budget is 110 kB.
 */
export const MAX_PACKED_BYTES = 110_000;
