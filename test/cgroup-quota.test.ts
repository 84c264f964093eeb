/**
 * The worker count from the CPU quota, on every cgroup layout: the real docker-entrypoint.sh and gunicorn_conf.py
 * run in a mount namespace of their own, where a tmpfs over /sys/fs/cgroup holds the quota files of the case.
 * The engine in the e2e run proves cgroup v1 (this machine's); this proves cgroup v2's cpu.max too.
 * Needs root and unshare (CI has both); the host's /sys/fs/cgroup is never touched.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const TEMPLATES = resolve(import.meta.dirname, '../templates/process');
const root = process.getuid?.() === 0 && spawnSync('unshare', ['--version']).status === 0;
const CPUS = availableParallelism();

type Layout = Record<string, string>;
const cases: [string, Layout, number][] = [
  ['cgroup v2, --cpus 0.5', { 'cpu.max': '50000 100000' }, 1],
  ['cgroup v2, --cpus 1', { 'cpu.max': '100000 100000' }, 1],
  ['cgroup v2, no limit', { 'cpu.max': 'max 100000' }, CPUS],
  ['cgroup v2 wins over v1 files', { 'cpu.max': '100000 100000', 'cpu/cpu.cfs_quota_us': '-1', 'cpu/cpu.cfs_period_us': '100000' }, 1],
  ['cgroup v1, --cpus 1.5', { 'cpu/cpu.cfs_quota_us': '150000', 'cpu/cpu.cfs_period_us': '100000' }, 1],
  ['cgroup v1 (cpu,cpuacct), --cpus 1', { 'cpu,cpuacct/cpu.cfs_quota_us': '100000', 'cpu,cpuacct/cpu.cfs_period_us': '100000' }, 1],
  ['cgroup v1, no limit', { 'cpu/cpu.cfs_quota_us': '-1', 'cpu/cpu.cfs_period_us': '100000' }, CPUS],
  ['no cgroup files', {}, CPUS],
  // A quota above the CPUs the container may run on counts those CPUs, never the quota.
  ['cgroup v2, --cpus above the host\'s CPUs', { 'cpu.max': `${(CPUS + 3) * 100000} 100000` }, CPUS],
  ['cgroup v1, --cpus above the host\'s CPUs', { 'cpu/cpu.cfs_quota_us': String((CPUS + 3) * 100000), 'cpu/cpu.cfs_period_us': '100000' }, CPUS],
];

/** Runs `command` with /sys/fs/cgroup replaced by a tmpfs holding `layout`, in a private mount namespace. */
function inLayout(layout: Layout, command: string, env: Record<string, string> = {}): string {
  const setup = Object.entries(layout)
    .map(([path, text]) => `mkdir -p "$(dirname /sys/fs/cgroup/${path})" && printf '%s\\n' '${text}' > '/sys/fs/cgroup/${path}'`)
    .join(' && ');
  const script = `mount -t tmpfs cfd-test /sys/fs/cgroup${setup ? ` && ${setup}` : ''} && ${command}`;
  const r = spawnSync('unshare', ['-m', 'sh', '-c', script], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return r.stdout.trim();
}

describe.skipIf(!root)('the worker count follows the CPU quota on every cgroup layout (mount namespace)', () => {
  it.each(cases)('%s: the workers entrypoint starts the documented count', (_, layout, cpus) => {
    const entrypoint = join(TEMPLATES, 'workers/docker-entrypoint.sh');
    expect(inLayout(layout, `sh '${entrypoint}' sh -c 'echo "$WEB_CONCURRENCY"'`, { PRE_START_PATH: '/nonexistent', WEB_CONCURRENCY: '' })).toBe(String(cpus));
    expect(inLayout(layout, `sh '${entrypoint}' sh -c 'echo "$WEB_CONCURRENCY"'`, { PRE_START_PATH: '/nonexistent', WEB_CONCURRENCY: '5' })).toBe('5');
  });

  it.each(cases)('%s: gunicorn_conf.py derives WORKERS_PER_CORE × CPUs (at least 2)', (_, layout, cpus) => {
    const conf = join(TEMPLATES, 'gunicorn/gunicorn_conf.py');
    // One Python process reads the file three times, under three environments.
    const program = [
      'import os, runpy',
      "for per_core, concurrency in (('4', ''), ('1', ''), ('1', '5')):",
      "    os.environ.update(WORKERS_PER_CORE=per_core, WEB_CONCURRENCY=concurrency, MAX_WORKERS='')",
      `    print(runpy.run_path('${conf}')['workers'])`,
    ].join('\n');
    expect(inLayout(layout, `python3 -c "${program}"`).split('\n')).toEqual([String(4 * cpus), String(Math.max(2, cpus)), '5']);
  });
});
