/**
 * The optional first build. Loaded lazily: runs that do not build never load it.
 * node:child_process rather than execa: three plain commands, and execa was a third of the published package.
 */
import { spawn } from 'node:child_process';

export class BuildError extends Error {
  override name = 'BuildError';
}

interface Exit {
  /** The exit code; undefined when the command could not be started. */
  code: number | undefined;
  notFound: boolean;
  stderr: string;
}

function runCommand(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; inherit?: boolean } = {}): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: options.inherit ? 'inherit' : ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (data: Buffer) => (stderr += data));
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ code: undefined, notFound: error.code === 'ENOENT', stderr }));
    child.on('close', (code) => resolve({ code: code ?? undefined, notFound: false, stderr }));
  });
}

export async function runFirstBuild(directory: string, tag: string): Promise<void> {
  const docker = process.env.CFD_DOCKER || 'docker';
  const probe = await runCommand(docker, ['version', '--format', '{{.Server.Version}}']);
  if (probe.notFound || probe.code === undefined) throw new BuildError(`${docker} was not found on PATH`);
  if (probe.code !== 0) {
    const reason = probe.stderr.split('\n').find((line) => line.trim()) ?? 'no answer';
    throw new BuildError(`the Docker daemon is not reachable (${reason.trim()})`);
  }
  // A client without buildx refuses BuildKit builds; this Dockerfile needs no BuildKit feature.
  const buildx = await runCommand(docker, ['buildx', 'version']);
  const env = buildx.code === 0 ? process.env : { ...process.env, DOCKER_BUILDKIT: '0' };
  const build = await runCommand(docker, ['build', '-t', tag, '.'], { cwd: directory, env, inherit: true });
  if (build.code !== 0) throw new BuildError(`docker build failed (exit code ${build.code})`);
}
