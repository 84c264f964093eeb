// The e2e suite's own Docker engine: Debian's dockerd 20.10 with a private socket, pidfile,
// exec-root and data-root, so that it never meets a Docker engine anyone else runs on the machine.
// Every docker command goes through DOCKER with DOCKER_ENV (docker, dockerTry, dockerAsync below).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureAptPackages } from './apt.js';
import { CACHE_DIR, type RunOptions, type RunResult, fail, log, run, runAsync, sleep, tryRun } from './util.js';

/**
 * The Docker client: Debian's 20.10 client, which builds with the daemon's own BuildKit.
 * The `docker` first on PATH may be a newer client without buildx, which refuses BuildKit builds.
 */
export const DOCKER = '/usr/bin/docker';

/** Socket, pidfile and exec-root: one directory per cache dir, short enough for unix socket paths. */
export const ENGINE_RUN_DIR = `/run/create-fastapi-docker-e2e-${createHash('sha256').update(CACHE_DIR).digest('hex').slice(0, 8)}`;
export const ENGINE_SOCKET = join(ENGINE_RUN_DIR, 'docker.sock');
export const ENGINE_PIDFILE = join(ENGINE_RUN_DIR, 'docker.pid');
export const DOCKER_HOST = `unix://${ENGINE_SOCKET}`;
/** Images, containers, volumes and the build cache of the private engine; its log; the leases of the runs using it. */
export const ENGINE_DIR = join(CACHE_DIR, 'engine');
/** The client's config directory (no user's ~/.docker is read); CLI plugins go in its cli-plugins/. */
export const DOCKER_CONFIG_DIR = join(CACHE_DIR, 'docker-config');

const LEASES = join(ENGINE_DIR, 'leases');
const HANDOVER = join(ENGINE_DIR, 'stop-after-last-user');
const START_LOCK = join(ENGINE_DIR, 'start.lock');
const LOG_FILE = join(ENGINE_DIR, 'dockerd.log');

/** The environment of every docker command: the private engine, BuildKit, the private client config. */
export const DOCKER_ENV: NodeJS.ProcessEnv = (() => {
  const { DOCKER_CONTEXT: _c, DOCKER_TLS_VERIFY: _t, DOCKER_CERT_PATH: _p, ...rest } = process.env;
  return { ...rest, DOCKER_HOST, DOCKER_BUILDKIT: '1', DOCKER_CONFIG: DOCKER_CONFIG_DIR };
})();

/** Runs `docker ARGS` against the private engine; fails loudly on a non-zero exit. */
export const docker = (args: string[], opts: RunOptions & { what?: string } = {}): string => run(DOCKER, args, { ...opts, env: DOCKER_ENV });
/** Runs `docker ARGS` against the private engine; never throws. */
export const dockerTry = (args: string[], opts: RunOptions = {}): RunResult => tryRun(DOCKER, args, { ...opts, env: DOCKER_ENV });
/** Runs `docker ARGS` against the private engine without blocking the event loop. */
export const dockerAsync = (args: string[], opts: { input?: string } = {}): Promise<RunResult> => runAsync(DOCKER, args, { ...opts, env: DOCKER_ENV });

/**
 * dockerd's flags. No iptables rules, no IP forwarding and no default bridge: nothing on the host
 * changes. Builds and most containers use the host network; user-defined bridge networks (made by
 * the tests, with their own subnets) still connect the containers on them to each other.
 */
export const DOCKERD_ARGS = [
  '--config-file', join(ENGINE_DIR, 'daemon.json'),
  '--host', DOCKER_HOST,
  '--pidfile', ENGINE_PIDFILE,
  '--exec-root', join(ENGINE_RUN_DIR, 'exec'),
  '--data-root', join(ENGINE_DIR, 'data'),
  '--iptables=false', '--ip-forward=false', '--ip-masq=false', '--bridge=none',
  '--default-address-pool', 'base=10.213.0.0/16,size=24',
  // Kept apart even if a system containerd is running and dockerd uses it.
  '--containerd-namespace', 'cfd-e2e', '--containerd-plugins-namespace', 'cfd-e2e-plugins',
];

export const HOST_PACKAGES = ['docker.io', 'debootstrap'];

export interface EngineInfo {
  /** Packages this call installed. */
  installed: string[];
  /** True if this run started the private dockerd (false: it reused one an earlier or concurrent run started). */
  started: boolean;
  /** The private dockerd's pid. */
  pid: number;
  dockerHost: string;
  /** Server version, e.g. 20.10.24+dfsg1. */
  serverVersion: string;
  logFile: string;
}

export const engineAnswers = (): boolean => existsSync(ENGINE_SOCKET) && dockerTry(['info', '--format', '{{.ID}}'], { timeout: 20_000 }).status === 0;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const readPid = (file: string): number => (existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) || 0 : 0);

/** The pid in our pidfile, if that process is a dockerd started with our pidfile (never another engine). */
function privateEnginePid(): number {
  const pid = readPid(ENGINE_PIDFILE);
  if (!pid || !alive(pid)) return 0;
  const cmdline = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0') : [];
  return cmdline[0]?.endsWith('dockerd') && cmdline.includes(ENGINE_PIDFILE) ? pid : 0;
}

/** Runs (other than this one) holding a lease on the engine; stale leases of dead runs are removed. */
function otherLeases(): number[] {
  const pids = existsSync(LEASES) ? readdirSync(LEASES).map(Number).filter((p) => p && p !== process.pid) : [];
  const live = pids.filter(alive);
  for (const p of pids.filter((p) => !live.includes(p))) rmSync(join(LEASES, String(p)), { force: true });
  return live;
}

