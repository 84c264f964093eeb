// Everything the offline e2e tests need, idempotent and cached:
//   npx tsx test/e2e/infra/setup.ts [--json]
// 1. the suite's own dockerd (Docker 28 from Debian sid, in a root of its own: engine.ts) running for this run;
// 2. per stack (stacks.ts): stand-in base images python:X.Y-slim and python:X.Y;
// 3. per stack: a local PEP 503 index of the Debian suite's Python packages + the uvicorn-worker stand-in;
// 4. per stack: the uvicorn-gunicorn-fastapi stand-in image.
import { fileURLToPath } from 'node:url';
import { ensureBaseImages, type BaseImageInfo } from './base-image.js';
import { ensureEngine, type EngineInfo } from './engine.js';
import { cleanUpRun } from './run-scope.js';
import { onCleanup, runE2E } from './sandbox.js';
import { ensureIndex, startIndex, type IndexInfo } from './package-index.js';
import { pinProblems } from './pins.js';
import { STACKS, type Stack } from './stacks.js';
import { ensureUvicornGunicornFastapiImage, type StandinImageInfo } from './standin-images.js';
import { CACHE_DIR, InfraError, fail } from './util.js';

export interface StackSetup {
  stack: Stack;
  base: BaseImageInfo;
  index: IndexInfo;
  official: StandinImageInfo;
}

export interface SetupResult {
  cacheDir: string;
  engine: EngineInfo;
  stacks: StackSetup[];
  /** Seconds per step. */
  timings: Record<string, number>;
}

/** One stack's base images and index (both from debootstrap roots, so the slow part), checked against each other. */
async function prepareStack(stack: Stack): Promise<Omit<StackSetup, 'official'>> {
  const base = await ensureBaseImages(stack);
  const index = await ensureIndex(stack);
  const missing = index.runtimeLibPackages.filter((p) => !base.packages.has(p));
  if (missing.length) fail(`the ${stack.suite} index's compiled wheels need ${missing.join(' ')} (Requires-External), which python:${stack.python} lacks: add them to the stack's baseExtra`);
  const problems = pinProblems(stack, index.versions);
  if (problems.length) fail(`the pins of the Python ${stack.python} stack do not fit its index: ${problems.join('; ')}`);
  return { stack, base, index };
}

/** Bring the machine to the state the e2e tests need for `stacks`. Throws InfraError (one line) on failure. */
export async function setup(opts: { stacks?: Stack[]; log?: (line: string) => void } = {}): Promise<SetupResult> {
  const say = opts.log ?? (() => {});
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, f: () => T | Promise<T>): Promise<T> => {
    const t = Date.now();
    const v = await f();
    timings[name] = (Date.now() - t) / 1000;
    return v;
  };

  const engine = await step('engine', () => ensureEngine());
  // Runs before the engine stops (clean-ups run newest first).
  onCleanup(() => {
    const cleaned = cleanUpRun();
    console.log(`Removed this run's ${cleaned.containers} containers, ${cleaned.images} images and ${cleaned.networks} networks; build cache ${cleaned.buildCache}.`);
  });
  const { docker, buildx, compose } = engine.client;
  say(`engine: Docker ${engine.serverVersion} (client ${docker}, buildx ${buildx}, compose ${compose}) at ${engine.dockerHost}, namespace pid ${engine.pid}, log ${engine.logFile}; root ${engine.seconds.root ? `made in ${engine.seconds.root.toFixed(0)} s` : 'cached'}, started in ${engine.seconds.start.toFixed(1)} s${engine.installed.length ? `; installed ${engine.installed.join(' ')}` : ''}`);

  // The stacks' debootstrap roots are independent: two at a time.
  const wanted = opts.stacks ?? [STACKS.default, STACKS.smoke];
  const prepared = await step('roots, base images, indexes', () => Promise.all(wanted.map(prepareStack)));
  const stacks: StackSetup[] = [];
  for (const p of prepared) {
    const { stack, base, index } = p;
    say(`python:${stack.python}: ${base.tags.join(', ')} from Debian ${stack.suite} (stand-in, ${base.built ? 'imported' : 'already present'})`);
    say(`python:${stack.python}: index of ${index.report.wheels.length} wheels in ${index.dir} (${index.built ? 'built' : 'cached'}); compiled wheels need ${index.runtimeLibPackages.join(' ')}`);
    const relaxed = Object.entries(index.report.relaxed).map(([d, r]) => `${d}: ${r.join(', ')}`);
    if (relaxed.length) say(`python:${stack.python}: requirements rewritten to what Debian ships: ${relaxed.join('; ')}`);
    const served = await startIndex({ dir: index.dir });
    try {
      const official = await step(`official stand-in ${stack.python}`, () => ensureUvicornGunicornFastapiImage(stack, served.url, index.key));
      say(`python:${stack.python}: ${official.image} (stand-in, ${official.built ? 'built' : 'already present'})`);
      stacks.push({ ...p, official });
    } finally {
      await served.stop();
    }
  }
  return { cacheDir: CACHE_DIR, engine, stacks, timings };
}

/** Makes (or checks) every cached piece; the engine stops at the end, as it lives in this run's namespaces only. */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.some((a) => a !== '--json')) throw new InfraError('usage: setup.ts [--json]');
  const t = Date.now();
  const r = await setup({ log: (l) => console.log(l) });
  const pick = ['fastapi', 'starlette', 'pydantic', 'uvicorn', 'httptools', 'uvloop', 'gunicorn', 'uvicorn-worker', 'poetry', 'poetry-plugin-export', 'httpx', 'pytest'];
  for (const s of r.stacks) console.log(`python:${s.stack.python} versions: ${pick.map((n) => `${n}==${s.index.versions[n] ?? 'MISSING'}`).join(' ')}`);
  console.log(`timings (s): ${Object.entries(r.timings).map(([k, s]) => `${k}=${s.toFixed(1)}`).join(' ')} total=${((Date.now() - t) / 1000).toFixed(1)}`);
  if (args.includes('--json')) console.log(JSON.stringify(r, (k, v) => (k === 'report' || v instanceof Set ? undefined : v), 1));
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) runE2E('e2e setup', main);
