// Building and running containers for the e2e tests: local images only, host network or the run's own networks.
import { dockerAsync } from './engine.js';
import { runLabelArgs } from './run-scope.js';
import { fail, waitForHttp } from './util.js';

/** Base images a Dockerfile names in FROM lines (stage names excluded). */
export function fromImages(dockerfile: string): string[] {
  const stages = new Set<string>();
  const images: string[] = [];
  for (const line of dockerfile.split('\n')) {
    const m = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (!m) continue;
    if (!stages.has(m[1]!.toLowerCase()) && !m[1]!.includes('$')) images.push(m[1]!);
    if (m[2]) stages.add(m[2].toLowerCase());
  }
  return images;
}

export interface BuildOptions {
  tag: string;
  buildArgs?: Record<string, string>;
  dockerfile?: string;
  /** Extra arguments, e.g. ['--target', 'builder']. */
  extraArgs?: string[];
}

export interface BuildResult {
  tag: string;
  seconds: number;
  /** Combined build output (BuildKit's plain progress). */
  log: string;
}

/** Fails loudly unless an image is local (so nothing ever tries Docker Hub); does not block the event loop. */
export async function requireLocalImage(ref: string): Promise<void> {
  if ((await dockerAsync(['image', 'inspect', '--format', '{{.Id}}', ref])).status !== 0) {
    fail(`image ${ref} is not present locally; run test/e2e/infra/setup.ts first (Docker Hub is unreachable)`);
  }
}

/**
 * `docker build --network host` with BuildKit (no buildx needed), never pulling:
 * every FROM image must already be local. Fails loudly with the end of the build log.
 */
export async function dockerBuild(context: string, opts: BuildOptions, dockerfileText?: string): Promise<BuildResult> {
  if (dockerfileText) for (const img of fromImages(dockerfileText)) await requireLocalImage(img);
  const args = ['build', '--network', 'host', '--pull=false', '--progress=plain', ...runLabelArgs(), '-t', opts.tag];
  if (opts.dockerfile) args.push('-f', opts.dockerfile);
  for (const [k, v] of Object.entries(opts.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
  args.push(...(opts.extraArgs ?? []), context);
  const t = Date.now();
  const r = await dockerAsync(args);
  const log = r.stdout + r.stderr;
  if (r.status !== 0) fail(`docker build -t ${opts.tag} ${context} failed: ${log.trim().split('\n').slice(-4).join(' | ')}`);
  return { tag: opts.tag, seconds: (Date.now() - t) / 1000, log };
}

export interface CheckResult {
  /** True when BuildKit's Dockerfile rules found nothing (exit 0 and its "no warnings" line). */
  clean: boolean;
  /** Its output: the findings, one block each. */
  log: string;
  /** True if the check fetched a Dockerfile frontend image (it must use the engine's built-in one). */
  pulledFrontend: boolean;
}

/**
 * `docker build --check`: Docker's own Dockerfile rules (buildx 0.15+, Dockerfile frontend 1.8+), with the
 * engine's built-in frontend (no `# syntax=` line, so nothing is pulled). Builds nothing.
 */
export async function dockerCheck(context: string, dockerfile = 'Dockerfile'): Promise<CheckResult> {
  const r = await dockerAsync(['build', '--check', '--pull=false', '--progress=plain', '-f', `${context}/${dockerfile}`, context]);
  const log = r.stdout + r.stderr;
  return { clean: r.status === 0 && /Check complete, no warnings found/.test(log), log, pulledFrontend: /docker\/dockerfile|docker-image:\/\//.test(log) };
}

/**
 * A running container. Every call is asynchronous: the suite runs two combinations at once, and a
 * synchronous docker call in one would stall the other's timers and measurements.
 */
export interface RunningContainer {
  id: string;
  logs(): Promise<string>;
  /** docker rm -f (idempotent). */
  remove(): Promise<void>;
}

export interface RunOptions {
  env?: Record<string, string>;
  cmd?: string[];
  name?: string;
  /** A network this run created; the host network when absent. */
  network?: string;
  extraArgs?: string[];
}

/** `docker run -d` of a local image (host network unless `network` names another); the command overrides CMD when given. */
export async function runDetached(image: string, opts: RunOptions = {}): Promise<RunningContainer> {
  await requireLocalImage(image);
  const args = ['run', '-d', '--network', opts.network ?? 'host', ...runLabelArgs()];
  if (opts.name) args.push('--name', opts.name);
  for (const [k, v] of Object.entries(opts.env ?? {})) args.push('-e', `${k}=${v}`);
  args.push(...(opts.extraArgs ?? []), image, ...(opts.cmd ?? []));
  const r = await dockerAsync(args);
  if (r.status !== 0) fail(`docker run ${image} failed: ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
  const id = r.stdout.trim();
  return {
    id,
    logs: async () => {
      const l = await dockerAsync(['logs', id]);
      return l.stdout + l.stderr;
    },
    remove: async () => void (await dockerAsync(['rm', '-f', id])),
  };
}

/** `docker run --rm --network host` to completion (bounded by `timeoutS` inside the container). */
export async function runToCompletion(image: string, cmd: string[], opts: { env?: Record<string, string>; timeoutS?: number } = {}) {
  await requireLocalImage(image);
  const args = ['run', '--rm', '--network', 'host', ...runLabelArgs()];
  for (const [k, v] of Object.entries(opts.env ?? {})) args.push('-e', `${k}=${v}`);
  args.push(image, 'timeout', String(opts.timeoutS ?? 30), ...cmd);
  return dockerAsync(args);
}

/** Is the container still running? */
export async function isRunning(id: string): Promise<boolean> {
  return (await dockerAsync(['inspect', '-f', '{{.State.Running}}', id])).stdout.trim() === 'true';
}

/**
 * Wait until a container answers a loopback URL; fails loudly (with its last log lines)
 * if it exits first or the deadline passes.
 */
export async function waitForContainerHttp(c: RunningContainer, url: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await waitForHttp(url, 500);
    if (r.status !== 0) return r;
    if (!(await isRunning(c.id)) || Date.now() > deadline) {
      const tail = (await c.logs()).trim().split('\n').slice(-3).join(' | ');
      fail(`container ${c.id.slice(0, 12)} never answered ${url}: ${tail}`);
    }
  }
}
