// The worker counts the generated README and templates document, and the runs that check them
// under CPU limits (docker run --cpus: the cgroup CPU quota; --cpuset-cpus: the affinity).
import { cpus } from 'node:os';
import type { Axes } from './generate.js';

export const CORES = cpus().length;

export interface Limits {
  /** docker run --cpus (a CFS quota). */
  cpus?: number;
  /** docker run --cpuset-cpus=0..N-1 (the affinity), as a count. */
  cpuset?: number;
  env?: Record<string, string>;
}

export const limitArgs = (l: Limits): string[] => [
  ...(l.cpus !== undefined ? ['--cpus', String(l.cpus)] : []),
  ...(l.cpuset !== undefined ? [`--cpuset-cpus=0-${l.cpuset - 1}`] : []),
  ...Object.entries(l.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
];

export const describeLimits = (l: Limits): string =>
  [l.cpus !== undefined && `--cpus ${l.cpus}`, l.cpuset !== undefined && `--cpuset-cpus=0-${l.cpuset - 1}`, ...Object.entries(l.env ?? {}).map(([k, v]) => `${k}=${v}`)]
    .filter(Boolean).join(' ') || 'no limit';

/** Whole CPUs as the templates count them: the quota rounded down (at least 1), within the affinity. */
export function usableCpus(l: Limits, cores = CORES): number {
  const affinity = Math.min(l.cpuset ?? cores, cores);
  return l.cpus === undefined ? affinity : Math.min(affinity, Math.max(1, Math.floor(l.cpus)));
}

/**
 * Serving processes the image starts under `l`, as documented: WEB_CONCURRENCY wins; else Uvicorn
 * one per usable CPU; Gunicorn max(2, WORKERS_PER_CORE x usable CPUs); the deprecated official image
 * max(2, WORKERS_PER_CORE x the machine's CPU count), blind to quotas and affinity.
 */
export function expectedWorkers(a: Axes, l: Limits, cores = CORES): number {
  const env = l.env ?? {};
  if (env.WEB_CONCURRENCY) return Number(env.WEB_CONCURRENCY);
  if (a.process === 'single') return 1;
  if (a.process === 'workers') return usableCpus(l, cores);
  const perCore = Number(env.WORKERS_PER_CORE ?? '1');
  const base = a.process === 'gunicorn' ? usableCpus(l, cores) : cores;
  return Math.max(2, Math.floor(perCore * base));
}

/** The limited runs each process model is checked under (the unlimited run is the combination's first). */
export function limitRuns(a: Axes): Limits[] {
  switch (a.process) {
    case 'workers':
      return [{ cpus: 1 }, { cpus: 0.5 }, { cpus: 0.5, env: { WEB_CONCURRENCY: '3' } }, { cpuset: 1 }];
    case 'gunicorn':
      // On this 2-core machine max(2, ...) hides the quota; WORKERS_PER_CORE=3 shows it (3, not 6).
      return [{ cpus: 1 }, { cpus: 0.5 }, { cpus: 1, env: { WORKERS_PER_CORE: '3' } }, { cpus: 0.5, env: { WEB_CONCURRENCY: '3' } }, { cpuset: 1 }];
    case 'official-image':
      return [{ env: { WEB_CONCURRENCY: '3' } }, { cpuset: 1 }];
    default:
      return [];
  }
}
