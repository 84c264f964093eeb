// A local PEP 503 package index made from Debian trixie's Python packages, plus the
// test-only uvicorn-worker stand-in. Served on 127.0.0.1 only.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureAptPackages } from './apt.js';
import { chroot, ensureRoot } from './rootfs.js';
import { ASSETS_DIR, cachePath, fail, fingerprint, freePort, httpGet, log, sleep, tryRun } from './util.js';

/**
 * Debian packages whose Python distributions (and everything they pull in) become the
 * index. Generated projects can only depend on what is here (plus uvicorn-worker).
 */
export const INDEX_PACKAGES = [
  'python3-fastapi',
  'python3-pydantic',
  'python3-pydantic-settings',
  'python3-starlette',
  'python3-uvicorn',
  'python3-gunicorn',
  'python3-httpx',
  'python3-pytest',
  'python3-pytest-asyncio',
  'python3-poetry',
  'python3-poetry-plugin-export',
  'python3-python-multipart',
  'python3-email-validator',
  'python3-jinja2',
  'python3-dotenv',
  'python3-yaml',
  'python3-uvloop',
  'python3-websockets',
  'python3-watchfiles',
  'python3-requests',
  'python3-anyio',
  // Poetry resolves for every platform: Windows-only deps it meets (click -> colorama)
  // and pbs-installer's zstandard must be there too.
  'python3-colorama',
  'python3-zstandard',
  // Backports that Poetry meets when a project's requires-python reaches below 3.13
  // (pytest -> tomli/exceptiongroup for < 3.11, importlib-metadata for older ones).
  'python3-tomli',
  'python3-exceptiongroup',
  'python3-importlib-metadata',
  'python3-cffi',
  'python3-pip',
  'python3-setuptools',
  'python3-wheel',
];

/** Distributions the smoke checks and the stand-in image need to resolve from the index. */
export const REQUIRED_DISTRIBUTIONS = [
  'fastapi', 'pydantic', 'starlette', 'uvicorn', 'gunicorn', 'uvicorn-worker',
  'poetry', 'poetry-plugin-export', 'httpx', 'pytest', 'pip', 'setuptools', 'wheel',
];

export const INDEX_ROOT = () => cachePath('index-root');
export const INDEX_DIR = () => cachePath('index');

export interface IndexReport {
  wheels: { name: string; version: string; file: string; tag: string; sha256: string }[];
  derived_requirements: Record<string, string[]>;
  stripped_direct_references: Record<string, string[]>;
  merged: Record<string, string[]>;
}

export interface IndexInfo {
  /** Directory to serve: has simple/ and wheels/. */
  dir: string;
  /** True if this call (re)built the wheels. */
  built: boolean;
  /** Fingerprint of the index's inputs (changes whenever the wheels may change). */
  key: string;
  /** Normalized distribution name -> version. */
  versions: Record<string, string>;
  /** Debian packages (non-Python) that the binary wheels' .so files link against. */
  runtimeLibPackages: string[];
  report: IndexReport;
}

const normalize = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');

function readInfo(dir: string, built: boolean): IndexInfo {
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as IndexReport;
  const versions: Record<string, string> = {};
  for (const w of report.wheels) versions[normalize(w.name)] = w.version;
  const runtimeLibPackages = readFileSync(join(dir, 'runtime-lib-packages.txt'), 'utf8').split('\n').filter(Boolean);
  const key = readFileSync(join(dir, '.stamp'), 'utf8');
  return { dir, built, key, versions, runtimeLibPackages, report };
}

/**
 * Build (or reuse from the cache) the wheels and the static PEP 503 index.
 * Checks that pip can resolve REQUIRED_DISTRIBUTIONS from it before caching it.
 */
