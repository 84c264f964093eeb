/**
 * The write, in-process, with a failure or a Ctrl-C injected before each of its file-system changes (node:fs is
 * wrapped here; test/killpoints.test.ts does the same to the built bin with real signals and SIGKILL). Before the
 * commit a failure leaves the directory byte-identical; after it, the write is complete.
 */
import * as realFs from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from './helpers/run-cli.js';
import { snapshot } from './helpers/snapshot.js';

const fault = { at: 0, count: 0, kind: 'errno' as 'errno' | 'signal' | 'vanish', signal: 'SIGINT' as NodeJS.Signals };

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const wrap = <F extends (...args: never[]) => unknown>(f: F): F =>
    ((...args: Parameters<F>) => {
      fault.count++;
      if (fault.count === fault.at) {
        if (fault.kind === 'signal') process.emit(fault.signal as 'SIGINT', fault.signal);
        // another recoverer (the guardian, or the next run) removed it first
        else if (fault.kind === 'vanish') fs.rmSync(args[0] as unknown as string, { recursive: true, force: true });
        else throw Object.assign(new Error('injected'), { code: 'ENOSPC' });
      }
      return f(...args);
    }) as F;
  return {
    ...fs,
    mkdirSync: wrap(fs.mkdirSync),
    writeFileSync: wrap(fs.writeFileSync),
    renameSync: wrap(fs.renameSync),
    rmSync: wrap(fs.rmSync),
    rmdirSync: wrap(fs.rmdirSync),
    unlinkSync: wrap(fs.unlinkSync),
  };
});

const { writeProject } = await import('../src/io/write.js');
const { recover, writeJournal } = await import('../src/io/journal.js');
const { WriteError } = await import('../src/io/fs-errors.js');

const NO_SPACE = 'no space is left on the device; free some space and run again';

const files = [
  { path: 'Dockerfile', content: 'FROM python:3.14-slim\n' },
  { path: 'app/main.py', content: 'app = None\n' },
  { path: 'app/routers/items.py', content: 'router = None\n' },
  { path: 'docker-entrypoint.sh', content: '#!/bin/sh\nexec "$@"\n', mode: 0o755 },
];

function usersProject(): string {
  const dir = join(tempDir(), 'svc');
  realFs.mkdirSync(join(dir, 'app'), { recursive: true });
  realFs.writeFileSync(join(dir, 'notes.txt'), 'keep me');
  realFs.writeFileSync(join(dir, 'app', 'main.py'), '# my own main\n');
  realFs.writeFileSync(join(dir, 'Dockerfile'), 'FROM python:3.14-slim\n');
  return dir;
}

/** Counts the changes of a whole write, and gives the directory it leaves. */
async function whole(make: () => string): Promise<{ changes: number; after: ReturnType<typeof snapshot> }> {
  const dir = make();
  fault.at = 0;
  fault.count = 0;
  await writeProject(dir, files, { stamp: 'S' });
  return { changes: fault.count, after: snapshot(dir) };
}

afterEach(() => {
  fault.at = 0;
});

describe('a failure before any change of the write', () => {
  it('an overwrite: WriteError, and the directory as before; or, after the commit point, complete', async () => {
    const { changes, after } = await whole(usersProject);
    let undone = 0;
    for (let k = 1; k <= changes; k++) {
      const dir = usersProject();
      const before = snapshot(dir);
      Object.assign(fault, { at: k, count: 0, kind: 'errno' });
      const error = await writeProject(dir, files, { stamp: 'S', shown: 'svc' }).then(() => undefined, (e: unknown) => e);
      if (error) {
        expect(error, `fault ${k}`).toEqual(new WriteError(`cannot write to directory "svc": ${NO_SPACE}`));
        expect(snapshot(dir), `fault ${k}`).toEqual(before);
        undone++;
      } else {
        // Past the commit only the staging directory's removal can fail: the files are complete, and the next run
        // (or the guardian, in the published bundle) removes the staging directory.
        const tmpOnly = Object.keys(snapshot(dir)).filter((p) => !(p in after));
        expect(tmpOnly.every((p) => p.startsWith('.create-fastapi-docker-tmp-')), `fault ${k}: ${tmpOnly.join(', ')}`).toBe(true);
        fault.at = 0;
        // (recoverInterrupted skips staging of a live process, and this one is alive: recover it as the next run would)
        for (const name of realFs.readdirSync(dir).filter((n) => n.startsWith('.create-fastapi-docker-tmp-'))) expect(recover(join(dir, name))).toBe('finished');
        expect(snapshot(dir), `fault ${k}`).toEqual(after);
      }
    }
    expect(undone).toBeGreaterThan(changes / 2);
  });

  it('a new directory (and its missing parents): WriteError, and nothing left in the parent', async () => {
    const { changes } = await whole(() => join(tempDir(), 'new', 'deeper', 'svc'));
    for (let k = 1; k <= changes; k++) {
      const parent = tempDir();
      Object.assign(fault, { at: k, count: 0, kind: 'errno' });
      const error = await writeProject(join(parent, 'new', 'deeper', 'svc'), files, { shown: 'new/deeper/svc' }).then(() => undefined, (e: unknown) => e);
      expect(error, `fault ${k}`).toEqual(new WriteError(`cannot write to directory "new/deeper/svc": ${NO_SPACE}`));
      expect(realFs.readdirSync(parent), `fault ${k}`).toEqual([]);
    }
  });
});

