import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WriteError, adviceFor, cannotWrite, codeOf } from '../src/io/fs-errors.js';
import { BACKUP_DIR, TMP_PREFIX, pidOf, recover, recoverStale, writeJournal } from '../src/io/journal.js';
import { inspectDirectory } from '../src/io/target.js';
import { templatesDir } from '../src/io/templates.js';
import { tempDir } from './helpers/run-cli.js';

const errno = (code?: string) => Object.assign(new Error(`raw ${code}: something`), code ? { code } : {});

describe('file-system errors become one sentence that says what to do', () => {
  const cases: [string, RegExp][] = [
    ['EACCES', /^permission denied; run as a user who may write there, or choose another directory$/],
    ['EROFS', /^the file system is read-only; choose a directory on a writable one$/],
    ['ENOSPC', /^no space is left on the device; free some space and run again$/],
    ['EDQUOT', /quota/],
    ['ENAMETOOLONG', /^a path is too long for the file system; choose a shorter directory name$/],
    ['ENOTDIR', /^a part of the path is a file, not a directory/],
    ['EEXIST', /appeared there while writing; run again/],
    ['EIO', /input\/output error/],
  ];
  for (const [code, sentence] of cases) it(code, () => expect(adviceFor(errno(code))).toMatch(sentence));

  it('an unknown code still gets one line, naming it; an error without one names its message', () => {
    expect(adviceFor(errno('EWEIRD'))).toBe('the file system refused (EWEIRD)');
    expect(adviceFor(errno())).toBe('the file system refused (raw undefined: something)');
    expect(adviceFor(undefined)).toBe('the file system refused (unknown error)');
    expect(codeOf(undefined)).toBeUndefined();
  });

  it('cannotWrite ends with a WriteError naming the place; a WriteError passes through as it is', () => {
    expect(() => cannotWrite('to directory "svc"', errno('EROFS'))).toThrow(new WriteError('cannot write to directory "svc": the file system is read-only; choose a directory on a writable one'));
    const first = new WriteError('first');
    expect(() => cannotWrite('elsewhere', first)).toThrow(first);
  });
});

describe('what a target directory is', () => {
  it('missing, a file, empty (a fresh git init counts as empty, and so does a dead run\'s staging), or not empty', () => {
    const root = tempDir();
    expect(inspectDirectory(join(root, 'nope'))).toBe('missing');
    writeFileSync(join(root, 'file'), 'x');
    expect(inspectDirectory(join(root, 'file'))).toBe('file');
    const dir = join(root, 'dir');
    mkdirSync(join(dir, '.git'), { recursive: true });
    writeFileSync(join(dir, '.DS_Store'), '');
    mkdirSync(join(dir, `${TMP_PREFIX}1-x`));
    expect(inspectDirectory(dir)).toBe('empty');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect(inspectDirectory(dir)).toBe('non-empty');
  });

  it('templates/ is found from the source tree', () => {
    expect(existsSync(join(templatesDir(), 'base', '_dockerignore'))).toBe(true);
  });
});

describe('recovery of what a dead run left', () => {
  const journal = (target: string) => ({ target, backupDir: `${BACKUP_DIR}/T`, files: [{ path: 'a.txt', action: 'replace' as const }], newDirs: [], backupRootExisted: false });

  it('reads the pid from the staging name', () => {
    expect(pidOf(`${TMP_PREFIX}1234-ab12cd`)).toBe(1234);
    expect(pidOf('.cfd-staging-77-zz9')).toBe(77);
    expect(pidOf(`${TMP_PREFIX}x-1`)).toBeNaN();
    expect(pidOf(`${TMP_PREFIX}12-ab-extra/`)).toBeNaN();
  });

  it('a staging directory without a journal is removed; with a committed one, finished; missing, nothing', () => {
    const dir = tempDir();
    const bare = join(dir, `${TMP_PREFIX}999999-a`);
    mkdirSync(join(bare, 'new'), { recursive: true });
    expect(recover(bare)).toBe('cleaned');
    expect(existsSync(bare)).toBe(false);
    expect(recover(bare)).toBe('nothing');
    const done = join(dir, `${TMP_PREFIX}999999-b`);
    mkdirSync(join(done, 'old'), { recursive: true });
    writeFileSync(join(done, 'old', 'a.txt'), 'identical copy');
    writeFileSync(join(done, 'committed.json'), JSON.stringify(journal(dir)));
    expect(recover(done)).toBe('finished');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('recovers the staging of dead processes only, and only ours', () => {
    const dir = tempDir();
    const live = join(dir, `${TMP_PREFIX}${process.pid}-live`);
    const dead = join(dir, `${TMP_PREFIX}999999-dead`);
    const other = join(dir, '.someone-elses-999999-dir');
    for (const d of [live, dead, other]) mkdirSync(d);
    writeFileSync(join(dead, 'a.txt'), 'staged');
    writeJournal(dead, journal(dir));
    expect(recoverStale(dir, TMP_PREFIX)).toEqual(['rolled back']);
    expect(readdirSync(dir).sort()).toEqual([`${TMP_PREFIX}${process.pid}-live`, '.someone-elses-999999-dir']);
    expect(recoverStale(join(dir, 'missing'), TMP_PREFIX)).toEqual([]);
  });

  it('an undo puts back an old version that had already reached the backup directory', () => {
    const dir = tempDir();
    const tmp = join(dir, `${TMP_PREFIX}999999-c`);
    mkdirSync(join(dir, BACKUP_DIR, 'T'), { recursive: true });
    writeFileSync(join(dir, BACKUP_DIR, 'T', 'a.txt'), 'the user\'s');
    writeFileSync(join(dir, 'a.txt'), 'the new one');
    mkdirSync(tmp);
    writeJournal(tmp, journal(dir));
    expect(recover(tmp)).toBe('rolled back');
    expect(readdirSync(dir)).toEqual(['a.txt']);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('the user\'s');
  });
});
