// The first build (src/io/docker.ts) in-process, against a fake docker: a shell script named by CFD_DOCKER that
// records each call (its arguments, cwd, DOCKER_BUILDKIT and where its stdin/stdout/stderr lead) and, for `build`,
// copies out the netrc secret it was handed. Exit codes and stderr come from FAKE_* variables the test sets.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BuildError, runFirstBuild } from '../src/io/docker.js';
import type { IndexUrl } from '../src/options/types.js';

const root = mkdtempSync(join(tmpdir(), 'cfd-docker-step-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FAKE = `#!/bin/sh
PATH=/usr/bin:/bin
dir=$(dirname "$0")
fds="$(readlink /proc/$$/fd/0) $(readlink /proc/$$/fd/1) $(readlink /proc/$$/fd/2)"
{
  printf 'call'; for a in "$@"; do printf ' [%s]' "$a"; done; printf '\\n'
  echo "cwd $(pwd)"
  echo "buildkit \${DOCKER_BUILDKIT-unset} mark \${FAKE_MARK-unset}"
  echo "fds $fds"
} >> "$dir/log"
case "$1" in
  version) printf "$FAKE_VERSION_STDERR" >&2; if [ -n "$FAKE_VERSION_SIGNAL" ]; then kill -"$FAKE_VERSION_SIGNAL" $$; fi; exit \${FAKE_VERSION_EXIT:-0};;
  buildx) exit \${FAKE_BUILDX_EXIT:-0};;
  build)
    src=$(printf '%s\\n' "$@" | sed -n 's/^id=netrc,src=//p')
    if [ -n "$src" ]; then cp "$src" "$dir/netrc"; stat -c %a "$src" > "$dir/mode"; printf '%s' "$src" > "$dir/src"; fi
    if [ -n "$FAKE_RM_SECRET" ]; then rm -rf "$(dirname "$src")"; fi
    if [ -n "$FAKE_BUILD_SIGNAL" ]; then kill -"$FAKE_BUILD_SIGNAL" $$; fi
    exit \${FAKE_BUILD_EXIT:-0};;
