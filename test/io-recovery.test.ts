/**
 * Undoing a write and recovering a dead run's staging: what an undo removes and what it must keep, which staging
 * names count as a dead run's; and where the templates are found.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WriteError } from '../src/io/fs-errors.js';
import { BACKUP_DIR, type Journal, TMP_PREFIX, apply, recover, recoverStale, rollBack, writeJournal } from '../src/io/journal.js';
import { loadTemplates, templatesDir } from '../src/io/templates.js';

const made: string[] = [];
const temp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'cfd-recovery-'));
  made.push(dir);
  return dir;
};
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A staged write of a.txt (replacing the user's) and sub/b.txt (new, in a new directory), applied up to the moves. */
function applied(backupRootExisted: boolean): { dir: string; tmp: string; journal: Journal } {
  const dir = temp();
  writeFileSync(join(dir, 'a.txt'), 'the user\'s');
  if (backupRootExisted) mkdirSync(join(dir, BACKUP_DIR));
  const tmp = join(dir, `${TMP_PREFIX}999999-x`);
  mkdirSync(join(tmp, 'new', 'sub'), { recursive: true });
  writeFileSync(join(tmp, 'new', 'a.txt'), 'new a');
  writeFileSync(join(tmp, 'new', 'sub', 'b.txt'), 'new b');
  const journal: Journal = {
    target: dir, backupDir: `${BACKUP_DIR}/T`, newDirs: ['sub'], backupRootExisted,
    files: [{ path: 'a.txt', action: 'replace' }, { path: 'sub/b.txt', action: 'create' }],
  };
  writeJournal(tmp, journal);
  apply(tmp, journal);
  return { dir, tmp, journal };
}

describe('an undo', () => {
  it('keeps a backup directory that was there before (even empty), and removes the one it made', () => {
    for (const existed of [true, false]) {
      const { dir, tmp } = applied(existed);
      expect(readFileSync(join(dir, BACKUP_DIR, 'T', 'a.txt'), 'utf8')).toBe('the user\'s');
      expect(recover(tmp)).toBe('rolled back');
      expect(readdirSync(dir).sort()).toEqual(existed ? [BACKUP_DIR, 'a.txt'] : ['a.txt']);
      if (existed) expect(readdirSync(join(dir, BACKUP_DIR))).toEqual([]);
      expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('the user\'s');
    }
  });

  it('removes only empty directories of its own, and never follows a link out of them', () => {
    const { dir, tmp, journal } = applied(false);
    const outside = temp();
    mkdirSync(join(outside, 'empty-but-theirs'));
    symlinkSync(outside, join(dir, 'sub', 'link'));
    rollBack(tmp, journal);
    expect(readdirSync(outside)).toEqual(['empty-but-theirs']);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['link']);
    expect(existsSync(join(dir, 'sub', 'b.txt'))).toBe(false);
  });

  it('run a second time (the guardian and the next run both recovering), finds the work done and leaves it be', () => {
    const { dir, tmp, journal } = applied(false);
    rollBack(tmp, journal);
    expect(() => rollBack(tmp, journal)).not.toThrow();
    expect(readdirSync(dir)).toEqual(['a.txt']);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('the user\'s');
  });
});

describe('which staging directories are a dead run\'s', () => {
  const staged = (dir: string, name: string) => mkdirSync(join(dir, `${TMP_PREFIX}${name}`));

  it('a name without a usable pid (0, none) is no live run\'s: it is recovered', () => {
    const dir = temp();
    for (const name of ['0-abc', 'garbage', '00-abc']) staged(dir, name);
    expect(recoverStale(dir, TMP_PREFIX)).toEqual(['cleaned', 'cleaned', 'cleaned']);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a process that exists but is another user\'s (EPERM) is alive: its staging is left alone; a gone one\'s is not', () => {
    const dir = temp();
    const kill = process.kill.bind(process);
    vi.spyOn(process, 'kill').mockImplementation((pid: number, signal?: string | number) => {
      if (pid === 4242) throw Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
      if (pid === 4243) throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH' });
      return kill(pid, signal);
    });
    staged(dir, '4242-theirs');
    staged(dir, '4243-gone');
    expect(recoverStale(dir, TMP_PREFIX)).toEqual(['cleaned']);
    expect(readdirSync(dir)).toEqual([`${TMP_PREFIX}4242-theirs`]);
  });
});

describe('the templates', () => {
  /** root/templates/base, and a file `depth` directories below root. */
  function tree(depth: number): { root: string; from: string } {
    const root = temp();
    mkdirSync(join(root, 'templates', 'base'), { recursive: true });
    const levels = Array.from({ length: depth }, (_, i) => `l${i}`);
    mkdirSync(join(root, ...levels), { recursive: true });
    return { root, from: join(root, ...levels, 'module.js') };
  }

  it('are found up to three directories above the module\'s own, and not further', () => {
    const near = tree(3);
    expect(templatesDir(near.from)).toBe(join(near.root, 'templates'));
    const far = tree(4);
    expect(() => templatesDir(far.from)).toThrow(new Error(`templates/ not found above ${far.from}; the package is incomplete`));
  });

  it('a templates/ without base/ is not the package\'s: the search goes on above it', () => {
    const { root, from } = tree(3);
    mkdirSync(join(root, 'l0', 'templates'));
    expect(templatesDir(from)).toBe(join(root, 'templates'));
  });

  it('are keyed by their path with forward slashes', () => {
    const root = temp();
    mkdirSync(join(root, 'base', 'app'), { recursive: true });
    writeFileSync(join(root, 'base', '_dockerignore'), 'x');
    writeFileSync(join(root, 'base', 'app', 'main.py'), 'y');
    expect([...loadTemplates(root)].sort()).toEqual([['base/_dockerignore', 'x'], ['base/app/main.py', 'y']]);
  });
});

it('a WriteError is named so in its text', () => {
  expect(String(new WriteError('cannot write x'))).toBe('WriteError: cannot write x');
});
