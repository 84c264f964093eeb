// The figures per process model, measured after the matrix, one container at a time (nothing else
// runs): time from `docker run` to the first 200, `docker stop` idle, with a request in flight and
// with a request longer than the graceful timeout, and requests/s under load at --cpus 2.
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { GRACEFUL_TIMEOUT_SECONDS, STOP_GRACE_PERIOD_SECONDS } from '../../../src/runtime-limits.js';
import { runDetached, type RunningContainer } from '../infra/index.js';
import { sleep } from '../infra/util.js';
import type { ComboResult } from './combo.js';
import { PROCESSES } from './generate.js';
import { stop, waitUntilServing } from './probes.js';
import { stopWithRequestInFlight } from './runtime.js';
import { Verdict } from './verdict.js';

interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: Record<string, unknown>) => Promise<LoadResult>;

export const LOAD = { path: '/items/5?q=somequery', seconds: 10, connections: 32, cpus: 2 };

export interface ModelFigures {
  process: string;
  combo: string;
  firstOkSeconds: number;
  stopIdleSeconds: number;
  stopInFlightSeconds: number;
  overLong: { seconds: number; exitCode: number; cancelled: boolean };
  load: LoadResult;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Seconds from before `docker run -d` to the first 200 of the load path, polled every 20 ms. */
async function runToFirstOk(image: string, port: number, extraArgs: string[] = []): Promise<{ c: RunningContainer; seconds: number }> {
  const t = Date.now();
  const c = await runDetached(image, { extraArgs });
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}${LOAD.path}`, { signal: AbortSignal.timeout(1000) }).then((r) => r.status === 200, () => false);
    if (ok) return { c, seconds: (Date.now() - t) / 1000 };
    if (Date.now() - t > 30_000) {
      await c.remove();
      throw new Error(`${image} gave no 200 within 30 s`);
    }
    await sleep(20);
  }
}

/** The representative of a process model: its package-pip-direct combination, else any that passed. */
function representative(results: ComboResult[], process: string): ComboResult | undefined {
  const mine = results.filter((r) => r.axes.process === process && r.verdict.passed && r.probeTag);
  return mine.find((r) => r.axes.layout === 'package' && r.axes.deps === 'pip' && !r.axes.proxy) ?? mine[0];
}

async function measure(r: ComboResult, v: Verdict): Promise<ModelFigures> {
  const starts: number[] = [];
  const stops: number[] = [];
  for (let i = 0; i < 3; i++) {
    const { c, seconds } = await runToFirstOk(r.tag, r.port);
    try {
      starts.push(seconds);
      stops.push((await stop(c)).seconds);
    } finally {
      await c.remove();
    }
  }
  const withProbe = async <T>(body: (c: RunningContainer) => Promise<T>): Promise<T> => {
    const c = await runDetached(r.probeTag as string);
    try {
      await waitUntilServing(c, r.port);
      return await body(c);
    } finally {
      await c.remove();
    }
  };
  const inFlight = await withProbe((c) => stopWithRequestInFlight(c, r.port, 2));
  v.check(inFlight.status === 200 && inFlight.seconds < 5, `${r.axes.process}: a 2 s request in flight completes and the container is gone in under 5 s`, `${inFlight.status}, ${inFlight.seconds.toFixed(2)} s`);
  const long = await withProbe(async (c) => ({ ...(await stopWithRequestInFlight(c, r.port, 30)), logs: await c.logs() }));
  const cancelled = /Cancel \d+ running task\(s\), timeout graceful shutdown exceeded/.test(long.logs);
  v.check(long.seconds < STOP_GRACE_PERIOD_SECONDS, `${r.axes.process}: a request longer than the graceful timeout (${GRACEFUL_TIMEOUT_SECONDS} s) ends before Docker's ${STOP_GRACE_PERIOD_SECONDS} s`, `${long.seconds.toFixed(2)} s`);
  if (r.axes.process !== 'official-image') v.check(cancelled, `${r.axes.process}: Uvicorn applies the graceful timeout itself (it cancels the request and runs the app's shutdown)`, long.logs.trim().split('\n').slice(-4).join(' | '));

  const { c, seconds: _ } = await runToFirstOk(r.tag, r.port, ['--cpus', String(LOAD.cpus)]);
  try {
    await sleep(1000); // every worker up
    const load = await autocannon({ url: `http://127.0.0.1:${r.port}${LOAD.path}`, connections: LOAD.connections, duration: LOAD.seconds });
    v.check(load.non2xx === 0 && load.errors === 0 && load.timeouts === 0 && load.requests.total > 0, `${r.axes.process}: the load gets only 200s`, `non2xx ${load.non2xx}, errors ${load.errors}, timeouts ${load.timeouts}`);
    return { process: r.axes.process, combo: r.name, firstOkSeconds: median(starts), stopIdleSeconds: median(stops), stopInFlightSeconds: inFlight.seconds, overLong: { seconds: long.seconds, exitCode: long.exitCode, cancelled }, load };
  } finally {
    await c.remove();
  }
}

/** Measures each process model of the default stack's results; failures of the figures' own checks go in the verdict. */
export async function measureFigures(results: ComboResult[]): Promise<{ figures: ModelFigures[]; verdict: Verdict; load: number[] }> {
  const v = new Verdict('figures');
  const load = [loadavg()[0] as number];
  const figures: ModelFigures[] = [];
  for (const process of PROCESSES) {
    const r = representative(results, process);
    if (!r) continue;
    await v.step(`figures of ${process}`, async () => void figures.push(await measure(r, v)));
  }
  load.push(loadavg()[0] as number);
  return { figures, verdict: v, load };
}
