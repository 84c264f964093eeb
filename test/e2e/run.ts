// npm run test:e2e [-- --smoke] [--only SUBSTRING] [--jobs N] [--no-figures]
// Builds and runs every generated combination with a real Docker engine, offline, from nothing:
// all 66 on the default stack (Python 3.14 from Debian sid; uv does not build on the official image), six on Python 3.13 (Debian trixie),
// then measures the figures of each process model.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InfraError, type RunningIndex, STACKS, type Stack, baseImageTags, freePort, runCleanups, runE2E, setup, startIndex,
} from './infra/index.js';
import { type ComboResult, runCombo } from './matrix/combo.js';
import { measureFigures } from './matrix/figures.js';
import { DEPS_FIGURE_VARIANTS, measureDepsFigures } from './matrix/deps-figures.js';
import { type Axes, DEPS, LAYOUTS, PROCESSES, buildable, comboName } from './matrix/generate.js';
import { figuresTable, stepTimes, summary, verdictLines } from './matrix/report.js';
import { type TrustNetworks, startTrustNetworks } from './matrix/trust.js';
import { trustProofs } from './trust/index.js';
import { runDeployProofs } from './deploy/index.js';

const ALL: Axes[] = LAYOUTS.flatMap((layout) =>
  DEPS.flatMap((deps) => PROCESSES.filter((process) => buildable(deps, process)).flatMap((process) => [false, true].map((proxy) => ({ layout, deps, process, proxy })))),
);
/** Six combinations that touch every value of every axis (uv under Gunicorn behind a proxy, and one Uvicorn direct). */
const SMOKE: Axes[] = [
  { layout: 'package', deps: 'pip', process: 'single', proxy: true },
  { layout: 'single', deps: 'poetry', process: 'workers', proxy: false },
  { layout: 'bigger', deps: 'pip', process: 'gunicorn', proxy: true },
  { layout: 'package', deps: 'poetry', process: 'official-image', proxy: false },
  { layout: 'package', deps: 'uv', process: 'gunicorn', proxy: true },
  { layout: 'single', deps: 'uv', process: 'single', proxy: false },
];
const prefixOf = (stack: Stack) => (stack.isDefault ? '' : `py${stack.python}-`);

function parse(argv: string[]) {
  const opts = { smoke: false, only: '', jobs: 2, figures: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--smoke') opts.smoke = true;
    else if (arg === '--only') opts.only = argv[++i] ?? '';
    else if (arg === '--jobs') opts.jobs = Math.min(2, Math.max(1, Number(argv[++i]) || 1));
    else if (arg === '--no-figures') opts.figures = false;
    else if (arg !== '--') throw new InfraError(`unknown argument ${arg}; use --smoke, --only SUBSTRING, --jobs N (at most 2) or --no-figures`);
  }
  return opts;
}

async function pool<T, R>(items: T[], jobs: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(jobs, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T);
      }
    }),
  );
  return results;
}

/**
 * One path per combination to its stack's index (symlinks), so that each combination's dependency
 * layers are its own: a cold build is really cold, and parallel builds never race for one cache record.
 */
function indexAliases(targets: { name: string; indexDir: string }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cfd-e2e-index-'));
  for (const t of targets) symlinkSync(t.indexDir, join(dir, `c-${t.name}`));
  return dir;
}

function printFlags(stack: Stack, indexUrl: string, official: string): void {
  console.log(`  Python ${stack.python} (base stand-in from Debian ${stack.suite}${stack.isDefault ? ', the default --python' : ''}; PyPI's cp${stack.python.replace('.', '')} wheels):`);
  console.log(`    every combination: ${stack.isDefault ? '' : `--python ${stack.python} `}--port <free port> --index-url ${indexUrl} (no --pin: the default requirements)`);
  console.log(`    official-image: --base-image ${official}`);
}

/** The report, printed last (after the clean-up's lines), so that the run closes on its pass/fail line. */
const report: string[] = [];

