// Small probes the compose proofs share: curl through Caddy, a client container on the project's network,
// logs in time order, the prestart line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerTry } from '../infra/engine.js';
import { runLabelArgs } from '../infra/run-scope.js';
import { baseImageTags } from '../infra/stacks.js';
import { sleep, tryRun } from '../infra/util.js';
import { type Project, compose } from './project.js';

/** What the generated prestart.sh prints (templates/base/prestart.sh). */
export const PRESTART_LINE = 'prestart: nothing to run yet (edit prestart.sh)';

export interface Answer {
  status: number;
  body: string;
  location: string;
}

/** curl to localhost on a loopback port, through Caddy's TLS with its local root (`--resolve`, no DNS). */
export function curlLocalhost(url: string, opts: { caRoot?: string; headers?: Record<string, string> } = {}): Answer {
  const { port } = new URL(url);
  const args = ['-sS', '--max-time', '20', '--resolve', `localhost:${port}:127.0.0.1`, '-o', '-', '-w', '\n%{http_code} %{redirect_url}'];
  if (opts.caRoot) args.push('--cacert', opts.caRoot);
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push('-H', `${k}: ${v}`);
  const r = tryRun('curl', [...args, url]);
  const lines = r.stdout.split('\n');
  const [code, location] = (lines.pop() ?? '').split(' ');
  return { status: r.status === 0 ? Number(code) : 0, body: lines.join('\n'), location: location ?? '' };
}

/** Caddy's local root certificate, copied out of the caddy container once it exists. */
export async function caddyRoot(p: Project): Promise<{ path: string; dispose: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'cfd-caddy-root-'));
  const path = join(dir, 'root.crt');
  for (let i = 0; i < 50; i++) {
    const r = await compose(p, ['cp', 'caddy:/data/caddy/pki/authorities/local/root.crt', path]);
    if (r.status === 0) return { path, dispose: () => rmSync(dir, { recursive: true, force: true }) };
    await sleep(200);
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error("Caddy's local root certificate did not appear in /data");
}

const CLIENT = [
  'import http.client, json, socket, sys',
  'host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]',
  'c = http.client.HTTPConnection(host, port, timeout=5)',
  'try:',
  '    c.request("GET", path, headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"})',
  '    r = c.getresponse()',
  '    print(json.dumps({"status": r.status, "location": r.getheader("location") or "", "self": c.sock.getsockname()[0]}))',
  'except OSError as e:',
  '    print(json.dumps({"status": 0, "location": "", "self": "", "error": f"{type(e).__name__}: {e}"}))',
].join('\n');

export interface NeighbourAnswer {
  status: number;
  location: string;
  self: string;
  /** Why no answer came (no such name, no route, timeout), when none did. */
  error?: string;
}

/**
 * A container of this run on one of the project's networks (`default` unless named) sends forged
 * X-Forwarded-Proto/-For straight to the app, by name or by address. Returns the answer or why none came.
 */
export function forgedFromNeighbour(p: Project, path: string, opts: { network?: string; host?: string } = {}): NeighbourAnswer {
  const r = dockerTry(['run', '--rm', '--network', `${p.composeProject}_${opts.network ?? 'default'}`, ...runLabelArgs(), baseImageTags(p.stack)[0],
    'python', '-c', CLIENT, opts.host ?? 'app', String(p.options.port), path]);
  if (r.status !== 0) throw new Error(`the neighbour container failed: ${r.stderr.trim().split('\n').at(-1)}`);
  return JSON.parse(r.stdout.trim()) as NeighbourAnswer;
}

/** Lines of a healthy start that must not be there: an error logged, or a traceback. */
export const badLogLines = (lines: string[]): string[] => lines.filter((line) => /\bERROR\b|Traceback|"level":"(error|fatal|panic)"/.test(line));

/** A container's address on one network of the project. */
export const addressOn = (container: string, network: string): string =>
  inspect(container, `{{with index .NetworkSettings.Networks "${network}"}}{{.IPAddress}}{{end}}`);

/** A container's stdout and stderr merged in time order, timestamps removed. */
export function logLines(container: string): string[] {
  const r = dockerTry(['logs', '--timestamps', container]);
  return `${r.stdout}\n${r.stderr}`
    .split('\n')
    .filter((line) => /^\d{4}-\d\d-\d\dT/.test(line))
    .sort()
    .map((line) => line.slice(line.indexOf(' ') + 1));
}

/** The first line a server prints once it starts (Uvicorn, Uvicorn's supervisor, Gunicorn). */
export const SERVER_START = /Started server process|Started parent process|Starting gunicorn|Uvicorn running on/;

export const inspect = (container: string, format: string): string => dockerTry(['inspect', '-f', format, container]).stdout.trim();

export const count = (lines: string[], text: string): number => lines.filter((line) => line.includes(text)).length;

/** Whether a log line names this IPv4 address (Uvicorn writes it with :port, Gunicorn without). */
export const hasAddress = (line: string, address: string): boolean => {
  let from = 0;
  for (;;) {
    const at = line.indexOf(address, from);
    if (at < 0) return false;
    const before = line[at - 1] ?? ' ';
    const after = line[at + address.length] ?? ' ';
    if (!/[\d.]/.test(before) && !/[\d.]/.test(after)) return true;
    from = at + 1;
  }
};

/** One request to a loopback port, redirects not followed; patient, as a slow answer must not leave a request behind. */
export async function requestLoopback(port: number, path: string, headers: Record<string, string> = {}, timeoutMs = 20_000): Promise<Answer> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, body: await res.text(), location: res.headers.get('location') ?? '' };
}
