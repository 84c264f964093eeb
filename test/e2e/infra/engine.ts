// The e2e suite's own Docker engine: Debian sid's dockerd 28 with its containerd, chrooted into a root of its own
// (engine-root.ts, entered with pivot_root), with a private socket, pidfile, exec-root, data-root and cgroup parent, so that it never meets a
// Docker engine anyone else runs on the machine. It lives in a mount and pid namespace of its own, inside the run's
// network namespace (sandbox.ts): its bind mounts, its containerd, shims and containers all end when it ends.
// Every docker command goes through DOCKER with DOCKER_ENV (docker, dockerTry, dockerAsync below).
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellWord } from '../../../src/render/escape.js';
import { ensureAptPackages } from './apt.js';
import { DOCKER, ENGINE_ROOT, ensureEngineRoot } from './engine-root.js';
import { onCleanup } from './sandbox.js';
import { CACHE_DIR, type RunOptions, type RunResult, fail, log, removeEmptyDirs, run, runAsync, sleep, tryRun } from './util.js';

export { DOCKER, ENGINE_ROOT };

/** Socket, pidfile and exec-root: one directory per cache dir, short enough for unix socket paths. */
const HASH = createHash('sha256').update(CACHE_DIR).digest('hex').slice(0, 8);
export const ENGINE_RUN_DIR = `/run/create-fastapi-docker-e2e-${HASH}`;
export const ENGINE_SOCKET = join(ENGINE_RUN_DIR, 'docker.sock');
export const ENGINE_PIDFILE = join(ENGINE_RUN_DIR, 'docker.pid');
export const DOCKER_HOST = `unix://${ENGINE_SOCKET}`;
/** Images, containers, volumes and the build cache of the private engine; its log. */
export const ENGINE_DIR = join(CACHE_DIR, 'engine');
/** The client's config directory (no user's ~/.docker is read); the root's CLI plugins are linked into its cli-plugins/. */
export const DOCKER_CONFIG_DIR = join(CACHE_DIR, 'docker-config');
/** The cgroup parent of the engine's containers, in every controller: the engine's own, removed when empty. */
export const CGROUP_PARENT = `cfd-e2e-${HASH}`;

const LOG_FILE = join(ENGINE_DIR, 'dockerd.log');

/** The environment of every docker command: the private engine, BuildKit (through buildx), the private client config. */
export const DOCKER_ENV: NodeJS.ProcessEnv = (() => {
  const { DOCKER_CONTEXT: _c, DOCKER_TLS_VERIFY: _t, DOCKER_CERT_PATH: _p, BUILDX_BUILDER: _b, ...rest } = process.env;
  return { ...rest, DOCKER_HOST, DOCKER_BUILDKIT: '1', DOCKER_CONFIG: DOCKER_CONFIG_DIR };
})();

/** Runs `docker ARGS` against the private engine; fails loudly on a non-zero exit. */
export const docker = (args: string[], opts: RunOptions & { what?: string } = {}): string => run(DOCKER, args, { ...opts, env: DOCKER_ENV });
/** Runs `docker ARGS` against the private engine; never throws. */
export const dockerTry = (args: string[], opts: RunOptions = {}): RunResult => tryRun(DOCKER, args, { ...opts, env: DOCKER_ENV });
/** Runs `docker ARGS` against the private engine without blocking the event loop. */
export const dockerAsync = (args: string[], opts: { input?: string } = {}): Promise<RunResult> => runAsync(DOCKER, args, { ...opts, env: DOCKER_ENV });

/**
 * dockerd's flags. No iptables rules, no IP forwarding and no default bridge: builds and most containers use the
 * (run's own) host network; user-defined bridge networks made by the tests connect the containers on them.
 */
export const DOCKERD_ARGS = [
  '--config-file', join(ENGINE_DIR, 'daemon.json'),
  '--host', DOCKER_HOST,
  '--pidfile', ENGINE_PIDFILE,
  '--exec-root', join(ENGINE_RUN_DIR, 'exec'),
  '--data-root', join(ENGINE_DIR, 'data'),
  '--cgroup-parent', CGROUP_PARENT,
  '--iptables=false', '--ip6tables=false', '--ip-forward=false', '--ip-masq=false', '--bridge=none',
  '--default-address-pool', 'base=10.213.0.0/16,size=24',
  '--containerd-namespace', 'cfd-e2e', '--containerd-plugins-namespace', 'cfd-e2e-plugins',
];

/** What the host needs: debootstrap for the roots, iproute2 for the sandbox's loopback, util-linux's unshare/nsenter. */
export const HOST_PACKAGES = ['debootstrap', 'iproute2', 'util-linux'];

