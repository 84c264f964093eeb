import type { Options } from '../../options/types.js';

/**
 * CPU and memory for one container, and the worker count the server reaches inside those limits.
 * compose.yaml (deploy.resources.limits) and the Kubernetes Deployment (resources) both read it.
 *
 * The worker count the limits are sized for:
 * - single: one Uvicorn process, so 1 CPU.
 * - workers: WEB_CONCURRENCY (the Dockerfile's --workers), else one per CPU of the container's quota.
 * - gunicorn: WEB_CONCURRENCY, else max(2, CPUs × WORKERS_PER_CORE) capped by MAX_WORKERS, as the old official image;
 *   with WORKERS_PER_CORE=1 and no cap, that is max(2, CPUs).
 *   Both count the CPU quota (the cgroup limit set here), then the CPU affinity, then the machine's CPUs.
 * - official-image: the deprecated image counts the machine's cores and ignores the quota, so the generated files set
 *   WEB_CONCURRENCY to the count below (see `pinnedWorkers`).
 * Multi-process models get one CPU per worker: `--workers N` gives N CPUs, otherwise 2.
 * Memory: MEMORY_BASE_MIB for the parent process (Gunicorn's arbiter, Uvicorn's supervisor, or the single server's own
 * runtime) plus MEMORY_PER_WORKER_MIB for each worker, a FastAPI process with headroom for the app's own data.
 */
export const MEMORY_BASE_MIB = 128;
export const MEMORY_PER_WORKER_MIB = 128;
export const DEFAULT_MULTI_PROCESS_CPUS = 2;

export interface Sizing {
  /** CPU limit, in CPUs. */
  cpus: number;
  /** Processes serving requests within that limit. */
  workers: number;
  /** Memory limit (and the Kubernetes request), in MiB. */
  memoryMiB: number;
  /** Kubernetes CPU request, in millicores: half the limit, the rest is burst. */
  requestMilliCpu: number;
}

export function sizing(o: Options): Sizing {
  const cpus = o.process === 'single' ? 1 : (o.workers ?? DEFAULT_MULTI_PROCESS_CPUS);
  const fromCpus = o.process === 'workers' ? cpus : o.process === 'single' ? 1 : Math.max(2, cpus);
  const workers = o.workers ?? fromCpus;
  return { cpus, workers, memoryMiB: MEMORY_BASE_MIB + MEMORY_PER_WORKER_MIB * workers, requestMilliCpu: cpus * 500 };
}

/**
 * The worker count the deployment files must set, because the image would not derive it from the CPU limit: the
 * official image's start script counts the host's CPUs (and takes no --workers, so nothing else sets it).
 */
export const pinnedWorkers = (o: Options): number | undefined => (o.process === 'official-image' ? sizing(o).workers : undefined);

/** One sentence for comments and the README. */
export const sizingText = (o: Options): string => {
  const s = sizing(o);
  const cpus = `${s.cpus} CPU${s.cpus === 1 ? '' : 's'} and ${s.memoryMiB} MiB`;
  if (o.process === 'single') return `${cpus}: one server process, ${MEMORY_BASE_MIB + MEMORY_PER_WORKER_MIB} MiB with headroom for the app`;
  return `${cpus}: ${s.workers} workers at ${MEMORY_PER_WORKER_MIB} MiB each, plus ${MEMORY_BASE_MIB} MiB for the parent process`;
};
