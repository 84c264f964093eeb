/** The optional first build. Loaded lazily: runs that do not build never import execa. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndexUrl } from '../options/types.js';

export class BuildError extends Error {
  override name = 'BuildError';
}

export interface BuildRequest {
  directory: string;
  tag: string;
  /** With a package index the Dockerfile mounts a BuildKit secret, so the build needs BuildKit. */
  index: IndexUrl | undefined;
}

/** A netrc line for the index credentials (netrc tokens are whitespace-separated; credentials with spaces cannot go in one). */
function netrc(index: IndexUrl): string {
  const { username, password } = index.credentials ?? { username: '', password: '' };
  if (/\s/.test(username + password)) throw new BuildError('the index credentials hold whitespace, which a netrc file cannot carry');
  return `machine ${index.host} login ${username} password ${password}\n`;
}

export async function runFirstBuild({ directory, tag, index }: BuildRequest): Promise<void> {
  const { execa } = await import('execa');
  const docker = process.env.CFD_DOCKER || 'docker';
  const probe = await execa(docker, ['version', '--format', '{{.Server.Version}}'], { reject: false });
  if ((probe as { code?: string }).code === 'ENOENT' || probe.exitCode === undefined) {
    throw new BuildError(`${docker} was not found on PATH`);
  }
  if (probe.exitCode !== 0) {
    const reason = String(probe.stderr).split('\n').find((line) => line.trim()) ?? 'no answer';
    throw new BuildError(`the Docker daemon is not reachable (${reason.trim()})`);
  }
  // A client without buildx refuses BuildKit builds; the plain Dockerfile needs no BuildKit feature, but the
  // secret mount of an index does.
  const buildx = await execa(docker, ['buildx', 'version'], { reject: false });
  const env = index || buildx.exitCode === 0 ? { DOCKER_BUILDKIT: '1' } : { DOCKER_BUILDKIT: '0' };
  // Credentials go to the build as a secret file that lives only for the build, mode 0600, then is removed.
  const secret = index?.credentials ? netrc(index) : undefined;
  const secretDir = secret ? mkdtempSync(join(tmpdir(), 'cfd-secret-')) : undefined;
  const secretArgs: string[] = [];
  if (secret && secretDir) {
    const file = join(secretDir, 'netrc');
    writeFileSync(file, secret, { mode: 0o600 });
    secretArgs.push('--secret', `id=netrc,src=${file}`);
  }
  try {
    const build = await execa(docker, ['build', ...secretArgs, '-t', tag, '.'], { cwd: directory, stdio: 'inherit', reject: false, env });
    if (build.exitCode !== 0) throw new BuildError(`docker build failed (exit code ${build.exitCode})`);
  } finally {
    if (secretDir) rmSync(secretDir, { recursive: true, force: true });
  }
}
