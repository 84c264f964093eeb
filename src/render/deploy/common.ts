import type { Options } from '../../options/types.js';
import { prestartPath } from '../dockerfile/pieces.js';
import { projectName } from '../names.js';

/** Names and addresses that compose.yaml, the Caddyfile, the manifests, the README and the tests must agree on. */

/** The Caddy image, pinned to a minor release: `docker compose pull` brings patch releases only. */
export const CADDY_IMAGE = 'caddy:2.11';

/**
 * With --proxy, the Compose network that Caddy and the app alone are on, internal (no way out). Docker picks its
 * subnet, so any number of projects share a host; the app trusts X-Forwarded-* from that subnet, which it reads from
 * its own routing table when it starts (TRUST_OWN_NETWORK), since it is on that network alone. Caddy is also on the
 * project's default network, for its published ports and for reaching Let's Encrypt.
 */
export const PROXY_NETWORK = 'proxy';

/**
 * Prints the networks this container is on (its on-link IPv4 routes, from /proc/net/route), comma-separated, as
 * FORWARDED_ALLOW_IPS takes them; loopback alone if there are none. Python, which every image here has.
 */
const OWN_NETWORKS_PY = [
  'import ipaddress, socket, struct',
  'ip = lambda h: socket.inet_ntoa(struct.pack("<L", int(h, 16)))',
  'rows = [r.split() for r in open("/proc/net/route").read().splitlines()[1:]]',
  'nets = sorted({str(ipaddress.ip_network(ip(r[1]) + "/" + ip(r[7]))) for r in rows if r[0] != "lo" and r[2] == "00000000" and r[7] != "00000000"})',
  'print(",".join(nets) or "127.0.0.1")',
].join('\n');

/**
 * The app's entrypoint under Compose with --proxy: FORWARDED_ALLOW_IPS becomes the subnet of the network the app is on
 * (Caddy's and its own), then the image's own entrypoint and command run as they would (exec: still PID 1).
 */
export const TRUST_OWN_NETWORK = [
  'sh',
  '-c',
  `FORWARDED_ALLOW_IPS="$(python -c '${OWN_NETWORKS_PY}')" && export FORWARDED_ALLOW_IPS && echo "Trusting X-Forwarded-* from $FORWARDED_ALLOW_IPS (the ${PROXY_NETWORK} network)" && exec "$@"`,
  'trust-own-network',
];

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