export async function ensureIndex(): Promise<IndexInfo> {
  const root = INDEX_ROOT();
  const rootBuilt = await ensureRoot(root, INDEX_PACKAGES);
  const dir = INDEX_DIR();
  const key = fingerprint([...INDEX_PACKAGES, ...REQUIRED_DISTRIBUTIONS, readFileSync(join(root, '.cfd-e2e-stamp'), 'utf8')], [
    join(ASSETS_DIR, 'rewheel.py'),
    join(ASSETS_DIR, 'rewheel_metadata.py'),
    join(ASSETS_DIR, 'standin-uvicorn-worker'),
  ]);
  const stampFile = join(dir, '.stamp');
  if (!rootBuilt && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === key) return readInfo(dir, false);

  log('rebuilding Debian dist-packages as wheels');
  const work = '/tmp/cfd-e2e-rewheel';
  const inRoot = join(root, work);
  rmSync(inRoot, { recursive: true, force: true });
  cpSync(ASSETS_DIR, join(inRoot, 'assets'), { recursive: true });
  chroot(root, ['python3', `${work}/assets/rewheel.py`, `${work}/out`, '--add-project', `${work}/assets/standin-uvicorn-worker`], 'rewheel.py');

  // Which non-Python Debian packages do the compiled extensions link against?
  const libs = chroot(root, ['sh', '-c',
    `cd /usr/lib/python3/dist-packages && for w in ${work}/out/wheels/*.whl; do python3 -m zipfile -l "$w"; done ` +
    `| awk '{print $1}' | grep -E '\\.so($|\\.)' | while read f; do [ -e "$f" ] && ldd "$f"; done ` +
    `| awk '$3 ~ /^\\// {print $3}' | sort -u | while read l; do dpkg -S "$(readlink -f "$l")" 2>/dev/null || dpkg -S "$l"; done ` +
    `| cut -d: -f1 | sort -u`], 'listing the libraries the binary wheels link against');
  writeFileSync(join(inRoot, 'out', 'runtime-lib-packages.txt'), libs);

  // Self-check: pip resolves the required distributions from the index alone.
  const r = tryRun('chroot', [root, 'python3', '-m', 'pip', 'install', '--dry-run', '--ignore-installed', '--quiet',
    '--no-cache-dir', '--index-url', `file://${work}/out/simple`, ...REQUIRED_DISTRIBUTIONS]);
  if (r.status !== 0) fail(`pip cannot resolve ${REQUIRED_DISTRIBUTIONS.join(' ')} from the rebuilt index: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);

  rmSync(`${dir}.tmp`, { recursive: true, force: true });
  renameSync(join(inRoot, 'out'), `${dir}.tmp`);
  rmSync(inRoot, { recursive: true, force: true });
  writeFileSync(join(`${dir}.tmp`, '.stamp'), key);
  rmSync(dir, { recursive: true, force: true });
  renameSync(`${dir}.tmp`, dir);
  return readInfo(dir, true);
}

export interface RunningIndex {
  /** PEP 503 root, e.g. http://127.0.0.1:41234/simple/ */
  url: string;
  port: number;
  /** Stop the server (idempotent). */
  stop(): Promise<void>;
}

function hostPython(): string {
  if (tryRun('python3', ['--version']).status !== 0) ensureAptPackages(['python3']);
  return 'python3';
}

/**
 * Serve the index (built or taken from the cache) with `python3 -m http.server`
 * on 127.0.0.1 and a free port. Resolves once it answers.
 */
export async function startIndex(opts: { dir?: string; port?: number; timeoutMs?: number } = {}): Promise<RunningIndex> {
  const dir = opts.dir ?? (await ensureIndex()).dir;
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}/simple/`;
  const child: ChildProcess = spawn(hostPython(), ['-m', 'http.server', '--bind', '127.0.0.1', '--directory', dir, String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  let exited = false;
  child.on('exit', () => (exited = true));
  const killOnExit = () => child.kill();
  process.on('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    if (exited) return;
    const done = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    await Promise.race([done, sleep(3000)]);
    if (!exited) child.kill('SIGKILL');
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  for (;;) {
    const r = await httpGet(`${url}fastapi/`, 1000);
    if (r.status === 200) break;
    if (exited || Date.now() > deadline) {
      await stop();
      fail(`package index server did not answer on ${url} (status ${r.status}): ${stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
    }
    await sleep(150);
  }
  return { url, port, stop };
}