describe('Ctrl-C during the write', () => {
  it('is held until the write is complete, and reported; so are SIGTERM and SIGHUP', async () => {
    const { changes, after } = await whole(usersProject);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      for (const k of [1, Math.ceil(changes / 2), changes]) {
        const dir = usersProject();
        Object.assign(fault, { at: k, count: 0, kind: 'signal', signal });
        const result = await writeProject(dir, files, { stamp: 'S' });
        expect(result.interrupted, `${signal} at ${k}`).toBe(signal);
        expect(snapshot(dir)).toEqual(after);
      }
      expect(process.listenerCount(signal)).toBe(0);
    }
  });

  it('a write without one reports none', async () => {
    expect((await writeProject(usersProject(), files, { stamp: 'S' })).interrupted).toBeUndefined();
  });
});

describe('what a failure leaves for the next run', () => {
  it('past the commit: a staging directory named by this pid, holding only the new directories\' skeleton and the unchanged old copies', async () => {
    const make = () => {
      const dir = usersProject();
      realFs.writeFileSync(join(dir, 'old.cfg'), 'retired');
      return dir;
    };
    const dir = make();
    fault.count = 0;
    await writeProject(dir, files, { stamp: 'S', deletions: ['old.cfg'] });
    const changes = fault.count;
    const failed = make();
    Object.assign(fault, { at: changes, count: 0, kind: 'errno' });
    const result = await writeProject(failed, files, { stamp: 'S', deletions: ['old.cfg'] });
    expect(result.deleted).toEqual(['old.cfg']);
    const left = realFs.readdirSync(failed).filter((n) => n.startsWith('.create-fastapi-docker-tmp-'));
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(new RegExp(`^\\.create-fastapi-docker-tmp-${process.pid}-[a-z0-9]{1,8}$`));
    const staging = snapshot(join(failed, left[0] as string));
    expect(Object.keys(staging)).toEqual(['committed.json', 'new/', 'new/app/', 'new/app/routers/', 'old/', 'old/Dockerfile', 'old/app/']);
    expect(staging['old/Dockerfile']).toBe(`file ${(0o644 & ~process.umask()).toString(8)} ${Buffer.from('FROM python:3.14-slim\n').toString('base64')}`);
  });

  it('a dead run\'s staging that cannot be recovered stops the next run, in one line naming why', async () => {
    const dir = usersProject();
    realFs.mkdirSync(join(dir, '.create-fastapi-docker-tmp-999999-dead'));
    const before = snapshot(dir);
    Object.assign(fault, { at: 1, count: 0, kind: 'errno' });
    await expect(writeProject(dir, files, { shown: 'svc' })).rejects.toThrow(
      new WriteError(`cannot write to directory "svc" (an interrupted earlier run left files to restore): ${NO_SPACE}`),
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('recovery racing another recoverer (the guardian, the next run) is content to find the staging gone', () => {
    const dir = tempDir();
    const journal = { target: dir, backupDir: '.create-fastapi-docker-backup/T', files: [], newDirs: [], backupRootExisted: false };
    const cases: [string, (tmp: string) => void, string][] = [
      ['bare', () => undefined, 'cleaned'],
      ['committed', (tmp) => realFs.writeFileSync(join(tmp, 'committed.json'), JSON.stringify(journal)), 'finished'],
      ['journal', (tmp) => writeJournal(tmp, journal), 'rolled back'],
    ];
    for (const [name, prepare, outcome] of cases) {
      const tmp = join(dir, `.create-fastapi-docker-tmp-999999-${name}`);
      realFs.mkdirSync(tmp);
      prepare(tmp);
      // the staging directory's removal is the only change of each of these recoveries: it is gone just before it
      Object.assign(fault, { at: 1, count: 0, kind: 'vanish' });
      expect(recover(tmp), name).toBe(outcome);
      expect(fault.count, name).toBe(1);
      expect(realFs.readdirSync(dir), name).toEqual([]);
    }
  });
});
