// npm run test:e2e [-- --smoke] [--only SUBSTRING] [--jobs N]
// Builds and runs every generated combination with a real Docker engine, offline, from nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfraError, type RunningIndex, cleanUpRun, engineOfThisRun, freePort, releaseEngine, setup, startIndex } from './infra/index.js';
import { type ComboResult, runCombo } from './matrix/combo.js';
import { type Axes, STANDIN_PINS, comboName } from './matrix/generate.js';
import { report } from './matrix/report.js';
import { runDeployProofs } from './deploy/index.js';

const LAYOUTS = ['package', 'single', 'bigger'] as const;
const DEPS = ['pip', 'poetry'] as const;
const PROCESSES = ['single', 'workers', 'gunicorn', 'official-image'] as const;
const ALL: Axes[] = LAYOUTS.flatMap((layout) =>
  DEPS.flatMap((deps) => PROCESSES.flatMap((process) => [false, true].map((proxy) => ({ layout, deps, process, proxy })))),
);
/** Four combinations that touch every value of every axis. */
const SMOKE: Axes[] = [
  { layout: 'package', deps: 'pip', process: 'single', proxy: true },
  { layout: 'single', deps: 'poetry', process: 'workers', proxy: false },
  { layout: 'bigger', deps: 'pip', process: 'gunicorn', proxy: true },
  { layout: 'package', deps: 'poetry', process: 'official-image', proxy: false },
];

function parse(argv: string[]) {
  const opts = { smoke: false, only: '', jobs: 2 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--smoke') opts.smoke = true;
    else if (arg === '--only') opts.only = argv[++i] ?? '';
    else if (arg === '--jobs') opts.jobs = Math.max(1, Number(argv[++i]) || 1);
    else if (arg !== '--') throw new InfraError(`unknown argument ${arg}; use --smoke, --only SUBSTRING or --jobs N`);
  }
  return opts;
}

async function pool<T, R>(items: T[], jobs: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(jobs, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T, index);
      }
    }),
  );
  return results;
}

/**
 * One path per combination to the same index (symlinks), so that each combination's dependency
 * layers are its own: a cold build is really cold, and parallel builds never race for one cache record.
 */
function indexAliases(indexDir: string, names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cfd-e2e-index-'));
  for (const entry of ['simple', 'wheels']) symlinkSync(join(indexDir, entry), join(dir, entry));
  for (const name of names) symlinkSync(indexDir, join(dir, `c-${name}`));
  return dir;
}

async function main(): Promise<number> {
  const started = Date.now();
  const opts = parse(process.argv.slice(2));
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) throw new InfraError('npm run build failed');
  let index: RunningIndex | undefined;
  try {
    const infra = await setup({ log: (line) => console.log(`setup: ${line}`) });
    console.log(`setup took ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const combos = (opts.smoke ? SMOKE : ALL).filter((a) => comboName(a).includes(opts.only));
    if (!combos.length) throw new InfraError(`no combination matches --only ${opts.only}`);
    const served = indexAliases(infra.index.dir, combos.map(comboName));
    index = await startIndex({ dir: served });
    const base = index.url.replace(/simple\/$/, '');
    const indexUrlFor = (name: string) => `${base}c-${name}/simple/`;
    const ctx = { indexUrl: indexUrlFor('<combination>'), officialStandin: infra.uvicornGunicornFastapi.image };
    console.log(`\nRunning ${combos.length} combinations, ${opts.jobs} at a time. Stand-ins: python:3.13-slim and ${ctx.officialStandin} (both built here), packages from Debian trixie at ${ctx.indexUrl}.`);
    console.log('Flags the suite adds to fit the stand-ins, all the CLI\'s own:');
    console.log('  (each combination reaches the same index under its own path, so that no two share dependency layers in the build cache)');
    console.log(`  every combination: --python 3.13 --port <free port> --index-url ${ctx.indexUrl} ${STANDIN_PINS.all.map((p) => `--pin "${p}"`).join(' ')}`);
    console.log(`  gunicorn and official-image: ${STANDIN_PINS.gunicorn.map((p) => `--pin "${p}"`).join(' ')}; with --proxy, --forwarded-allow-ips 127.0.0.1,::1 (gunicorn 23 takes no networks)`);
    console.log(`  poetry: ${STANDIN_PINS.poetry.map((p) => `--pin "${p}"`).join(' ')}`);
    console.log(`  official-image: --base-image ${ctx.officialStandin}`);
    const results: ComboResult[] = await pool(combos, opts.jobs, async (axes) => {
      const result = await runCombo(axes, { ...ctx, indexUrl: indexUrlFor(comboName(axes)) }, await freePort());
      console.log(`${result.verdict.passed ? 'PASS' : 'FAIL'} ${result.name} (${result.verdict.checks} checks)${result.verdict.failures.map((f) => `\n  ✗ ${f}`).join('')}`);
      return result;
    });
    console.log(report(results, (Date.now() - started) / 1000));
    // Issue 9: compose.yaml, Caddy, compose watch and k8s/ with the real tools (test/e2e/deploy/).
    const deployPassed = await runDeployProofs({ indexUrl: `${base}simple/`, officialStandin: ctx.officialStandin });
    return results.every((r) => r.verdict.passed) && deployPassed ? 0 : 1;
  } finally {
    await index?.stop();
    const engine = engineOfThisRun();
    if (engine) {
      const cleaned = cleanUpRun();
      console.log(`Removed this run's ${cleaned.containers} containers, ${cleaned.images} images and ${cleaned.networks} networks; build cache ${cleaned.buildCache}.`);
      console.log(`Engine: ${await releaseEngine(engine, Boolean(process.env.CFD_E2E_KEEP_ENGINE))} (CFD_E2E_KEEP_ENGINE=1 keeps it).`);
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`e2e failed: ${error instanceof InfraError ? error.message : ((error as Error)?.stack ?? error)}`);
    process.exit(1);
  },
);
