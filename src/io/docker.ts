/**
 * The optional first build. Loaded lazily: runs that do not build never load it.
 * node:child_process rather than execa: three plain commands, and execa was a third of the published package.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndexUrl } from '../options/types.js';

/**
 * Why the first build did not happen: Docker is missing or unreachable (`docker`), the build could not install the
 * Python requirements (`requirements`: an unavailable pin, a resolution conflict, a stale lock), the build failed
 * otherwise (`build`), or the user stopped it (`interrupted`).
 */
export class BuildError extends Error {
  override name = 'BuildError';
  constructor(
    message: string,
    readonly kind: 'docker' | 'requirements' | 'build' | 'interrupted' = 'docker',
  ) {
    super(message);
  }
}

/**
 * The lines of pip's and Poetry's output that say a requirement could not be installed, in the order worth
 * quoting: the most specific first. BuildKit prefixes each line with its step and time (`#9 2.1 `).
 */
const REQUIREMENT_FAILURES: readonly RegExp[] = [
  /ERROR: No matching distribution found for .*/,
  /ERROR: Could not find a version that satisfies the requirement .*/,
  /ERROR: ResolutionImpossible.*/,
  /ERROR: Cannot install .* because these package versions have conflicting dependencies\./,
  /Because .* version solving failed\./,
  /pyproject\.toml changed significantly since poetry\.lock was last generated\..*/,
];

/** The line of a failed build's output that says a requirement could not be installed, if there is one. */
export function requirementFailure(output: string): string | undefined {
  for (const pattern of REQUIREMENT_FAILURES) {
    const match = output.match(pattern);
    if (match) return match[0].trim();
  }
  return undefined;
}

/** How much of the build's stderr is kept to read after a failure (the end, where pip and Poetry say why). */
const KEPT_OUTPUT = 64 * 1024;

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

/**
 * Runs a command. `inherit`: stdin and stdout are the user's, and stderr is passed through to the user's as it
 * comes, its end kept to be read after a failure.
 */
function runCommand(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; inherit?: boolean } = {}): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: options.inherit ? ['inherit', 'inherit', 'pipe'] : ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (data: Buffer) => {
      if (options.inherit) process.stderr.write(data);
      stderr = (stderr + data).slice(-KEPT_OUTPUT);
    });
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
  // Ctrl-C reaches docker too (one process group); this process waits for it to end, then says what to do.
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  process.on('SIGINT', onSigint);
  try {
    const build = await runCommand(docker, ['build', ...secretArgs, '-t', tag, '.'], { cwd: directory, env, inherit: true });
    if (interrupted) throw new BuildError('the build was stopped', 'interrupted');
    if (build.code !== 0) {
      const requirement = requirementFailure(build.stderr);
      if (requirement) throw new BuildError(`the build could not install the Python requirements (${requirement}); check the pins and the package index`, 'requirements');
      throw new BuildError(`docker build failed (${build.signal ? `ended by ${build.signal}` : `exit code ${build.code}`}); its output above says why`, 'build');
    }
  } finally {
    process.off('SIGINT', onSigint);
    if (secretDir) rmSync(secretDir, { recursive: true, force: true });
  }
}
