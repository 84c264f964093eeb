import type { Options } from '../../options/types.js';
import { prestartPath } from '../dockerfile/pieces.js';
import { projectName } from '../names.js';

/** Names and addresses that compose.yaml, the Caddyfile, the manifests, the README and the tests must agree on. */

/** The Caddy image, pinned to a minor release: `docker compose pull` brings patch releases only. */
export const CADDY_IMAGE = 'caddy:2.11';

/**
 * With --proxy, the Compose network that Caddy and the app alone are on. Internal (no route out of it), and the app is
 * on no other network: whatever can open a connection to the app is Caddy, so the app trusts every peer's
 * X-Forwarded-* (TRUST_EVERY_PEER) with no address pinned, and any number of projects share a host. Caddy is also on
 * the project's default network, for its published ports and for reaching Let's Encrypt.
 */
export const PROXY_NETWORK = 'proxy';
/** Uvicorn's and Gunicorn's "trust every peer": true on PROXY_NETWORK, where the only peer is Caddy. */
export const TRUST_EVERY_PEER = '*';

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
