import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apply, recover, writeJournal } from '../src/io/journal.js';
import { planWrite } from '../src/io/plan.js';
import { writeProject } from '../src/io/write.js';
import { UsageError } from '../src/options/types.js';
import { listFiles, tempDir } from './helpers/run-cli.js';
import { snapshot } from './helpers/snapshot.js';

const files = [
  { path: 'Dockerfile', content: 'FROM python:3.14-slim\n' },
  { path: 'app/main.py', content: 'app = None\n' },
  { path: 'app/routers/items.py', content: 'router = None\n' },
  { path: 'docker-entrypoint.sh', content: '#!/bin/sh\nexec "$@"\n', mode: 0o755 },
];

/** A directory with a user's files: one generated file they changed, one identical, and their own. */
function usersProject(): string {
  const dir = join(tempDir(), 'svc');
  mkdirSync(join(dir, 'app'), { recursive: true });
  writeFileSync(join(dir, 'notes.txt'), 'keep me');
  writeFileSync(join(dir, 'app', 'main.py'), '# my own main\n');
  writeFileSync(join(dir, 'Dockerfile'), 'FROM python:3.14-slim\n');
  return dir;
}

describe('planning finds every conflict before anything is touched', () => {
  it('classifies each file: created, replaced unchanged, replaced with a backup; new directories parents first', () => {
    const plan = planWrite(usersProject(), files);
    expect(plan.files.map((f) => [f.path, f.action])).toEqual([
      ['Dockerfile', 'same'], ['app/main.py', 'replace'], ['app/routers/items.py', 'create'], ['docker-entrypoint.sh', 'create'],
    ]);
    expect(plan.newDirs).toEqual(['app/routers']);
    const empty = join(tempDir(), 'empty');
    mkdirSync(empty);
    expect(planWrite(empty, files).newDirs).toEqual(['app', 'app/routers']);
  });

  const conflicts: [string, (dir: string) => void, RegExp][] = [
    ['a file where a directory goes', (d) => writeFileSync(join(d, 'app', 'routers'), 'notes'), /cannot write app\/routers\/items\.py in ".*": app\/routers is a file where the project needs a directory app\/routers\//],
    ['a directory where a file goes', (d) => mkdirSync(join(d, 'docker-entrypoint.sh')), /cannot write docker-entrypoint\.sh .*a directory of that name is in the way/],
    ['a symbolic link to a directory', (d) => symlinkSync(tempDir(), join(d, 'app', 'routers')), /app\/routers is a symbolic link, and generated files are not written through links/],
  ];
  for (const [name, make, pattern] of conflicts) {
    it(`refuses ${name}, in one line, with the directory byte-identical`, async () => {
      const dir = usersProject();
      make(dir);
      const before = snapshot(dir);
      const error = await writeProject(dir, files).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(pattern);
      expect((error as Error).message).not.toContain('\n');
      expect(snapshot(dir)).toEqual(before);
    });
  }
});

describe('writing', () => {
  it('a new directory appears whole, and nothing else is left in its parent', async () => {
    const parent = tempDir();
    const result = await writeProject(join(parent, 'svc'), files);
    expect(result.created).toEqual(files.map((f) => f.path));
    expect(readdirSync(parent)).toEqual(['svc']);
    expect(listFiles(join(parent, 'svc'))).toEqual(files.map((f) => f.path));
  });

  it('an existing directory gets the generated files; the user\'s stay; what differed is backed up', async () => {
    const dir = usersProject();
    const result = await writeProject(dir, files, { stamp: 'STAMP' });
    expect(result.replaced).toEqual(['Dockerfile', 'app/main.py']);
    expect(result.backupDir).toBe('.create-fastapi-docker-backup/STAMP');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('keep me');
    expect(readFileSync(join(dir, 'app/main.py'), 'utf8')).toBe('app = None\n');
    expect(readFileSync(join(dir, '.create-fastapi-docker-backup/STAMP/app/main.py'), 'utf8')).toBe('# my own main\n');
    expect(existsSync(join(dir, '.create-fastapi-docker-backup/STAMP/Dockerfile'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.startsWith('.create-fastapi-docker-tmp'))).toEqual([]);
  });

  it('identical files are replaced without a backup', async () => {
    const target = join(tempDir(), 'svc');
    await writeProject(target, files);
    const again = await writeProject(target, files);
    expect(again.replaced).toHaveLength(4);
    expect(again.backupDir).toBeUndefined();
  });
});

describe('recovery of a write that stopped halfway', () => {
  /** Stages a write by hand and applies it up to the point a crash would leave. */
  function halfApplied(stopAfter: 'journal' | 'apply', prepare: (dir: string) => void = () => undefined) {
    const dir = usersProject();
    prepare(dir);
    const before = snapshot(dir);
    const plan = planWrite(dir, files);
    const tmp = join(dir, '.create-fastapi-docker-tmp-999999-test');
    for (const f of plan.files) {
      mkdirSync(join(tmp, 'new', f.path, '..'), { recursive: true });
      writeFileSync(join(tmp, 'new', f.path), f.content);
    }
    const journal = { target: dir, backupDir: '.create-fastapi-docker-backup/T', files: plan.files.map((f) => ({ path: f.path, action: f.action })), newDirs: plan.newDirs, backupRootExisted: false };
    writeJournal(tmp, journal);
    if (stopAfter === 'apply') apply(tmp, journal);
    return { dir, tmp, before, plan };
  }

  it('an uncommitted write is undone, whether or not the files had moved', () => {
    for (const stop of ['journal', 'apply'] as const) {
      const { dir, tmp, before } = halfApplied(stop);
      expect(recover(tmp)).toBe('rolled back');
      expect(snapshot(dir)).toEqual(before);
      expect(recover(tmp)).toBe('nothing');
    }
  });

  it('a user\'s symbolic link where a generated file goes is refused before anything is moved', () => {
    expect(() => halfApplied('apply', (d) => symlinkSync('/nonexistent/target', join(d, 'docker-entrypoint.sh')))).toThrow(
      /cannot write docker-entrypoint\.sh in ".*": it is a symbolic link, and generated files are not written through links/,
    );
  });

  it('the next run restores what a dead run (and its guardian) left, before it plans its own write', async () => {
    const { dir, before } = halfApplied('apply');
    expect(snapshot(dir)).not.toEqual(before);
    const result = await writeProject(dir, files, { stamp: 'NEXT' });
    expect(result.replaced).toEqual(['Dockerfile', 'app/main.py']);
    expect(readFileSync(join(dir, '.create-fastapi-docker-backup/NEXT/app/main.py'), 'utf8')).toBe('# my own main\n');
    expect(readdirSync(dir).filter((n) => n.startsWith('.create-fastapi-docker-tmp'))).toEqual([]);
  });
});
