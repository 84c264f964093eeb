// One combination, end to end: generate, build cold, run, assert, then the variants and the cache rebuild.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { hasWorkerCount } from '../../../src/options/types.js';
import { dockerAsync, dockerBuild, dockerTry, runDetached, runLabelArgs, type RunningContainer } from '../infra/index.js';
import { type Axes, type StandinContext, axisFlags, comboName, generate, standinFlags, trustFlags } from './generate.js';
import { processes, request, serverProcesses, stopSeconds, waitHealthy, waitUntilServing, workerCount } from './probes.js';
import { Verdict } from './verdict.js';

export interface ComboResult {
  name: string;
  axes: Axes;
  verdict: Verdict;
  coldSeconds?: number;
  rebuildSeconds?: number;
  imageBytes?: number;
}

const CORES = cpus().length;
/** Runs a process manager with workers (the official image's Gunicorn included). */
const managesWorkers = (a: Axes) => a.process !== 'single';
/** Workers the image starts by itself on `cores` CPUs: Uvicorn one per CPU; Gunicorn's formula at least two. */
const defaultWorkers = (a: Axes, cores: number) => (a.process === 'workers' ? cores : Math.max(2, cores));

async function withContainer(tag: string, port: number, extraArgs: string[], body: (c: RunningContainer) => Promise<unknown>) {
  const c = runDetached(tag, { extraArgs: ['--health-interval=1s', '--health-start-period=0s', ...extraArgs] });
  try {
    await waitUntilServing(c, port);
    await body(c);
  } finally {
    c.remove();
  }
}

const INSTALL_STEP = /RUN pip install [^\n]*-r \/(code|app)\/requirements\.txt$/;
const CODE_STEP = /COPY \.\/(app|main\.py) /;

