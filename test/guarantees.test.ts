/**
 * Each guarantee the README makes, with a test of its own that reads what the guarantee is about (a behaviour, a
 * parsed value), not a golden file: golden files show diffs, they do not stand behind a promise alone.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../src/io/templates.js';
import { render } from '../src/render/index.js';
import { COMBOS, optionsFromFlags } from './helpers/combos.js';
import { usageError } from './helpers/resolve.js';
import { tempDir } from './helpers/temp-dirs.js';
import { runLines, shellCommands } from './helpers/shell-words.js';

const templates = loadTemplates();
const files = async (flags: string[]) => render(await optionsFromFlags(['svc', ...flags]), templates);
const fileOf = async (flags: string[], path: string) => {
  const file = (await files(flags)).find((f) => f.path === path);
  if (!file) throw new Error(`${path} was not rendered for ${flags.join(' ')}`);
  return file.content;
};
/** The ENV variables a Dockerfile sets, as Docker reads them (continuations joined, "" for empty). */
const envOf = (dockerfile: string): Record<string, string> =>
  Object.fromEntries(
    dockerfile
      .replace(/ \\\n {4}/g, ' ')
      .split('\n')
      .filter((l) => l.startsWith('ENV '))
      .flatMap((l) => l.slice(4).split(' ').map((pair) => pair.split('=') as [string, string]))
      .map(([k, v]) => [k, v === '""' ? '' : v]),
  );

describe('the README\'s guarantees', () => {
  for (const process of ['workers', 'gunicorn'] as const) {
    it(`the ${process} entrypoint execs the server: the shell is replaced, so the server is PID 1 and gets SIGTERM`, async () => {
      const dir = tempDir('cfd-entry-');
      const entrypoint = join(dir, 'docker-entrypoint.sh');
      writeFileSync(entrypoint, await fileOf(['--process', process], 'docker-entrypoint.sh'));
      // The command prints its own PID; with exec it is the PID of the process we started.
      const child = spawnSync('sh', ['-c', 'sh "$0" sh -c \'echo $$\' & wait $!; echo "started $!"', entrypoint], { encoding: 'utf8' });
      const [printed, started] = child.stdout.trim().split('\n');
      expect(started).toBe(`started ${printed}`);
    });
  }

  it('.dockerignore keeps .env files, virtualenvs and .git out of the build context', async () => {
    const patterns = (await fileOf([], '.dockerignore')).split('\n').filter((l) => l && !l.startsWith('#'));
    for (const p of ['.env', '.env.*', '.venv', '.git']) expect(patterns).toContain(p);
  });

  it('the Poetry image installs the exported list as it is: --no-deps, in the final stage', async () => {
    const dockerfile = await fileOf(['--deps', 'poetry'], 'Dockerfile');
    const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const install = runLines(finalStage).map((l) => shellCommands(l.command)[0] ?? []).find((argv) => argv[0] === 'pip');
    expect(install).toEqual(['pip', 'install', '--no-cache-dir', '--upgrade', '--no-deps', '-r', '/code/requirements.txt']);
  });

  it('without --proxy, Gunicorn trusts no forwarded header: FORWARDED_ALLOW_IPS is empty (its default would trust 127.0.0.1)', async () => {
    for (const process of ['gunicorn', 'official-image']) {
      expect(envOf(await fileOf(['--process', process], 'Dockerfile')).FORWARDED_ALLOW_IPS).toBe('');
      expect(envOf(await fileOf(['--process', process, '--proxy'], 'Dockerfile')).FORWARDED_ALLOW_IPS).toMatch(/^127\.0\.0\.1,/);
    }
  });

  it('without --proxy, Uvicorn gets --no-proxy-headers (it trusts 127.0.0.1 by default); with it, --proxy-headers', async () => {
    for (const combo of COMBOS.filter((c) => c.process === 'single' || c.process === 'workers')) {
      const cmd = (await fileOf(combo.flags, 'Dockerfile')).split('\n').find((l) => l.startsWith('CMD '));
      const argv = JSON.parse(cmd?.slice(4) ?? '[]') as string[];
      expect(argv).toContain(combo.proxy ? '--proxy-headers' : '--no-proxy-headers');
    }
  });

  it('"*" trusts everyone, so it stands alone', () => usageError(['--proxy', '--forwarded-allow-ips', '*,10.0.0.1'], /'\*' already trusts everyone/));

  it('--workers takes 1 to 512', async () => {
    expect(envOf(await fileOf(['--process', 'workers', '--workers', '512'], 'Dockerfile')).WEB_CONCURRENCY).toBe('512');
    await usageError(['--process', 'workers', '--workers', '513'], /^--workers accepts a whole number from 1 to 512/);
  });

  it('--base-image takes a reference with a digest, and is used by every stage', async () => {
    const ref = `registry.example.com/lib/python:3.13-slim@sha256:${'c'.repeat(64)}`;
    const froms = (await fileOf(['--deps', 'poetry', '--base-image', ref], 'Dockerfile')).split('\n').filter((l) => l.startsWith('FROM '));
    expect(froms).toEqual([`FROM ${ref} AS requirements-stage`, `FROM ${ref}`]);
    await usageError(['--base-image', 'python:3.13-slim@sha256:123'], /^--base-image accepts an image reference/);
  });

  it('a replaced file that differed is kept under .create-fastapi-docker-backup, which git and the build ignore', async () => {
    expect((await fileOf([], '.gitignore')).split('\n')).toContain('.create-fastapi-docker-backup');
    expect((await fileOf([], '.dockerignore')).split('\n')).toContain('.create-fastapi-docker-backup');
  });
});
