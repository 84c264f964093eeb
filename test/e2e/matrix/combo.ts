// One combination, end to end: generate, build cold, run, assert, then the variants and the cache rebuild.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasWorkerCount } from '../../../src/options/types.js';
import { DEFAULT_REQUIREMENTS, DEV_TOOLS } from '../../../src/versions.js';
import { APP_DISTRIBUTIONS, checkNewest, installedVersions } from './installed.js';
import { dockerAsync, dockerBuild, dockerCheck, runDetached, runLabelArgs, type RunningContainer } from '../infra/index.js';
import { type Axes, type StandinContext, axisFlags, comboName, generate, standinFlags, trustedList } from './generate.js';
import { checkLogs } from './logs.js';
import { buildProbeImage } from './probe-image.js';
import { processes, request, serverProcesses, stop, waitHealthy, waitUntilServing, workerCount } from './probes.js';
import { runProjectTests } from './project-tests.js';
import { checkInstalledAsLocked, checkNoUv, checkStaleLock, lockProject, runUvProjectTests } from './uv.js';
import { askRuntime, fastPathsLoaded, stopWithRequestInFlight } from './runtime.js';
import { type TrustNetworks, askFromBothSides, trusts } from './trust.js';
import { Verdict } from './verdict.js';
import { describeLimits, expectedWorkers, limitArgs, limitRuns } from './workers.js';

export interface ComboResult {
  name: string;
  axes: Axes;
  stack: string;
  verdict: Verdict;
  /** The generated image and its TEST image, kept until the run's clean-up (the figures use them). */
  tag: string;
  probeTag?: string;
  port: number;
  coldSeconds?: number;
  rebuildSeconds?: number;
  imageBytes?: number;
}

export interface ComboContext extends StandinContext {
  trust: TrustNetworks;
  /** A prefix for names and tags (the smoke stack's combinations run beside the default's). */
  prefix: string;
  /** Whether this combination also proves that a stale uv.lock stops the build (once a run). */
  staleLock?: boolean;
}

/** Exit code of a server stopped by `docker stop` (measured: every process model exits 0; see the report). */
export const STOP_EXIT_CODE = 0;
const managesWorkers = (a: Axes) => a.process !== 'single';
/**
 * Checks that depend only on the process model (worker counts under limits, --workers) or only on the layout,
 * the dependency tool and the image (the project's own tests) run where they vary, not in every combination:
 * worker counts on one combination per process model and stack; the tests on every layout x tool (one
 * Uvicorn) and every process model. A smoke set runs everything.
 */
const representsProcess = (a: Axes, smoke: boolean) => smoke || (a.layout === 'package' && a.deps === 'pip' && !a.proxy);
const representsProject = (a: Axes, smoke: boolean) => smoke || (!a.proxy && (a.process === 'single' || (a.layout === 'package' && a.deps === 'pip')));
/**
 * Upper bounds for docker stop, whose SIGKILL comes at 10 s. Exit code 0 is the proof that the server
 * stopped by itself (SIGKILL gives 137); the bounds keep room for a busy shared machine, where the docker
 * CLI alone can take seconds. Measured alone, an idle stop takes about a second (the figures).
 */
const IDLE_STOP_BOUND = 8;
const IN_FLIGHT_STOP_BOUND = 8;

/** Runs the image, waits until it serves, runs `body`; the logs must show no error after the start and after `body`. */
async function withContainer(v: Verdict, tag: string, port: number, extraArgs: string[], body: (c: RunningContainer) => Promise<unknown>) {
  const c = await runDetached(tag, { extraArgs: ['--health-interval=1s', '--health-start-period=0s', ...extraArgs] });
  const what = `${tag.replace(/^cfd-e2e\//, '')}${extraArgs.length ? ` ${extraArgs.join(' ')}` : ''}`;
  try {
    await waitUntilServing(c, port);
    checkLogs(v, await c.logs(), `after the start (${what})`);
    await body(c);
    checkLogs(v, await c.logs(), `after the requests (${what})`);
  } finally {
    await c.remove();
  }
}

const RUN = 'RUN (?:--mount=\\S+\\s+)*';
const INSTALL_STEP = new RegExp(`${RUN}(?:pip install [^\\n]*-r /(code|app)/requirements\\.txt|uv sync --locked --no-install-project --no-dev)$`);
const CODE_STEP = /COPY \.\/(app|main\.py) /;