async function main(): Promise<number> {
  const started = Date.now();
  const opts = parse(process.argv.slice(2));
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) throw new InfraError('npm run build failed');
  let index: RunningIndex | undefined;
  try {
    const infra = await setup({ log: (line) => console.log(`setup: ${line}`) });
    console.log(`setup took ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const planned = infra.stacks.flatMap((s) =>
      (s.stack.isDefault && !opts.smoke ? ALL : SMOKE).map((axes) => ({ axes, setup: s, name: `${prefixOf(s.stack)}${comboName(axes)}` })),
    ).filter((c) => c.name.includes(opts.only));
    const withTrust = 'trust'.includes(opts.only);
    const withDeploy = 'deploy'.includes(opts.only);
    if (!planned.length && !withTrust && !withDeploy) throw new InfraError(`no combination matches --only ${opts.only}`);
    const defaultSetup = infra.stacks.find((s) => s.stack.isDefault) ?? infra.stacks[0];
    if (!defaultSetup) throw new InfraError('no default stack was set up');
    index = await startIndex({
      dir: indexAliases([...planned.map((c) => ({ name: c.name, indexDir: c.setup.index.dir })), { name: 'trust', indexDir: defaultSetup.index.dir }, { name: 'deploy', indexDir: defaultSetup.index.dir },
        ...DEPS_FIGURE_VARIANTS.map((variant) => ({ name: `figures-${variant}`, indexDir: defaultSetup.index.dir }))]),
    });
    const base = index.url.replace(/simple\/$/, '');
    const indexUrlFor = (name: string) => `${base}c-${name}/simple/`;

    console.log(`\nRunning ${planned.length} combinations, ${opts.jobs} at a time, from PyPI's own wheels (a local index, downloaded once), on stand-in base images built here from Debian and a stand-in of the official image.`);
    console.log("Flags the suite adds to fit the stand-ins, all the CLI's own (each combination reaches its stack's index under its own path):");
    for (const s of infra.stacks) printFlags(s.stack, indexUrlFor('<combination>'), s.official.image);
    const trust: TrustNetworks = await startTrustNetworks(baseImageTags(STACKS.default)[0]);
    console.log(`Networks for the trusted-proxy checks: ${trust.inside.name} ${trust.inside.subnet} (inside the default list), ${trust.outside.name} ${trust.outside.subnet} (outside it).`);

    // One uv combination a run proves that a stale uv.lock stops the build.
    const staleLockAt = planned.find((c) => c.axes.deps === 'uv')?.name;
    const results: ComboResult[] = await pool(planned, opts.jobs, async (c) => {
      const ctx = { stack: c.setup.stack, indexUrl: indexUrlFor(c.name), officialStandin: c.setup.official.image, newest: c.setup.newest, trust, prefix: prefixOf(c.setup.stack), staleLock: c.name === staleLockAt };
      const result = await runCombo(c.axes, ctx, await freePort());
      console.log(`${result.verdict.passed ? 'PASS' : 'FAIL'} ${result.name} (${result.verdict.checks} checks)${result.verdict.failures.map((f) => `\n  ✗ ${f}`).join('')}`);
      return result;
    });
    const lines = [...verdictLines(results), ...stepTimes(results)];
    const verdicts = results.map((r) => r.verdict);
    if (withTrust) {
      const trustCtx = { stack: defaultSetup.stack, indexUrl: indexUrlFor('trust'), officialStandin: defaultSetup.official.image, newest: defaultSetup.newest };
      for (const v of await trustProofs(trustCtx)) {
        verdicts.push(v);
        lines.push(`${v.passed ? 'PASS' : 'FAIL'} ${v.name} (${v.checks} checks)${v.failures.map((f) => `\n  ✗ ${f}`).join('')}`);
      }
    }
    if (withDeploy) {
      // Issue 9: compose.yaml, Caddy, compose watch and k8s/ with the real tools (test/e2e/deploy/).
      verdicts.push(...(await runDeployProofs({ stack: defaultSetup.stack, indexUrl: indexUrlFor('deploy'), officialStandin: defaultSetup.official.image })));
    }
    if (opts.figures) {
      const python = STACKS.default.python;
      const { figures, verdict, load } = await measureFigures(results.filter((r) => r.stack === python));
      verdicts.push(verdict);
      for (const failure of verdict.failures) lines.push(`  ✗ figures: ${failure}`);
      lines.push(...figuresTable(results, figures, python, load));
      const deps = await measureDepsFigures(defaultSetup.stack, (variant) => indexUrlFor(`figures-${variant}`));
      verdicts.push(deps.verdict);
      for (const failure of deps.verdict.failures) lines.push(`  ✗ figures per dependency tool: ${failure}`);
      lines.push(...deps.lines);
    }
    lines.push(...summary(verdicts, (Date.now() - started) / 1000, results.length));
    report.push(...lines);
    return verdicts.every((v) => v.passed) ? 0 : 1;
  } finally {
    await index?.stop();
    // This run's containers, images and networks, then the engine (setup registered them).
    await runCleanups();
  }
}

// Inside namespaces of its own (infra/sandbox.ts): nothing it starts outlives it, and the host's firewall does not apply.
runE2E('e2e', main, () => console.log(report.join('\n')));
