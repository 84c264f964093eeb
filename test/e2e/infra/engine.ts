// The container engine: Debian's docker.io (20.10) and its own client.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, statSync } from 'node:fs';
import { cachePath, fail, log, run, sleep, tryRun } from './util.js';

/**
 * The Docker client to use. Always Debian's 20.10 client: the `docker` first on
 * PATH may be a 28.x client without buildx, which refuses BuildKit builds.
 */
export const DOCKER = '/usr/bin/docker';

/** Environment for `docker build`: BuildKit through the daemon, no buildx needed. */
export const DOCKER_ENV: NodeJS.ProcessEnv = { ...process.env, DOCKER_BUILDKIT: '1' };

/** Debian packages the infrastructure needs on the host. */
export const HOST_PACKAGES = ['docker.io', 'debootstrap'];

function isInstalled(pkg: string): boolean {
  const r = tryRun('dpkg-query', ['-W', '-f=${Status}', pkg]);
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** apt-get update, but only if the lists look absent or older than a day. */
function aptUpdateIfNeeded(): boolean {
  const lists = '/var/lib/apt/lists';
  const marker = `${lists}/partial`;
  let fresh = false;
  if (existsSync(marker)) {
    const r = tryRun('sh', ['-c', `ls ${lists}/*_Packages 2>/dev/null | head -n 1`]);
    const first = r.stdout.trim();
    if (first) fresh = Date.now() - statSync(first).mtimeMs < 24 * 3600 * 1000;
  }
  if (fresh) return false;
  log('apt-get update');
  run('apt-get', ['update'], { what: 'apt-get update' });
  return true;
}

/** Install any of `pkgs` that are missing. Returns the ones it installed. */
export function ensureAptPackages(pkgs: string[]): string[] {
  const missing = pkgs.filter((p) => !isInstalled(p));
  if (missing.length === 0) return [];
  aptUpdateIfNeeded();
  log(`apt-get install -y ${missing.join(' ')}`);
  run('apt-get', ['install', '-y', ...missing], {
    what: `apt-get install ${missing.join(' ')}`,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return missing;
}

export function engineRunning(): boolean {
  return existsSync(DOCKER) && tryRun(DOCKER, ['info'], { timeout: 20_000 }).status === 0;
}

export interface EngineInfo {
  /** Packages this call installed. */
  installed: string[];
  /** True if this call started dockerd. */
  started: boolean;
  /** Server version, e.g. 20.10.24+dfsg1. */
  serverVersion: string;
  /** Where dockerd logs when we start it. */
  logFile: string;
}

/**
 * Make sure docker.io and debootstrap are installed and the engine answers
 * `docker info`; starts dockerd in the background (logging to the cache dir)
 * if needed. Fails loudly if the engine does not come up in `timeoutMs`.
 */
export async function ensureEngine(timeoutMs = 60_000): Promise<EngineInfo> {
  const installed = ensureAptPackages(HOST_PACKAGES);
  if (!existsSync(DOCKER)) fail(`${DOCKER} missing after installing docker.io`);
  const logFile = cachePath('dockerd.log');
  let started = false;
  if (!engineRunning()) {
    log(`starting dockerd in the background (log: ${logFile})`);
    const fd = openSync(logFile, 'a');
    const child = spawn('/usr/sbin/dockerd', [], { detached: true, stdio: ['ignore', fd, fd] });
    child.unref();
    closeSync(fd);
    started = true;
    const deadline = Date.now() + timeoutMs;
    let exited: number | null = null;
    child.on('exit', (code) => (exited = code ?? -1));
    while (!engineRunning()) {
      if (exited !== null) {
        const tail = tryRun('tail', ['-n', '3', logFile]).stdout.trim().replace(/\n/g, ' | ');
        fail(`dockerd exited with code ${exited} before answering; see ${logFile}: ${tail}`);
      }
      if (Date.now() > deadline) fail(`docker engine did not answer 'docker info' within ${timeoutMs / 1000}s; see ${logFile}`);
      await sleep(500);
    }
  }
  const serverVersion = run(DOCKER, ['version', '--format', '{{.Server.Version}}']).trim();
  return { installed, started, serverVersion, logFile };
}

export function imageExists(ref: string): boolean {
  return tryRun(DOCKER, ['image', 'inspect', ref]).status === 0;
}

/** Fail loudly unless an image is present locally (so nothing ever tries Docker Hub). */
export function requireImage(ref: string): void {
  if (!imageExists(ref)) fail(`image ${ref} is not present locally; run test/e2e/infra/setup.ts first (Docker Hub is unreachable)`);
}

/** Label holding the fingerprint of what a locally built infrastructure image was made from. */
export const KEY_LABEL = 'dev.create-fastapi-docker.e2e.key';

/** A label of a local image, or undefined if the image (or the label) is absent. */
export function imageLabel(image: string, label: string): string | undefined {
  const r = tryRun(DOCKER, ['image', 'inspect', '-f', `{{index .Config.Labels "${label}"}}`, image]);
  const v = r.stdout.trim();
  return r.status === 0 && v && v !== '<no value>' ? v : undefined;
}
