// What the suite asks of a running container: HTTP answers, health, user, processes, stop time.
import { dockerAsync, waitForContainerHttp, type RunningContainer } from '../infra/index.js';
import { fail, sleep } from '../infra/util.js';

export interface Reply {
  status: number;
  body: string;
  location: string | null;
}

/** One request to loopback, redirects not followed. */
export async function request(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers, redirect: 'manual', signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: await res.text(), location: res.headers.get('location') };
}

export async function waitUntilServing(c: RunningContainer, port: number): Promise<void> {
  await waitForContainerHttp(c, `http://127.0.0.1:${port}/health`, 30_000);
}

export async function waitHealthy(c: RunningContainer, timeoutMs = 40_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = (await dockerAsync(['inspect', '-f', '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}', c.id])).stdout.trim();
    if (status === 'healthy' || status === 'none') return status;
    if (Date.now() > deadline) return status;
    await sleep(250);
  }
}

export interface Proc {
  pid: number;
  ppid: number;
  uid: number;
  cmd: string;
}

const PS = [
  'import json, os',
  'me = os.getpid()',
  'out = []',
  'for pid in [p for p in os.listdir("/proc") if p.isdigit()]:',
  '    try:',
  '        status = open(f"/proc/{pid}/status").read()',
  '        cmd = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\\0", b" ").decode().strip()',
  '    except OSError:',
  '        continue',
  '    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)',
  '    if int(pid) != me:',
  '        out.append({"pid": int(pid), "ppid": int(fields["PPid"]), "uid": int(fields["Uid"].split()[0]), "cmd": cmd})',
  'print(json.dumps(out))',
].join('\n');

/** The container's processes, read from /proc inside it (slim images have no ps). */
export async function processes(c: RunningContainer): Promise<Proc[]> {
  const r = await dockerAsync(['exec', c.id, 'python', '-c', PS]);
  if (r.status !== 0) fail(`could not list processes in ${c.id.slice(0, 12)}: ${r.stderr.trim()}`);
  // `runc init` is the runtime starting a docker exec (the HEALTHCHECK's, or ours), not a process of the image.
  return (JSON.parse(r.stdout) as Proc[]).filter((p) => p.cmd !== 'runc init');
}

/** Server processes: PID 1 and its children, minus multiprocessing's helper. */
export function serverProcesses(procs: Proc[]): { master: Proc | undefined; workers: Proc[] } {
  const master = procs.find((p) => p.pid === 1);
  const workers = procs.filter((p) => p.ppid === 1 && !p.cmd.includes('resource_tracker'));
  return { master, workers };
}

/**
 * Processes serving requests: the manager's children, or the server itself when it has none
 * (Uvicorn with one worker runs without a supervisor; Gunicorn always forks its workers).
 */
export function servingCount(procs: Proc[]): number {
  const { master, workers } = serverProcesses(procs);
  return workers.length || (master && !master.cmd.includes('gunicorn') ? 1 : 0);
}

/** Waits until the serving-process count settles at the expected value (workers start one by one). */
export async function workerCount(c: RunningContainer, expected: number, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = servingCount(await processes(c));
    if (n === expected || Date.now() > deadline) return n;
    await sleep(300);
  }
}

export interface Stopped {
  /** Seconds `docker stop` took (SIGTERM, then SIGKILL after 10 s): the container has exited when it returns. */
  seconds: number;
  exitCode: number;
}

/** `docker stop -t 10`, timed (without blocking the event loop), and the container's exit code. */
export async function stop(c: RunningContainer): Promise<Stopped> {
  const t = Date.now();
  const r = await dockerAsync(['stop', '-t', '10', c.id]);
  const seconds = (Date.now() - t) / 1000;
  if (r.status !== 0) fail(`docker stop failed: ${r.stderr.trim()}`);
  return { seconds, exitCode: Number((await dockerAsync(['inspect', '-f', '{{.State.ExitCode}}', c.id])).stdout.trim()) };
}

/** The shared objects mapped into each of `pids` (from /proc/PID/maps inside the container). */
export async function mappedFiles(c: RunningContainer, pids: number[]): Promise<Map<number, string[]>> {
  const script = 'import sys\nfor pid in sys.argv[1:]:\n    for line in open(f"/proc/{pid}/maps"):\n        parts = line.split()\n        if len(parts) > 5 and ".so" in parts[5]:\n            print(pid, parts[5])';
  const r = await dockerAsync(['exec', c.id, 'python', '-c', script, ...pids.map(String)]);
  if (r.status !== 0) fail(`could not read /proc/PID/maps in ${c.id.slice(0, 12)}: ${r.stderr.trim().split('\n').at(-1)}`);
  const out = new Map<number, string[]>(pids.map((p) => [p, []]));
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const [pid, file] = line.split(' ');
    out.get(Number(pid))?.push(file as string);
  }
  return out;
}

/** The processes that serve requests: the manager's workers, or the server itself when it runs alone. */
export function servingPids(procs: Proc[]): number[] {
  const { master, workers } = serverProcesses(procs);
  if (workers.length) return workers.map((w) => w.pid);
  return master ? [master.pid] : [];
}
