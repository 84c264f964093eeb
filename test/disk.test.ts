import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, listFiles, runCli, tempDir } from './helpers/run-cli.js';
import { snapshot } from './helpers/snapshot.js';
import { pidsInside, waitForExit } from './helpers/temp-dirs.js';

const asRoot = process.getuid?.() === 0;
const NOBODY = '65534';

/** One line on stderr, the given exit code, no stack trace. */
const expectOneLine = (r: { code: number | undefined; stderr: string }, code: number, pattern: RegExp) => {
  expect(r.code).toBe(code);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+|\bE[A-Z]{3,}\b.*(mkdir|open|rename)/);
};

describe('a non-empty directory: every conflict is found before anything is touched', () => {
  it('a file named like a generated directory (proj/app): exit 2, one line, and the directory byte-identical', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'proj'));
    writeFileSync(join(cwd, 'proj', 'app'), 'notes\n');
    writeFileSync(join(cwd, 'proj', '.dockerignore'), 'mine\n');
    writeFileSync(join(cwd, 'proj', '.gitignore'), 'mine too\n');
    const before = snapshot(join(cwd, 'proj'));
    const r = await runCli(['proj', '--yes', '--overwrite'], { cwd });
    expectOneLine(r, 2, /^error cannot write app\/__init__\.py in ".*proj": app is a file where the project needs a directory app\/; move it away or choose another directory$/);
    expect(snapshot(join(cwd, 'proj'))).toEqual(before);
  });

  it('--dry-run on a non-empty directory shows what --overwrite would replace and back up, and writes nothing', async () => {
    const cwd = tempDir();
    const dir = join(cwd, 'svc');
    mkdirSync(join(dir, 'app'), { recursive: true });
    writeFileSync(join(dir, 'app', 'main.py'), '# mine\n');
    const before = snapshot(dir);
    const r = await runCli(['svc', '--dry-run'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│   └── main\.py {2}\(replaced; the current one is backed up\)\n/);
    expect(r.stdout).toMatch(/│   ├── __init__\.py\n/);
    expect(r.stdout).toMatch(/the real run needs --overwrite, which replaces the 1 marked file and nothing else/);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('modes and permissions follow the user, as other tools do', () => {
  for (const [umask, dir, file, exec] of [['022', '755', '644', '755'], ['077', '700', '600', '700']] as const) {
    it(`with umask ${umask}: directories ${dir}, files ${file}, the entrypoint ${exec}`, () => {
      const cwd = tempDir();
      execFileSync('sh', ['-c', `umask ${umask} && exec "$0" "$1" svc --process workers`, process.execPath, BIN], { cwd, env: { ...process.env, CI: '1' } });
      const mode = (path: string) => (statSync(join(cwd, 'svc', path)).mode & 0o777).toString(8);
      expect([mode('.'), mode('app'), mode('tests')]).toEqual([dir, dir, dir]);
      expect([mode('Dockerfile'), mode('app/main.py')]).toEqual([file, file]);
      expect(mode('docker-entrypoint.sh')).toBe(exec);
    });
  }

  it.runIf(asRoot)('writes into a directory the user owns even when its parent is not writable', async () => {
    const parent = tempDir();
    chmodSync(parent, 0o755);
    const own = join(parent, 'svc');
    mkdirSync(own);
    chownSync(own, Number(NOBODY), Number(NOBODY));
    const r = await runCli([own], { cwd: own, user: NOBODY });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(listFiles(own)).toContain('Dockerfile');
    expect(readdirSync(parent)).toEqual(['svc']);
  });

  it('a 250-character directory name works; a 256-character one is refused in one line', async () => {
    const cwd = tempDir();
    const long = 'a'.repeat(250);
    const ok = await runCli([long], { cwd });
    expect(ok.code).toBe(0);
    expect(readdirSync(cwd)).toEqual([long]);
    const r = await runCli(['b'.repeat(256)], { cwd });
    expectOneLine(r, 2, /^error directory accepts path parts of at most 255 bytes/);
  });
});

describe.runIf(asRoot)('a file system that refuses: exit 1, one sentence, nothing half-written (real tmpfs mounts)', () => {
  const mounts: string[] = [];
  const mount = (options: string): string => {
    const dir = tempDir('cfd-mnt-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
    mounts.push(dir);
    return dir;
  };
  // A run's guardian is detached and may still have its working directory in a mount when the run has ended: the
  // unmount waits for each such process, by its pid, to exit (an unmount under it fails with EBUSY).
  afterAll(async () => {
    await waitForExit(pidsInside(mounts));
    for (const dir of mounts) execFileSync('umount', [dir]);
  });

  it('no space left (ENOSPC): the new directory does not appear and no staging is left', async () => {
    const cwd = mount('size=8k');
    const r = await runCli(['svc'], { cwd });
    expectOneLine(r, 1, /^error cannot write to directory ".*svc": no space is left on the device; free some space and run again$/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('no space left during an overwrite: the directory is byte-identical', async () => {
    const cwd = mount('size=24k');
    mkdirSync(join(cwd, 'svc'));
    writeFileSync(join(cwd, 'svc', 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(join(cwd, 'svc', 'notes.txt'), 'x'.repeat(12_000));
    const before = snapshot(join(cwd, 'svc'));
    const r = await runCli(['svc', '--overwrite', '--layout', 'bigger'], { cwd });
    expectOneLine(r, 1, /no space is left on the device/);
    expect(snapshot(join(cwd, 'svc'))).toEqual(before);
  });

  it('a read-only file system (EROFS)', async () => {
    const cwd = mount('size=64k');
    execFileSync('mount', ['-o', 'remount,ro', cwd]);
    const r = await runCli(['svc'], { cwd });
    expectOneLine(r, 1, /^error cannot write to directory ".*svc": the file system is read-only; choose a directory on a writable one$/);
  });
});
