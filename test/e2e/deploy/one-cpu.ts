// An engine that sees one CPU, for the compose proofs: the private dockerd and its containerd pinned to CPU 0 with
// `taskset -a -p` (every thread), for the length of the compose phase, then given back their own CPU lists.
// The engine's whole process tree is pinned (it lives in a pid namespace of its own, under unshare and docker-init).
// Why this is a one-CPU host to Docker: dockerd counts CPUs with sched_getaffinity of its own process
// (pkg/sysinfo numCPU), which is what `docker info` reports as NCPU and what it checks `--cpus` against ("Range of
// CPUs is from 0.01 to 1.00"); containerd starts each container's shim, so runc and the container inherit the mask,
// and the app's worker count (quota, then affinity) sees one CPU too. Both are checked here, not assumed.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dockerTry } from '../infra/engine.js';
import { runLabelArgs } from '../infra/run-scope.js';
import { tryRun } from '../infra/util.js';
import type { Verdict } from '../matrix/verdict.js';

const children = (pid: number): number[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);

const command = (pid: number): string => (existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '' : '');

/** The CPU list of a process's main thread, as taskset prints it ("0,1" or "0-3"). */
const cpuList = (pid: number): string => /list:\s*(\S+)/.exec(tryRun('taskset', ['-c', '-p', String(pid)]).stdout)?.[1] ?? '';

export interface OneCpuEngine {
  /** The engine's NCPU before and while pinned. */
  ncpuBefore: string;
  ncpu: string;
  release(): void;
}

const ncpu = (): string => dockerTry(['info', '--format', '{{.NCPU}}']).stdout.trim();

/** A process and everything below it, parents first. */
const tree = (pid: number): number[] => [pid, ...children(pid).flatMap(tree)];

/**
 * Pins the engine to CPU 0: every process of its tree, from the holder of its namespaces (`engine.pid`: unshare, then
 * docker-init, dockerd, containerd and the shims below them); checks that it sees 1.
 */
export function pinEngineToOneCpu(enginePid: number, v: Verdict, baseImage: string): OneCpuEngine {
  const pids = tree(enginePid);
  v.check(pids.some((pid) => command(pid).endsWith('dockerd')), `dockerd is in the engine's process tree (pid ${enginePid})`, pids.map(command).join(' '));
  const saved = pids.map((pid) => [pid, cpuList(pid)] as const);
  const ncpuBefore = ncpu();
  for (const pid of pids) {
    const r = tryRun('taskset', ['-a', '-c', '-p', '0', String(pid)]);
    v.check(r.status === 0, `taskset -a -c -p 0 ${command(pid).split('/').at(-1)} (pid ${pid})`, r.stderr.trim());
  }
  const release = () => {
    for (const [pid, list] of saved) if (list) tryRun('taskset', ['-a', '-c', '-p', list, String(pid)]);
  };
  const now = ncpu();
  v.equal(now, '1', `the engine reports NCPU 1 (was ${ncpuBefore})`);
  // The engine enforces it: a limit of 2 CPUs, which compose.yaml wrote before for --process workers, is refused.
  const two = dockerTry(['run', '--rm', ...runLabelArgs(), '--network', 'none', '--cpus', '2', baseImage, 'true']);
  v.check(two.status !== 0 && /Range of CPUs is from 0\.01 to 1\.00/.test(two.stderr), 'the engine refuses --cpus 2', two.stderr.trim().split('\n').at(-1));
  // And a container sees one CPU, as the worker count does.
  const seen = dockerTry(['run', '--rm', ...runLabelArgs(), '--network', 'none', baseImage, 'python', '-c', 'import os; print(len(os.sched_getaffinity(0)), os.cpu_count())']);
  v.check(seen.stdout.trim().startsWith('1 '), 'a container may run on one CPU (sched_getaffinity)', `${seen.stdout.trim()} ${seen.stderr.trim()}`);
  return { ncpuBefore, ncpu: now, release };
}
