// A local PEP 503 package index made from one Debian suite's Python packages, plus the
// test-only uvicorn-worker stand-in. Served on 127.0.0.1 only.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureAptPackages } from './apt.js';
import { baseRoot } from './base-image.js';
import { chroot, ensureRoot, readStamp } from './rootfs.js';
import { type Stack, stackPath } from './stacks.js';
import { ASSETS_DIR, cachePath, fail, fingerprint, freePort, httpGet, log, sleep, tryRun } from './util.js';

/** Distributions the stand-in image and every generated project need to resolve from the index. */
export const REQUIRED_DISTRIBUTIONS = [
  'fastapi', 'pydantic', 'starlette', 'uvicorn', 'gunicorn', 'uvicorn-worker',
  'poetry', 'poetry-plugin-export', 'httpx', 'pytest', 'pip', 'setuptools', 'wheel',
];

export interface IndexReport {
  wheels: { name: string; version: string; file: string; tag: string; sha256: string }[];
  derived_requirements: Record<string, string[]>;
  stripped_direct_references: Record<string, string[]>;
  merged: Record<string, string[]>;
  /** Requirements pinned to a version Debian does not ship, rewritten to the shipped one. */
  relaxed: Record<string, string[]>;
  /** Debian packages of the shared libraries each compiled wheel links (its Requires-External). */
  requires_external: Record<string, string[]>;
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
  /** Debian packages (non-Python) that the compiled wheels declare they need. */
  runtimeLibPackages: string[];
  report: IndexReport;
}

const normalize = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');

function readInfo(dir: string, built: boolean): IndexInfo {
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as IndexReport;
  const versions: Record<string, string> = {};
  for (const w of report.wheels) versions[normalize(w.name)] = w.version;
  const runtimeLibPackages = [...new Set(Object.values(report.requires_external).flat())].sort();
  const key = readFileSync(join(dir, '.stamp'), 'utf8');
  return { dir, built, key, versions, runtimeLibPackages, report };
}

/**
 * Build (or reuse from the cache) the stack's wheels and static PEP 503 index. The index root starts
 * as a copy of the stack's base root. Checks that pip resolves REQUIRED_DISTRIBUTIONS before caching.
 */
export async function ensureIndex(stack: Stack): Promise<IndexInfo> {
  const root = cachePath(stackPath(stack, 'index-root'));
  await ensureRoot(baseRoot(stack), stack.suite, stack.baseExtra);
  const rootBuilt = await ensureRoot(root, stack.suite, stack.indexPackages, baseRoot(stack));
  const dir = cachePath(stackPath(stack, 'index'));
  const key = fingerprint([...REQUIRED_DISTRIBUTIONS, readStamp(root)], [
    join(ASSETS_DIR, 'rewheel.py'),
    join(ASSETS_DIR, 'rewheel_metadata.py'),
    join(ASSETS_DIR, 'standin-uvicorn-worker'),
  ]);
  const stampFile = join(dir, '.stamp');
  if (!rootBuilt && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === key) return readInfo(dir, false);

  log(`rebuilding Debian ${stack.suite}'s dist-packages as wheels`);
  const work = '/tmp/cfd-e2e-rewheel';
  const inRoot = join(root, work);
  rmSync(inRoot, { recursive: true, force: true });
  cpSync(ASSETS_DIR, join(inRoot, 'assets'), { recursive: true });
  chroot(root, ['python3', `${work}/assets/rewheel.py`, `${work}/out`, '--add-project', `${work}/assets/standin-uvicorn-worker`], 'rewheel.py');

  // Self-check: pip resolves the required distributions from the index alone.
  const r = tryRun('chroot', [root, 'python3', '-m', 'pip', 'install', '--dry-run', '--ignore-installed', '--quiet',
    '--no-cache-dir', '--index-url', `file://${work}/out/simple`, ...REQUIRED_DISTRIBUTIONS, ...(stack.standard ? ['uvicorn[standard]'] : [])]);
  if (r.status !== 0) fail(`pip cannot resolve ${REQUIRED_DISTRIBUTIONS.join(' ')} from the rebuilt ${stack.suite} index: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);

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
 * Serve an index directory with `python3 -m http.server`
 * on 127.0.0.1 and a free port. Resolves once it answers.
 */
export async function startIndex(opts: { dir: string; port?: number; timeoutMs?: number }): Promise<RunningIndex> {
  const dir = opts.dir;
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
    const r = await httpGet(`http://127.0.0.1:${port}/`, 1000);
    if (r.status === 200) break;
    if (exited || Date.now() > deadline) {
      await stop();
      fail(`package index server did not answer on ${url} (status ${r.status}): ${stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
    }
    await sleep(150);
  }
  return { url, port, stop };
}