/** Whether BuildKit's plain log shows the step as CACHED; undefined when the step is not in the log. */
function stepCached(log: string, step: RegExp): boolean | undefined {
  const line = log.split('\n').find((l) => /^#\d+ \[/.test(l) && step.test(l));
  const id = line?.match(/^#(\d+) /)?.[1];
  return id === undefined ? undefined : new RegExp(`^#${id} CACHED$`, 'm').test(log);
}

const redirectFor = (port: number) => request(port, '/items/5/?q=somequery', { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '203.0.113.7' });

/** Builds a generated project as it is, checking first that its FROM images are local. */
const buildProject = (dir: string, tag: string) => dockerBuild(dir, { tag }, readFileSync(join(dir, 'Dockerfile'), 'utf8'));

async function buildVariant(name: string, flags: string[]): Promise<string> {
  const tag = `cfd-e2e/${name}`;
  await buildProject(generate(name, flags), tag);
  return tag;
}

export async function runCombo(a: Axes, ctx: StandinContext, port: number): Promise<ComboResult> {
  const name = comboName(a);
  const v = new Verdict(name);
  const result: ComboResult = { name, axes: a, verdict: v };
  const flags = [...axisFlags(a), ...standinFlags(a, ctx, port)];
  const tag = `cfd-e2e/${name}`;
  let dir = '';

  await v.step('generate and build (cold: nothing of this combination is cached)', async () => {
    dir = generate(name, [...flags, ...trustFlags(a, true)]);
    const cold = await buildProject(dir, tag);
    v.equal(stepCached(cold.log, INSTALL_STEP), false, 'the cold build installs the dependencies');
    result.coldSeconds = cold.seconds;
    if (a.deps === 'poetry') {
      v.check(/Successfully installed .*\bpoetry-2\.\d/.test(cold.log), 'the builder stage installs Poetry 2');
      v.check(/Successfully installed .*\bpoetry[_-]plugin[_-]export-1\.\d/i.test(cold.log), 'the builder stage installs poetry-plugin-export');
      v.check(/RUN poetry export/.test(cold.log), 'the builder stage runs poetry export');
      v.check(/Resolving dependencies\.\.\.[\s\S]*Writing lock file/.test(cold.log), 'with no poetry.lock, the export locks against the index first');
    }
  });
  if (v.failures.length) return result;

  const workdir = a.process === 'official-image' ? '/app' : '/code';
  await v.step('the image', async () => {
    result.imageBytes = Number(dockerTry(['image', 'inspect', '-f', '{{.Size}}', tag]).stdout.trim());
    const probe = dockerTry(['run', '--rm', '--network', 'none', ...runLabelArgs(), '--entrypoint', 'python', tag, '-c',
      `import importlib.util, shutil; print(bool(importlib.util.find_spec("poetry") or shutil.which("poetry"))); print(open("${workdir}/requirements.txt").read())`]);
    v.check(probe.status === 0, 'the image runs python', probe.stderr.trim());
    const [hasPoetry, ...requirements] = probe.stdout.split('\n');
    v.equal(hasPoetry, 'False', 'the final image contains no poetry');
    if (a.deps === 'poetry') v.check(/^fastapi==0\.115\./m.test(requirements.join('\n')), 'the exported requirements lock fastapi', requirements.slice(0, 3).join(' '));
  });

  await v.step('run and answer', () =>
    withContainer(tag, port, [], async (c) => {
      const item = await request(port, '/items/5?q=somequery');
      v.equal(item.body, '{"item_id":5,"q":"somequery"}', 'GET /items/5?q=somequery');
      for (const path of ['/', '/docs', '/redoc']) v.equal((await request(port, path)).status, 200, `GET ${path}`);
      v.equal(await waitHealthy(c), 'healthy', 'the HEALTHCHECK reports healthy');
      const procs = processes(c);
      v.check(procs.length > 0 && procs.every((p) => p.uid === 10001), 'every process runs as uid 10001', JSON.stringify(procs.map((p) => [p.uid, p.cmd.slice(0, 40)])));
      const { master, workers } = serverProcesses(procs);
      if (a.process === 'single') {
        v.check(Boolean(master?.cmd.includes('uvicorn')) && workers.length === 0, 'one Uvicorn process (PID 1, no children)', JSON.stringify(procs.map((p) => p.cmd.slice(0, 60))));
      } else {
        v.check(Boolean(master?.cmd.match(a.process === 'workers' ? /uvicorn/ : /gunicorn/)), 'PID 1 is the process manager', master?.cmd);
        v.equal(await workerCount(c, defaultWorkers(a, CORES)), defaultWorkers(a, CORES), `workers derived from ${CORES} CPUs`);
      }
      const redirect = await redirectFor(port);
      v.equal(redirect.status, 307, 'the trailing-slash redirect');
      const scheme = redirect.location?.split(':')[0];
      v.equal(scheme, a.proxy ? 'https' : 'http', a.proxy ? 'a trusted proxy makes redirects https' : 'without --proxy, X-Forwarded-Proto is ignored');
      const seconds = stopSeconds(c);
      v.check(seconds < 2, 'docker stop returns in under 2 s (SIGTERM reached the server)', `${seconds.toFixed(2)} s`);
    }),
  );

  if (managesWorkers(a)) {
    await v.step('WEB_CONCURRENCY at docker run', () =>
      withContainer(tag, port, ['-e', 'WEB_CONCURRENCY=3'], async (c) => v.equal(await workerCount(c, 3), 3, 'WEB_CONCURRENCY=3 overrides the default')),
    );
    await v.step('one CPU', () =>
      withContainer(tag, port, ['--cpuset-cpus=0'], async (c) => v.equal(await workerCount(c, defaultWorkers(a, 1)), defaultWorkers(a, 1), 'workers derived from 1 CPU')),
    );
  }
  if (hasWorkerCount(a.process)) {
    await v.step('--workers 3', async () => {
      const explicit = await buildVariant(`${name}-w3`, [...flags, ...trustFlags(a, true), '--workers', '3']);
      await withContainer(explicit, port, ['--cpuset-cpus=0'], async (c) => v.equal(await workerCount(c, 3), 3, 'an explicit --workers 3'));
      await withContainer(explicit, port, ['-e', 'WEB_CONCURRENCY=1'], async (c) => v.equal(await workerCount(c, 1), 1, 'WEB_CONCURRENCY overrides --workers'));
    });
  }
  if (a.proxy) {
    await v.step('an untrusted proxy', async () => {
      const untrusted = await buildVariant(`${name}-untrusted`, [...flags, ...trustFlags(a, false)]);
      await withContainer(untrusted, port, [], async () => {
        const redirect = await redirectFor(port);
        v.equal(redirect.location?.split(':')[0], 'http', 'X-Forwarded-Proto from an address outside --forwarded-allow-ips is ignored');
      });
    });
  }

  if (a.deps === 'pip' && a.process === 'single') {
    await v.step("the generated project's own tests", async () => {
      const pytest = await dockerAsync(['run', '--rm', '--network', 'host', ...runLabelArgs(), '-v', `${dir}:/src`, '-w', '/src', 'python:3.13-slim', 'sh', '-c',
        'pip install --no-cache-dir -q -r requirements-dev.txt && python -m pytest -q -p no:cacheprovider']);
      const summary = pytest.stdout.trim().split('\n').at(-1) ?? '';
      v.check(pytest.status === 0 && /^\d+ passed/.test(summary), 'pytest passes in the generated project', summary || pytest.stderr.trim().split('\n').at(-1));
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
  return result;
}
