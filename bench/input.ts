/**
 * `npm run bench:input`: how fast bad input is answered. For every flag of the option table, values of 100,000
 * characters in the shapes that make backtracking patterns explode, parsed in-process (median of 5), beside the
 * same flag with a 10-character value: linear validators keep the ratio near the length ratio or far below.
 * Then the whole bin on the case that once took 17 s (`--pin "a<3000 spaces>!"`), against `--version` as anchor.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from '../src/options/parse-args.js';
import { OPTION_TABLE } from '../src/options/table.js';

const BIN = resolve(import.meta.dirname, '..', 'bin', 'create-fastapi-docker.js');
const N = 100_000;
const SHAPES: Record<string, string> = {
  letters: 'a'.repeat(N),
  'spaces then !': `a<${' '.repeat(N)}!`,
  'dots and digits': `1${'.1'.repeat(N / 2)}x`,
  dashes: `a${'-'.repeat(N)}!`,
  brackets: `a${'['.repeat(N)}`,
  'slashes, colons': `${'a/'.repeat(N / 4)}${'a:'.repeat(N / 4)}`,
};

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1] as number;

function time(argv: string[]): number {
  const runs = Array.from({ length: 5 }, () => {
    const start = performance.now();
    try {
      parseArgs(argv);
    } catch {
      // refused: that is the answer being timed
    }
    return performance.now() - start;
  });
  return median(runs);
}

const flags = OPTION_TABLE.filter((d) => d.kind !== 'boolean').map((d) => d.flag);
process.stdout.write(`in-process parse of one flag, median of 5 (ms); worst of ${Object.keys(SHAPES).length} shapes of ${N} characters\n`);
let worst = 0;
for (const flag of flags) {
  const args = (value: string) => (flag.startsWith('[') ? [value] : [flag, value]);
  const short = time(args('abcdefghij'));
  const results = Object.entries(SHAPES).map(([shape, value]) => [shape, time(args(value))] as const);
  const [shape, ms] = results.reduce((a, b) => (b[1] > a[1] ? b : a));
  worst = Math.max(worst, ms);
  process.stdout.write(`  ${flag.padEnd(24)} ${ms.toFixed(2).padStart(8)} ms (${shape.padEnd(16)})   short ${short.toFixed(3)} ms   ×${(ms / Math.max(short, 0.001)).toFixed(0)}\n`);
}
process.stdout.write(`worst: ${worst.toFixed(2)} ms; goal < 100 ms: ${worst < 100 ? 'PASS' : 'FAIL'}\n\n`);

const wall = (args: string[]) => {
  const start = performance.now();
  spawnSync(process.execPath, [BIN, ...args], { stdio: 'ignore', env: { ...process.env, CI: '1' } });
  return performance.now() - start;
};
const anchor = median(Array.from({ length: 7 }, () => wall(['--version'])));
const old = median(Array.from({ length: 7 }, () => wall(['svc', '--dry-run', '--pin', `a<${' '.repeat(3000)}!`])));
process.stdout.write(`whole bin: --pin "a<3000 spaces>!" ${old.toFixed(1)} ms, --version ${anchor.toFixed(1)} ms (×${(old / anchor).toFixed(2)}); it once took 17 s\n`);
if (worst >= 100 && process.argv.includes('--strict')) process.exitCode = 1;
