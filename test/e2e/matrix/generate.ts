// Generates a project with the built CLI, from flags only, exactly as a platform team would script it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runsGunicorn } from '../../../src/options/types.js';
import { BIN } from '../../helpers/run-cli.js';
import { fail } from '../infra/util.js';

/** Versions the local index serves (Debian trixie), pinned through the CLI's own --pin. */
export const STANDIN_PINS = {
  // uvicorn[]: a pin keeps the default's extras unless it names its own, and Debian's httptools is too old for [standard].
  all: ['fastapi>=0.115,<0.116', 'uvicorn[]>=0.32,<0.33', 'pytest>=8,<9', 'httpx>=0.28,<0.29'],
  gunicorn: ['gunicorn>=23,<24'],
  poetry: ['poetry>=2.1,<2.2', 'poetry-plugin-export>=1.9,<1.10'],
};

export interface Axes {
  layout: 'package' | 'single' | 'bigger';
  deps: 'pip' | 'poetry';
  process: 'single' | 'workers' | 'gunicorn' | 'official-image';
  proxy: boolean;
}

export const comboName = (a: Axes) => `${a.layout}-${a.deps}-${a.process}-${a.proxy ? 'proxy' : 'direct'}`;

export const axisFlags = (a: Axes) => ['--layout', a.layout, '--deps', a.deps, '--process', a.process, a.proxy ? '--proxy' : '--no-proxy'];

export interface StandinContext {
  indexUrl: string;
  officialStandin: string;
}

/**
 * The flags the suite adds to fit the offline stand-ins; each is one of the CLI's own flags.
 * Gunicorn 23 (Debian's) validates FORWARDED_ALLOW_IPS as plain addresses (networks came in 24.1),
 * so gunicorn-based combinations trust loopback by address instead of the default network list.
 */
export function standinFlags(a: Axes, ctx: StandinContext, port: number): string[] {
  const flags = ['--python', '3.13', '--port', String(port), '--index-url', ctx.indexUrl];
  for (const pin of STANDIN_PINS.all) flags.push('--pin', pin);
  if (runsGunicorn(a.process)) for (const pin of STANDIN_PINS.gunicorn) flags.push('--pin', pin);
  if (a.deps === 'poetry') for (const pin of STANDIN_PINS.poetry) flags.push('--pin', pin);
  if (a.process === 'official-image') flags.push('--base-image', ctx.officialStandin);
  return flags;
}

/** The trusted list for a proxy combination: with or without loopback (the address the tests connect from). */
export function trustFlags(a: Axes, trustLoopback: boolean): string[] {
  if (!a.proxy) return [];
  const gunicorn = runsGunicorn(a.process);
  if (trustLoopback) return gunicorn ? ['--forwarded-allow-ips', '127.0.0.1,::1'] : [];
  return ['--forwarded-allow-ips', gunicorn ? '10.20.30.40' : '10.0.0.0/8'];
}

export function generate(name: string, flags: string[]): string {
  const parent = mkdtempSync(join(tmpdir(), 'cfd-e2e-'));
  const dir = join(parent, name);
  const r = spawnSync(process.execPath, [BIN, dir, ...flags, '--yes', '--no-build'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) fail(`create-fastapi-docker ${flags.join(' ')} exited ${r.status}: ${r.stderr.trim()}`);
  return dir;
}
