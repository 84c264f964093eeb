/** The optional first build. Loaded lazily: runs that do not build never import execa. */

export class BuildError extends Error {
  override name = 'BuildError';
}

export async function runFirstBuild(directory: string, tag: string): Promise<void> {
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
  // A client without buildx refuses BuildKit builds; this Dockerfile needs no BuildKit feature.
  const buildx = await execa(docker, ['buildx', 'version'], { reject: false });
  const env = buildx.exitCode === 0 ? {} : { DOCKER_BUILDKIT: '0' };
  const build = await execa(docker, ['build', '-t', tag, '.'], { cwd: directory, stdio: 'inherit', reject: false, env });
  if (build.exitCode !== 0) throw new BuildError(`docker build failed (exit code ${build.exitCode})`);
}
