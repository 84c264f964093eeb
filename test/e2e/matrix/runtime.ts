// What the running server really uses, and how it stops: checked on the combination's TEST image
// (probe-image.ts), run on the host network and asked on 127.0.0.1.
import type { RunningContainer } from '../infra/index.js';
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

/** For each serving process, whether uvloop's and httptools' extensions (and libuv, llhttp) are mapped into it. */
export async function fastPathsLoaded(c: RunningContainer): Promise<{ pid: number; uvloop: boolean; httptools: boolean; libuv: boolean; llhttp: boolean }[]> {
  const pids = servingPids(await processes(c));
  const maps = await mappedFiles(c, pids);
  return pids.map((pid) => {
    const files = maps.get(pid) ?? [];
    const has = (re: RegExp) => files.some((f) => re.test(f));
    return { pid, uvloop: has(/\/uvloop\/loop\.cpython-\d+/), httptools: has(/\/httptools\/parser\/parser\.cpython-\d+/), libuv: has(/\/libuv\.so/), llhttp: has(/\/libllhttp\.so/) };
  });
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
