/**
 * `npm run bench`: create-fastapi-docker side by side with create-vite, in one run.
 *
 * P1  wall time of whole processes, medians over interleaved runs (each scaffold into a fresh directory):
 *     ours `--yes --no-build` ÷ create-vite `--template vanilla-ts --no-interactive`, each against `node -e 0`,
 *     and our `--help` / `--version` against `node -e 0`.
 * P2  packed and unpacked size of each tarball (`npm pack --json`) and how many packages installing it pulls in.
 *
 * Environment: BENCH_RUNS (default 30, at least 10), BENCH_WARMUP (default 3), BENCH_CACHE (where create-vite is
 * installed; default ~/.cache/create-fastapi-docker/bench). `--strict` exits 1 when a goal fails.
 * Prints numbers only; nothing is written to the repository.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MAX_PACKED_BYTES } from '../test/install/pack.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'create-fastapi-docker.js');
const VITE = 'create-vite@9.3.0';
const RUNS = Math.max(10, Number(process.env.BENCH_RUNS) || 30);
const WARMUP = Math.max(0, Number(process.env.BENCH_WARMUP ?? 3));
const CACHE = process.env.BENCH_CACHE || join(homedir(), '.cache', 'create-fastapi-docker', 'bench');
const STRICT = process.argv.includes('--strict');

// The packed-size goal is the tested budget (create-vite's 79.0 kB plus the YAML, TOML and merge libraries; see there).
const GOALS = { p1: 1.0, packedBytes: MAX_PACKED_BYTES, packages: 1, helpRatio: 1.2 };

function sh(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}) in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** npm prints lifecycle output before the JSON on some paths; take the JSON array that ends stdout. */
const packJson = (stdout: string): { size: number; unpackedSize: number; filename: string } =>
  JSON.parse(stdout.slice(stdout.indexOf('\n[') + 1 || stdout.indexOf('[')))[0];

function createViteBin(): string {
  const bin = join(CACHE, 'node_modules', 'create-vite', 'index.js');
  const pkg = join(CACHE, 'node_modules', 'create-vite', 'package.json');
  if (!existsSync(pkg) || JSON.parse(readFileSync(pkg, 'utf8')).version !== VITE.split('@')[1]) {
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(join(CACHE, 'package.json'), '{"private":true}\n');
    process.stdout.write(`installing ${VITE} into ${CACHE}\n`);
    sh('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--ignore-scripts', VITE], CACHE);
  }
  return bin;
}

