// Everything the offline e2e tests need, idempotent and cached:
//   npx tsx test/e2e/infra/setup.ts [--smoke] [--json]
// 1. Debian's docker.io engine running (client /usr/bin/docker), debootstrap installed;
// 2. stand-in base images python:3.13-slim and python:3.13;
// 3. a local PEP 503 index of Debian trixie's Python packages + the uvicorn-worker stand-in;
// 4. the uvicorn-gunicorn-fastapi stand-in image;
// 5. with --smoke: smoke builds/runs and facts about uvicorn 0.32 / gunicorn 23.
import { fileURLToPath } from 'node:url';
import { BASE_EXTRA_PACKAGES, ensureBaseImages, missingRuntimeLibs, type BaseImageInfo } from './base-image.js';
import { ensureEngine, type EngineInfo } from './engine.js';
import { ensureIndex, startIndex, type IndexInfo } from './package-index.js';
import { removeSmokeImages, runSmoke, type Facts, type SmokeResult } from './smoke.js';
import { ensureUvicornGunicornFastapiImage, type StandinImageInfo } from './standin-images.js';
import { CACHE_DIR, InfraError, fail } from './util.js';

export interface SetupResult {
  cacheDir: string;
  engine: EngineInfo;
  base: BaseImageInfo;
  index: IndexInfo;
  uvicornGunicornFastapi: StandinImageInfo;
  smoke?: { results: SmokeResult[]; facts: Facts };
  /** Seconds per step. */
  timings: Record<string, number>;
}

/** Bring the machine to the state the e2e tests need. Throws InfraError (one line) on failure. */
export async function setup(opts: { smoke?: boolean; log?: (line: string) => void } = {}): Promise<SetupResult> {
  const say = opts.log ?? (() => {});
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, f: () => T | Promise<T>): Promise<T> => {
    const t = Date.now();
    const v = await f();
    timings[name] = (Date.now() - t) / 1000;
    return v;
  };

  const engine = await step('engine', () => ensureEngine());
  say(`engine: docker ${engine.serverVersion} at ${engine.dockerHost}, pid ${engine.pid}${engine.started ? ` (started, log ${engine.logFile})` : ' (reused)'}${engine.installed.length ? `; installed ${engine.installed.join(' ')}` : ''}`);

  // The two debootstrap roots are independent: build them at once.
  const [index, base] = await step('index+base-images', () => Promise.all([ensureIndex(), ensureBaseImages()]));
  say(`index: ${index.report.wheels.length} wheels in ${index.dir} (${index.built ? 'built' : 'cached'})`);
  say(`base images: ${base.tags.join(', ')} (stand-in, ${base.built ? 'imported' : 'already present'})`);
  const missing = missingRuntimeLibs(base, index.runtimeLibPackages);
  if (missing.length) fail(`the index's binary wheels need ${missing.join(' ')}, which the base image lacks: add them to BASE_EXTRA_PACKAGES (${BASE_EXTRA_PACKAGES.join(' ')})`);

  const served = await startIndex({ dir: index.dir });
  try {
    const standin = await step('uvicorn-gunicorn-fastapi', () => ensureUvicornGunicornFastapiImage(served.url, index.key));
    say(`stand-in image: ${standin.image} (${standin.built ? 'built' : 'already present'})`);
    let smoke: SetupResult['smoke'];
    if (opts.smoke) {
      smoke = await step('smoke', () => runSmoke(served.url));
      for (const r of smoke.results) say(`smoke ok: ${r.name}: build ${r.buildSeconds?.toFixed(1)}s; ${r.detail}`);
      removeSmokeImages();
    }
    return { cacheDir: CACHE_DIR, engine, base, index, uvicornGunicornFastapi: standin, smoke, timings };
  } finally {
    await served.stop();
  }
}

async function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !['--smoke', '--json'].includes(a));
  if (unknown.length) {
    process.stderr.write(`usage: setup.ts [--smoke] [--json]\n`);
    process.exit(2);
  }
  const t = Date.now();
  try {
    const r = await setup({ smoke: args.includes('--smoke'), log: (l) => console.log(l) });
    const v = r.index.versions;
    const pick = ['fastapi', 'pydantic', 'starlette', 'uvicorn', 'gunicorn', 'uvicorn-worker', 'poetry', 'poetry-plugin-export', 'httpx', 'pytest'];
    console.log(`versions: ${pick.map((n) => `${n}==${v[n] ?? 'MISSING'}`).join(' ')}`);
    if (r.smoke) console.log(`facts: ${JSON.stringify(r.smoke.facts)}`);
    console.log(`timings (s): ${Object.entries(r.timings).map(([k, s]) => `${k}=${s.toFixed(1)}`).join(' ')} total=${((Date.now() - t) / 1000).toFixed(1)}`);
    if (args.includes('--json')) {
      const { report, ...index } = r.index;
      console.log(JSON.stringify({ ...r, index: { ...index, wheels: report.wheels.length }, base: { ...r.base, packages: r.base.packages.size } }, null, 1));
    }
  } catch (e) {
    const msg = e instanceof InfraError ? e.message : String((e as Error)?.stack ?? e);
    console.error(`e2e setup failed: ${msg}`);
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