esac
`;

let n = 0;
let fakeDir = '';
let docker = '';
let project = '';
const saved = { ...process.env };

beforeEach(() => {
  fakeDir = join(root, `fake-${++n}`);
  mkdirSync(fakeDir);
  docker = join(fakeDir, 'docker');
  writeFileSync(docker, FAKE, { mode: 0o755 });
  project = join(root, `project-${n}`);
  mkdirSync(project);
  // An empty PATH: a run that ignored CFD_DOCKER would find no docker at all.
  const emptyPath = join(root, `empty-path-${n}`);
  mkdirSync(emptyPath);
  process.env.PATH = emptyPath;
  process.env.CFD_DOCKER = docker;
  process.env.FAKE_MARK = 'passed-through';
  for (const key of ['FAKE_VERSION_STDERR', 'FAKE_VERSION_EXIT', 'FAKE_BUILDX_EXIT', 'FAKE_BUILD_EXIT', 'FAKE_RM_SECRET', 'FAKE_VERSION_SIGNAL', 'FAKE_BUILD_SIGNAL', 'DOCKER_BUILDKIT']) delete process.env[key];
});
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

const log = (): string => (existsSync(join(fakeDir, 'log')) ? readFileSync(join(fakeDir, 'log'), 'utf8') : '');
const own = (fd: number): string => readlinkSync(`/proc/self/fd/${fd}`);
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A probe's record: run from the test's cwd, no BuildKit variable, stdin and stdout to /dev/null, stderr a pipe of its own. */
const probe = (args: string): RegExp =>
  new RegExp(`^call ${escape(args)}\ncwd ${escape(process.cwd())}\nbuildkit unset mark passed-through\nfds /dev/null /dev/null (?!${escape(own(2))}\n)socket:\\[\\d+\\]\n`);
const VERSION = '[version] [--format] [{{.Server.Version}}]';

async function failure(run: Promise<void>): Promise<BuildError> {
  const error = await run.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(BuildError);
  expect((error as BuildError).name).toBe('BuildError');
  return error as BuildError;
}

const pypi = (credentials?: { username: string; password: string }): IndexUrl => ({ url: 'https://pypi.example.com/simple', host: 'pypi.example.com', credentials });

describe('docker itself', () => {
  it('not on PATH: one line naming the command, whether CFD_DOCKER is unset, empty or names no file', async () => {
    delete process.env.CFD_DOCKER;
    expect((await failure(runFirstBuild({ directory: project, tag: 'svc', index: undefined, buildKit: false }))).message).toBe('docker was not found on PATH');
    process.env.CFD_DOCKER = '';
    expect((await failure(runFirstBuild({ directory: project, tag: 'svc', index: undefined, buildKit: false }))).message).toBe('docker was not found on PATH');
    process.env.CFD_DOCKER = join(fakeDir, 'missing');
    expect((await failure(runFirstBuild({ directory: project, tag: 'svc', index: undefined, buildKit: false }))).message).toBe(`${join(fakeDir, 'missing')} was not found on PATH`);
  });

  it('a file that cannot be run counts as no docker too', async () => {
    chmodSync(docker, 0o644);
    expect((await failure(runFirstBuild({ directory: project, tag: 'svc', index: undefined, buildKit: false }))).message).toBe(`${docker} was not found on PATH`);
    expect(log()).toBe('');
  });

  it('daemon unreachable: the first non-blank line of its stderr, trimmed; nothing else is run', async () => {
    process.env.FAKE_VERSION_EXIT = '1';
    process.env.FAKE_VERSION_STDERR = '\\n   \\n  Cannot connect to the Docker daemon at unix:///var/run/docker.sock.  \\nIs the docker daemon running?\\n';
    const error = await failure(runFirstBuild({ directory: project, tag: 'svc', index: undefined, buildKit: false }));
    expect(error.message).toBe('the Docker daemon is not reachable (Cannot connect to the Docker daemon at unix:///var/run/docker.sock.)');
    expect(log()).toMatch(probe(VERSION));
    expect(log().match(/^call/gm)).toHaveLength(1);
  });

  it('daemon unreachable without a word: "no answer"', async () => {
    process.env.FAKE_VERSION_EXIT = '3';
    expect((await failure(runFirstBuild({ directory: project, tag: 'svc', index: undefined, buildKit: false }))).message).toBe('the Docker daemon is not reachable (no answer)');
  });

  it('a probe ended by a signal ran, so docker is there: the daemon did not answer', async () => {
    process.env.FAKE_VERSION_SIGNAL = 'TERM';
    process.env.FAKE_VERSION_STDERR = 'waiting for the daemon\\n';
    expect((await failure(runFirstBuild({ directory: project, tag: 'svc', index: undefined, buildKit: false }))).message).toBe('the Docker daemon is not reachable (waiting for the daemon)');
  });
});

/** stdin and stdout are the terminal's; stderr a pipe of its own, passed through to ours and read after a failure. */
const buildRecord = (args: string, buildkit: string): RegExp =>
  new RegExp(`^${escape(`call ${args}\ncwd ${project}\nbuildkit ${buildkit} mark passed-through\nfds ${own(0)} ${own(1)} `)}(?!${escape(own(2))}\n)socket:\\[\\d+\\]\n$`);

describe('the build', () => {

  it('with buildx: probes, then `build -t TAG .` in the directory with BuildKit on, the terminal as stdin and stdout, stderr passed through', async () => {
    await runFirstBuild({ directory: project, tag: 'team/svc:1', index: undefined, buildKit: false });
    const calls = log().split(/(?=^call )/m);
    expect(calls).toHaveLength(3);
    expect(calls[0]).toMatch(probe(VERSION));
    expect(calls[1]).toMatch(probe('[buildx] [version]'));
    expect(calls[2]).toMatch(buildRecord('[build] [-t] [team/svc:1] [.]', '1'));
    expect(existsSync(join(fakeDir, 'src'))).toBe(false);
  });

  it('without buildx: BuildKit off', async () => {
    process.env.FAKE_BUILDX_EXIT = '1';
    await runFirstBuild({ directory: project, tag: 'svc', index: undefined, buildKit: false });
    expect(log().split(/(?=^call )/m)[2]).toMatch(buildRecord('[build] [-t] [svc] [.]', '0'));
  });

  it('a failing build: its exit code, in one line', async () => {
    process.env.FAKE_BUILD_EXIT = '17';
    expect((await failure(runFirstBuild({ directory: project, tag: 'svc', index: undefined, buildKit: false }))).message).toBe('docker build failed (exit code 17); its output above says why');
  });

  it('a build ended by a signal: the signal, not an exit code it never had', async () => {
    process.env.FAKE_BUILD_SIGNAL = 'KILL';
    expect((await failure(runFirstBuild({ directory: project, tag: 'svc', index: undefined, buildKit: false }))).message).toBe('docker build failed (ended by SIGKILL); its output above says why');
  });

  it('an index without credentials: BuildKit on even without buildx (the Dockerfile mounts a secret), no --secret', async () => {
    process.env.FAKE_BUILDX_EXIT = '1';
    await runFirstBuild({ directory: project, tag: 'svc', index: pypi(), buildKit: true });
    expect(log().split(/(?=^call )/m)[2]).toMatch(buildRecord('[build] [-t] [svc] [.]', '1'));
    expect(existsSync(join(fakeDir, 'src'))).toBe(false);
  });
});

describe('index credentials reach the build as a netrc secret file', () => {
  const secretPath = (): string => readFileSync(join(fakeDir, 'src'), 'utf8');

  it('one netrc line, mode 0600, in a directory of its own that is gone afterwards', async () => {
    process.env.FAKE_BUILDX_EXIT = '1';
    await runFirstBuild({ directory: project, tag: 'svc', index: pypi({ username: 'build-bot', password: 's3cr@t-Token' }), buildKit: true });
    const src = secretPath();
    expect(src).toMatch(new RegExp(`^${escape(tmpdir())}/cfd-secret-[^/]+/netrc$`));
    expect(log().split(/(?=^call )/m)[2]).toMatch(buildRecord(`[build] [--secret] [id=netrc,src=${src}] [-t] [svc] [.]`, '1'));
    expect(readFileSync(join(fakeDir, 'netrc'), 'utf8')).toBe('machine pypi.example.com login build-bot password s3cr@t-Token\n');
    expect(readFileSync(join(fakeDir, 'mode'), 'utf8')).toBe('600\n');
    expect(existsSync(join(src, '..'))).toBe(false);
  });

  it('the secret directory is removed when the build fails too', async () => {
    process.env.FAKE_BUILD_EXIT = '2';
    const error = await failure(runFirstBuild({ directory: project, tag: 'svc', index: pypi({ username: 'u', password: 'p' }), buildKit: true }));
    expect(error.message).toBe('docker build failed (exit code 2); its output above says why');
    expect(readFileSync(join(fakeDir, 'netrc'), 'utf8')).toBe('machine pypi.example.com login u password p\n');
    expect(existsSync(join(secretPath(), '..'))).toBe(false);
  });

  it('a secret directory already gone after the build does not fail a build that succeeded', async () => {
    process.env.FAKE_RM_SECRET = '1';
    await runFirstBuild({ directory: project, tag: 'svc', index: pypi({ username: 'u', password: 'p' }), buildKit: true });
    expect(existsSync(join(secretPath(), '..'))).toBe(false);
  });

  it('credentials with whitespace are refused before the build, which a netrc line cannot carry', async () => {
    for (const credentials of [{ username: 'build bot', password: 'p' }, { username: 'u', password: 'pass\tword' }, { username: 'u', password: 'p\n' }]) {
      const error = await failure(runFirstBuild({ directory: project, tag: 'svc', index: pypi(credentials), buildKit: true }));
      expect(error.message).toBe('the index credentials hold whitespace, which a netrc file cannot carry');
    }
    expect(log()).not.toContain('call [build]');
  });
});
