// The root the private Docker engine runs in: Debian sid's docker.io (28.5), its containerd and runc, the docker
// CLI with the buildx and compose plugins. sid's runc needs a newer C library than a bookworm host has, so the
// daemon runs chrooted into this root (engine.ts); the client and its plugins link against glibc only and run on
// the host, so that build contexts, compose files and `docker save -o` paths are the host's own.
import { existsSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ensureRoot } from './rootfs.js';
import { cachePath, fail, tryRun } from './util.js';

export const ENGINE_SUITE = 'sid';
/** The engine (dockerd, containerd, runc, docker-init) and the client with its plugins. */
export const ENGINE_PACKAGES = ['docker.io', 'docker-cli', 'docker-buildx', 'docker-compose'];
/** No Python in this root: only what debootstrap needs to fetch over https. */
const ENGINE_INCLUDE = ['ca-certificates'];

export const ENGINE_ROOT = cachePath('engine-root');
/** The docker client of the root, run on the host (it links against glibc only). */
export const DOCKER = join(ENGINE_ROOT, 'usr/bin/docker');
const PLUGINS = ['docker-buildx', 'docker-compose'];

function linkTarget(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Makes (or reuses) the engine's root and links its CLI plugins into `pluginDir` (the private client config's
 * cli-plugins/). Fails with one line if the client does not run on this host. Resolves to true if the root was built.
 */
export async function ensureEngineRoot(pluginDir: string): Promise<boolean> {
  const built = await ensureRoot(ENGINE_ROOT, ENGINE_SUITE, ENGINE_PACKAGES, undefined, ENGINE_INCLUDE);
  mkdirSync(pluginDir, { recursive: true });
  for (const plugin of PLUGINS) {
    const target = join(ENGINE_ROOT, 'usr/libexec/docker/cli-plugins', plugin);
    if (!existsSync(target)) fail(`${target} is missing from the engine root (package ${plugin})`);
    const link = join(pluginDir, plugin);
    if (linkTarget(link) === target) continue;
    rmSync(link, { force: true });
    symlinkSync(target, link);
  }
  const probe = tryRun(DOCKER, ['--version']);
  if (probe.status !== 0) fail(`the engine root's docker client does not run on this host: ${(probe.stderr || probe.stdout).trim().split('\n')[0]}`);
  return built;
}
