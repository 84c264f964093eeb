import type { ProcessModel } from '../../src/options/choices.js';

/**
 * The sizing the README and the generated comments promise, written out (not computed by the generator); 128 MiB per
 * worker plus 128 MiB for the parent process.
 * - Kubernetes: one CPU for one Uvicorn process; two CPUs for the multi-process models, which then start two workers
 *   (a cluster schedules by the request, and a limit above a node's size is allowed).
 * - Compose: never more than one CPU, which every host has (Docker refuses a limit above the machine's CPUs); the
 *   workers that start in one CPU: Uvicorn one per CPU, Gunicorn at least two, the official image the two it is told.
 */
export const LIMITS: Record<'kubernetes' | 'compose', Record<ProcessModel, { cpus: number; memoryMiB: number; requestMilliCpu: number }>> = {
  kubernetes: {
    single: { cpus: 1, memoryMiB: 256, requestMilliCpu: 500 },
    workers: { cpus: 2, memoryMiB: 384, requestMilliCpu: 1000 },
    gunicorn: { cpus: 2, memoryMiB: 384, requestMilliCpu: 1000 },
    'official-image': { cpus: 2, memoryMiB: 384, requestMilliCpu: 1000 },
  },
  compose: {
    single: { cpus: 1, memoryMiB: 256, requestMilliCpu: 500 },
    workers: { cpus: 1, memoryMiB: 256, requestMilliCpu: 500 },
    gunicorn: { cpus: 1, memoryMiB: 384, requestMilliCpu: 500 },
    'official-image': { cpus: 1, memoryMiB: 384, requestMilliCpu: 500 },
  },
};

/**
 * The workers the server starts under a CPU limit, by the rules the entrypoint and gunicorn_conf.py document: the
 * quota rounded down (at least 1) per Uvicorn worker, Gunicorn at least 2, the official image what it is told.
 */
export function workersUnder(process: ProcessModel, cpus: number, webConcurrency: string | undefined): number {
  const whole = Math.max(1, Math.floor(cpus));
  if (webConcurrency !== undefined) return Number(webConcurrency);
  if (process === 'single') return 1;
  if (process === 'workers') return whole;
  if (process === 'gunicorn') return Math.max(2, whole);
  throw new Error('the official image counts the host CPUs: its worker count must be set');
}
