// Stand-ins for the official python:3.13-slim and python:3.13 images (Docker Hub is
// unreachable here): one Debian trixie minbase root with Python 3.13, imported under both tags.
import { spawnSync } from 'node:child_process';
import { DOCKER, DOCKER_ENV, KEY_LABEL, docker, dockerTry, imageLabel } from './engine.js';
import { BOOTSTRAP_INCLUDE, ensureRoot } from './rootfs.js';
import { cachePath, fail, fingerprint, log } from './util.js';

export const PYTHON_VERSION = '3.13';
export const BASE_IMAGE_TAGS = [`python:${PYTHON_VERSION}-slim`, `python:${PYTHON_VERSION}`];
export const STANDIN_DESCRIPTION =
  'stand-in for the official python image, made offline by create-fastapi-docker e2e tests from Debian trixie (debootstrap minbase)';

/**
 * Packages installed in the base root besides debootstrap's python3/pip/venv set:
 * - passwd (groupadd/useradd) and coreutils (nproc), which generated Dockerfiles use;
 * - the shared libraries that the index's binary wheels link against (real wheels bundle
 *   them; Debian's builds link the system ones). package-index checks this list.
 */
export const BASE_EXTRA_PACKAGES = ['passwd', 'coreutils', 'libuv1t64', 'libyaml-0-2'];

export const BASE_ROOT = () => cachePath('base-root');

export interface BaseImageInfo {
  tags: string[];
  /** True if this call imported the image. */
  built: boolean;
  imageId: string;
  /** Debian packages installed in the image (dpkg). */
  packages: Set<string>;
}

/**
 * Make sure `python:3.13-slim` and `python:3.13` exist locally as stand-ins.
 * Skips the build when both tags exist. Verifies the contract generated Dockerfiles rely on.
 */
export async function ensureBaseImages(): Promise<BaseImageInfo> {
  const root = BASE_ROOT();
  const [primary, ...others] = BASE_IMAGE_TAGS;
  const key = fingerprint([...BOOTSTRAP_INCLUDE, ...BASE_EXTRA_PACKAGES, STANDIN_DESCRIPTION]);
  let built = false;
  if (!BASE_IMAGE_TAGS.every((t) => imageLabel(t, KEY_LABEL) === key)) {
    await ensureRoot(root, BASE_EXTRA_PACKAGES);
    log(`importing ${BASE_IMAGE_TAGS.join(', ')} (stand-in) from ${root}`);
    const tar = spawnSync('sh', ['-c',
      `tar --numeric-owner --exclude=./.cfd-e2e-stamp --exclude=./var/cache/apt/archives/*.deb -C "${root}" -c . | ` +
      `${DOCKER} import ` +
      `--change 'CMD ["python3"]' ` +
      `--change 'ENV LANG=C.UTF-8' ` +
      `--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' ` +
      `--change 'LABEL org.opencontainers.image.description="${STANDIN_DESCRIPTION}"' ` +
      `--change 'LABEL dev.create-fastapi-docker.e2e.stand-in=true' ` +
      `--change 'LABEL ${KEY_LABEL}=${key}' ` +
      `- ${primary}`], { encoding: 'utf8', env: DOCKER_ENV });
    if (tar.status !== 0) fail(`docker import of ${primary} failed: ${(tar.stderr || '').trim().split('\n').slice(-1)[0]}`);
    for (const t of others) docker(['tag', primary!, t]);
    built = true;
  }
  verifyBaseImage(primary!);
  const imageId = docker(['image', 'inspect', '-f', '{{.Id}}', primary!]).trim();
  const pk = docker(['run', '--rm', '--network', 'none', primary!, 'dpkg-query', '-W', '-f=${Package}\\n']);
  return { tags: BASE_IMAGE_TAGS, built, imageId, packages: new Set(pk.split('\n').filter(Boolean)) };
}

/** What generated Dockerfiles rely on: python/pip on PATH, nproc, groupadd/useradd, no EXTERNALLY-MANAGED. */
export function verifyBaseImage(image: string): void {
  const script = [
    'set -e',
    `python --version | grep -q "Python ${PYTHON_VERSION}"`,
    `python3 --version | grep -q "Python ${PYTHON_VERSION}"`,
    'pip --version >/dev/null',
    'pip3 --version >/dev/null',
    'nproc >/dev/null',
    `! ls /usr/lib/python${PYTHON_VERSION}/EXTERNALLY-MANAGED 2>/dev/null`,
    'groupadd --system --gid 10001 app',
    'useradd --system --uid 10001 --gid app --no-create-home app',
    'test "$(id -u app)" = 10001',
    'test ! -d /home/app',
  ].join('\n');
  const r = dockerTry(['run', '--rm', '--network', 'none', image, 'sh', '-c', script]);
  if (r.status !== 0) fail(`stand-in ${image} does not meet the contract (python/pip/nproc/groupadd/useradd): ${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0] ?? ''}`);
}

/** Packages needed by the index's wheels that the base image lacks (should be empty). */
export function missingRuntimeLibs(info: BaseImageInfo, needed: string[]): string[] {
  return needed.filter((p) => !info.packages.has(p));
}
