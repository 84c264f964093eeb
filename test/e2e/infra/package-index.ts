// A local PEP 503 index of PyPI's own wheels, downloaded once into the cache with pip (the host's Python) for
// one stack's CPython, then served on 127.0.0.1 only: no build step reaches PyPI.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureAptPackages } from './apt.js';
import { type Download, type Platform, downloadPlan, requirementSets, targetFlags } from './index-plan.js';
import { DEFAULT_REQUIREMENTS } from '../../../src/versions.js';
import { type Stack, stackPath } from './stacks.js';
import { ASSETS_DIR, cachePath, ensureDir, fail, fingerprint, freePort, httpGet, log, runAsync, sleep, tryRun } from './util.js';

export interface IndexInfo {
  /** Directory to serve: has simple/ and wheels/. */
  dir: string;
  /** True if this call downloaded the wheels. */
  built: boolean;
  /** Fingerprint of the index's inputs (the requirement sets, the platforms, the scripts). */
  key: string;
  /** The wheel files in wheels/. */
  files: string[];
}

export function hostPython(): string {
  if (tryRun('python3', ['-m', 'pip', '--version']).status !== 0) ensureAptPackages(['python3', 'python3-pip']);
  return 'python3';
}

const readFiles = (dir: string): string[] => JSON.parse(readFileSync(join(dir, 'files.json'), 'utf8')) as string[];

/** The default requirements of src/versions.ts (the ranges the tool writes), as PEP 508 text. */
export const DEFAULT_LINES: string[] = Object.values(DEFAULT_REQUIREMENTS);

/**
 * For each requirement, the newest version that the index's wheel files offer inside its range, decided by PyPA's
 * `packaging` over the file names (assets/newest_in_range.py), not by the code under test.
 */
export function newestInRange(dir: string, requirements: string[] = DEFAULT_LINES): Record<string, string | null> {
  const r = tryRun(hostPython(), [join(ASSETS_DIR, 'newest_in_range.py'), dir, ...requirements]);
  if (r.status !== 0) fail(`newest_in_range.py over ${dir} failed: ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
  return JSON.parse(r.stdout) as Record<string, string | null>;
}

function missingForPlatforms(dir: string, python: string, roots: string[]): [Platform, string][] {
  const r = tryRun(hostPython(), [join(ASSETS_DIR, 'missing_for_platforms.py'), dir, python, ...roots]);
  if (r.status !== 0) fail(`missing_for_platforms.py over ${dir} failed: ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
  return JSON.parse(r.stdout) as [Platform, string][];
}

/**
 * Releases beside the newest of each default, wheel only (--no-deps): the one before it inside the range, and the
 * newest above the range. With them, "pip installed the newest inside the range" is a choice the resolver made.
 */
function neighbours(python: string, newest: Record<string, string | null>): Download[] {
  return DEFAULT_LINES.flatMap((line) => {
    const name = line.match(/^[A-Za-z0-9._-]+/)?.[0] ?? line;
    const spec = line.slice(name.length).replace(/^\[[^\]]*\]/, '');
    const upper = spec.match(/<\s*([0-9][0-9.]*)/)?.[1];
    const have = newest[name.toLowerCase()];
    const args = (req: string) => [...targetFlags(python, 'linux'), '--no-deps', req];
    return [
      ...(have ? [{ what: `${name} before ${have}`, args: args(`${name}${spec},<${have}`), optional: true }] : []),
      ...(upper ? [{ what: `${name} above the range`, args: args(`${name}>=${upper}`), optional: true }] : []),
    ];
  });
}

/**
 * Download (or reuse from the cache) PyPI's wheels for every requirement set the tool writes (index-plan.ts), for
 * the stack's CPython on Linux, plus what Windows and macOS add (Poetry and uv lock for every platform), the uv
 * wheel, and the releases beside each default's newest. Re-downloads when the plan changes (a new default in
 * src/versions.ts changes it).
 */
export async function ensureIndex(stack: Stack): Promise<IndexInfo> {
  const dir = cachePath(stackPath(stack, 'index'));
  const plan = await downloadPlan(stack.python);
  const key = fingerprint([JSON.stringify(plan), ...DEFAULT_LINES], ['simple_index.py', 'newest_in_range.py', 'missing_for_platforms.py'].map((f) => join(ASSETS_DIR, f)));
  const stampFile = join(dir, '.stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === key) return { dir, built: false, key, files: readFiles(dir) };

  const python = hostPython();
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  const wheels = ensureDir(join(tmp, 'wheels'));
  const pipCache = cachePath('pip-cache');
  let n = 0;
  // Each download into a directory of its own (two pips never write one file), moved into wheels/ after.
  const download = async (d: Download) => {
    const into = join(tmp, `d${n++}`);
    const r = await runAsync(python, ['-m', 'pip', 'download', '--quiet', '--disable-pip-version-check', '--cache-dir', pipCache, '-d', into, ...d.args], { hostNetwork: true });
    if (r.status !== 0 && !d.optional) fail(`pip download (${d.what}) failed: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);
    if (existsSync(into)) for (const f of readdirSync(into)) renameSync(join(into, f), join(wheels, f));
    rmSync(into, { recursive: true, force: true });
  };
  const all = async (downloads: Download[]) => {
    const queue = [...downloads];
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let d = queue.shift(); d; d = queue.shift()) await download(d);
    }));
  };
  log(`downloading PyPI's wheels for CPython ${stack.python} (${plan.length} pip downloads) into ${dir}`);
  await all(plan);
  // What markers add for other platforms (and for the target Python, which pip's markers do not see), to a closure.
  const roots = [...new Set((await requirementSets()).flat())];
  for (let round = 1; ; round++) {
    const missing = missingForPlatforms(tmp, stack.python, roots);
    if (!missing.length) break;
    if (round > 6) fail(`the index for CPython ${stack.python} still lacks ${missing.map(([p, r]) => `${r} (${p})`).join(', ')} after ${round - 1} rounds`);
    log(`CPython ${stack.python}: fetching what ${[...new Set(missing.map(([p]) => p))].join(' and ')} add: ${missing.map(([, r]) => r).join(', ')}`);
    await all(missing.map(([platform, req]) => ({ what: `${req} for ${platform}`, args: [...targetFlags(stack.python, platform), '--no-deps', req], optional: false })));
  }
  await all(neighbours(stack.python, newestInRange(tmp)));
  const r = tryRun(python, [join(ASSETS_DIR, 'simple_index.py'), tmp]);
  if (r.status !== 0) fail(`writing the simple index in ${tmp} failed: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);
  writeFileSync(join(tmp, 'files.json'), r.stdout);
  writeFileSync(join(tmp, '.stamp'), key);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return { dir, built: true, key, files: readFiles(dir) };
}

export interface RunningIndex {
  /** PEP 503 root, e.g. http://127.0.0.1:41234/simple/ */
  url: string;
  port: number;
  /** Stop the server (idempotent). */
  stop(): Promise<void>;
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
