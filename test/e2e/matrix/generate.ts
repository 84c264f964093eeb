// Generates a project with the built CLI, from flags only, exactly as a platform team would script it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runsGunicorn } from '../../../src/options/types.js';
import { DEFAULT_FORWARDED_ALLOW_IPS } from '../../../src/versions.js';
import { BIN } from '../../helpers/run-cli.js';
import type { Stack } from '../infra/index.js';
import { fail, runAsync } from '../infra/util.js';

export interface Axes {
  layout: 'package' | 'single' | 'bigger';
  deps: 'pip' | 'poetry';
  process: 'single' | 'workers' | 'gunicorn' | 'official-image';
  proxy: boolean;
}

export const LAYOUTS = ['package', 'single', 'bigger'] as const;
export const DEPS = ['pip', 'poetry'] as const;
export const PROCESSES = ['single', 'workers', 'gunicorn', 'official-image'] as const;

export const comboName = (a: Axes) => `${a.layout}-${a.deps}-${a.process}-${a.proxy ? 'proxy' : 'direct'}`;

export const axisFlags = (a: Axes) => ['--layout', a.layout, '--deps', a.deps, '--process', a.process, a.proxy ? '--proxy' : '--no-proxy'];

export interface StandinContext {
  stack: Stack;
  indexUrl: string;
  officialStandin: string;
}

/**
 * The flags the suite adds to fit the offline stand-ins; each is one of the CLI's own flags.
 * On the default stack: the port, the index and the stack's pins, nothing else (the default --python).
 */
export function standinFlags(a: Axes, ctx: StandinContext, port: number): string[] {
  const flags = ctx.stack.isDefault ? [] : ['--python', ctx.stack.python];
  flags.push('--port', String(port), '--index-url', ctx.indexUrl);
  for (const pin of ctx.stack.pins.all) flags.push('--pin', pin);
  if (runsGunicorn(a.process)) for (const pin of ctx.stack.pins.gunicorn) flags.push('--pin', pin);
  if (a.deps === 'poetry') for (const pin of ctx.stack.pins.poetry) flags.push('--pin', pin);
  if (a.process === 'official-image') flags.push('--base-image', ctx.officialStandin);
  return flags;
}

/** Loopback only, for a Gunicorn older than 24.1.1 (the 3.13 smoke set), which rejects networks. */
export const LOOPBACK_ONLY = '127.0.0.1,::1';

/** What --forwarded-allow-ips the suite passes: none (the default list), except where the stack's Gunicorn takes no networks. */
export const trustFlags = (a: Axes, stack: Stack): string[] =>
  a.proxy && runsGunicorn(a.process) && !stack.gunicornTakesNetworks ? ['--forwarded-allow-ips', LOOPBACK_ONLY] : [];

/** The proxies the generated image trusts (FORWARDED_ALLOW_IPS), or [] without --proxy. */
export function trustedList(a: Axes, stack: Stack): string[] {
  if (!a.proxy) return [];
  const flags = trustFlags(a, stack);
  return (flags[1] ?? DEFAULT_FORWARDED_ALLOW_IPS).split(',');
}

/** Runs the built CLI (without blocking the event loop: another combination may be timing something). */
export async function generate(name: string, flags: string[]): Promise<string> {
  const parent = mkdtempSync(join(tmpdir(), 'cfd-e2e-'));
  const dir = join(parent, name);
  const r = await runAsync(process.execPath, [BIN, dir, ...flags, '--yes', '--no-build'], { env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) fail(`create-fastapi-docker ${flags.join(' ')} exited ${r.status}: ${r.stderr.trim()}`);
  return dir;
}
