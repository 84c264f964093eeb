// What one e2e run made in the engine: every container, image and network it creates carries
// RUN_LABEL=RUN_ID, and clean-up removes exactly those.
import { docker, dockerTry } from './engine.js';
import { fail } from './util.js';

export const RUN_LABEL = 'dev.create-fastapi-docker.e2e.run';
/** This run's id: unique on the machine (pid and start time). */
export const RUN_ID = `${process.pid}-${Date.now().toString(36)}`;
/** `--label RUN_LABEL=RUN_ID`, for docker build, docker run and docker network create. */
export const runLabelArgs = (): string[] => ['--label', `${RUN_LABEL}=${RUN_ID}`];
const FILTER = ['--filter', `label=${RUN_LABEL}=${RUN_ID}`];

const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);

/**
 * A user-defined bridge network of this run, with a subnet of the test's choosing. Containers on it
 * reach each other; it has no route off the machine (the engine forwards and masquerades nothing).
 */
export function createNetwork(name: string, subnet: string): string {
  const r = dockerTry(['network', 'create', '--driver', 'bridge', '--internal', '--subnet', subnet, ...runLabelArgs(), name]);
  if (r.status !== 0) fail(`docker network create ${name} (${subnet}) failed: ${r.stderr.trim()}`);
  return name;
}

export interface CleanUpReport {
  containers: number;
  images: number;
  networks: number;
  /** Build cache pruned: BuildKit's records carry no labels, and the engine is this run's alone. */
  buildCache: string;
}

/**
 * Removes this run's containers, images and networks (by label). The build cache is the private
 * engine's own, filled only by this run (the engine lives and dies with one run): it is pruned.
 */
export function cleanUpRun(): CleanUpReport {
  const containers = lines(dockerTry(['ps', '-aq', ...FILTER]).stdout);
  if (containers.length) dockerTry(['rm', '-f', '-v', ...containers]);
  const images = [...new Set(lines(dockerTry(['images', '-q', ...FILTER]).stdout))];
  if (images.length) dockerTry(['rmi', '-f', ...images]);
  const networks = lines(dockerTry(['network', 'ls', '-q', ...FILTER]).stdout);
  if (networks.length) dockerTry(['network', 'rm', ...networks]);
  const out = docker(['builder', 'prune', '--all', '--force']);
  const buildCache = `pruned (${/Total reclaimed space:\s*(\S+)/.exec(out)?.[1] ?? '0B'})`;
  return { containers: containers.length, images: images.length, networks: networks.length, buildCache };
}