interface Case {
  name: string;
  args: (dir: string) => string[];
  /** A scaffold writes into dir; checked after each run. */
  produces?: string;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

function timeCases(cases: Case[]): Map<string, number[]> {
  const times = new Map(cases.map((c) => [c.name, [] as number[]]));
  const work = mkdtempSync(join(tmpdir(), 'cfd-bench-'));
  const env = { ...process.env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' };
  try {
    for (let round = -WARMUP; round < RUNS; round++) {
      // Interleaved, and rotated each round, so that drift on a busy machine hits every case alike.
      for (let i = 0; i < cases.length; i++) {
        const c = cases[(i + Math.max(round, 0)) % cases.length];
        const dir = `p${round + WARMUP}-${i}`;
        const start = process.hrtime.bigint();
        const result = spawnSync(process.execPath, c.args(dir), { cwd: work, env, stdio: ['ignore', 'ignore', 'pipe'] });
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (result.status !== 0) throw new Error(`${c.name} exited ${result.status}: ${result.stderr}`);
        if (c.produces && !existsSync(join(work, dir, c.produces))) throw new Error(`${c.name} did not write ${dir}/${c.produces}`);
        if (round >= 0) times.get(c.name)?.push(ms);
        rmSync(join(work, dir), { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return times;
}

/** Packages that `npm install <tarball>` puts in an empty project, from its lockfile. */
function installedPackages(tarball: string): string[] {
  const project = mkdtempSync(join(tmpdir(), 'cfd-bench-install-'));
  try {
    writeFileSync(join(project, 'package.json'), '{"name":"bench-install","private":true}\n');
    sh('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', tarball], project);
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
    return Object.keys(lock.packages).filter((key) => key !== '');
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

function sizes() {
  const out = mkdtempSync(join(tmpdir(), 'cfd-bench-pack-'));
  try {
    // `npm run bench` has just built dist/; --ignore-scripts keeps prepack from building again.
    const ours = packJson(sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], ROOT));
    const vite = packJson(sh('npm', ['pack', VITE, '--json', '--pack-destination', out], out));
    return {
      ours: { ...ours, packages: installedPackages(join(out, ours.filename)) },
      vite: { ...vite, packages: installedPackages(join(out, vite.filename)) },
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

function main() {
  const vite = createViteBin();
  const cases: Case[] = [
    { name: 'node -e 0', args: () => ['-e', '0'] },
    { name: 'create-fastapi-docker --yes --no-build', args: (dir) => [BIN, dir, '--yes', '--no-build'], produces: 'Dockerfile' },
    { name: `${VITE} --template vanilla-ts`, args: (dir) => [vite, dir, '--template', 'vanilla-ts', '--no-interactive'], produces: 'package.json' },
    { name: 'create-fastapi-docker --help', args: () => [BIN, '--help'] },
    { name: 'create-fastapi-docker --version', args: () => [BIN, '--version'] },
  ];
  process.stdout.write(`node ${process.version}, ${RUNS} runs each (+${WARMUP} warm-up), interleaved, stdout and stdin /dev/null\n`);
  if (process.env.NODE_EXTRA_CA_CERTS) {
    // Every Node process parses that bundle at startup, node -e 0 included: a fixed cost that dilutes every ratio.
    process.stdout.write(`NODE_EXTRA_CA_CERTS is set (${process.env.NODE_EXTRA_CA_CERTS}): kept, as on these machines\n`);
  }
  process.stdout.write('\n');
  const times = timeCases(cases);
  const med = new Map([...times].map(([name, values]) => [name, median(values)]));
  const base = med.get('node -e 0') as number;
  const ours = med.get(cases[1].name) as number;
  const viteMs = med.get(cases[2].name) as number;
  const help = med.get(cases[3].name) as number;
  const version = med.get(cases[4].name) as number;

  const rows = cases.map((c) => {
    const values = times.get(c.name) as number[];
    const m = med.get(c.name) as number;
    return `  ${c.name.padEnd(42)} ${m.toFixed(1).padStart(7)} ms   p25 ${quantile(values, 0.25).toFixed(1).padStart(6)}   p75 ${quantile(values, 0.75).toFixed(1).padStart(6)}   ×node ${(m / base).toFixed(2)}`;
  });
  process.stdout.write(`median wall time of whole processes:\n${rows.join('\n')}\n\n`);

  const p1 = ours / viteMs;
  // The same ratio taken round by round (the two runs of a round are seconds apart), then its median: less
  // sensitive to a machine whose load drifts during the benchmark.
  const oursRuns = times.get(cases[1].name) as number[];
  const viteRuns = times.get(cases[2].name) as number[];
  const paired = median(oursRuns.map((ms, i) => ms / viteRuns[i]));
  process.stdout.write(
    `P1: create-fastapi-docker ÷ create-vite = ${p1.toFixed(3)}   (ours ${(ours / base).toFixed(2)}× node -e 0, create-vite ${(viteMs / base).toFixed(2)}× node -e 0)   goal <= ${GOALS.p1}: ${pass(p1 <= GOALS.p1)}\n    (median of per-round ratios ${paired.toFixed(3)})\n`,
  );
  process.stdout.write(
    `    --help ${(help / base).toFixed(2)}× node -e 0: ${pass(help / base < GOALS.helpRatio)}   --version ${(version / base).toFixed(2)}× node -e 0: ${pass(version / base < GOALS.helpRatio)}   (goal < ${GOALS.helpRatio}×)\n\n`,
  );

  const s = sizes();
  process.stdout.write(
    [
      `P2:                       packed      unpacked   packages installed`,
      `    create-fastapi-docker ${kB(s.ours.size).padStart(9)} ${kB(s.ours.unpackedSize).padStart(12)}   ${s.ours.packages.length} (${s.ours.packages.join(', ')})`,
      `    ${VITE.padEnd(21)} ${kB(s.vite.size).padStart(9)} ${kB(s.vite.unpackedSize).padStart(12)}   ${s.vite.packages.length} (${s.vite.packages.join(', ')})`,
      `    packed <= ${kB(GOALS.packedBytes)}: ${pass(s.ours.size <= GOALS.packedBytes)}   exactly ${GOALS.packages} package installed: ${pass(s.ours.packages.length === GOALS.packages)}`,
      '',
    ].join('\n'),
  );

  const ok =
    p1 <= GOALS.p1 &&
    help / base < GOALS.helpRatio &&
    version / base < GOALS.helpRatio &&
    s.ours.size <= GOALS.packedBytes &&
    s.ours.packages.length === GOALS.packages;
  process.stdout.write(`\nGoals: ${ok ? 'all PASS' : 'some FAIL'}\n`);
  if (STRICT && !ok) process.exitCode = 1;
}

main();
