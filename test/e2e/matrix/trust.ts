// Which proxies the image trusts, seen from the network: the app container sits on two Docker networks
// this run creates, and a client container on both sends X-Forwarded-Proto from a source inside the
// default trusted list (10.214.N.0/24, in 10.0.0.0/8) and from one outside it (100.64.N.0/24, shared
// address space, in no private range). Traffic goes only between these containers, on these networks.
import { RUN_ID, createNetwork, dockerAsync, runDetached, type RunningContainer } from '../infra/index.js';
import { fail } from '../infra/util.js';

export interface TrustNetworks {
  inside: { name: string; subnet: string };
  outside: { name: string; subnet: string };
  client: RunningContainer;
}

/** The two networks and the client container (from `image`, which has python), for the whole run. */
export async function startTrustNetworks(image: string): Promise<TrustNetworks> {
  const n = (process.pid % 200) + 20;
  const inside = { name: `cfd-e2e-${RUN_ID}-inside`, subnet: `10.214.${n}.0/24` };
  const outside = { name: `cfd-e2e-${RUN_ID}-outside`, subnet: `100.64.${n}.0/24` };
  createNetwork(inside.name, inside.subnet);
  createNetwork(outside.name, outside.subnet);
  const client = await runDetached(image, { network: inside.name, cmd: ['sleep', 'infinity'], name: `cfd-e2e-${RUN_ID}-client` });
  await connect(outside.name, client.id);
  return { inside, outside, client };
}

async function connect(network: string, id: string): Promise<void> {
  const r = await dockerAsync(['network', 'connect', network, id]);
  if (r.status !== 0) fail(`docker network connect ${network} failed: ${r.stderr.trim()}`);
}

export const addressOn = async (id: string, network: string): Promise<string> =>
  (await dockerAsync(['inspect', '-f', `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`, id])).stdout.trim();

/** Whether an IPv4 address is in a FORWARDED_ALLOW_IPS list (addresses and networks; '*' trusts all). */
export function trusts(list: string[], ip: string): boolean {
  const toInt = (a: string) => a.split('.').reduce((n, part) => n * 256 + Number(part), 0);
  return list.some((entry) => {
    if (entry === '*') return true;
    if (entry.includes(':')) return false;
    const [net, bits = '32'] = entry.split('/');
    const mask = Number(bits) === 0 ? 0 : 2 ** 32 - 2 ** (32 - Number(bits));
    return (toInt(ip) & mask) >>> 0 === (toInt(net as string) & mask) >>> 0;
  });
}

const CLIENT = `
import json, sys, time, urllib.error, urllib.request
url, deadline = sys.argv[1], time.time() + 30
class Keep(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args): return None
opener = urllib.request.build_opener(Keep)
while True:
    try:
        opener.open(url.split("/items")[0] + "/health", timeout=2)
        break
    except Exception:
        if time.time() > deadline: sys.exit("the app never answered on " + url)
        time.sleep(0.2)
req = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"})
try:
    r = opener.open(req, timeout=5); print(json.dumps({"status": r.status, "location": r.headers.get("location")}))
except urllib.error.HTTPError as e:
    print(json.dumps({"status": e.code, "location": e.headers.get("location")}))
`;

export interface TrustAnswer {
  source: string;
  status: number;
  scheme: string | undefined;
}

/**
 * Runs `image` on both networks and asks for the trailing-slash redirect from each side.
 * The redirect's scheme shows whether X-Forwarded-Proto from that source was believed. Resolves with the app's logs too.
 */
export async function askFromBothSides(image: string, port: number, net: TrustNetworks): Promise<{ answers: TrustAnswer[]; logs: string }> {
  const app = await runDetached(image, { network: net.inside.name });
  try {
    await connect(net.outside.name, app.id);
    const answers: TrustAnswer[] = [];
    for (const network of [net.inside.name, net.outside.name]) {
      const target = await addressOn(app.id, network);
      const source = await addressOn(net.client.id, network);
      const r = await dockerAsync(['exec', net.client.id, 'python', '-c', CLIENT, `http://${target}:${port}/items/5/?q=somequery`]);
      if (r.status !== 0) fail(`client on ${network} could not ask ${target}:${port}: ${(r.stderr || r.stdout).trim().split('\n').at(-1)} | ${(await app.logs()).trim().split('\n').slice(-2).join(' | ')}`);
      const answer = JSON.parse(r.stdout) as { status: number; location: string | null };
      answers.push({ source, status: answer.status, scheme: answer.location?.split(':')[0] });
    }
    return { answers, logs: await app.logs() };
  } finally {
    await app.remove();
  }
}
