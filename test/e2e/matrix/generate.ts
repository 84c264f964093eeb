// Generates a project with the built CLI, from flags only, exactly as a platform team would script it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  /** For each default requirement, the newest release in the stack's index inside its range (what must be installed). */
  newest: Record<string, string | null>;
}

/**
 * The flags the suite adds to fit the offline stand-ins; each is one of the CLI's own flags.
 * On the default stack: the port and the index, nothing else (the default --python, the default requirements:
 * no --pin); the official image's stand-in with --base-image.
 */
export function standinFlags(a: Axes, ctx: StandinContext, port: number): string[] {
  const flags = ctx.stack.isDefault ? [] : ['--python', ctx.stack.python];
  flags.push('--port', String(port), '--index-url', ctx.indexUrl);
  if (a.process === 'official-image') flags.push('--base-image', ctx.officialStandin);
  return flags;
}

/** The proxies the generated image trusts (FORWARDED_ALLOW_IPS), or [] without --proxy. */
export const trustedList = (a: Axes): string[] => (a.proxy ? DEFAULT_FORWARDED_ALLOW_IPS.split(',') : []);

/** Runs the built CLI (without blocking the event loop: another combination may be timing something). */
export async function generate(name: string, flags: string[]): Promise<string> {
  const parent = mkdtempSync(join(tmpdir(), 'cfd-e2e-'));
  const dir = join(parent, name);
  const r = await runAsync(process.execPath, [BIN, dir, ...flags, '--yes', '--no-build'], { env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) fail(`create-fastapi-docker ${flags.join(' ')} exited ${r.status}: ${r.stderr.trim()}`);
  return dir;
}
