// What the running server really uses, and how it stops: checked on the combination's TEST image
// (probe-image.ts), run on the host network and asked on 127.0.0.1.
import { dockerAsync, type RunningContainer } from '../infra/index.js';
import { sleep } from '../infra/util.js';
import { type Stopped, mappedFiles, processes, servingPids, stop } from './probes.js';

export interface RuntimeAnswer {
  pid: number;
  loop: string;
  protocol: string | null;
  task: string | null;
}

/** Asks /_e2e/runtime `times` times (keep-alive off, so that several workers may answer). */
export async function askRuntime(port: number, times: number): Promise<RuntimeAnswer[]> {
  const answers: RuntimeAnswer[] = [];
  for (let i = 0; i < times; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/_e2e/runtime`, { headers: { Connection: 'close' }, signal: AbortSignal.timeout(5000) });
    answers.push((await res.json()) as RuntimeAnswer);
  }
  return answers;
}

export interface FastPaths {
  pid: number;
  /** uvloop's extension (loop.cpython-*.so) is mapped, and carries libuv (PyPI's wheel links it in statically). */
  uvloop: boolean;
  libuv: boolean;
  /** httptools' parser extension is mapped, and carries llhttp (linked in statically, as in PyPI's wheel). */
  httptools: boolean;
  llhttp: boolean;
}

/** Whether each file carries each of the symbol names (read inside the container). */
async function carries(c: RunningContainer, files: string[], symbols: string[]): Promise<Map<string, Set<string>>> {
  const script = 'import json, sys\nn = int(sys.argv[1])\nsyms, files = sys.argv[2:2 + n], sys.argv[2 + n:]\nout = {}\nfor f in files:\n    data = open(f, "rb").read()\n    out[f] = [s for s in syms if s.encode() in data]\nprint(json.dumps(out))';
  const r = await dockerAsync(['exec', c.id, 'python', '-c', script, String(symbols.length), ...symbols, ...files]);
  if (r.status !== 0) return new Map();
  return new Map(Object.entries(JSON.parse(r.stdout) as Record<string, string[]>).map(([f, s]) => [f, new Set(s)]));
}

const UVLOOP_SO = /\/uvloop\/loop\.cpython-\d+[^/]*\.so$/;
const HTTPTOOLS_SO = /\/httptools\/parser\/parser\.cpython-\d+[^/]*\.so$/;

/** One sample: for each serving process, what of uvloop/libuv and httptools/llhttp it has mapped. */
async function sampleFastPaths(c: RunningContainer): Promise<FastPaths[]> {
  const pids = servingPids(await processes(c));
  const maps = await mappedFiles(c, pids);
  const files = [...new Set([...maps.values()].flat().filter((f) => UVLOOP_SO.test(f) || HTTPTOOLS_SO.test(f)))];
  const symbols = files.length ? await carries(c, files, ['uv_loop_init', 'llhttp_execute']) : new Map<string, Set<string>>();
  return pids.map((pid) => {
    const mapped = maps.get(pid) ?? [];
    const uvloop = mapped.find((f) => UVLOOP_SO.test(f));
    const httptools = mapped.find((f) => HTTPTOOLS_SO.test(f));
    return {
      pid,
      uvloop: Boolean(uvloop),
      libuv: Boolean(uvloop && symbols.get(uvloop)?.has('uv_loop_init')),
      httptools: Boolean(httptools),
      llhttp: Boolean(httptools && symbols.get(httptools)?.has('llhttp_execute')),
    };
  });
}

/**
 * Waits until `expected` processes serve and each has mapped uvloop's and httptools' extensions (a Gunicorn worker
 * maps them while it boots, after the first answers may already have come from its siblings), or the deadline
 * passes; resolves with the last sample.
 */
export async function fastPathsLoaded(c: RunningContainer, expected: number, timeoutMs = 30_000): Promise<FastPaths[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sample = await sampleFastPaths(c);
    const done = sample.length === expected && sample.every((p) => p.uvloop && p.httptools && p.libuv && p.llhttp);
    if (done || Date.now() > deadline) return sample;
    await sleep(300);
  }
}

export interface InFlightStop extends Stopped {
  /** The slow request's answer: status 0 when the connection failed. */
  status: number;
  body: string;
  /** Seconds from `docker stop` to the answer. */
  answeredAfter: number;
  /** Whether the request was in flight (its handler running) when docker stop began. */
  wasInFlight: boolean;
  /** What /_e2e/inflight answered while waiting for that. */
  polls: string[];
}

/** GET /_e2e/slow?s=N, recording when its answer came. */
function slowRequest(port: number, seconds: number) {
  const state = { answeredAt: 0 };
  const answer = fetch(`http://127.0.0.1:${port}/_e2e/slow?s=${seconds}`, { signal: AbortSignal.timeout((seconds + 15) * 1000) })
    .then(async (r) => ({ status: r.status, body: await r.text() }), (e: Error) => ({ status: 0, body: e.message }))
    .then((r) => ((state.answeredAt = Date.now()), r));
  return { state, answer };
}

/**
 * Starts GET /_e2e/slow?s=`seconds`, waits until its handler runs in the container (asking
 * /_e2e/inflight), then `docker stop`s it: resolves with how the request ended and how the container
 * did. If the request ends before it is seen running (a busy machine), a new one is sent, up to 3 times.
 */
export async function stopWithRequestInFlight(c: RunningContainer, port: number, seconds: number): Promise<InFlightStop> {
  const polls: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const slow = slowRequest(port, seconds);
    let wasInFlight = false;
    while (!wasInFlight && !slow.state.answeredAt) {
      const t = Date.now();
      const r = await fetch(`http://127.0.0.1:${port}/_e2e/inflight`, { headers: { Connection: 'close' }, signal: AbortSignal.timeout(5000) }).then(
        (x) => x.text(),
        (e: Error) => e.message,
      );
      polls.push(`#${attempt} ${Date.now() - t}ms ${r}`);
      wasInFlight = r.includes('"inflight":true');
      if (!wasInFlight) await sleep(50);
    }
    if (!wasInFlight && attempt < 3) {
      await slow.answer;
      continue;
    }
    const stopAt = Date.now();
    const stopped = await stop(c);
    const r = await slow.answer;
    return { ...stopped, ...r, answeredAfter: (slow.state.answeredAt - stopAt) / 1000, wasInFlight, polls };
  }
}
