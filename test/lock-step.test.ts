// The lock step of a --deps uv project (src/io/lock.ts, src/cli/steps/lock.ts), through the built bin, against a fake
// uv named by CFD_UV: a shell script that records its arguments, its directory and the index login it was handed in
// its environment, then writes uv.lock (or fails the way uv does, from FAKE_UV_* variables).
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, runCli, tempDir } from './helpers/run-cli.js';

const FAKE_UV = `#!/bin/sh
PATH=/usr/bin:/bin
dir=$(dirname "$0")
{
  printf 'call'; for a in "$@"; do printf ' [%s]' "$a"; done; printf '\\n'
  echo "cwd $(pwd)"
  echo "login \${UV_INDEX_MIRROR_USERNAME-unset}:\${UV_INDEX_MIRROR_PASSWORD-unset}"
  echo "pyproject $(test -f pyproject.toml && echo present || echo absent)"
} >> "$dir/uv.log"
if [ -n "$FAKE_UV_FAIL" ]; then
  echo "Using CPython 3.14.1" >&2
  printf 'error: No solution found when resolving dependencies:\\n  Because fastapi was not found in the package registry\\nhint: check the index\\n' >&2
  exit 1
fi
echo "# fake lock" > uv.lock
`;

const FAKE_DOCKER = `#!/bin/sh
PATH=/usr/bin:/bin
dir=$(dirname "$0")
{ printf 'docker'; for a in "$@"; do printf ' [%s]' "$a"; done; printf ' buildkit=%s lock=%s\\n' "\${DOCKER_BUILDKIT-unset}" "$(test -f uv.lock && echo yes || echo no)"; } >> "$dir/docker.log"
exit 0
`;

function fakes() {
  const dir = tempDir('cfd-fake-uv-');
  writeFileSync(join(dir, 'uv'), FAKE_UV, { mode: 0o755 });
  writeFileSync(join(dir, 'docker'), FAKE_DOCKER, { mode: 0o755 });
  const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : '');
  return { env: { CFD_UV: join(dir, 'uv'), CFD_DOCKER: join(dir, 'docker') }, uvLog: () => read('uv.log'), dockerLog: () => read('docker.log') };
}

describe('create --deps uv: the tool locks when uv is on PATH', () => {
  it('runs `uv lock` in the project, after the files, with the index login in its environment only', async () => {
    const cwd = tempDir();
    const f = fakes();
    const r = await runCli(['svc', '--deps', 'uv', '--yes', '--index-url', 'http://build-bot:s3cr%40t@127.0.0.1:9/simple'], { cwd, env: f.env });
    expect(r.code, r.stderr).toBe(0);
    expect(f.uvLog()).toBe(`call [lock]\ncwd ${join(cwd, 'svc')}\nlogin build-bot:s3cr@t\npyproject present\n`);
    expect(r.stdout).toContain('Locked: uv lock wrote uv.lock, against http://127.0.0.1:9/simple');
    expect(r.stdout).not.toMatch(/^\s+uv lock/m);
    for (const path of listFiles(join(cwd, 'svc'))) expect(readFileSync(join(cwd, 'svc', path), 'utf8'), path).not.toContain('s3cr');
  });

  it('without an index, no login variables are set', async () => {
    const cwd = tempDir();
    const f = fakes();
    expect((await runCli(['svc', '--deps', 'uv', '--yes'], { cwd, env: f.env })).code).toBe(0);
    expect(f.uvLog()).toContain('login unset:unset');
  });

  it('uv failing: exit 1, one line with uv\'s own error and the command to run, the files kept', async () => {
    const cwd = tempDir();
    const f = fakes();
    const r = await runCli(['svc', '--deps', 'uv', '--yes'], { cwd, env: { ...f.env, FAKE_UV_FAIL: '1' } });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('error uv.lock was not written: error: No solution found when resolving dependencies: Because fastapi was not found in the package registry hint: check the index. Your files are in svc; to lock: cd svc && uv lock');
    expect(existsSync(join(cwd, 'svc', 'pyproject.toml'))).toBe(true);
  });

  it('--build locks first, then builds with BuildKit (the Dockerfile mounts uv\'s cache and the lock)', async () => {
    const cwd = tempDir();
    const f = fakes();
    const r = await runCli(['svc', '--deps', 'uv', '--yes', '--build'], { cwd, env: f.env });
    expect(r.code, r.stderr).toBe(0);
    expect(f.uvLog()).toMatch(/^call \[lock\]$/m);
    expect(f.dockerLog()).toMatch(/^docker \[build\] \[-t\] \[svc\] \[\.\] buildkit=1 lock=yes$/m);
  });

  it('pip and Poetry projects run no lock command', async () => {
    for (const deps of ['pip', 'poetry']) {
      const cwd = tempDir();
      const f = fakes();
      expect((await runCli(['svc', '--deps', deps, '--yes'], { cwd, env: f.env })).code).toBe(0);
      expect(f.uvLog()).toBe('');
    }
  });
});

