// Small shared helpers for the offline e2e infrastructure: running commands,
// the cache directory, logging and loud failure.
import { type ChildProcessWithoutNullStreams, type StdioOptions, spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of all cached state (debootstrap roots, wheels, logs). */
export const CACHE_DIR = process.env.CFD_E2E_CACHE ?? '/var/cache/create-fastapi-docker-e2e';

/** Directory holding the non-TypeScript assets (Python scripts, shell scripts). */
export const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'assets');

/** Thrown for anything that makes the infrastructure unusable. Its message is one line. */
export class InfraError extends Error {
  override name = 'InfraError';
}

export function fail(message: string): never {
  throw new InfraError(message.replace(/\s*\n\s*/g, ' | '));
}

export function log(message: string): void {
  process.stderr.write(`[e2e-infra] ${message}\n`);
}

export function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}

export function cachePath(...parts: string[]): string {
  return join(ensureDir(CACHE_DIR), ...parts);
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions extends Omit<SpawnSyncOptions, 'encoding'> {
  /** Input written to the child's stdin. */
  input?: string | Buffer;
  /** Let the child's output go straight to our stderr (for long steps). */
  inherit?: boolean;
  /** The command fetches from the internet (apt, debootstrap, pip download): run it in the host's network (sandbox.ts). */
  hostNetwork?: boolean;
}

/**
 * Inside the e2e's sandbox (sandbox.ts) the run has a network namespace of its own, with only a loopback; the
 * launcher hands the host's network namespace in as file descriptor HOST_NET_FD. A command that fetches from the
 * internet runs there, through nsenter; nothing else does.
 */
export const HOST_NET_FD = 3;
export const insideSandbox = (): boolean => process.env.CFD_E2E_SANDBOX === String(HOST_NET_FD);
function onHostNetwork(cmd: string, args: string[], hostNetwork: boolean | undefined): { cmd: string; args: string[]; fd?: number } {
  if (!hostNetwork || !insideSandbox()) return { cmd, args };
  return { cmd: 'nsenter', args: [`--net=/proc/self/fd/${HOST_NET_FD}`, '--', cmd, ...args], fd: HOST_NET_FD };
}

/** Run a command synchronously; never throws on a non-zero exit. */
export function tryRun(cmd: string, args: string[], opts: RunOptions = {}): RunResult {
  const { inherit, hostNetwork, ...rest } = opts;
  const c = onHostNetwork(cmd, args, hostNetwork);
  const stdio: SpawnSyncOptions['stdio'] = inherit ? ['pipe', process.stderr, process.stderr] : ['pipe', 'pipe', 'pipe'];
  const r = spawnSync(c.cmd, c.args, {
    maxBuffer: 256 * 1024 * 1024,
    ...rest,
    encoding: 'utf8',
    stdio: c.fd === undefined ? stdio : [...stdio, c.fd],
  });
  if (r.error) {
    return { status: 127, stdout: '', stderr: String(r.error.message) };
  }
  return { status: r.status ?? 128, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Run a command synchronously; fail loudly (one line) on a non-zero exit. */
export function run(cmd: string, args: string[], opts: RunOptions & { what?: string } = {}): string {
  const { what, ...rest } = opts;
  const r = tryRun(cmd, args, rest);
  if (r.status !== 0) {
    const tail = (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ');
    fail(`${what ?? `${cmd} ${args.join(' ')}`} failed (exit ${r.status}): ${tail}`);
  }
  return r.stdout;
}

/** Run a command asynchronously (so timers keep running); resolves with its result. */
export function runAsync(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; hostNetwork?: boolean } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const c = onHostNetwork(cmd, args, opts.hostNetwork);
    const stdio: StdioOptions = c.fd === undefined ? ['pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe', c.fd];
    const child = spawn(c.cmd, c.args, { env: opts.env, cwd: opts.cwd, stdio }) as ChildProcessWithoutNullStreams;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => resolve({ status: 127, stdout, stderr: stderr + String(e.message) }));
    child.on('close', (code) => resolve({ status: code ?? 128, stdout, stderr }));
    // A child that exits before reading its input makes the pipe fail (EPIPE): that must not crash the suite, and
    // the child's own exit status is the result.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1 (bound then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** sha256 over a list of strings and the contents of files/directories (recursively, sorted). */
export function fingerprint(parts: string[], paths: string[] = []): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(`${p}\0`);
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) {
      for (const e of readdirSync(p).sort()) walk(join(p, e));
    } else {
      h.update(`${p}\0`);
      h.update(readFileSync(p));
    }
  };
  for (const p of paths) if (existsSync(p)) walk(p);
  return h.digest('hex').slice(0, 16);
}

/** Fetch a URL (loopback only) and return status and body, or status 0 on a connection error. */
export async function httpGet(url: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) {
    fail(`refusing to send test traffic off loopback: ${url}`);
  }
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, body: await res.text() };
  } catch {
    return { status: 0, body: '' };
  }
}

/** Poll a loopback URL until it answers (any HTTP status) or the deadline passes. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await httpGet(url, 2000);
    if (r.status !== 0) return r;
    if (Date.now() > deadline) return r;
    await sleep(200);
  }
}

/** Removes the empty directories under `dir` (a cgroup tree), deepest first; a cgroup with processes stays. */
export function removeEmptyDirs(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) removeEmptyDirs(join(dir, entry.name));
  try {
    rmdirSync(dir);
  } catch {
    // still in use, or not empty: left alone
  }
}