export interface EngineInfo {
  /** Host packages this call installed. */
  installed: string[];
  /** The pid of the engine's namespace holder (`unshare`); the engine's processes are in its pid namespace. */
  pid: number;
  dockerHost: string;
  /** Server version, e.g. 28.5.2+dfsg4. */
  serverVersion: string;
  /** Client, buildx and compose versions. */
  client: { docker: string; buildx: string; compose: string };
  /** Seconds to make the root (0 when cached) and to start the daemon. */
  seconds: { root: number; start: number };
  logFile: string;
}

export const engineAnswers = (): boolean => existsSync(ENGINE_SOCKET) && dockerTry(['info', '--format', '{{.ID}}'], { timeout: 20_000 }).status === 0;

/**
 * The shell that runs in the engine's namespaces: the root's mounts, then pivot_root into it (not chroot: under a
 * chroot, runc's `exec` (healthchecks, `docker exec`) would not land in the container's root), then docker-init (tini)
 * as pid 1 over dockerd. The host's tree is detached once the root is in place.
 */
function engineScript(): string {
  const r = shellWord(ENGINE_ROOT);
  // The engine's own directories, and the host's temporary directory, where the tests make the projects whose
  // files containers bind-mount (`docker run -v`, compose's Caddyfile): the daemon resolves those paths in its root.
  const binds = [ENGINE_DIR, ENGINE_RUN_DIR, tmpdir()].flatMap((d) => [`mkdir -p ${r}${shellWord(d)}`, `mount --rbind ${shellWord(d)} ${r}${shellWord(d)}`]);
  return [
    'set -e',
    `mount --bind ${r} ${r}`,
    `mount -t proc proc ${r}/proc`,
    `mount --rbind /sys ${r}/sys`,
    `mount --rbind /dev ${r}/dev`,
    `mount -t tmpfs tmpfs ${r}/run`,
    ...binds,
    `mkdir -p ${r}/.host`,
    `cd ${r}`,
    'pivot_root . .host',
    'cd /',
    'export PATH=/usr/sbin:/usr/bin:/sbin:/bin',
    'umount -l /.host',
    `exec /usr/bin/docker-init -- dockerd ${DOCKERD_ARGS.map(shellWord).join(' ')}`,
  ].join('\n');
}

let cleanupRegistered = false;
let engine: { child: ChildProcess; info: EngineInfo; exited: Promise<void>; done: boolean } | undefined;
/** The engine as this process's ensureEngine() started it (for releasing it after a failure). */
export const engineOfThisRun = (): EngineInfo | undefined => engine?.info;

async function waitForEngine(timeoutMs: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!engineAnswers()) {
    if (exited()) {
      const tail = tryRun('tail', ['-n', '3', LOG_FILE]).stdout.trim().replace(/\n/g, ' | ');
      fail(`the private dockerd exited before answering; see ${LOG_FILE}: ${tail}`);
    }
    if (Date.now() > deadline) fail(`the private docker engine did not answer within ${timeoutMs / 1000}s; see ${LOG_FILE}`);
    await sleep(300);
  }
}

/**
 * Makes the engine's root if needed and starts the private dockerd in it, for this run only (it lives in the
 * run's network namespace, where the run's index and probes are). Refuses if another run's engine answers on
 * this cache dir's socket. Called again in the same process, it returns what the first call found.
 */
