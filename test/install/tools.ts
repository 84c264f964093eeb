import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The package managers the install tests drive, all from the npm registry (bun ships its binary inside
 * @oven/bun-<platform>, an optional dependency of the `bun` package). Pinned, so a new release cannot change a run.
 * They live in a cache directory, not in devDependencies: `npm ci` stays small, and only `npm run test:install`
 * pays for them, once per machine.
 */
export const TOOLS = {
  pnpm: '12.21.0',
  yarn: '1.22.22',
  bun: '1.4.5',
} as const;

export const toolsDir = (): string =>
  process.env.CFD_TOOLS_DIR || join(homedir(), '.cache', 'create-fastapi-docker', 'install-tools');

const installedVersion = (dir: string, name: string): string | undefined => {
  const file = join(dir, 'node_modules', name, 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : undefined;
};

/** Installs the pinned tools if they are missing or stale; returns their .bin directory. Throws, loudly, on failure. */
export function ensureTools(): string {
  const dir = toolsDir();
  const bin = join(dir, 'node_modules', '.bin');
  const stale = Object.entries(TOOLS).filter(([name, version]) => installedVersion(dir, name) !== version);
  if (stale.length) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'cfd-install-tools', private: true, dependencies: TOOLS }, null, 2)}\n`);
    // With scripts: bun's postinstall puts the binary of its optional dependency @oven/bun-<platform> in place.
    const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      throw new Error(`could not install ${stale.map(([n, v]) => `${n}@${v}`).join(', ')} into ${dir}:\n${result.stdout}\n${result.stderr}`);
    }
  }
  for (const [name, version] of Object.entries(TOOLS)) {
    const result = spawnSync(join(bin, name), ['--version'], { encoding: 'utf8' });
    if (result.status !== 0 || result.stdout.trim() !== version) {
      throw new Error(`${name} from ${bin} does not run (exit ${result.status}): ${result.stdout}${result.stderr}${result.error ?? ''}`);
    }
  }
  return bin;
}
