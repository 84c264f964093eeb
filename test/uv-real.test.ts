// The real uv (UV_VERSION, the wheel from PyPI, installed once into a cache directory) locks a generated --deps uv
// project against a tiny local PEP 503 index that this test builds (test-only stand-in wheels, helpers/tiny_index.py)
// and serves on 127.0.0.1 behind a login; then the Dockerfile's own `uv sync` command installs exactly the lock, and
// refuses a stale one saying to run `uv lock`. No traffic leaves loopback except the one-time `pip install uv`.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerfileModel } from '../src/render/dockerfile/compose.js';
import { UV_VERSION } from '../src/versions.js';
import { optionsFromFlags } from './helpers/combos.js';
import { listFiles, runCli, tempDir } from './helpers/run-cli.js';

const CACHE = process.env.CFD_UV_CACHE ?? join(homedir(), '.cache', 'create-fastapi-docker-test', `uv-${UV_VERSION}`);
const UV = join(CACHE, 'bin', 'uv');
const LOGIN = { user: 'build-bot', password: 'tok3n-XYZ' };
const WHEELS = [
  'fastapi==0.163.2;Requires-Dist: starlette>=1.9',
  'fastapi==0.164.0;Requires-Dist: starlette>=1.9',
  'starlette==1.9.0',
  'uvicorn==0.54.1;Provides-Extra: standard',
  'pytest==9.1.0',
  'httpx==0.28.1',
  'orjson==3.11.4',
];

const work = tempDir('cfd-uv-real-');
let server: Server;
let port = 0;
const seen: string[] = [];

/** The host's Python as X.Y: uv lock needs an interpreter that satisfies requires-python, and downloads none here. */
const hostPython = execFileSync('python3', ['-c', 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")'], { encoding: 'utf8' }).trim();

beforeAll(async () => {
  if (!existsSync(UV)) {
    mkdirSync(CACHE, { recursive: true });
    execFileSync('python3', ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', CACHE, `uv==${UV_VERSION}`], { stdio: 'inherit' });
  }
  const index = join(work, 'index');
  execFileSync('python3', [resolve(import.meta.dirname, 'helpers/tiny_index.py'), index, ...WHEELS]);
  const expected = `Basic ${Buffer.from(`${LOGIN.user}:${LOGIN.password}`).toString('base64')}`;
  server = createServer((req, res) => {
    seen.push(`${req.headers.authorization === expected ? 'auth' : 'anon'} ${req.url}`);
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="mirror"' }).end();
      return;
    }
    const path = join(index, decodeURIComponent((req.url ?? '/').split('?')[0] as string));
    const file = existsSync(path) && !path.endsWith('/') ? path : join(path, 'index.html');
    if (!file.startsWith(index) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': file.endsWith('.html') ? 'text/html' : 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as { port: number }).port;
}, 180_000);

afterAll(() => {
  server?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Runs uv without blocking this process, whose event loop serves the index. */
function uv(args: string[], cwd: string, env: Record<string, string>): Promise<{ status: number | null; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(UV, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (status) => ok({ status, stderr }));
  });
}

/** uv's environment for this test: its own cache and home (no user config or netrc; not UV_NO_CONFIG, which would also skip pyproject.toml's [tool.uv]), the image's rule of no downloads. */
const uvEnv = () => ({ HOME: join(work, 'home'), UV_CACHE_DIR: join(work, 'uv-cache'), UV_PYTHON_DOWNLOADS: 'never', XDG_CONFIG_HOME: join(work, 'home', '.config') });

describe(`the real uv ${UV_VERSION}`, () => {
  it('locks the generated project against the index, with the login from the environment, and installs exactly the lock', async () => {
    mkdirSync(join(work, 'home'), { recursive: true });
    const cwd = join(work, 'gen');
    mkdirSync(cwd);
    const flags = ['--deps', 'uv', '--python', hostPython, '--index-url', `http://${LOGIN.user}:${LOGIN.password}@127.0.0.1:${port}/simple`];
    const r = await runCli(['svc', ...flags, '--yes'], { cwd, env: { ...uvEnv(), CFD_UV: UV } });
    expect(r.code, r.stderr).toBe(0);
    const dir = join(cwd, 'svc');
    const lockText = readFileSync(join(dir, 'uv.lock'), 'utf8');
    expect(lockText).not.toContain(LOGIN.password);
    for (const path of listFiles(dir)) expect(readFileSync(join(dir, path), 'utf8'), path).not.toContain(LOGIN.password);
    expect(seen.filter((s) => s.startsWith('auth')).length, `${r.stdout}${r.stderr}${seen.join(' ')}`).toBeGreaterThan(0);

    // The lock: the newest versions inside the generated ranges (fastapi <0.164), from the index, by its URL alone.
    const lock = parseToml(lockText) as { package: { name: string; version: string; source: Record<string, string> }[] };
    const versions = Object.fromEntries(lock.package.map((p) => [p.name, p.version]));
    expect(versions).toEqual({ fastapi: '0.163.2', starlette: '1.9.0', uvicorn: '0.54.1', pytest: '9.1.0', httpx: '0.28.1', svc: '0.1.0' });
    for (const p of lock.package.filter((p) => p.name !== 'svc')) expect(p.source).toEqual({ registry: `http://127.0.0.1:${port}/simple` });

    // The Dockerfile's own uv sync, word for word from the model, run where the build runs it (the lock and pyproject).
    const o = await optionsFromFlags(['svc', ...flags]);
    const sync = dockerfileModel(o).stages.flat().flatMap((s) => (s.instruction.op === 'RUN' && s.instruction.commands[0]?.[0] === 'uv' ? s.instruction.commands : []));
    expect(sync).toEqual([['uv', 'sync', '--locked', '--no-install-project', '--no-dev']]);
    const [, ...args] = sync[0] as string[];
    const login = { UV_INDEX_MIRROR_USERNAME: LOGIN.user, UV_INDEX_MIRROR_PASSWORD: LOGIN.password };
    const ok = await uv(args, dir, { ...uvEnv(), ...login });
    expect(ok.status, ok.stderr).toBe(0);
    const site = readdirSync(join(dir, '.venv', 'lib')).map((v) => join(dir, '.venv', 'lib', v, 'site-packages'))[0] as string;
    const installed = readdirSync(site).filter((n) => n.endsWith('.dist-info')).sort();
    expect(installed).toEqual(['fastapi-0.163.2.dist-info', 'starlette-1.9.0.dist-info', 'uvicorn-0.54.1.dist-info']);

    // A dependency added to pyproject.toml without `uv lock`: the same command stops, and says to run `uv lock`.
    const pyproject = readFileSync(join(dir, 'pyproject.toml'), 'utf8');
    writeFileSync(join(dir, 'pyproject.toml'), pyproject.replace('    "uvicorn[standard]>=0.54,<0.55",\n', '    "uvicorn[standard]>=0.54,<0.55",\n    "orjson>=3.11",\n'));
    const stale = await uv(args, dir, { ...uvEnv(), ...login });
    expect(stale.status).not.toBe(0);
    expect(stale.stderr).toContain('needs to be updated, but `--locked` was provided');
    expect(stale.stderr).toContain('run `uv lock`');
  }, 120_000);
});
