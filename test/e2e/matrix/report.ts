// What the suite prints: each combination's verdict, then one table of figures per process model,
// with the official-image stand-in as the anchor.
import type { ComboResult } from './combo.js';
import { LOAD, type ModelFigures, median } from './figures.js';
import { PROCESSES } from './generate.js';
import type { Verdict } from './verdict.js';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const s = (seconds: number, digits = 2) => `${seconds.toFixed(digits)} s`;

export function verdictLines(results: ComboResult[]): string[] {
  const lines: string[] = ['', 'Results:'];
  for (const r of results) {
    const figures = r.coldSeconds !== undefined ? ` cold ${r.coldSeconds.toFixed(1)}s` : '';
    const rebuild = r.rebuildSeconds !== undefined && r.coldSeconds ? `, rebuild ${r.rebuildSeconds.toFixed(1)}s (${(r.rebuildSeconds / r.coldSeconds).toFixed(2)}× cold)` : '';
    lines.push(`  ${r.verdict.passed ? 'PASS' : 'FAIL'} ${r.name} (${r.verdict.checks} checks;${figures}${rebuild})`);
    for (const failure of r.verdict.failures) lines.push(`       ✗ ${failure}`);
    if (!r.verdict.passed) for (const note of r.verdict.notes) lines.push(`       · ${note}`);
  }
  return lines;
}

/** Where the time went: each step's total over all combinations, longest first. */
export function stepTimes(results: ComboResult[]): string[] {
  const totals = new Map<string, number>();
  for (const r of results) for (const [step, seconds] of Object.entries(r.verdict.timings)) totals.set(step, (totals.get(step) ?? 0) + seconds);
  const parts = [...totals].sort((a, b) => b[1] - a[1]).map(([step, seconds]) => `${step.split(/[:(]/)[0]?.trim()} ${seconds.toFixed(0)} s`);
  return ['', `Time per step, summed over ${results.length} combinations: ${parts.join('; ')}.`];
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `  ${r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`);
}

/** The figures table of the default stack: build figures from the matrix (medians per model), the rest measured alone. */
export function figuresTable(results: ComboResult[], figures: ModelFigures[], python: string, load: number[]): string[] {
  const built = (process: string) => results.filter((r) => r.stack === python && r.axes.process === process && r.coldSeconds !== undefined);
  const rows = PROCESSES.map((process) => {
    const mine = built(process);
    const f = figures.find((x) => x.process === process);
    const ratios = mine.filter((r) => r.rebuildSeconds !== undefined).map((r) => (r.rebuildSeconds as number) / (r.coldSeconds as number));
    return {
      process,
      image: mine.length ? median(mine.map((r) => r.imageBytes ?? 0)) : NaN,
      cold: mine.length ? median(mine.map((r) => r.coldSeconds as number)) : NaN,
      rebuild: ratios.length ? median(ratios) : NaN,
      f,
    };
  });
  const anchor = rows.find((r) => r.process === 'official-image');
  const vs = (value: number, base: number | undefined) => (base && Number.isFinite(value) ? ` (${(value / base).toFixed(2)}×)` : '');
  const cell = (value: number, text: (n: number) => string, base?: number) => (Number.isFinite(value) ? `${text(value)}${vs(value, base)}` : '—');
  const header = ['process model', 'image', 'cold build', 'rebuild/cold', 'run → 200', 'stop idle', 'stop, 2 s request in flight', 'stop, 30 s request', 'requests/s'];
  const body = rows.map((r) => [
    r.process + (r === anchor ? ' (anchor)' : ''),
    cell(r.image, mb, anchor?.image),
    cell(r.cold, (n) => s(n, 1), anchor?.cold),
    cell(r.rebuild, (n) => `${n.toFixed(2)}×`),
    cell(r.f?.firstOkSeconds ?? NaN, (n) => s(n), anchor?.f?.firstOkSeconds),
    cell(r.f?.stopIdleSeconds ?? NaN, (n) => s(n)),
    cell(r.f?.stopInFlightSeconds ?? NaN, (n) => s(n)),
    r.f ? `${s(r.f.overLong.seconds)}, exit ${r.f.overLong.exitCode}${r.f.overLong.cancelled ? ', cancelled' : ', killed'}` : '—',
    r.f ? `${r.f.load.requests.average.toFixed(0)}${r.f.ratio ? ` (${r.f.ratio.median.toFixed(2)}×, ${r.f.ratio.min.toFixed(2)}–${r.f.ratio.max.toFixed(2)})` : ''}` : '—',
  ]);
  const latency = figures.map((f) => `${f.process} p50 ${f.load.latency.p50} ms / p99 ${f.load.latency.p99} ms`).join('; ');
  return [
    '',
    `Figures, Python ${python} stack (ratios against the official-image stand-in, the anchor):`,
    ...table([header, ...body]),
    `  image, cold build, rebuild/cold: medians over each model's combinations, built two at a time; run → 200, stops and load: one container at a time.`,
    `  stop idle: median of 3; a request longer than the graceful timeout is cancelled by Uvicorn (the app's shutdown runs) or killed by Gunicorn's arbiter.`,
    `  the machine's 1-minute load average (2 cores) was ${load.map((l) => l.toFixed(1)).join(' before, ')} after measuring: other work on the machine slows every timing.`,
    `  load: autocannon, ${LOAD.connections} connections, ${LOAD.seconds} s, GET ${LOAD.path} on 127.0.0.1, container at --cpus ${LOAD.cpus}; each model ${LOAD.rounds} times interleaved with the anchor (A B, B A, ...): requests/s is the median run, the ratio the median of the ${LOAD.rounds} pairs' ratios and their spread (min–max); latency of the median run ${latency || '—'}.`,
  ];
}

export function summary(all: Verdict[], seconds: number, combos: number): string[] {
  const passed = all.filter((v) => v.passed).length;
  return ['', `Matrix: ${passed}/${all.length} passed (${combos} combinations and the figures' checks) in ${(seconds / 60).toFixed(1)} min.`, `${passed} passed, ${all.length - passed} failed`];
}
