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

const fault = { at: 0, count: 0, kind: 'errno' as 'errno' | 'signal' };

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const wrap = <F extends (...args: never[]) => unknown>(f: F): F =>
    ((...args: Parameters<F>) => {
      fault.count++;
      if (fault.count === fault.at) {
        if (fault.kind === 'signal') process.emit('SIGINT', 'SIGINT');
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
const { recover } = await import('../src/io/journal.js');
const { WriteError } = await import('../src/io/fs-errors.js');

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
      const error = await writeProject(dir, files, { stamp: 'S' }).then(() => undefined, (e: unknown) => e);
      if (error) {
        expect(error, `fault ${k}`).toBeInstanceOf(WriteError);
        expect((error as Error).message).toMatch(/no space is left on the device/);
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

  it('a new directory: WriteError, and nothing left in the parent', async () => {
    const { changes } = await whole(() => join(tempDir(), 'new', 'svc'));
    for (let k = 1; k <= changes; k++) {
      const parent = tempDir();
      Object.assign(fault, { at: k, count: 0, kind: 'errno' });
      const error = await writeProject(join(parent, 'new', 'svc'), files).then(() => undefined, (e: unknown) => e);
      expect(error, `fault ${k}`).toBeInstanceOf(WriteError);
      expect(realFs.readdirSync(parent), `fault ${k}`).toEqual([]);
    }
  });
});

describe('Ctrl-C during the write', () => {
  it('is held until the write is complete, and reported', async () => {
    const { changes, after } = await whole(usersProject);
    for (const k of [1, Math.ceil(changes / 2), changes]) {
      const dir = usersProject();
      Object.assign(fault, { at: k, count: 0, kind: 'signal' });
      const result = await writeProject(dir, files, { stamp: 'S' });
      expect(result.interrupted, `signal at ${k}`).toBe('SIGINT');
      expect(snapshot(dir)).toEqual(after);
    }
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  it('a write without one reports none', async () => {
    expect((await writeProject(usersProject(), files, { stamp: 'S' })).interrupted).toBeUndefined();
  });
});
