// The figures per process model, measured after the matrix, one container at a time (nothing else
// runs): time from `docker run` to the first 200, `docker stop` idle, with a request in flight and
// with a request longer than the graceful timeout, and requests/s under load at --cpus 2, measured interleaved with
// the anchor (A B, B A, A B ...) so that the machine's other work weighs on both sides of each ratio alike.
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { GRACEFUL_TIMEOUT_SECONDS, STOP_GRACE_PERIOD_SECONDS } from '../../../src/runtime-limits.js';
import { runDetached, type RunningContainer } from '../infra/index.js';
import { sleep } from '../infra/util.js';
import type { ComboResult } from './combo.js';
import { PROCESSES } from './generate.js';
import { checkLogs } from './logs.js';
import { stop, waitUntilServing, workerCount } from './probes.js';
import { expectedWorkers } from './workers.js';
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

export const LOAD = { path: '/items/5?q=somequery', seconds: 5, connections: 32, cpus: 2, rounds: 4 };

export interface ModelFigures {
  process: string;
  combo: string;
  firstOkSeconds: number;
  stopIdleSeconds: number;
  stopInFlightSeconds: number;
  overLong: { seconds: number; exitCode: number; cancelled: boolean };
  /** The median run of its load runs (by requests/s). */
  load: LoadResult;
  /** requests/s against the anchor's, one ratio per interleaved pair: their median and spread. */
  ratio?: { median: number; min: number; max: number; pairs: number };
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
      if (i === 0) checkLogs(v, await c.logs(), `of ${r.axes.process}, started and stopped`);
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

  return { process: r.axes.process, combo: r.name, firstOkSeconds: median(starts), stopIdleSeconds: median(stops), stopInFlightSeconds: inFlight.seconds, overLong: { seconds: long.seconds, exitCode: long.exitCode, cancelled }, load: await loadRun(r, v) };
}

/** One load run: the image at --cpus LOAD.cpus, every worker up, autocannon for LOAD.seconds. */
async function loadRun(r: ComboResult, v: Verdict): Promise<LoadResult> {
  const { c } = await runToFirstOk(r.tag, r.port, ['--cpus', String(LOAD.cpus)]);
  try {
    // Every worker up (booted and counted), not a fixed pause: a worker still booting would lower the figure.
    const workers = expectedWorkers(r.axes, { cpus: LOAD.cpus });
    v.equal(await workerCount(c, workers), workers, `${r.axes.process}: its ${workers} serving processes are up before the load`);
    const load = await autocannon({ url: `http://127.0.0.1:${r.port}${LOAD.path}`, connections: LOAD.connections, duration: LOAD.seconds });
    v.check(load.non2xx === 0 && load.errors === 0 && load.timeouts === 0 && load.requests.total > 0, `${r.axes.process}: the load gets only 200s`, `non2xx ${load.non2xx}, errors ${load.errors}, timeouts ${load.timeouts}`);
    checkLogs(v, await c.logs(), `of ${r.axes.process}, after ${LOAD.seconds} s of load`);
    return load;
  } finally {
    await c.remove();
  }
}

const medianRun = (runs: LoadResult[]): LoadResult => {
  const sorted = [...runs].sort((a, b) => a.requests.average - b.requests.average);
  return sorted[Math.floor((sorted.length - 1) / 2)] as LoadResult;
};

/**
 * requests/s of `model` against the `anchor`, LOAD.rounds pairs, the order alternating (A B, B A, ...): each pair's
 * ratio sees the same moment of the machine. Adds the anchor's runs to `anchorRuns`.
 */
async function interleaved(model: ComboResult, anchor: ComboResult, v: Verdict, anchorRuns: LoadResult[]): Promise<{ runs: LoadResult[]; ratios: number[] }> {
  const runs: LoadResult[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < LOAD.rounds; i++) {
    const first = i % 2 === 0 ? anchor : model;
    const a = await loadRun(first, v);
    const b = await loadRun(first === anchor ? model : anchor, v);
    const [ofAnchor, ofModel] = first === anchor ? [a, b] : [b, a];
    anchorRuns.push(ofAnchor);
    runs.push(ofModel);
    ratios.push(ofModel.requests.average / ofAnchor.requests.average);
  }
  return { runs, ratios };
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
  // Load: each model interleaved with the anchor (the official-image stand-in).
  const anchor = representative(results, 'official-image');
  const anchorFigures = figures.find((f) => f.process === 'official-image');
  if (anchor && anchorFigures) {
    const anchorRuns = [anchorFigures.load];
    for (const f of figures.filter((x) => x !== anchorFigures)) {
      const r = representative(results, f.process) as ComboResult;
      await v.step(`requests/s of ${f.process} against the anchor, interleaved`, async () => {
        const { runs, ratios } = await interleaved(r, anchor, v, anchorRuns);
        f.load = medianRun([f.load, ...runs]);
        f.ratio = { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), pairs: ratios.length };
      });
    }
    anchorFigures.load = medianRun(anchorRuns);
  }
  load.push(loadavg()[0] as number);
  return { figures, verdict: v, load };
}
