/**
 * What the real file system of a test cannot show: the guardian process the published bundle starts (node's spawn
 * is recorded here, and guard.cjs made to exist beside write.ts), and directories or files this user may not
 * write or read (the tests run as root, who may do both: access and reads are refused here by path).
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { snapshot } from './helpers/snapshot.js';

const guardian = { present: false, withStdin: true, failWith: '', spawned: [] as unknown[][], endedWith: [] as string[][] };
const denied = { access: new Set<string>(), read: new Set<string>() };
const eacces = (path: string) => Object.assign(new Error(`EACCES: permission denied, ${path}`), { code: 'EACCES' });

vi.mock('node:child_process', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:child_process')>()),
  spawn: (...args: unknown[]) => {
    guardian.spawned.push(args);
    const tmp = (args[1] as string[])[1] as string;
    const end = () => guardian.endedWith.push(realFs.readdirSync(dirname(tmp)).filter((n) => n.startsWith('.create-fastapi-docker-tmp-')));
    // node reports a failed spawn (EAGAIN, EMFILE, ENOENT…) by an 'error' event on the next tick
    const child = Object.assign(new EventEmitter(), { unref: () => undefined, stdin: guardian.withStdin ? { end } : null });
    if (guardian.failWith) process.nextTick(() => child.emit('error', Object.assign(new Error(`spawn ${guardian.failWith}`), { code: guardian.failWith })));
    return child;
  },
}));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    existsSync: (path: string) => (guardian.present && String(path).endsWith('/guard.cjs')) || fs.existsSync(path),
    accessSync: (path: string, mode?: number) => {
      if (denied.access.has(path)) throw eacces(path);
      return fs.accessSync(path, mode);
    },
    readFileSync: ((path: string, ...rest: never[]) => {
      if (denied.read.has(path)) throw eacces(path);
      return (fs.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
    }) as typeof fs.readFileSync,
  };
});

const realFs = await vi.importActual<typeof import('node:fs')>('node:fs');
const { writeProject } = await import('../src/io/write.js');
const { WriteError } = await import('../src/io/fs-errors.js');

const made: string[] = [];
afterEach(() => {
  Object.assign(guardian, { present: false, withStdin: true, failWith: '', spawned: [], endedWith: [] });
  denied.access.clear();
  denied.read.clear();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const files = [
  { path: 'Dockerfile', content: 'FROM python:3.14-slim\n' },
  { path: 'app/main.py', content: 'app = None\n' },
];

function usersProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'cfd-guardian-'));
  made.push(root);
  const dir = join(root, 'svc');
  mkdirSync(join(dir, 'app'), { recursive: true });
  writeFileSync(join(dir, 'app', 'main.py'), '# my own main\n');
  writeFileSync(join(dir, 'old.cfg'), 'retired');
  mkdirSync(join(dir, 'config'));
  writeFileSync(join(dir, 'config', 'legacy.ini'), '[legacy]\n');
  return dir;
}

const guardScript = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'io', 'guard.cjs');

describe('the guardian', () => {
  it('is started detached, on the staging directory, before the write; released only once the write is over', async () => {
    guardian.present = true;
    const dir = usersProject();
    await writeProject(dir, files, { stamp: 'S' });
    expect(guardian.spawned).toHaveLength(1);
    const [command, args, options] = guardian.spawned[0] as [string, string[], object];
    expect(command).toBe(process.execPath);
    expect(args).toHaveLength(2);
    expect(args[0]).toBe(guardScript);
    expect(args[1]).toMatch(new RegExp(`^${dir}/\\.create-fastapi-docker-tmp-${process.pid}-[a-z0-9]{1,8}$`));
    expect(options).toEqual({ detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    // released once, when the staging directory was already gone and the files were in place
    expect(guardian.endedWith).toEqual([[]]);
    expect(readFileSync(join(dir, 'app', 'main.py'), 'utf8')).toBe('app = None\n');
  });

  it('is not started when the bundle has no guard.cjs (running from the sources), nor for a new directory', async () => {
    await writeProject(usersProject(), files, { stamp: 'S' });
    guardian.present = true;
    await writeProject(join(usersProject(), 'fresh'), files);
    expect(guardian.spawned).toEqual([]);
  });

  it('one that got no pipe (spawn under EMFILE gives a child without stdio) does not fail a complete write', async () => {
    Object.assign(guardian, { present: true, withStdin: false });
    const dir = usersProject();
    const result = await writeProject(dir, files, { stamp: 'S' });
    expect(result.replaced).toEqual(['app/main.py']);
    expect(guardian.spawned).toHaveLength(1);
  });

  it('one that could not be started (too many processes) leaves the write complete and reported, not a crash', async () => {
    Object.assign(guardian, { present: true, failWith: 'EAGAIN' });
    const dir = usersProject();
    const result = await writeProject(dir, files, { stamp: 'S' });
    await new Promise((done) => setImmediate(done));
    expect(result.replaced).toEqual(['app/main.py']);
    expect(readFileSync(join(dir, 'app', 'main.py'), 'utf8')).toBe('app = None\n');
  });
});

describe('a directory this user may not write, or a file it may not read, is refused before any change', () => {
  const refusal = (shown: string) => new WriteError(`cannot write to directory "${shown}": permission denied; run as a user who may write there, or choose another directory`);
  const dockerfile = files.slice(0, 1);
  const cases: [string, (dir: string) => string, typeof files, readonly string[]][] = [
    ['the directory itself (every file at its top)', (dir) => dir, dockerfile, []],
    ['a directory a file goes into', (dir) => join(dir, 'app'), files, []],
    ['the directory of a file to remove', (dir) => join(dir, 'config'), dockerfile, ['config/legacy.ini']],
  ];
  for (const [name, where, generated, deletions] of cases) {
    it(name, async () => {
      const dir = usersProject();
      const before = snapshot(dir);
      denied.access.add(where(dir));
      await expect(writeProject(dir, generated, { shown: 'svc', deletions })).rejects.toThrow(refusal('svc'));
      expect(snapshot(dir)).toEqual(before);
    });
  }

  it('the nearest existing parent of a new directory', async () => {
    const parent = dirname(usersProject());
    denied.access.add(parent);
    await expect(writeProject(join(parent, 'a', 'new'), files, { shown: 'a/new' })).rejects.toThrow(refusal('a/new'));
    expect(realFs.readdirSync(parent)).toEqual(['svc']);
  });

  it('a file to replace that cannot be read (its backup would be lost)', async () => {
    const dir = usersProject();
    const before = snapshot(dir);
    denied.read.add(join(dir, 'app', 'main.py'));
    await expect(writeProject(dir, files, { shown: 'svc' })).rejects.toThrow(
      new WriteError('cannot write app/main.py in "svc" (it must be read to back it up): permission denied; run as a user who may write there, or choose another directory'),
    );
    denied.read.clear();
    expect(snapshot(dir)).toEqual(before);
  });
});
