/**
 * The optional first build. Loaded lazily: runs that do not build never load it.
 * node:child_process rather than execa: three plain commands, and execa was a third of the published package.
 */
import { spawn } from 'node:child_process';
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
  /** The index, whose credentials (if any) the build gets as a secret. */
  index: IndexUrl | undefined;
  /** The Dockerfile mounts something (a secret, a cache, a bind): it needs BuildKit. */
  buildKit: boolean;
}

/** A netrc line for the index credentials (netrc tokens are whitespace-separated; credentials with spaces cannot go in one). */
function netrc(index: IndexUrl): string {
  const { username, password } = index.credentials ?? { username: '', password: '' };
  if (/\s/.test(username + password)) throw new BuildError('the index credentials hold whitespace, which a netrc file cannot carry');
  return `machine ${index.host} login ${username} password ${password}\n`;
}

interface Exit {
  /** The exit code; undefined when the command could not be started or was ended by a signal. */
  code: number | undefined;
  /** The signal that ended the command, if one did. */
  signal: NodeJS.Signals | undefined;
  notFound: boolean;
  stderr: string;
}

function runCommand(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; inherit?: boolean } = {}): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: options.inherit ? 'inherit' : ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (data: Buffer) => (stderr += data));
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ code: undefined, signal: undefined, notFound: error.code === 'ENOENT', stderr }));
    child.on('close', (code, signal) => resolve({ code: code ?? undefined, signal: signal ?? undefined, notFound: false, stderr }));
  });
}

export async function runFirstBuild({ directory, tag, index, buildKit }: BuildRequest): Promise<void> {
  const docker = process.env.CFD_DOCKER || 'docker';
  const probe = await runCommand(docker, ['version', '--format', '{{.Server.Version}}']);
  // A probe ended by a signal ran: it is an unanswered probe, not a missing docker.
  if (probe.notFound || (probe.code === undefined && !probe.signal)) throw new BuildError(`${docker} was not found on PATH`);
  if (probe.code !== 0) {
    const reason = probe.stderr.split('\n').find((line) => line.trim()) ?? 'no answer';
    throw new BuildError(`the Docker daemon is not reachable (${reason.trim()})`);
  }
  // A client without buildx refuses BuildKit builds; the plain Dockerfile needs no BuildKit feature, but a mount
  // (the secret of an index, uv's cache and lock) does.
  const buildx = await runCommand(docker, ['buildx', 'version']);
  const env = { ...process.env, DOCKER_BUILDKIT: buildKit || buildx.code === 0 ? '1' : '0' };
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
    const build = await runCommand(docker, ['build', ...secretArgs, '-t', tag, '.'], { cwd: directory, env, inherit: true });
    if (build.code !== 0) throw new BuildError(`docker build failed (${build.signal ? `ended by ${build.signal}` : `exit code ${build.code}`})`);
  } finally {
    if (secretDir) rmSync(secretDir, { recursive: true, force: true });
  }
}
