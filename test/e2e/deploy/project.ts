// Generated projects for the deployment proofs, and `docker compose` run on them with the private engine.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, type YAMLSeq } from 'yaml';
import type { Options, ProcessModel } from '../../../src/options/types.js';
import { optionsFromFlags } from '../../helpers/combos.js';
import { DOCKER, DOCKER_ENV, dockerAsync } from '../infra/engine.js';
import { RUN_ID, RUN_LABEL } from '../infra/run-scope.js';
import type { Stack } from '../infra/stacks.js';
import { type RunResult, runAsync } from '../infra/util.js';
import { generate } from '../matrix/generate.js';
import { PROXY_NETWORK } from '../../../src/render/deploy/common.js';

export interface DeployContext {
  /** The stand-ins the projects are built on: test/e2e/run.ts passes the default stack (the default --python). */
  stack: Stack;
  /** The local PEP 503 index the builds install from (127.0.0.1, so builds use the host network). */
  indexUrl: string;
  /** The stand-in of the deprecated official image, for --process official-image. */
  officialStandin: string;
}

export interface Project {
  name: string;
  dir: string;
  process: ProcessModel;
  proxy: boolean;
  /** The options exactly as the CLI resolved them from the same flags. */
  options: Options;
  stack: Stack;
  /** `docker compose -p`: unique to this run, so parallel runs never share a project. */
  composeProject: string;
}

/**
 * The flags: the deployment files, the process model, and what fits the stack's stand-ins (all the CLI's own flags,
 * as the matrix adds them: --python off the default stack, the index, the official image's stand-in; no --pin).
 */
export function projectFlags(process: ProcessModel, proxy: boolean, ctx: DeployContext): string[] {
  const { stack } = ctx;
  const flags = ['--layout', 'package', '--deps', 'pip', '--process', process, proxy ? '--proxy' : '--no-proxy', '--compose', '--kubernetes'];
  if (!stack.isDefault) flags.push('--python', stack.python);
  flags.push('--index-url', ctx.indexUrl);
  if (process === 'official-image') flags.push('--base-image', ctx.officialStandin);
  return flags;
}

export async function generateProject(process: ProcessModel, proxy: boolean, ctx: DeployContext, suffix = ''): Promise<Project> {
  const name = `cfd-deploy-${process}-${proxy ? 'proxy' : 'direct'}${suffix}`;
  const flags = projectFlags(process, proxy, ctx);
  const dir = await generate(name, flags);
  const options = await optionsFromFlags([dir, ...flags]);
  return { name, dir, process, proxy, options, stack: ctx.stack, composeProject: `${name}-${RUN_ID}`.replace(/[^a-z0-9_-]/g, '-') };
}

const DIRECT_SUBNETS: Record<ProcessModel, number> = { single: 1, workers: 2, gunicorn: 3, 'official-image': 4 };

export interface Published {
  /** Host port for the app's own port (without --proxy). */
  app?: number;
  /** Host ports for Caddy's 80 and 443 (with --proxy). */
  http?: number;
  https?: number;
}

/**
 * A second compose file with what the test machine needs and nothing else: builds on the host network
 * (the index is on loopback), this run's label on everything, and published ports moved to free ports on
 * 127.0.0.1 (`!override` replaces the list), the healthcheck polled every second.
 */
export function writeOverride(p: Project, published: Published): string {
  const labels = { [RUN_LABEL]: RUN_ID };
  const built = { build: { network: 'host', labels }, labels };
  // The image's own healthcheck, polled every second instead of every 15 s (as the matrix does at docker run): the
  // command stays the image's, which compose-proofs.ts checks.
  const services: Record<string, Record<string, unknown>> = { app: { ...built, healthcheck: { interval: '1s' } } };
  // prestart runs the app's image and builds nothing (compose.yaml's one build): it gets the labels only.
  if (p.process === 'single') services.prestart = { labels };
  if (published.app) services.app!.ports = [`127.0.0.1:${published.app}:${p.options.port}`];
  if (p.proxy) services.caddy = { labels };
  if (p.proxy && published.http && published.https) services.caddy!.ports = [`127.0.0.1:${published.http}:80`, `127.0.0.1:${published.https}:443`];
  const network: Record<string, unknown> = { labels };
  // Without --proxy the project's network is Docker's choice, from the engine's pool; a subnet of the test's own
  // keeps it clear of any network another engine on this machine takes from the same pool.
  if (!p.proxy) network.ipam = { config: [{ subnet: `10.214.${DIRECT_SUBNETS[p.process]}.0/24` }] };
  const value: Record<string, unknown> = { services, networks: { default: network, ...(p.proxy ? { [PROXY_NETWORK]: { labels } } : {}) } };
  if (p.proxy) value.volumes = { caddy_data: { labels }, caddy_config: { labels } };
  const doc = new Document(value);
  for (const service of ['app', 'caddy']) {
    const ports = doc.getIn(['services', service, 'ports'], true) as YAMLSeq | undefined;
    if (ports) ports.tag = '!override';
  }
  const path = join(p.dir, 'compose.e2e.yaml');
  writeFileSync(path, doc.toString());
  return path;
}

/** `docker compose` on the generated compose.yaml plus the override, as this run's project (`home`: the user's HOME). */
export const compose = (p: Project, args: string[], opts: { home?: string } = {}): Promise<RunResult> => {
  const argv = ['compose', '--ansi', 'never', '-p', p.composeProject, '-f', join(p.dir, 'compose.yaml'), '-f', join(p.dir, 'compose.e2e.yaml'), ...args];
  return opts.home ? runAsync(DOCKER, argv, { env: { ...DOCKER_ENV, HOME: opts.home } }) : dockerAsync(argv);
};

/** The container of a service, by compose's labels. */
export async function containerOf(p: Project, service: string): Promise<string> {
  const r = await compose(p, ['ps', '-a', '-q', service]);
  return r.stdout.trim().split('\n')[0] ?? '';
}

export const readProjectFile = (p: Project, path: string): string => readFileSync(join(p.dir, path), 'utf8');
