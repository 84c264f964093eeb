// An engine that sees one CPU, for the compose proofs: the private engine is restarted on CPU 0 (`taskset -c 0` over
// its whole process tree, from its start) for the length of the compose phase, then restarted on the run's CPUs.
// Why a restart and not `taskset -p` of a running engine: Docker 28's dockerd counts its CPUs when it starts, so a
// running engine pinned later still reports NCPU 2 and accepts --cpus 2 (seen in a rehearsal). Started on CPU 0,
// dockerd reports NCPU 1 and checks `--cpus` against it ("Range of CPUs is from 0.01 to 1.00"); containerd, the
// shims, runc and the containers inherit the mask, so the app's worker count (quota, then affinity) sees one CPU too.
// Each is checked here, not assumed. Images, volumes and the build cache are in the data root and survive restarts.
import { dockerTry, ensureEngine, releaseEngine } from '../infra/engine.js';
import { runLabelArgs } from '../infra/run-scope.js';
import type { Verdict } from '../matrix/verdict.js';

export interface OneCpuEngine {
  /** The engine's NCPU before and while on one CPU. */
  ncpuBefore: string;
  ncpu: string;
  /** Restarts the engine on the run's CPUs; once (later calls do nothing). */
  release(): Promise<void>;
}

const ncpu = (): string => dockerTry(['info', '--format', '{{.NCPU}}']).stdout.trim();

/** Restarts this run's engine on CPU 0 and checks that it, and a container, see one CPU. */
export async function oneCpuEngine(v: Verdict, baseImage: string): Promise<OneCpuEngine> {
  const ncpuBefore = ncpu();
  await releaseEngine();
  await ensureEngine({ cpuList: '0' });
  const now = ncpu();
  v.equal(now, '1', `the engine reports NCPU 1 (was ${ncpuBefore})`);
  // The engine enforces it: a limit of 2 CPUs, which compose.yaml wrote before for --process workers, is refused.
  const two = dockerTry(['run', '--rm', ...runLabelArgs(), '--network', 'none', '--cpus', '2', baseImage, 'true']);
  // Docker 20.10 says "Range of CPUs …", Docker 28 "range of CPUs … as there are only 1 CPUs available".
  v.check(two.status !== 0 && /[Rr]ange of CPUs is from 0\.01 to 1\.00/.test(two.stderr), 'the engine refuses --cpus 2', two.stderr.trim().split('\n')[0]);
  // And a container sees one CPU, as the worker count does.
  const seen = dockerTry(['run', '--rm', ...runLabelArgs(), '--network', 'none', baseImage, 'python', '-c', 'import os; print(len(os.sched_getaffinity(0)), os.cpu_count())']);
  v.check(seen.stdout.trim().startsWith('1 '), 'a container may run on one CPU (sched_getaffinity)', `${seen.stdout.trim()} ${seen.stderr.trim()}`);
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await releaseEngine();
    await ensureEngine();
  };
  return { ncpuBefore, ncpu: now, release };
}