export async function ensureEngine(opts: { timeoutMs?: number; cpuList?: string } = {}): Promise<EngineInfo> {
  const timeoutMs = opts.timeoutMs ?? 90_000;
  if (engine && !engine.done && engineAnswers()) return engine.info;
  const installed = ensureAptPackages(HOST_PACKAGES);
  for (const dir of [ENGINE_DIR, DOCKER_CONFIG_DIR]) mkdirSync(dir, { recursive: true });
  const t0 = Date.now();
  const built = await ensureEngineRoot(join(DOCKER_CONFIG_DIR, 'cli-plugins'));
  const rootSeconds = built ? (Date.now() - t0) / 1000 : 0;
  if (engineAnswers()) fail(`another e2e run's engine answers at ${ENGINE_SOCKET} (cache ${CACHE_DIR}); wait for it to end, or set CFD_E2E_CACHE to a directory of your own`);
  rmSync(ENGINE_RUN_DIR, { recursive: true, force: true });
  mkdirSync(ENGINE_RUN_DIR, { recursive: true, mode: 0o700 });
  // No BuildKit garbage collection during the run: the build cache is this run's alone and is pruned at its end
  // (cleanUpRun), and a collection between a cold build and its rebuild would make the cache checks a matter of luck.
  writeFileSync(join(ENGINE_DIR, 'daemon.json'), `${JSON.stringify({ builder: { gc: { enabled: false } } })}\n`);
  log(`starting a private dockerd in ${ENGINE_ROOT} (socket ${ENGINE_SOCKET}, data ${ENGINE_DIR}/data, log ${LOG_FILE})`);
  const t1 = Date.now();
  const fd = openSync(LOG_FILE, 'a');
  // A process group of its own: a Ctrl-C reaches the run, which then stops the engine in order (cleanUpRun first).
  // With cpuList, the whole engine starts on those CPUs: dockerd counts its CPUs once, when it starts (NCPU, the
  // --cpus range), so pinning a running Docker 28 changes nothing it reports; containerd and the shims inherit it.
  // The containers too: runc puts each into a cpuset cgroup under the engine's cgroup parent, and joining a cpuset
  // sets a task's CPUs to the cpuset's, so the parent's cpuset is the CPU list (or the machine's, restored).
  setCpuset(opts.cpuList);
  const unshare = ['unshare', '--mount', '--pid', '--fork', '--kill-child=SIGTERM', 'sh', '-c', engineScript()];
  const [cmd, ...args] = opts.cpuList ? ['taskset', '-c', opts.cpuList, ...unshare] : unshare;
  const child = spawn(cmd as string, args, { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let exited = false;
  const exitedP = new Promise<void>((resolve) =>
    child.on('exit', () => {
      exited = true;
      resolve();
    }),
  );
  await waitForEngine(timeoutMs, () => exited);
  const serverVersion = docker(['version', '--format', '{{.Server.Version}}']).trim();
  const client = {
    docker: docker(['version', '--format', '{{.Client.Version}}']).trim(),
    buildx: docker(['buildx', 'version']).trim().split(/\s+/)[1] ?? '',
    compose: docker(['compose', 'version', '--short']).trim(),
  };
  const info: EngineInfo = { installed, pid: child.pid ?? 0, dockerHost: DOCKER_HOST, serverVersion, client, seconds: { root: rootSeconds, start: (Date.now() - t1) / 1000 }, logFile: LOG_FILE };
  engine = { child, info, exited: exitedP, done: false };
  // Once per process, however often the engine is restarted (the one-CPU phase): the run's later clean-ups (its
  // containers and images) run first, newest first, while this engine still answers.
  if (!cleanupRegistered) onCleanup(async () => console.log(`Engine: ${await releaseEngine()}.`));
  cleanupRegistered = true;
  return info;
}

/**
 * The CPUs of the engine's cgroup parent in the cgroup v1 cpuset hierarchy (made if missing, with the root's memory
 * nodes), from which every container's cpuset is made: `cpuList`, or the root's CPUs when none is given. Nothing on a
 * machine without that hierarchy (cgroup v2 gives containers the engine's own CPUs).
 */
function setCpuset(cpuList: string | undefined): void {
  const root = '/sys/fs/cgroup/cpuset';
  if (!existsSync(join(root, 'cpuset.cpus'))) return;
  const dir = join(root, CGROUP_PARENT);
  if (!cpuList && !existsSync(dir)) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cpuset.mems'), readFileSync(join(root, 'cpuset.mems'), 'utf8'));
  writeFileSync(join(dir, 'cpuset.cpus'), cpuList ?? readFileSync(join(root, 'cpuset.cpus'), 'utf8'));
}

/** The pid (as this process sees it) of the engine's pid-namespace init, docker-init: unshare's only child. */
function namespaceInit(holder: number): number {
  const file = `/proc/${holder}/task/${holder}/children`;
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim().split(/\s+/)[0]) || 0 : 0;
}

/**
 * Stops the private dockerd this run started: SIGTERM to its docker-init, which passes it on (dockerd stops its
 * containers and containerd); after 30 s, SIGKILL, which ends every process in its pid namespace. Then removes its
 * socket directory and its empty cgroups. Idempotent; says what it did.
 */
export async function releaseEngine(): Promise<string> {
  if (!engine || engine.done) return 'no private dockerd of this run is running';
  engine.done = true;
  const { child, info, exited } = engine;
  const init = namespaceInit(info.pid);
  if (init) process.kill(init, 'SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(30_000).then(() => false)]);
  if (!stopped) {
    child.kill('SIGKILL');
    if (init) tryRun('kill', ['-KILL', String(init)]);
    await Promise.race([exited, sleep(5_000)]);
  }
  rmSync(ENGINE_RUN_DIR, { recursive: true, force: true });
  for (const controller of existsSync('/sys/fs/cgroup') ? tryRun('ls', ['/sys/fs/cgroup']).stdout.split('\n').filter(Boolean) : []) {
    removeEmptyDirs(join('/sys/fs/cgroup', controller, CGROUP_PARENT));
  }
  return stopped ? `stopped the private dockerd (namespace ${info.pid})` : `killed the private dockerd (namespace ${info.pid}): it did not stop within 30 s of SIGTERM`;
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
