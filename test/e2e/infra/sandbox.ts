// The e2e run's sandbox. The whole run (this node process, its index servers, the private engine and every
// container on the engine's host network) lives in a network namespace of its own, with only a loopback, and in
// a pid and mount namespace of its own:
// - the host's firewall does not apply there. A stock dockerd beside us sets `iptables -P FORWARD DROP` and
//   loads br_netfilter, which would drop the traffic across our bridge networks; in a namespace of our own the
//   FORWARD policy is ACCEPT and br_netfilter's sysctls are the namespace's own (per namespace since Linux 5.3);
// - nothing outlives the run: the run is the pid namespace's init, and when it ends, for whatever reason, the
//   kernel ends every process in it (the engine, its containerd, shims and containers, index servers, podman),
//   and the mounts made in its mount namespace go with them. On SIGTERM, SIGINT, SIGHUP and an uncaught error the
//   run first stops them in order (onCleanup), so that the engine shuts down cleanly.
// Commands that fetch from the internet (apt, debootstrap, pip download) run in the host's network namespace,
// which the launcher hands in as a file descriptor (util.ts: hostNetwork).
import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { ensureAptPackages } from './apt.js';
import { HOST_NET_FD, insideSandbox, run, sleep } from './util.js';

type Cleanup = () => unknown;
const cleanups: Cleanup[] = [];

/** Registers what to stop when the run ends, however it ends; the last registered runs first. Returns a remover. */
export function onCleanup(fn: Cleanup): () => void {
  cleanups.push(fn);
  return () => {
    const i = cleanups.indexOf(fn);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

/** Runs (and forgets) every registered clean-up, newest first; one that fails is reported and the rest still run. */
export async function runCleanups(): Promise<void> {
  while (cleanups.length) {
    const fn = cleanups.pop() as Cleanup;
    try {
      await fn();
    } catch (error) {
      console.error(`clean-up step failed: ${(error as Error)?.message ?? error}`);
    }
  }
}

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
/** How long the launcher waits after passing a signal on before it ends the namespace with SIGKILL. */
const GRACE_MS = 120_000;

/** The pid of unshare's only child (its forked process: here, the run inside the namespaces). */
function forkedChild(pid: number): number {
  const file = `/proc/${pid}/task/${pid}/children`;
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim().split(/\s+/)[0]) || 0 : 0;
}

/** Outside: starts this same script inside new network, pid and mount namespaces, passes signals on, exits as it does. */
function launch(): void {
  if (process.getuid?.() !== 0) {
    console.error('e2e: run it as root: it starts a Docker engine of its own, in namespaces of its own');
    process.exit(2);
  }
  const hostNet = openSync('/proc/self/ns/net', 'r');
  const args = ['--net', '--pid', '--mount', '--fork', '--mount-proc', '--kill-child=SIGKILL', process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  const child = spawn('unshare', args, { stdio: ['inherit', 'inherit', 'inherit', hostNet], env: { ...process.env, CFD_E2E_SANDBOX: String(HOST_NET_FD) } });
  let killTimer: NodeJS.Timeout | undefined;
  for (const sig of Object.keys(SIGNALS) as (keyof typeof SIGNALS)[]) {
    process.on(sig, () => {
      const inner = child.pid ? forkedChild(child.pid) : 0;
      if (inner) process.kill(inner, sig);
      killTimer ??= setTimeout(() => {
        console.error(`e2e: the run did not end within ${GRACE_MS / 1000} s of ${sig}: ending its namespaces (SIGKILL)`);
        const left = child.pid ? forkedChild(child.pid) : 0;
        if (left) process.kill(left, 'SIGKILL');
      }, GRACE_MS);
    });
  }
  // A parent that goes away without passing a signal on (a shell killed by SIGTERM leaves its child running) counts
  // as a hang-up: the run stops as it does on SIGHUP.
  const parent = process.ppid;
  const orphaned = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(orphaned);
    process.emit('SIGHUP', 'SIGHUP');
  }, 500);
  orphaned.unref();
  child.on('error', (error) => {
    console.error(`e2e: could not start unshare: ${error.message}`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => {
    if (killTimer) clearTimeout(killTimer);
    clearInterval(orphaned);
    process.exit(code ?? 128 + (signal ? (SIGNALS[signal as keyof typeof SIGNALS] ?? 9) : 0));
  });
}

/**
 * Runs `main` inside the sandbox (launching it first when called outside), then the clean-ups, then exits with
 * main's code. A signal or an uncaught error runs the clean-ups too and exits 128+signal, or 1.
 */
export function runE2E(name: string, main: () => Promise<number>, after: (code: number) => void = () => {}): void {
  if (!insideSandbox()) return launch();
  let stopping = false;
  const stop = async (code: number, why: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.error(`${name}: ${why}; stopping what this run started`);
    await runCleanups();
    process.exit(code);
  };
  for (const [sig, n] of Object.entries(SIGNALS)) process.on(sig, () => void stop(128 + n, `received ${sig}`));
  process.on('uncaughtException', (error) => void stop(1, `uncaught error: ${error?.stack ?? error}`));
  process.on('unhandledRejection', (error) => void stop(1, `unhandled rejection: ${(error as Error)?.stack ?? error}`));
  ensureAptPackages(['iproute2']);
  run('ip', ['link', 'set', 'lo', 'up'], { what: 'ip link set lo up (in the run\'s network namespace)' });
  void sleep(0)
    .then(main)
    .then(
      async (code) => {
        await runCleanups();
        after(code);
        process.exit(code);
      },
      async (error: unknown) => {
        console.error(`${name} failed: ${(error as Error)?.name === 'InfraError' ? (error as Error).message : ((error as Error)?.stack ?? error)}`);
        await runCleanups();
        process.exit(1);
      },
    );
}