/** Whether BuildKit's plain log shows the step as CACHED; undefined when the step is not in the log. */
function stepCached(log: string, step: RegExp): boolean | undefined {
  const line = log.split('\n').find((l) => /^#\d+ \[/.test(l) && step.test(l));
  const id = line?.match(/^#(\d+) /)?.[1];
  return id === undefined ? undefined : new RegExp(`^#${id} CACHED$`, 'm').test(log);
}

/** Builds a generated project as it is, checking first that its FROM images are local. */
const buildProject = (dir: string, tag: string) => dockerBuild(dir, { tag }, readFileSync(join(dir, 'Dockerfile'), 'utf8'));

/** Generates with the CLI; a uv project is then locked as its README says (the CLI here finds no uv to lock with). */
async function generateProject(a: Axes, ctx: ComboContext, name: string, flags: string[]): Promise<string> {
  const dir = await generate(name, flags);
  if (a.deps === 'uv') await lockProject(ctx.stack, dir);
  return dir;
}

export async function runCombo(a: Axes, ctx: ComboContext, port: number): Promise<ComboResult> {
  const name = `${ctx.prefix}${comboName(a)}`;
  const { stack } = ctx;
  const v = new Verdict(name);
  const tag = `cfd-e2e/${name}`;
  const result: ComboResult = { name, axes: a, stack: stack.python, verdict: v, tag, port };
  const flags = [...axisFlags(a), ...standinFlags(a, ctx, port)];
  let dir = '';

  await v.step('generate and build (cold: nothing of this combination is cached)', async () => {
    dir = await generateProject(a, ctx, name, flags);
    const check = await dockerCheck(dir);
    v.check(check.clean, "docker build --check: Docker's Dockerfile rules find nothing", check.log.trim().split('\n').filter((l) => /WARN|warning|error/i.test(l)).slice(0, 4).join(' | '));
    v.check(!check.pulledFrontend, "the check runs the engine's built-in Dockerfile frontend (no frontend image pulled)");
    const cold = await buildProject(dir, tag);
    v.equal(stepCached(cold.log, INSTALL_STEP), false, 'the cold build installs the dependencies');
    result.coldSeconds = cold.seconds;
    if (a.deps === 'poetry') {
      // pip's own words: "Successfully installed ... poetry-2.5.1 ... poetry-plugin-export-1.10.1".
      const installed = cold.log.match(/Successfully installed (.*)$/m)?.[1]?.split(/\s+/) ?? [];
      for (const tool of ['poetry', 'poetry-plugin-export']) {
        const want = ctx.newest[tool];
        v.check(Boolean(want) && installed.some((w) => w.toLowerCase().replace(/_/g, '-') === `${tool}-${want}`), `the builder stage installs ${tool} ${want}, the newest in the index inside ${DEFAULT_REQUIREMENTS[tool as 'poetry']}`, installed.filter((w) => w.startsWith('poetry')).join(' '));
      }
      v.check(/Resolving dependencies\.\.\.[\s\S]*Writing lock file/.test(cold.log), 'with no poetry.lock, Poetry locks against the index');
      v.check(new RegExp(`${RUN}poetry export`).test(cold.log), 'then exports the lock');
    }
  });
  if (v.failures.length) return result;

  const workdir = a.process === 'official-image' ? '/app' : '/code';
  await v.step('the image', async () => {
    result.imageBytes = Number((await dockerAsync(['image', 'inspect', '-f', '{{.Size}}', tag])).stdout.trim());
    const probe = await dockerAsync(['run', '--rm', '--network', 'none', ...runLabelArgs(), '--entrypoint', 'python', tag, '-c',
      `import importlib.util, shutil; print(bool(importlib.util.find_spec("poetry") or shutil.which("poetry"))); import os; f = "${workdir}/requirements.txt"; print(open(f).read() if os.path.exists(f) else "")`]);
    v.check(probe.status === 0, 'the image runs python', probe.stderr.trim());
    const [hasPoetry, ...lines] = probe.stdout.split('\n');
    v.equal(hasPoetry, 'False', 'the final image contains no poetry');
    if (a.deps === 'poetry') {
      const requirements = lines.join('\n');
      v.check(new RegExp(`^fastapi==${ctx.newest.fastapi?.replace(/\./g, '\\.')}\\b`, 'm').test(requirements), `the exported requirements lock fastapi ${ctx.newest.fastapi}`, lines.slice(0, 3).join(' '));
      v.check(/^httptools==/m.test(requirements) && /^uvloop==/m.test(requirements), "the export resolves uvicorn's [standard] extra (httptools, uvloop)");
    }
    // Every default the app needs is installed at the newest release inside its range; Gunicorn's only where it runs.
    const installed = await installedVersions(tag, [...APP_DISTRIBUTIONS, 'httptools', 'uvloop']);
    const gunicornHere = a.process === 'gunicorn' || a.process === 'official-image';
    const wanted = APP_DISTRIBUTIONS.filter((n) => gunicornHere || !['gunicorn', 'uvicorn-worker'].includes(n));
    checkNewest(v, installed, ctx.newest, wanted, 'the image');
    if (!gunicornHere) v.check(installed.gunicorn === null && installed['uvicorn-worker'] === null, 'the image holds no Gunicorn', JSON.stringify(installed));
    v.check(Boolean(installed.httptools && installed.uvloop), "the image holds uvicorn[standard]'s httptools and uvloop", JSON.stringify(installed));
    if (a.deps === 'uv') {
      await checkInstalledAsLocked(v, tag, dir);
      await checkNoUv(v, tag);
    }
  });

  await v.step('run and answer', () =>
    withContainer(v, tag, port, [], async (c) => {
      const item = await request(port, '/items/5?q=somequery');
      v.equal(item.body, '{"item_id":5,"q":"somequery"}', 'GET /items/5?q=somequery');
      for (const path of ['/', '/docs', '/redoc']) v.equal((await request(port, path)).status, 200, `GET ${path}`);
      v.equal(await waitHealthy(c), 'healthy', 'the HEALTHCHECK reports healthy');
      const procs = await processes(c);
      v.check(procs.length > 0 && procs.every((p) => p.uid === 10001), 'every process runs as uid 10001', JSON.stringify(procs.map((p) => [p.uid, p.cmd.slice(0, 40)])));
      const { master, workers } = serverProcesses(procs);
      if (a.process === 'single') {
        v.check(Boolean(master?.cmd.includes('uvicorn')) && workers.length === 0, 'one Uvicorn process (PID 1, no children)', JSON.stringify(procs.map((p) => p.cmd.slice(0, 60))));
      } else {
        v.check(Boolean(master?.cmd.match(a.process === 'workers' ? /uvicorn/ : /gunicorn/)), 'PID 1 is the process manager', master?.cmd);
        v.equal(await workerCount(c, expectedWorkers(a, {})), expectedWorkers(a, {}), 'workers with no limit');
      }
      const redirect = await request(port, '/items/5/?q=somequery', { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '203.0.113.7' });
      v.equal(`${redirect.status} ${redirect.location?.split(':')[0]}`, `307 ${a.proxy ? 'https' : 'http'}`, 'the trailing-slash redirect from 127.0.0.1 (in every trusted list)');
      const stopped = await stop(c);
      // Measured alone it takes well under a second (the figures); the bound leaves room for a busy machine.
      if (!v.check(stopped.seconds < IDLE_STOP_BOUND, `docker stop of an idle server returns in under ${IDLE_STOP_BOUND} s`, `${stopped.seconds.toFixed(2)} s`)) v.note((await c.logs()).trim().split('\n').slice(-6).join(' | '));
      v.equal(stopped.exitCode, STOP_EXIT_CODE, 'the exit code after docker stop');
    }),
  );

  await v.step('the TEST image: what the server uses, and a request in flight at docker stop', async () => {
    result.probeTag = await buildProbeImage(tag);
    await withContainer(v, result.probeTag, port, [], async (c) => {
      {
        const answers = await askRuntime(port, 4);
        v.check(answers.every((r) => r.loop === 'uvloop.Loop'), 'the event loop serving requests is uvloop', JSON.stringify(answers.map((r) => r.loop)));
        v.check(answers.every((r) => r.protocol === 'uvicorn.protocols.http.httptools_impl'), 'the HTTP protocol serving requests is httptools', JSON.stringify(answers.map((r) => r.protocol)));
        const serving = expectedWorkers(a, {});
        const loaded = await fastPathsLoaded(c, serving);
        v.check(loaded.length === serving && loaded.every((p) => p.uvloop && p.httptools && p.libuv && p.llhttp), `each of the ${serving} serving processes, once booted, maps uvloop (libuv linked in) and httptools (llhttp linked in)`, JSON.stringify(loaded));
      }
      const s = await stopWithRequestInFlight(c, port, 2);
      v.check(s.wasInFlight, 'the slow request was in flight when docker stop began', s.polls.slice(-3).join(' | '));
      v.equal(`${s.status} ${s.body}`, '200 {"slept":2.0}', 'the request in flight completes with its response');
      if (!v.check(s.seconds < IN_FLIGHT_STOP_BOUND, `the container is gone in under ${IN_FLIGHT_STOP_BOUND} s, well before Docker's 10 s`, `${s.seconds.toFixed(2)} s`)) v.note((await c.logs()).trim().split('\n').slice(-6).join(' | '));
      v.equal(s.exitCode, STOP_EXIT_CODE, 'the exit code after docker stop with a request in flight');
    });
  });

  await v.step('trusted proxies, seen from two Docker networks', async () => {
    const trusted = trustedList(a);
    const { answers, logs } = await askFromBothSides(tag, port, ctx.trust);
    checkLogs(v, logs, 'after the requests from both networks');
    for (const answer of answers) {
      const want = trusts(trusted, answer.source) ? 'https' : 'http';
      v.equal(`${answer.status} ${answer.scheme}`, `307 ${want}`, `X-Forwarded-Proto from ${answer.source} (${want === 'https' ? 'trusted' : a.proxy ? 'outside the trusted list' : 'no --proxy'})`);
    }
  });

  const smoke = !stack.isDefault;
  if (managesWorkers(a) && representsProcess(a, smoke)) {
    await v.step('worker counts under CPU limits', async () => {
      for (const l of limitRuns(a)) {
        await withContainer(v, tag, port, limitArgs(l), async (c) => v.equal(await workerCount(c, expectedWorkers(a, l)), expectedWorkers(a, l), `workers with ${describeLimits(l)}`));
      }
    });
  }
  if (hasWorkerCount(a.process) && representsProcess(a, smoke)) {
    await v.step('--workers 3', async () => {
      const explicit = `${tag}-w3`;
      await buildProject(await generateProject(a, ctx, `${name}-w3`, [...flags, '--workers', '3']), explicit);
      await withContainer(v, explicit, port, ['--cpus', '1'], async (c) => v.equal(await workerCount(c, 3), 3, 'an explicit --workers 3, also under --cpus 1'));
      await withContainer(v, explicit, port, ['-e', 'WEB_CONCURRENCY=1'], async (c) => v.equal(await workerCount(c, 1), 1, 'WEB_CONCURRENCY overrides --workers'));
    });
  }

  if (representsProject(a, smoke)) {
    await v.step("the generated project's own tests, in the built image", async () => {
      const t = a.deps === 'uv' ? await runUvProjectTests(tag, dir) : await runProjectTests(tag, dir);
      checkNewest(v, t.versions, ctx.newest, DEV_TOOLS, "the project's test requirements");
      v.check(t.ok, 'pytest passes', t.summary);
    });
  }

  await v.step('cache: change only the app and rebuild', async () => {
    const appFile = join(dir, a.layout === 'single' ? 'main.py' : 'app/main.py');
    if (!existsSync(appFile)) throw new Error(`${appFile} is missing`);
    appendFileSync(appFile, `\n\n# edited by the e2e suite: ${name} ${Date.now()}\n`);
    const rebuild = await buildProject(dir, `${tag}-edited`);
    result.rebuildSeconds = rebuild.seconds;
    const steps = rebuild.log.split('\n').filter((line) => /^#\d+ (\[|CACHED|DONE)/.test(line)).join(' | ');
    v.equal(stepCached(rebuild.log, INSTALL_STEP), true, 'the dependency-install layer is reused');
    v.equal(stepCached(rebuild.log, CODE_STEP), false, 'the code layer is rebuilt');
    if (v.failures.length) v.note(steps);
  });
  if (ctx.staleLock) await v.step('a stale uv.lock stops the build', () => checkStaleLock(v, dir, tag));
  return result;
}
