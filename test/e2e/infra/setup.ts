// Everything the offline e2e tests need, idempotent and cached:
//   npx tsx test/e2e/infra/setup.ts [--json]
// 1. the suite's own dockerd (Docker 28 from Debian sid, in a root of its own: engine.ts) running for this run;
// 2. per stack (stacks.ts): stand-in base images python:X.Y-slim and python:X.Y;
// 3. per stack: a local PEP 503 index of PyPI's own wheels for its CPython (downloaded once, package-index.ts);
// 4. per stack: the uvicorn-gunicorn-fastapi stand-in image; once: the ghcr.io/astral-sh/uv stand-in.
import { fileURLToPath } from 'node:url';
import { ensureBaseImages, type BaseImageInfo } from './base-image.js';
import { ensureEngine, type EngineInfo } from './engine.js';
import { cleanUpRun } from './run-scope.js';
import { onCleanup, runE2E } from './sandbox.js';
import { ensureIndex, newestInRange, startIndex, type IndexInfo } from './package-index.js';
import { STACKS, type Stack } from './stacks.js';
import { ensureUvImage, ensureUvicornGunicornFastapiImage, type StandinImageInfo } from './standin-images.js';
import { CACHE_DIR, InfraError, fail } from './util.js';

export interface StackSetup {
  stack: Stack;
  base: BaseImageInfo;
  index: IndexInfo;
  /** For each default requirement, the newest release in the index inside its range. */
  newest: Record<string, string | null>;
  official: StandinImageInfo;
}

export interface SetupResult {
  cacheDir: string;
  engine: EngineInfo;
  stacks: StackSetup[];
  /** The ghcr.io/astral-sh/uv:UV_VERSION stand-in. */
  uv: StandinImageInfo;
  /** Seconds per step. */
  timings: Record<string, number>;
}

/** One stack's base images and index (independent downloads, so the slow part): both at once. */
async function prepareStack(stack: Stack): Promise<Omit<StackSetup, 'official'>> {
  const [base, index] = await Promise.all([ensureBaseImages(stack), ensureIndex(stack)]);
  const newest = newestInRange(index.dir);
  const none = Object.entries(newest).filter(([, v]) => !v).map(([n]) => n);
  if (none.length) fail(`the CPython ${stack.python} index has no release of ${none.join(', ')} inside the default range`);
  return { stack, base, index, newest };
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
  const uv = await step('uv stand-in', () => ensureUvImage((prepared[0] as Omit<StackSetup, 'official'>).index.dir));
  say(`${uv.image} (stand-in: uv's own binaries from its PyPI wheel, ${uv.built ? 'built' : 'already present'})`);
  const stacks: StackSetup[] = [];
  for (const p of prepared) {
    const { stack, base, index, newest } = p;
    say(`python:${stack.python}: ${base.tags.join(', ')} from Debian ${stack.suite} (stand-in, ${base.built ? 'imported' : 'already present'})`);
    say(`python:${stack.python}: index of ${index.files.length} PyPI wheels in ${index.dir} (${index.built ? 'downloaded' : 'cached'}); newest inside the default ranges: ${Object.entries(newest).map(([n, v]) => `${n} ${v}`).join(', ')}`);
    const served = await startIndex({ dir: index.dir });
    try {
      const official = await step(`official stand-in ${stack.python}`, () => ensureUvicornGunicornFastapiImage(stack, served.url, index.key));
      say(`python:${stack.python}: ${official.image} (stand-in, ${official.built ? 'built' : 'already present'})`);
      stacks.push({ ...p, official });
    } finally {
      await served.stop();
    }
  }
  return { cacheDir: CACHE_DIR, engine, stacks, uv, timings };
}

/** Makes (or checks) every cached piece; the engine stops at the end, as it lives in this run's namespaces only. */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.some((a) => a !== '--json')) throw new InfraError('usage: setup.ts [--json]');
  const t = Date.now();
  const r = await setup({ log: (l) => console.log(l) });
  console.log(`timings (s): ${Object.entries(r.timings).map(([k, s]) => `${k}=${s.toFixed(1)}`).join(' ')} total=${((Date.now() - t) / 1000).toFixed(1)}`);
  if (args.includes('--json')) console.log(JSON.stringify(r, (k, v) => (k === 'files' || k === 'report' || v instanceof Set ? undefined : v), 1));
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) runE2E('e2e setup', main);
