/**
 * The plan and the write's result, exactly, on the real file system: each action, the deletions, the modes the
 * umask narrows, what a linked or missing target is, and what is refused before anything is touched.
 */
import { createServer } from 'node:net';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKUP_DIR } from '../src/io/journal.js';
import { planWrite } from '../src/io/plan.js';
import { writeProject } from '../src/io/write.js';
import { WriteError } from '../src/io/fs-errors.js';
import { UsageError } from '../src/options/types.js';
import { snapshot } from './helpers/snapshot.js';

const made: string[] = [];
const temp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'cfd-plan-'));
  made.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const files = [
  { path: 'Dockerfile', content: 'FROM python:3.14-slim\n' },
  { path: 'app/main.py', content: 'app = None\n' },
  { path: 'app/routers/items.py', content: 'router = None\n' },
  { path: 'docker-entrypoint.sh', content: '#!/bin/sh\nexec "$@"\n', mode: 0o755 },
  { path: '.env', content: 'SECRET=1\n', mode: 0o600 },
];

/** A user's directory: Dockerfile identical, app/main.py changed, their own notes, and two files to be removed. */
function usersProject(): string {
  const dir = join(temp(), 'svc');
  mkdirSync(join(dir, 'app'), { recursive: true });
  mkdirSync(join(dir, 'config'));
  writeFileSync(join(dir, 'notes.txt'), 'keep me');
  writeFileSync(join(dir, 'app', 'main.py'), '# my own main\n');
  writeFileSync(join(dir, 'Dockerfile'), 'FROM python:3.14-slim\n');
  writeFileSync(join(dir, 'old.cfg'), 'retired');
  writeFileSync(join(dir, 'config', 'legacy.ini'), '[legacy]\n');
  symlinkSync('/nonexistent/elsewhere', join(dir, 'stale-link'));
  return dir;
}

const deletions = ['old.cfg', 'config/legacy.ini', 'stale-link', 'never-there.txt'];
const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);
/** The umask of this process (vitest's workers may read it, not set it), as the modes a snapshot shows. */
const umask = process.umask();
const dirMode = `dir ${(0o777 & ~umask).toString(8)}`;
const fileMode = (0o666 & ~umask).toString(8);