describe('create --deps uv without uv on PATH', () => {
  it('writes the files, says the one command that makes the lock, exit 0', async () => {
    const cwd = tempDir();
    const r = await runCli(['svc', '--deps', 'uv', '--yes'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('/nonexistent/cfd-test-uv is not on PATH, so uv.lock was not written; the build needs it: cd svc && uv lock');
    expect(r.stdout).toMatch(/^ {2}cd svc\n {2}uv lock {3}# writes uv\.lock; install uv first/m);
    expect(existsSync(join(cwd, 'svc', 'uv.lock'))).toBe(false);
    expect(readFileSync(join(cwd, 'svc', 'README.md'), 'utf8')).toContain('`uv lock` makes it; the build needs it');
  });

  it('--build refuses to start a build that cannot work: exit 1, no docker call', async () => {
    const cwd = tempDir();
    const f = fakes();
    const r = await runCli(['svc', '--deps', 'uv', '--yes', '--build'], { cwd, env: { CFD_DOCKER: f.env.CFD_DOCKER } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error the build needs uv\.lock, and \/nonexistent\/cfd-test-uv is not on PATH to make it\. Install uv .*: cd svc && uv lock && docker build -t svc \.$/m);
    expect(f.dockerLog()).toBe('');
  });
});

describe('--update and the lock', () => {
  it('pip → uv carries your requirement over and locks; an update that changes nothing does not relock', async () => {
    const cwd = tempDir();
    const f = fakes();
    expect((await runCli(['svc', '--yes'], { cwd })).code).toBe(0);
    const dir = join(cwd, 'svc');
    appendFileSync(join(dir, 'requirements.txt'), 'orjson>=3.10\n');
    const r = await runCli(['--update', '--deps', 'uv'], { cwd: dir, env: f.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/requirements\.txt: .*your requirements moved into pyproject\.toml: orjson/);
    expect(readFileSync(join(dir, 'pyproject.toml'), 'utf8')).toContain('"orjson>=3.10"');
    expect(r.stdout).toMatch(/^ {2}relocked {2}uv\.lock$/m);
    expect(f.uvLog().match(/^call/gm)).toHaveLength(1);
    const again = await runCli(['--update'], { cwd: dir, env: f.env });
    expect(again.code, again.stderr).toBe(0);
    expect(f.uvLog().match(/^call/gm)).toHaveLength(1);
  });

  it('a change of the dependencies without uv on PATH: exit 3 (updated, one step left), saying the lock must be made again', async () => {
    const cwd = tempDir();
    const f = fakes();
    expect((await runCli(['svc', '--deps', 'uv', '--yes'], { cwd, env: f.env })).code).toBe(0);
    const dir = join(cwd, 'svc');
    const r = await runCli(['--update', '--pin', 'orjson>=3.10'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^ {2}updated {3}pyproject\.toml$/m);
    expect(r.stderr.trim()).toBe('relock uv.lock must be made again (/nonexistent/cfd-test-uv is not on PATH); the build refuses a stale lock. Run: uv lock');
    const dry = await runCli(['--update', '--pin', 'orjson>=3.11', '--dry-run'], { cwd: dir });
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch(/^ {2}relock {4}uv\.lock: the real run runs uv lock$/m);
  });

  it('uv → pip carries your requirement over, and says uv.lock is no longer used', async () => {
    const cwd = tempDir();
    const f = fakes();
    expect((await runCli(['svc', '--deps', 'uv', '--yes'], { cwd, env: f.env })).code).toBe(0);
    const dir = join(cwd, 'svc');
    const pyproject = readFileSync(join(dir, 'pyproject.toml'), 'utf8');
    writeFileSync(join(dir, 'pyproject.toml'), pyproject.replace('    "uvicorn[standard]>=0.54,<0.55",\n', '    "uvicorn[standard]>=0.54,<0.55",\n    "sqlmodel>=0.0.22",\n'));
    const r = await runCli(['--update', '--deps', 'pip'], { cwd: dir, env: f.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/pyproject\.toml: .*your requirements moved into requirements\.txt: sqlmodel; uv\.lock is no longer used: delete it/);
    expect(readFileSync(join(dir, 'requirements.txt'), 'utf8')).toMatch(/^sqlmodel>=0\.0\.22$/m);
    expect(f.uvLog().match(/^call/gm)).toHaveLength(1);
  });
});
