// `docker compose watch`: an edited handler is served within 10 s, through Caddy.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCKER, DOCKER_ENV, dockerTry } from '../infra/engine.js';
import { freePort, sleep } from '../infra/util.js';
import { checkLogs } from '../matrix/logs.js';
import type { Verdict } from '../matrix/verdict.js';
import { caddyRoot, curlLocalhost, inspect, logLines } from './checks.js';
import { type Project, compose, containerOf, writeOverride } from './project.js';

export const WATCH_DEADLINE_SECONDS = 10;
const HANDLER = 'return {"item_id": item_id, "q": q}';
const EDITED = 'return {"item_id": item_id, "q": q, "watch": "edited"}';

export interface WatchFigures {
  /** From `watch` to the first JSON answer through Caddy (build, prestart, healthy app, Caddy). */
  startSeconds?: number;
  /** From saving the edited handler to the first answer that has the edit. */
  editSeconds?: number;
  /** Within editSeconds: until compose said it was syncing, and until the restarted server's container started. */
  syncSeconds?: number;
  restartedSeconds?: number;
  /** …and until the restarted Uvicorn said "Application startup complete" (Python's start-up, which load slows most). */
  serverUpSeconds?: number;
}

/**
 * The app runs as its own user (10001), as users run it: Docker 28 copies the synced file in as that user (20.10's
 * daemon looked the user up in the host's passwd and failed, moby#34142, so the proof ran as root there).
 * The sync itself, the restart and the served edit are what is proved.
 */
export async function watchProof(p: Project, v: Verdict): Promise<WatchFigures> {
  const figures: WatchFigures = {};
  const published = { http: await freePort(), https: await freePort() };
  writeOverride(p, published);
  const args = ['compose', '--ansi', 'never', '-p', p.composeProject, '-f', join(p.dir, 'compose.yaml'), '-f', join(p.dir, 'compose.e2e.yaml'), 'watch'];
  const started = Date.now();
  const child = spawn(DOCKER, args, { env: DOCKER_ENV, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let exited = false;
  child.on('exit', () => (exited = true));
  const url = `https://localhost:${published.https}/items/5?q=watch`;
  try {
    let root: Awaited<ReturnType<typeof caddyRoot>> | undefined;
    const deadline = Date.now() + 180_000;
    while (!figures.startSeconds) {
      if (exited || Date.now() > deadline) {
        v.check(false, 'docker compose watch serves the app', output.trim().split('\n').slice(-3).join(' | '));
        return figures;
      }
      if (output.includes('Watch enabled')) {
        root ??= await caddyRoot(p).catch(() => undefined);
        if (root && curlLocalhost(url, { caRoot: root.path }).status === 200) figures.startSeconds = (Date.now() - started) / 1000;
      }
      await sleep(250);
    }
    const main = join(p.dir, 'app', 'main.py');
    const source = readFileSync(main, 'utf8');
    if (!v.check(source.includes(HANDLER), 'the handler to edit is in app/main.py')) return figures;
    const seen = output.length;
    const edited = Date.now();
    writeFileSync(main, source.replace(HANDLER, EDITED));
    while (Date.now() - edited < 30_000) {
      if (figures.syncSeconds === undefined && output.slice(seen).includes('Syncing')) figures.syncSeconds = (Date.now() - edited) / 1000;
      if (curlLocalhost(url, { caRoot: root?.path }).body.includes('"watch":"edited"')) {
        figures.editSeconds = (Date.now() - edited) / 1000;
        break;
      }
      await sleep(200);
    }
    const app = await containerOf(p, 'app');
    figures.restartedSeconds = (Date.parse(inspect(app, '{{.State.StartedAt}}')) - edited) / 1000;
    const ready = dockerTry(['logs', '--timestamps', app]).stderr.split('\n').filter((l) => l.includes('Application startup complete')).at(-1);
    if (ready) figures.serverUpSeconds = (Date.parse(ready.split(' ')[0] as string) - edited) / 1000;
    root?.dispose();
    checkLogs(v, logLines(app).join('\n'), 'of the app under compose watch, after the edit');
    v.check(output.includes('Syncing'), 'compose watch synced the change (not a rebuild)', output.trim().split('\n').slice(-2).join(' | '));
    v.check(figures.editSeconds !== undefined && figures.editSeconds < WATCH_DEADLINE_SECONDS, `the edited handler is served within ${WATCH_DEADLINE_SECONDS} s`, `${figures.editSeconds ?? 'never (30 s)'}`);
    return figures;
  } finally {
    if (!exited && child.pid) process.kill(-child.pid, 'SIGINT');
    for (let i = 0; i < 50 && !exited; i++) await sleep(200);
    if (!exited && child.pid) process.kill(-child.pid, 'SIGKILL');
    await compose(p, ['down', '--volumes']);
  }
}