async function startDockerd(timeoutMs: number): Promise<boolean> {
  let lock: number;
  try {
    lock = openSync(START_LOCK, 'wx');
  } catch {
    // Another run is starting it (or died doing so): wait for the engine, or take over a stale lock.
    const holder = readPid(START_LOCK);
    if (holder && alive(holder)) return waitForEngine(timeoutMs, () => null).then(() => false);
    rmSync(START_LOCK, { force: true });
    return startDockerd(timeoutMs);
  }
  try {
    writeFileSync(lock, String(process.pid));
    if (engineAnswers()) return false;
    log(`starting a private dockerd (socket ${ENGINE_SOCKET}, data ${ENGINE_DIR}/data, log ${LOG_FILE})`);
    writeFileSync(join(ENGINE_DIR, 'daemon.json'), '{}\n');
    const fd = openSync(LOG_FILE, 'a');
    const child = spawn('/usr/sbin/dockerd', DOCKERD_ARGS, { detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    child.unref();
    let exited: number | null = null;
    child.on('exit', (code) => (exited = code ?? -1));
    await waitForEngine(timeoutMs, () => exited);
    return true;
  } finally {
    closeSync(lock);
    rmSync(START_LOCK, { force: true });
  }
}

async function waitForEngine(timeoutMs: number, exited: () => number | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!engineAnswers()) {
    const code = exited();
    if (code !== null) {
      const tail = tryRun('tail', ['-n', '3', LOG_FILE]).stdout.trim().replace(/\n/g, ' | ');
      fail(`dockerd exited with code ${code} before answering; see ${LOG_FILE}: ${tail}`);
    }
    if (Date.now() > deadline) fail(`the private docker engine did not answer within ${timeoutMs / 1000}s; see ${LOG_FILE}`);
    await sleep(300);
  }
}

let thisRun: EngineInfo | undefined;
/** The engine as this process's first ensureEngine() found it (for releasing it after a failure). */
export const engineOfThisRun = (): EngineInfo | undefined => thisRun;

/**
 * Installs docker.io and debootstrap if missing, takes a lease on the private engine and starts it
 * unless it already answers (then it is reused as it is). Fails loudly if it does not come up.
 * Called again in the same process, it returns what the first call found.
 */
export async function ensureEngine(timeoutMs = 60_000): Promise<EngineInfo> {
  if (thisRun && engineAnswers()) return thisRun;
  const installed = ensureAptPackages(HOST_PACKAGES);
  if (!existsSync(DOCKER)) fail(`${DOCKER} missing after installing docker.io`);
  for (const dir of [ENGINE_DIR, LEASES, DOCKER_CONFIG_DIR]) mkdirSync(dir, { recursive: true });
  mkdirSync(ENGINE_RUN_DIR, { recursive: true, mode: 0o700 });
  writeFileSync(join(LEASES, String(process.pid)), new Date().toISOString());
  const started = engineAnswers() ? false : await startDockerd(timeoutMs);
  const pid = privateEnginePid();
  if (!pid) fail(`the engine at ${ENGINE_SOCKET} answers, but ${ENGINE_PIDFILE} names no dockerd of ours`);
  const serverVersion = docker(['version', '--format', '{{.Server.Version}}']).trim();
  thisRun = { installed, started, pid, dockerHost: DOCKER_HOST, serverVersion, logFile: LOG_FILE };
  return thisRun;
}

/** True when no other live run holds a lease on the engine (so engine-wide clean-up touches only ours). */
export const aloneOnEngine = (): boolean => otherLeases().length === 0;

/**
 * Drops this run's lease. The private dockerd is stopped (by its pid, SIGTERM, then waited for) only
 * if this run started it, or was handed it by the run that did, and no other run still uses it;
 * `keep` leaves it running for the next run. Says what it did.
 */
export async function releaseEngine(info: EngineInfo, keep = false): Promise<string> {
  rmSync(join(LEASES, String(process.pid)), { force: true });
  const handedOver = readPid(HANDOVER) === info.pid;
  if (keep) {
    if (handedOver) rmSync(HANDOVER, { force: true });
    return `left the private dockerd (pid ${info.pid}) running, as asked`;
  }
  if (!info.started && !handedOver) return `left the private dockerd (pid ${info.pid}) running: an earlier run started it`;
  const others = otherLeases();
  if (others.length) {
    writeFileSync(HANDOVER, String(info.pid));
    return `left the private dockerd (pid ${info.pid}) running for runs ${others.join(', ')}; the last of them stops it`;
  }
  rmSync(HANDOVER, { force: true });
  if (privateEnginePid() !== info.pid) return `the private dockerd (pid ${info.pid}) had already stopped`;
  process.kill(info.pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (alive(info.pid) && Date.now() < deadline) await sleep(200);
  if (alive(info.pid)) return `the private dockerd (pid ${info.pid}) did not stop within 30 s of SIGTERM; left running`;
  return `stopped the private dockerd this run started (pid ${info.pid})`;
}

export function imageExists(ref: string): boolean {
  return dockerTry(['image', 'inspect', ref]).status === 0;
}

/** Fail loudly unless an image is present locally (so nothing ever tries Docker Hub). */
export function requireImage(ref: string): void {
  if (!imageExists(ref)) fail(`image ${ref} is not present locally; run test/e2e/infra/setup.ts first (Docker Hub is unreachable)`);
}

/** Label holding the fingerprint of what a locally built infrastructure image was made from. */
export const KEY_LABEL = 'dev.create-fastapi-docker.e2e.key';

/** A label of a local image, or undefined if the image (or the label) is absent. */
export function imageLabel(image: string, label: string): string | undefined {
  const r = dockerTry(['image', 'inspect', '-f', `{{index .Config.Labels "${label}"}}`, image]);
  const v = r.stdout.trim();
  return r.status === 0 && v && v !== '<no value>' ? v : undefined;
}
