// Stand-ins for the official python:X.Y-slim and python:X.Y images (Docker Hub is unreachable here):
// one Debian minbase root per stack, imported under both tags.
import { spawnSync } from 'node:child_process';
import { DOCKER, DOCKER_ENV, KEY_LABEL, docker, dockerTry, imageLabel } from './engine.js';
import { BOOTSTRAP_INCLUDE, STAMP, chroot, ensureRoot } from './rootfs.js';
import { type Stack, baseImageTags, stackPath } from './stacks.js';
import { cachePath, fail, fingerprint, log } from './util.js';

export const STANDIN_LABEL = 'dev.create-fastapi-docker.e2e.stand-in';
const description = (s: Stack) =>
  `stand-in for the official python:${s.python} image, made offline by create-fastapi-docker e2e tests from Debian ${s.suite} (debootstrap minbase)`;

export const baseRoot = (s: Stack): string => cachePath(stackPath(s, 'base-root'));

/**
 * As in the official images, pip is an ordinary distribution (with a RECORD) in /usr/local and nothing else is in
 * site-packages: Debian's python3-pip drags in python3-packaging and python3-wheel, without RECORD files, which pip
 * then cannot upgrade ("Cannot uninstall packaging 26.2") when a wheel from PyPI needs a newer one. So pip's own
 * wheel (python3-pip-whl, the one venv uses) is installed into /usr/local and Debian's Python packages are purged.
 */
const PIP_AS_IN_THE_OFFICIAL_IMAGE = [
  'set -e',
  'if dpkg-query -W python3-pip >/dev/null 2>&1; then',
  '  python3 -m pip install --quiet --break-system-packages --no-index --no-deps --ignore-installed /usr/share/python-wheels/pip-*.whl',
  '  dpkg --purge python3-pip python3-wheel python3-packaging >/dev/null',
  'fi',
  'test -x /usr/local/bin/pip && ! ls /usr/lib/python3/dist-packages | grep -q .',
].join('\n');

export interface BaseImageInfo {
  tags: string[];
  /** True if this call imported the image. */
  built: boolean;
  imageId: string;
  /** Debian packages installed in the image (dpkg). */
  packages: Set<string>;
}

/**
 * Make sure `python:X.Y-slim` and `python:X.Y` exist locally as stand-ins for the stack.
 * Skips the import when both tags carry the same inputs. Verifies the contract generated Dockerfiles rely on.
 */
export async function ensureBaseImages(stack: Stack): Promise<BaseImageInfo> {
  const root = baseRoot(stack);
  const tags = baseImageTags(stack);
  const [primary, other] = tags;
  const key = fingerprint([stack.suite, ...BOOTSTRAP_INCLUDE, ...stack.baseExtra, description(stack), PIP_AS_IN_THE_OFFICIAL_IMAGE]);
  let built = false;
  if (!tags.every((t) => imageLabel(t, KEY_LABEL) === key)) {
    await ensureRoot(root, stack.suite, stack.baseExtra);
    chroot(root, ['sh', '-c', PIP_AS_IN_THE_OFFICIAL_IMAGE], `pip's own wheel into ${root}`);
    log(`importing ${tags.join(', ')} (stand-in) from ${root}`);
    const tar = spawnSync('sh', ['-c',
      `tar --numeric-owner --exclude=./${STAMP} --exclude=./var/cache/apt/archives/*.deb -C "${root}" -c . | ` +
      `${DOCKER} import ` +
      `--change 'CMD ["python3"]' ` +
      `--change 'ENV LANG=C.UTF-8' ` +
      `--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' ` +
      `--change 'LABEL org.opencontainers.image.description="${description(stack)}"' ` +
      `--change 'LABEL ${STANDIN_LABEL}=true' ` +
      `--change 'LABEL ${KEY_LABEL}=${key}' ` +
      `- ${primary}`], { encoding: 'utf8', env: DOCKER_ENV });
    if (tar.status !== 0) fail(`docker import of ${primary} failed: ${(tar.stderr || '').trim().split('\n').slice(-1)[0]}`);
    docker(['tag', primary, other]);
    built = true;
  }
  verifyBaseImage(primary, stack.python);
  const imageId = docker(['image', 'inspect', '-f', '{{.Id}}', primary]).trim();
  const pk = docker(['run', '--rm', '--network', 'none', primary, 'dpkg-query', '-W', '-f=${Package}\\n']);
  return { tags, built, imageId, packages: new Set(pk.split('\n').filter(Boolean)) };
}

/** What generated Dockerfiles rely on: python/pip on PATH, nproc, groupadd/useradd, no EXTERNALLY-MANAGED. */
export function verifyBaseImage(image: string, python: string): void {
  const script = [
    'set -e',
    `python --version | grep -q "Python ${python}"`,
    `python3 --version | grep -q "Python ${python}"`,
    'pip --version >/dev/null',
    'pip3 --version >/dev/null',
    'nproc >/dev/null',
    `! ls /usr/lib/python${python}/EXTERNALLY-MANAGED 2>/dev/null`,
    'groupadd --system --gid 10001 app',
    'useradd --system --uid 10001 --gid app --no-create-home app',
    'test "$(id -u app)" = 10001',
    'test ! -d /home/app',
  ].join('\n');
  const r = dockerTry(['run', '--rm', '--network', 'none', image, 'sh', '-c', script]);
  if (r.status !== 0) fail(`stand-in ${image} does not meet the contract (python ${python}/pip/nproc/groupadd/useradd): ${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0] ?? ''}`);
}
