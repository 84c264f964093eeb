// Generates a project with the built CLI, from flags only, exactly as a platform team would script it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEPS as DEPS_CHOICES, LAYOUTS as LAYOUT_CHOICES, PROCESSES as PROCESS_CHOICES, type Deps, type Layout, type ProcessModel } from '../../../src/options/choices.js';
import { DEFAULT_FORWARDED_ALLOW_IPS } from '../../../src/versions.js';
import { BIN } from '../../helpers/run-cli.js';
import type { Stack } from '../infra/index.js';
import { fail, runAsync } from '../infra/util.js';

export interface Axes {
  layout: Layout;
  deps: Deps;
  process: ProcessModel;
  proxy: boolean;
}

// The axes are the option table's choices (src/options/choices.ts): a new choice joins the matrix by itself.
export const LAYOUTS: readonly Layout[] = LAYOUT_CHOICES.map((c) => c.value);
export const DEPS: readonly Deps[] = DEPS_CHOICES.map((c) => c.value);
export const PROCESSES: readonly ProcessModel[] = PROCESS_CHOICES.map((c) => c.value);

/** Whether the CLI builds this pair: a dependency tool's row names the process models it refuses (uv: the official image). */
export const buildable = (deps: Deps, process: ProcessModel): boolean =>
  !DEPS_CHOICES.find((c) => c.value === deps)?.refuses.some((r: { process: ProcessModel }) => r.process === process);

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

/**
 * Runs the built CLI (without blocking the event loop: another combination may be timing something). CFD_UV names no
 * uv, as run-cli does: the CLI writes no uv.lock and says so; the suite locks in the stand-in (uv.ts).
 */
export async function generate(name: string, flags: string[]): Promise<string> {
  const parent = mkdtempSync(join(tmpdir(), 'cfd-e2e-'));
  const dir = join(parent, name);
  const r = await runAsync(process.execPath, [BIN, dir, ...flags, '--yes', '--no-build'], { env: { ...process.env, CFD_UV: '/nonexistent/cfd-e2e-uv', NO_COLOR: '1' } });
  if (r.status !== 0) fail(`create-fastapi-docker ${flags.join(' ')} exited ${r.status}: ${r.stderr.trim()}`);
  return dir;
}
