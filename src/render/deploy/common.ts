import type { Options } from '../../options/types.js';
import { prestartPath } from '../dockerfile/pieces.js';
import { projectName } from '../names.js';

/** Names and addresses that compose.yaml, the Caddyfile, the manifests, the README and the tests must agree on. */

/** The Caddy image, pinned to a minor release: `docker compose pull` brings patch releases only. */
export const CADDY_IMAGE = 'caddy:2.11';

/**
 * The compose network with --proxy, pinned so that the app can trust exactly one address: Caddy's.
 * Docker hands out addresses to other containers from the upper half only (ip_range), so Caddy's is never taken.
 * A private range Docker's own pools reach last (after every 172.17–31 network and most of 192.168), and one that
 * neither Docker's default bridge, nor cloud VPC defaults (172.31/16 on AWS), nor common home routers use.
 */
export const PROXY_NETWORK = {
  subnet: '192.168.213.0/24',
  gateway: '192.168.213.1',
  ipRange: '192.168.213.128/25',
  proxyAddress: '192.168.213.2',
} as const;

/** Service names in compose.yaml; the Caddyfile proxies to APP_SERVICE by name. */
export const APP_SERVICE = 'app';
export const PRESTART_SERVICE = 'prestart';
export const PROXY_SERVICE = 'caddy';

/** The command that runs prestart.sh on its own (a one-off service, an init container). */
export const prestartCommand = (o: Options): string[] => ['sh', prestartPath(o)];

/**
 * A Kubernetes object name from the image name: a DNS-1035 label (lowercase letters, digits and '-', starting with
 * a letter, at most 63 characters), which a Service name must be.
 */
export function kubeName(o: Options): string {
  const base = projectName(o).replace(/[^a-z0-9-]+/g, '-');
  const named = /^[a-z]/.test(base) ? base : `app-${base}`;
  return named.slice(0, 63).replace(/-+$/, '');
}
