/**
 * The write is all or nothing, whatever stops it: SIGKILL, Ctrl-C, or a failing disk, at every point of the write.
 * The real bin runs with a preload (helpers/fs-faults.cjs) that counts each file-system change and acts before the
 * Nth: for N = 1 … all of them, the directory is then byte-identical to before, or the complete result.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, tempDir } from './helpers/run-cli.js';
import { type Snapshot, snapshot } from './helpers/snapshot.js';

const FAULTS = resolve(import.meta.dirname, 'helpers/fs-faults.cjs');
const ARGS = ['svc', '--yes', '--overwrite', '--layout', 'bigger', '--process', 'gunicorn'];

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

const runWith = (cwd: string, env: Record<string, string>, args = ARGS): Promise<Run> =>
  new Promise((done) => {
    execFile(process.execPath, ['--require', FAULTS, BIN, ...args], { cwd, env: { ...process.env, CI: '1', NO_COLOR: '1', ...env } }, (error, _out, stderr) =>
      done({ code: error ? ((error as { code?: number }).code ?? null) : 0, signal: (error as { signal?: NodeJS.Signals } | null)?.signal ?? null, stderr }),
    );
  });

/** A project a user has worked in: their own files, a changed generated file, an identical one. */
function usersProject(root: string): string {
  const dir = join(root, 'svc');
  mkdirSync(join(dir, 'app'), { recursive: true });
  writeFileSync(join(dir, 'notes.txt'), 'keep me\n');
  writeFileSync(join(dir, 'app', 'main.py'), '# my own main\n');
  writeFileSync(join(dir, 'Dockerfile'), 'FROM python:3.14-slim\n');
  return dir;
}

/** The snapshot without the backup directory's time-stamped name. */
const normalized = (s: Snapshot): Snapshot =>
  Object.fromEntries(Object.entries(s).map(([k, v]) => [k.replace(/^(\.create-fastapi-docker-backup\/)[^/]+/, '$1STAMP'), v]));

/** Runs `work` for 1 … n, three at a time (each run is mostly a process starting). */
async function eachPoint(n: number, work: (k: number) => Promise<void>): Promise<void> {
  let next = 1;
  await Promise.all(Array.from({ length: 3 }, async () => {
    while (next <= n) await work(next++);
  }));
}

/** Waits for the guardian: no staging directory left in the project. */
async function settled(dir: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (existsSync(dir) && readdirSync(dir).some((n) => n.startsWith('.create-fastapi-docker-tmp-'))) {
    if (Date.now() > deadline) throw new Error(`the guardian did not finish in ${dir}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The number of file-system changes a complete run makes, and the directory it leaves. */
async function fullRun(seed: (root: string) => void, args = ARGS): Promise<{ changes: number; after: Snapshot }> {
  const root = tempDir();
  seed(root);
  const log = join(tempDir(), 'changes.log');
  const run = await runWith(root, { CFD_FAULT_LOG: log }, args);
  expect(run.code, run.stderr).toBe(0);
  return { changes: readFileSync(log, 'utf8').trim().split('\n').length, after: normalized(snapshot(join(root, 'svc'))) };
}

describe('SIGKILL at every file-system change of an overwrite: the directory is as before, or complete', () => {
  it('every kill point, with the guardian restoring or finishing', async () => {
    const { changes, after } = await fullRun(usersProject);
    const template = tempDir();
    const before = snapshot(usersProject(template));
    expect(changes).toBeGreaterThan(40);
    const outcomes = { before: 0, after: 0 };
    await eachPoint(changes, async (k) => {
      const root = tempDir();
      cpSync(template, root, { recursive: true });
      const run = await runWith(root, { CFD_FAULT: `kill:${k}` });
      expect(run.signal, `kill point ${k}`).toBe('SIGKILL');
      await settled(join(root, 'svc'));
      const now = normalized(snapshot(join(root, 'svc')));
      if (JSON.stringify(now) === JSON.stringify(before)) outcomes.before++;
      else {
        expect(now, `kill point ${k} of ${changes} left a partial directory`).toEqual(after);
        outcomes.after++;
      }
    });
    expect(outcomes.before + outcomes.after).toBe(changes);
    expect(outcomes.before).toBeGreaterThan(0);
    expect(outcomes.after).toBeGreaterThan(0);
    console.log(`overwrite: ${changes} kill points; ${outcomes.before} left it as before, ${outcomes.after} complete`);
  }, 180_000);

  it('a failing disk at every change (ENOSPC injected): exit 1, one sentence, and the directory as before', async () => {
    const { changes } = await fullRun(usersProject);
    const template = tempDir();
    const before = snapshot(usersProject(template));
    let failedBeforeCommit = 0;
    await eachPoint(changes, async (k) => {
      const root = tempDir();
      cpSync(template, root, { recursive: true });
      const run = await runWith(root, { CFD_FAULT: `errno:ENOSPC:${k}` });
      if (run.code === 0) return; // the change was after the commit point, where a failure cannot undo the write
      failedBeforeCommit++;
      expect(run.code, `fault ${k}: ${run.stderr}`).toBe(1);
      expect(run.stderr.trim().split('\n'), `fault ${k}`).toHaveLength(1);
      expect(run.stderr).toBe('error cannot write to directory "svc": no space is left on the device; free some space and run again\n');
      expect(snapshot(join(root, 'svc')), `fault ${k}`).toEqual(before);
    });
    expect(failedBeforeCommit).toBeGreaterThan(changes / 2);
  }, 180_000);
});

describe('SIGKILL at every change of a new project: it appears whole or not at all', () => {
  it('every kill point; the next run removes what the killed one staged', async () => {
    const { changes, after } = await fullRun(() => undefined);
    let absent = 0;
    await eachPoint(changes, async (k) => {
      const root = tempDir();
      const run = await runWith(root, { CFD_FAULT: `kill:${k}` });
      expect(run.signal).toBe('SIGKILL');
      if (existsSync(join(root, 'svc'))) expect(normalized(snapshot(join(root, 'svc'))), `kill point ${k}`).toEqual(after);
      else absent++;
      const again = await runWith(root, {});
      expect(again.code, again.stderr).toBe(0);
      expect(readdirSync(root), `kill point ${k}`).toEqual(['svc']);
    });
    expect(absent).toBeGreaterThan(0);
    console.log(`new project: ${changes} kill points; ${absent} left nothing, ${changes - absent} complete`);
  }, 180_000);
});

describe('Ctrl-C during the write is held until the write is over, then reported', () => {
  it('at the first, a middle and the last change: the files are complete, exit 130, and the message says so', async () => {
    const { changes, after } = await fullRun(usersProject);
    for (const k of [1, Math.ceil(changes / 2), changes]) {
      const root = tempDir();
      usersProject(root);
      const run = await runWith(root, { CFD_FAULT: `signal:${k}` });
      expect(run.code, `signal at ${k}: ${run.stderr}`).toBe(130);
      expect(run.stderr).toMatch(/^interrupted the files were written to svc, and nothing else was done\. To build: cd svc && docker build -t svc \.$/m);
      expect(normalized(snapshot(join(root, 'svc')))).toEqual(after);
    }
  }, 60_000);
});
