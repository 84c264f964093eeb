import type { Options } from '../../options/types.js';

/**
 * CPU and memory for one container, and the worker count the server reaches inside those limits, for each place the
 * generated files run: compose.yaml (deploy.resources.limits) and the Kubernetes Deployment (resources).
 *
 * Where the limit may go (MAX_LIMIT_CPUS):
 * - compose: a single machine of unknown size. Docker refuses a CPU limit above the machine's CPUs ("Range of CPUs
 *   is from 0.01 to N"), so compose.yaml never asks for more than 1 CPU, which every machine has; `--workers N` sets
 *   the worker count, not the limit. Raise `cpus` by hand on a bigger machine.
 * - kubernetes: the scheduler places a pod by its request, and a limit above a node's CPUs is allowed (the pod is
 *   throttled at the node's size), so the limit is one CPU per worker.
 *
 * The worker count inside the limit, as the server derives it when the container starts:
 * - single: one Uvicorn process.
 * - workers: WEB_CONCURRENCY (the Dockerfile's --workers), else one per CPU of the container's quota.
 * - gunicorn: WEB_CONCURRENCY, else max(2, CPUs × WORKERS_PER_CORE) capped by MAX_WORKERS, as the old official image;
 *   with WORKERS_PER_CORE=1 and no cap, that is max(2, CPUs).
 *   Both count the CPU quota (the cgroup limit set here), then the CPU affinity, then the machine's CPUs.
 * - official-image: the deprecated image counts the machine's cores and ignores the quota, so the generated files set
 *   WEB_CONCURRENCY to the count below (see `pinnedWorkers`).
 * Memory follows the worker count: MEMORY_BASE_MIB for the parent process (Gunicorn's arbiter, Uvicorn's supervisor,
 * or the single server's own runtime) plus MEMORY_PER_WORKER_MIB for each worker, a FastAPI process with headroom.
 */
export const MEMORY_BASE_MIB = 128;
export const MEMORY_PER_WORKER_MIB = 128;
/** The CPUs a multi-process model asks for without --workers (before MAX_LIMIT_CPUS). */
export const DEFAULT_MULTI_PROCESS_CPUS = 2;

export type DeployTarget = 'compose' | 'kubernetes';

export const MAX_LIMIT_CPUS: Record<DeployTarget, number> = { compose: 1, kubernetes: Number.POSITIVE_INFINITY };

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

/** The worker count a model derives from `cpus` CPUs when no count is set. */
const workersFor = (o: Options, cpus: number): number => (o.process === 'single' ? 1 : o.process === 'workers' ? cpus : Math.max(2, cpus));

export function sizing(o: Options, target: DeployTarget): Sizing {
  const wanted = o.process === 'single' ? 1 : (o.workers ?? DEFAULT_MULTI_PROCESS_CPUS);
  const cpus = Math.min(wanted, MAX_LIMIT_CPUS[target]);
  const workers = o.process === 'single' ? 1 : (o.workers ?? workersFor(o, cpus));
  return { cpus, workers, memoryMiB: MEMORY_BASE_MIB + MEMORY_PER_WORKER_MIB * workers, requestMilliCpu: cpus * 500 };
}

/**
 * The worker count the deployment files must set, because the image would not derive it from the CPU limit: the
 * official image's start script counts the host's CPUs (and takes no --workers, so nothing else sets it).
 */
export const pinnedWorkers = (o: Options, target: DeployTarget): number | undefined =>
  o.process === 'official-image' ? sizing(o, target).workers : undefined;

/** One sentence for comments and the README. */
export const sizingText = (o: Options, target: DeployTarget): string => {
  const s = sizing(o, target);
  const cpus = `${s.cpus} CPU${s.cpus === 1 ? '' : 's'} and ${s.memoryMiB} MiB`;
  if (o.process === 'single') return `${cpus}: one server process, ${MEMORY_BASE_MIB + MEMORY_PER_WORKER_MIB} MiB with headroom for the app`;
  const shared = s.workers > s.cpus ? `, sharing ${s.cpus === 1 ? 'the CPU' : `the ${s.cpus} CPUs`}` : '';
  return `${cpus}: ${s.workers} worker${s.workers === 1 ? '' : 's'} at ${MEMORY_PER_WORKER_MIB} MiB each${shared}, plus ${MEMORY_BASE_MIB} MiB for the parent process`;
};
