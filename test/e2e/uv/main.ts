// npx tsx test/e2e/uv/main.ts — the --deps uv projects for real, until the matrix (test/e2e/matrix/) builds them on
// PyPI's wheels: on the smoke stack (a Debian trixie stand-in of python:3.13-slim and its package index), each process
// model's project is locked by the real uv (UV_VERSION, from its PyPI wheel) inside the stand-in Python, built by the
// private engine from a stand-in of ghcr.io/astral-sh/uv (FROM scratch + the wheel's /uv and /uvx, as uv's image is),
// run and probed. Checks: installed versions are the locked ones, no uv in the final image, a clean start log, and a
// pyproject.toml changed without relocking fails the build with uv's "run `uv lock`".
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { UV_VERSION } from '../../../src/versions.js';
import { STACKS, cachePath, docker, dockerTry, freePort, releaseEngine, setup, startIndex, waitForHttp } from '../infra/index.js';

const BIN = resolve(import.meta.dirname, '../../../bin/create-fastapi-docker.js');
const normalize = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');
const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

/** uv's binaries from its PyPI wheel, installed once into the cache; the stand-in image of ghcr.io/astral-sh/uv. */
function uvStandinImage(): string {
  const dir = cachePath('uv-pypi', `uv-${UV_VERSION}`);
  if (!existsSync(join(dir, 'bin', 'uv'))) execFileSync('python3', ['-m', 'pip', 'install', '--quiet', '--target', dir, `uv==${UV_VERSION}`], { stdio: 'inherit' });
  const root = mkdtempSync(join(cachePath(), 'uv-root-'));
  mkdirSync(join(root, 'fs'));
  for (const b of ['uv', 'uvx']) cpSync(join(dir, 'bin', b), join(root, 'fs', b));
  execFileSync('tar', ['-C', join(root, 'fs'), '-cf', join(root, 'uv.tar'), '.']);
  docker(['import', '-c', 'LABEL dev.create-fastapi-docker.standin="uv wheel binaries, not the real ghcr.io image"', join(root, 'uv.tar'), `ghcr.io/astral-sh/uv:${UV_VERSION}`]);
  rmSync(root, { recursive: true, force: true });
  return join(dir, 'bin');
}

async function main(): Promise<number> {
  const r = await setup({ stacks: [STACKS.smoke] });
  const s = r.stacks[0];
  if (!s) throw new Error('no smoke stack');
  const uvBin = uvStandinImage();
  const index = await startIndex({ dir: s.index.dir });
  const work = mkdtempSync(join(cachePath(), 'uv-e2e-'));
  const failures: string[] = [];
  try {
    for (const process of ['single', 'workers', 'gunicorn'] as const) {
      const port = await freePort();
      const name = `package-uv-${process}`;
      execFileSync(globalThis.process.execPath, [BIN, name, '--deps', 'uv', '--process', process, '--python', s.stack.python, '--port', String(port), '--index-url', index.url, '--yes'], {
        cwd: work,
        env: { ...globalThis.process.env, CFD_UV: '/nonexistent/uv' },
        stdio: 'ignore',
      });
      const dir = join(work, name);
      // The host's Python may not satisfy requires-python: uv locks inside the stand-in, with no Python download.
      docker(['run', '--rm', '--network', 'host', '-v', `${dir}:/p`, '-v', `${uvBin}:/uvbin:ro`, '-w', '/p', '-e', 'UV_PYTHON_DOWNLOADS=never', '-e', 'UV_CACHE_DIR=/tmp/uv-cache', `python:${s.stack.python}-slim`, '/uvbin/uv', 'lock']);
      const tag = `cfd-e2e-uv/${name}:1`;
      let t = Date.now();
      docker(['build', '--network', 'host', '-t', tag, dir]);
      const cold = seconds(t);
      const lock = parseToml(readFileSync(join(dir, 'uv.lock'), 'utf8')) as { package: { name: string; version: string }[] };
      const locked = new Map(lock.package.map((p) => [normalize(p.name), p.version]));
      const installed = JSON.parse(docker(['run', '--rm', '--entrypoint', 'python', tag, '-c', 'import json, importlib.metadata as m; print(json.dumps({d.metadata["Name"]: d.version for d in m.distributions()}))'])) as Record<string, string>;
      for (const [dist, version] of Object.entries(installed)) {
        if (locked.get(normalize(dist)) !== version) failures.push(`${name}: ${dist} ${version} installed, ${locked.get(normalize(dist)) ?? 'not'} locked`);
      }
      const uvLeft = dockerTry(['run', '--rm', '--entrypoint', 'sh', tag, '-c', 'find / -xdev \\( -name uv -o -name uvx \\) -type f 2>/dev/null']).stdout.trim();
      if (uvLeft) failures.push(`${name}: uv in the final image: ${uvLeft}`);
      const id = docker(['run', '-d', '--network', 'host', tag]).trim();
      t = Date.now();
      await waitForHttp(`http://127.0.0.1:${port}/health`, 30_000);
      const first200 = seconds(t);
      const logs = dockerTry(['logs', id]);
      docker(['rm', '-f', id]);
      if (/ERROR|Traceback/.test(logs.stdout + logs.stderr)) failures.push(`${name}: the start logged an error:\n${logs.stdout}${logs.stderr}`);
      // Code-only change: the dependency layer stays cached.
      writeFileSync(join(dir, 'app', 'main.py'), `${readFileSync(join(dir, 'app', 'main.py'), 'utf8')}\n# touched\n`);
      t = Date.now();
      docker(['build', '--network', 'host', '-t', tag, dir]);
      const codeOnly = seconds(t);
      const py = readFileSync(join(dir, 'pyproject.toml'), 'utf8');
      writeFileSync(join(dir, 'pyproject.toml'), py.replace('dependencies = [\n', 'dependencies = [\n    "httpx",\n'));
      const stale = dockerTry(['build', '--network', 'host', '-t', `${tag}-stale`, dir]);
      if (stale.status === 0 || !(stale.stdout + stale.stderr).includes('run `uv lock`')) failures.push(`${name}: a stale uv.lock did not fail the build with "run \`uv lock\`"`);
      const size = Number(docker(['image', 'inspect', '--format', '{{.Size}}', tag]).trim());
      console.log(`${name}: installed = locked (${Object.keys(installed).length} distributions), no uv in the image; cold build ${cold} s, code-only rebuild ${codeOnly} s, run → first 200 ${first200} s, ${(size / 1e6).toFixed(1)} MB`);
      dockerTry(['rmi', '-f', tag]);
    }
  } finally {
    await index.stop();
    rmSync(work, { recursive: true, force: true });
    console.log(await releaseEngine());
  }
  for (const f of failures) console.error(`FAIL ${f}`);
  return failures.length ? 1 : 0;
}

main().then((code) => process.exit(code), (error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