describe('the plan', () => {
  it('lists each file with its action and the deletions that are there, with empty content', () => {
    const plan = planWrite(usersProject(), files, 'svc', deletions);
    expect(plan.exists).toBe(true);
    expect(plan.files.map(({ path, action, content }) => [path, action, action === 'delete' ? content : '…'])).toEqual([
      ['Dockerfile', 'same', '…'], ['app/main.py', 'replace', '…'], ['app/routers/items.py', 'create', '…'],
      ['docker-entrypoint.sh', 'create', '…'], ['.env', 'create', '…'],
      ['old.cfg', 'delete', ''], ['config/legacy.ini', 'delete', ''], ['stale-link', 'delete', ''],
    ]);
    expect(plan.newDirs).toEqual(['app/routers']);
  });

  it('a missing target: every file created, no directories inside to plan, and nothing else', () => {
    const target = join(temp(), 'a', 'svc');
    expect(planWrite(target, files)).toEqual({ target, exists: false, files: files.map((f) => ({ ...f, action: 'create' })), newDirs: [] });
  });

  it('a link to a directory is written through; a link to a file, a dangling link and a file are refused', async () => {
    const root = temp();
    mkdirSync(join(root, 'real'));
    symlinkSync(join(root, 'real'), join(root, 'linked'));
    expect(planWrite(join(root, 'linked'), files).files.map((f) => f.action)).toEqual(['create', 'create', 'create', 'create', 'create']);
    await writeProject(join(root, 'linked'), files);
    expect(readFileSync(join(root, 'real', 'app', 'main.py'), 'utf8')).toBe('app = None\n');
    writeFileSync(join(root, 'file'), 'x');
    symlinkSync(join(root, 'file'), join(root, 'to-file'));
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
    for (const name of ['file', 'to-file', 'dangling']) {
      expect(() => planWrite(join(root, name), files, name)).toThrow(new UsageError(`directory "${name}" is a file; give a new or empty directory`));
    }
  });

  it('a path through a file is a WriteError naming it, not a missing directory', () => {
    const root = temp();
    writeFileSync(join(root, 'file'), 'x');
    expect(() => planWrite(join(root, 'file', 'svc'), files)).toThrow(
      new WriteError(`cannot write "${join(root, 'file', 'svc')}": a part of the path is a file, not a directory; move it away or choose another directory`),
    );
  });

  it('refuses a socket in the way of a file, and a directory that is to be removed', async () => {
    const dir = usersProject();
    const server = createServer();
    await new Promise<void>((done) => server.listen(join(dir, 'Dockerfile.sock'), done));
    try {
      const sock = [{ path: 'Dockerfile.sock', content: 'x' }];
      expect(lstatSync(join(dir, 'Dockerfile.sock')).isSocket()).toBe(true);
      expect(() => planWrite(dir, sock, 'svc')).toThrow(
        new UsageError('cannot write Dockerfile.sock in "svc": something that is not a file is in the way; move it away or choose another directory'),
      );
      expect(() => planWrite(dir, files, 'svc', ['config'])).toThrow(
        new UsageError('cannot write config in "svc": it is to be removed, and it is not a file; move it away or choose another directory'),
      );
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});

describe('the result of a write', () => {
  it('into an existing directory: each list exact; deleted files and changed ones backed up, links as links', async () => {
    const dir = usersProject();
    const result = await writeProject(dir, files, { stamp: 'S', deletions });
    expect(result).toEqual({
      created: ['app/routers/items.py', 'docker-entrypoint.sh', '.env'],
      deleted: ['old.cfg', 'config/legacy.ini', 'stale-link'],
      replaced: ['Dockerfile', 'app/main.py'],
      backupDir: `${BACKUP_DIR}/S`,
      interrupted: undefined,
    });
    const after = snapshot(dir);
    const backup = Object.fromEntries(Object.entries(after).filter(([p]) => p.startsWith(`${BACKUP_DIR}/`)));
    expect(backup).toEqual({
      [`${BACKUP_DIR}/`]: dirMode,
      [`${BACKUP_DIR}/S/`]: dirMode,
      [`${BACKUP_DIR}/S/app/`]: dirMode,
      [`${BACKUP_DIR}/S/app/main.py`]: `file ${fileMode} ${Buffer.from('# my own main\n').toString('base64')}`,
      [`${BACKUP_DIR}/S/config/`]: dirMode,
      [`${BACKUP_DIR}/S/config/legacy.ini`]: `file ${fileMode} ${Buffer.from('[legacy]\n').toString('base64')}`,
      [`${BACKUP_DIR}/S/old.cfg`]: `file ${fileMode} ${Buffer.from('retired').toString('base64')}`,
      [`${BACKUP_DIR}/S/stale-link`]: 'link -> /nonexistent/elsewhere',
    });
    expect(readdirSync(dir).sort()).toEqual([
      '.create-fastapi-docker-backup', '.env', 'Dockerfile', 'app', 'config', 'docker-entrypoint.sh', 'notes.txt',
    ]);
    expect(readdirSync(join(dir, 'config'))).toEqual([]);
  });

  it('only deletions (every file identical): the deleted file is still backed up and the result says where', async () => {
    const dir = usersProject();
    await writeProject(dir, files, { stamp: 'FIRST' });
    const result = await writeProject(dir, files, { stamp: 'S', deletions: ['old.cfg'] });
    expect(result.backupDir).toBe(`${BACKUP_DIR}/S`);
    expect(result.deleted).toEqual(['old.cfg']);
    expect(result.created).toEqual([]);
    expect(readFileSync(join(dir, BACKUP_DIR, 'S', 'old.cfg'), 'utf8')).toBe('retired');
    expect(readlinkSync(join(dir, 'stale-link'))).toBe('/nonexistent/elsewhere');
  });

  it('without deletions nothing of the user\'s is removed, and nothing is reported deleted', async () => {
    const dir = usersProject();
    const result = await writeProject(dir, files, { stamp: 'S' });
    expect(result.deleted).toEqual([]);
    expect(readFileSync(join(dir, 'old.cfg'), 'utf8')).toBe('retired');
  });

  it('the default stamp is the time of the write, with only characters every file system takes', async () => {
    const dir = usersProject();
    const before = Date.now();
    const { backupDir } = await writeProject(dir, files);
    const match = /^\.create-fastapi-docker-backup\/(\d{4}-\d\d-\d\dT\d\d)-(\d\d)-(\d\d)-(\d{3})Z$/.exec(backupDir ?? '');
    expect(match, backupDir).not.toBeNull();
    const [, hour, min, sec, ms] = match as unknown as string[];
    const when = Date.parse(`${hour}:${min}:${sec}.${ms}Z`);
    expect(when).toBeGreaterThanOrEqual(before - 1);
    expect(when).toBeLessThanOrEqual(Date.now());
    expect(existsSync(join(dir, backupDir as string, 'app', 'main.py'))).toBe(true);
  });

  it('each file gets its mode (0o644 when it names none), narrowed by the umask, new directory or not', async () => {
    const fresh = join(temp(), 'svc');
    await writeProject(fresh, files);
    const existing = usersProject();
    await writeProject(existing, files, { stamp: 'S' });
    const expected = { 'Dockerfile': 0o644, 'app/main.py': 0o644, 'app/routers/items.py': 0o644, 'docker-entrypoint.sh': 0o755, '.env': 0o600 };
    const narrowed = Object.fromEntries(Object.entries(expected).map(([path, mode]) => [path, (mode & ~umask).toString(8)]));
    expect(narrowed['docker-entrypoint.sh']).not.toBe(narrowed['.env']);
    for (const dir of [fresh, existing]) expect(Object.fromEntries(files.map((f) => [f.path, modeOf(join(dir, f.path))]))).toEqual(narrowed);
  });
});
