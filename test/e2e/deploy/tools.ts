// The real tools that consume the deployment files, from Debian packages, offline:
// - Docker Compose v2: sid's docker-compose (2.40), a CLI plugin of the engine's own root (infra/engine-root.ts);
// - Caddy: sid's caddy .deb (2.11, the minor the generated compose.yaml pins), for the stand-in image;
// - kubectl and podman: installed in a trixie root of their own, run with chroot.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCKER_CONFIG_DIR, docker } from '../infra/engine.js';
import { ensureRoot } from '../infra/rootfs.js';
import { cachePath, fail, log, run } from '../infra/util.js';

/** What the trixie root holds: podman with runc (crun fails on this host's hybrid cgroups), its pause binary,
 * netavark's nftables and DNS, and kubectl. */
export const DEPLOY_ROOT_PACKAGES = ['podman', 'runc', 'catatonit', 'netavark', 'nftables', 'aardvark-dns', 'kubectl'];
export const DEPLOY_ROOT = () => cachePath('deploy-root');

const CHROOT_PATH = 'PATH=/usr/sbin:/usr/bin:/sbin:/bin';
/** sid's lists live apart from the root's own, so that nothing installed there ever comes from sid. */
const SID_APT = [
  '-o', 'Dir::Etc::SourceList=/etc/apt/sid.list', '-o', 'Dir::Etc::SourceParts=/dev/null',
  '-o', 'Dir::State::Lists=/var/lib/apt/sid-lists', '-o', 'Acquire::Check-Valid-Until=false',
];

export interface DeployTools {
  root: string;
  /** The compose plugin, in the private client's cli-plugins/ (DOCKER_ENV names that config dir). */
  composePlugin: string;
  caddyBinary: string;
  versions: { compose: string; caddy: string; kubectl: string; podman: string };
  /** Seconds this call took, and whether it had to make the root (a cold setup). */
  setupSeconds: number;
  cold: boolean;
}

/**
 * overlay, mounted inside the session's own mount namespace (podman.ts): half of vfs's load time and a fifteenth
 * of its removal time here, as vfs copies the whole tree for every layer. The graph root names the driver, as podman
 * refuses storage made by another one.
 */
const STORAGE_CONF = '[storage]\ndriver = "overlay"\nrunroot = "/run/containers/storage"\ngraphroot = "/var/lib/containers/storage-overlay"\n';
/** cgroupfs and runc: this host has hybrid cgroups and no systemd; events to a file, as there is no journald. */
const CONTAINERS_CONF = '[engine]\ncgroup_manager = "cgroupfs"\nruntime = "runc"\nevents_logger = "file"\n';

/** `apt-get download` in the root; returns the .deb's path on the host. */
function download(root: string, pkg: string, aptOptions: string[] = []): string {
  const dir = join(root, 'var/cache/cfd-debs');
  mkdirSync(dir, { recursive: true });
  const existing = readdirSync(dir).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
  if (existing) return join(dir, existing);
  run('chroot', [root, 'env', CHROOT_PATH, 'sh', '-c', `cd /var/cache/cfd-debs && apt-get ${aptOptions.join(' ')} download ${pkg}`], { what: `apt-get download ${pkg}`, hostNetwork: true });
  const deb = readdirSync(dir).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
  if (!deb) fail(`apt-get download ${pkg} left no .deb in ${dir}`);
  return join(dir, deb);
}

/** Unpacks one file of a .deb (dpkg-deb -x) into the cache, once per .deb. */
function unpack(deb: string, file: string, dest: string): string {
  if (existsSync(dest)) return dest;
  const tmp = cachePath(`unpack-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  run('dpkg-deb', ['-x', deb, tmp], { what: `dpkg-deb -x ${deb}` });
  mkdirSync(join(dest, '..'), { recursive: true });
  copyFileSync(join(tmp, file), dest);
  chmodSync(dest, 0o755);
  rmSync(tmp, { recursive: true, force: true });
  return dest;
}

export async function ensureDeployTools(): Promise<DeployTools> {
  const started = Date.now();
  const root = DEPLOY_ROOT();
  const built = await ensureRoot(root, 'trixie', DEPLOY_ROOT_PACKAGES);
  if (built) log(`deploy root ready: ${DEPLOY_ROOT_PACKAGES.join(' ')}`);
  mkdirSync(join(root, 'etc/containers'), { recursive: true });
  writeFileSync(join(root, 'etc/containers/storage.conf'), STORAGE_CONF);
  writeFileSync(join(root, 'etc/containers/containers.conf'), CONTAINERS_CONF);

  const composePlugin = join(DOCKER_CONFIG_DIR, 'cli-plugins', 'docker-compose');
  if (!existsSync(composePlugin)) fail(`${composePlugin} is missing: the engine (infra/engine.ts) links the compose plugin of its root there`);

  writeFileSync(join(root, 'etc/apt/sid.list'), 'deb http://deb.debian.org/debian sid main\n');
  mkdirSync(join(root, 'var/lib/apt/sid-lists/partial'), { recursive: true });
  mkdirSync(join(root, 'var/cache/cfd-debs'), { recursive: true });
  if (!readdirSync(join(root, 'var/cache/cfd-debs')).some((f) => f.startsWith('caddy_'))) {
    run('chroot', [root, 'env', CHROOT_PATH, 'apt-get', ...SID_APT, 'update'], { what: 'apt-get update (sid lists, for caddy)', hostNetwork: true });
  }
  const caddyDeb = download(root, 'caddy', SID_APT);
  const caddyBinary = unpack(caddyDeb, 'usr/bin/caddy', cachePath('tools', `${caddyDeb.split('/').at(-1)}.bin`));

  const versions = {
    compose: docker(['compose', 'version', '--short']).trim(),
    caddy: run(caddyBinary, ['version']).trim().split(' ')[0] ?? '',
    kubectl: run('chroot', [root, 'kubectl', 'version', '--client', '-o', 'yaml']).match(/gitVersion: (\S+)/)?.[1] ?? '',
    // podman --version wants /proc, which the root has mounted only inside a podman session: the package says it.
    podman: run('chroot', [root, 'dpkg-query', '-W', '-f=${Version}', 'podman']).trim(),
  };
  return { root, composePlugin, caddyBinary, versions, setupSeconds: (Date.now() - started) / 1000, cold: built };
}
