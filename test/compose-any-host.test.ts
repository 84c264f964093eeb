// compose.yaml runs on any host that can run the image (issue 15, section 2): on one CPU, beside other Compose
// projects, against an index with a login, with one build; and the summary says what runs. Each guarantee is read
// from the rendered files the way Compose reads them, with expected values worked out here, not by the renderer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { spawnSync } from 'node:child_process';
import { summary } from '../src/cli/report.js';
import { loadTemplates } from '../src/io/templates.js';
import { composeLiteral } from '../src/render/escape.js';
import { render } from '../src/render/index.js';
import { DEPS, PROCESSES, optionsFromFlags } from './helpers/combos.js';

const templates = loadTemplates();

async function rendered(flags: string[]) {
  const options = await optionsFromFlags(['svc', ...flags]);
  const files = render(options, templates);
  const text = (path: string) => files.find((f) => f.path === path)?.content;
  const compose = parse(text('compose.yaml') ?? '') as Compose;
  return { options, compose, text };
}

interface Service {
  build?: { context: string; secrets?: string[] };
  image?: string;
  pull_policy?: string;
  networks?: string[] | Record<string, unknown>;
  environment?: Record<string, string>;
  deploy?: { resources: { limits: { cpus: string; memory: string } } };
}
interface Compose {
  services: Record<string, Service>;
  networks?: Record<string, { internal?: boolean; ipam?: unknown }>;
  secrets?: Record<string, { file?: string; environment?: string }>;
}

/** Every key anywhere in a parsed YAML value. */
const keysOf = (value: unknown): string[] =>
  value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]) : [];
/** The networks a service is on: Compose puts a service with none on `default`. */
const networksOf = (s: Service): string[] => (s.networks === undefined ? ['default'] : Array.isArray(s.networks) ? s.networks : Object.keys(s.networks));
const mib = (memory: string): number => {
  const m = /^(\d+)M$/.exec(memory);
  if (!m) throw new Error(`not a memory size in MiB: ${memory}`);
  return Number(m[1]);
};

/** The workers each model starts when its container sees `cpus` CPUs (README: "workers: one per CPU", Gunicorn at least 2). */
const workersSeeing = (process: string, cpus: number, fixed: number | undefined): number =>
  fixed ?? (process === 'single' ? 1 : process === 'workers' ? Math.max(1, Math.floor(cpus)) : Math.max(2, Math.floor(cpus)));

/** Two networks in a fresh network namespace (root, iproute2; veth, as Docker uses): 10.77.5.9/22, 172.30.9.20/28, a default route. */
const NETWORKS_SETUP = [
  'ip link set lo up',
  'ip link add cfd0 type veth peer name cfd0p && ip addr add 10.77.5.9/22 dev cfd0 && ip link set cfd0p up && ip link set cfd0 up',
  'ip link add cfd1 type veth peer name cfd1p && ip addr add 172.30.9.20/28 dev cfd1 && ip link set cfd1p up && ip link set cfd1 up',
  'ip route add default via 10.77.4.1',
].join(' && ');

describe('compose.yaml runs on a machine with one CPU', () => {
  it('for every process model and worker count: a CPU limit of at most 1, and memory for the workers that start in it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PROCESSES), fc.option(fc.integer({ min: 1, max: 512 }), { nil: undefined }), fc.boolean(), async (process, workers, proxy) => {
        const fixed = process === 'workers' || process === 'gunicorn' ? workers : undefined;
        const flags = ['--process', process, proxy ? '--proxy' : '--no-proxy', ...(fixed === undefined ? [] : ['--workers', String(fixed)])];
        const { compose } = await rendered(flags);
        const app = compose.services.app as Service;
        const limits = app.deploy?.resources.limits;
        if (!limits) throw new Error('no limits');
        const cpus = Number(limits.cpus);
        // Docker refuses NanoCpus above the machine's CPUs ("Range of CPUs is from 0.01 to 1.00" on one).
        expect(cpus).toBeGreaterThanOrEqual(0.01);
        expect(cpus).toBeLessThanOrEqual(1);
        const starting = workersSeeing(process, cpus, fixed);
        expect(mib(limits.memory)).toBeGreaterThanOrEqual(128 + 128 * starting);
        // The deprecated image counts the machine's cores: the file sets the count that fits the limit.
        if (process === 'official-image') expect(Number(app.environment?.WEB_CONCURRENCY)).toBe(starting);
        else expect(app.environment?.WEB_CONCURRENCY).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });
});

describe('compose.yaml builds the image once', () => {
  for (const process of PROCESSES) {
    it(`${process}: one service builds; every other service of the image runs it, never pulls it`, async () => {
      const { compose } = await rendered(['--process', process, '--proxy']);
      const services = Object.entries(compose.services);
      const builders = services.filter(([, s]) => s.build);
      expect(builders.map(([name]) => name)).toEqual(['app']);
      const tag = builders[0]?.[1].image;
      expect(tag).toBe('svc');
      for (const [name, s] of services.filter(([, s]) => !s.build && s.image === tag)) {
        expect(s.pull_policy, name).toBe('never');
      }
      if (process === 'single') expect(compose.services.prestart?.image).toBe(tag);
    });
  }
});

describe('compose.yaml passes the index login to the build as a secret, and only when there is one', () => {
  for (const deps of DEPS) {
    it(`${deps}: every secret the Dockerfile mounts is a build secret, from the user's ~/.netrc`, async () => {
      const { compose, text } = await rendered(['--deps', deps, '--index-url', 'https://bot:t0ken@pypi.corp.example/simple']);
      const mounted = [...(text('Dockerfile') ?? '').matchAll(/--mount=type=secret,id=([^,\s]+)/g)].map((m) => m[1]);
      expect(mounted.length).toBeGreaterThan(0);
      const app = compose.services.app as Service;
      expect(new Set(app.build?.secrets)).toEqual(new Set(mounted));
      for (const id of mounted) expect(compose.secrets?.[id as string]).toEqual({ file: '~/.netrc' });
      // The credentials themselves are in no file.
      expect(text('compose.yaml')).not.toMatch(/bot|t0ken/);
    });
    it(`${deps}: an index without a login, or none, asks for no secret (Compose refuses a missing secret file)`, async () => {
      for (const flags of [['--index-url', 'https://pypi.corp.example/simple'], []]) {
        const { compose } = await rendered(['--deps', deps, '--proxy', ...flags]);
        expect(keysOf(compose)).not.toContain('secrets');
      }
    });
  }
});

describe('compose.yaml with --proxy runs beside any other Compose project, trusting Caddy alone', () => {
  for (const process of PROCESSES) {
    it(`${process}: no fixed subnet or address; the app shares one internal network with Caddy and nothing else`, async () => {
      const { compose, text } = await rendered(['--process', process, '--proxy', '--forwarded-allow-ips', '10.42.0.0/16']);
      // Nothing a second project would collide with.
      for (const key of ['ipam', 'subnet', 'ip_range', 'gateway', 'ipv4_address', 'ipv6_address', 'container_name']) {
        expect(keysOf(compose)).not.toContain(key);
      }
      const app = compose.services.app as Service;
      const appNetworks = networksOf(app);
      expect(appNetworks.length).toBe(1);
      const [network] = appNetworks as [string];
      expect(compose.networks?.[network]?.internal).toBe(true);
      const members = Object.entries(compose.services).filter(([, s]) => networksOf(s).includes(network)).map(([name]) => name);
      expect(members.sort()).toEqual(['app', 'caddy']);
      // Caddy, which reaches the app by name there, also on a network that can publish ports and reach the internet.
      expect(text('Caddyfile')).toMatch(/^\treverse_proxy app:80$/m);
      expect(networksOf(compose.services.caddy as Service).some((n) => !compose.networks?.[n]?.internal)).toBe(true);
      // The app trusts what its entrypoint finds at start, not a value fixed in the file.
      expect(app.environment?.FORWARDED_ALLOW_IPS).toBeUndefined();
    });

    it(`${process}: the entrypoint trusts exactly the networks the container is on, then runs the image's own entrypoint and CMD`, async () => {
      const { compose, text } = await rendered(['--process', process, '--proxy']);
      const app = compose.services.app as Service & { entrypoint: string[]; command: string[] };
      const dockerfile = text('Dockerfile') ?? '';
      const instruction = (op: string): string[] => JSON.parse(new RegExp(`^${op} (\\[.*\\])$`, 'm').exec(dockerfile)?.[1] ?? '[]');
      // Compose reads `$$` as a literal `$` (and would interpolate a lone one): undo it as Compose does.
      const asCompose = (argv: string[]) => argv.map((arg) => arg.replaceAll('$$', '$'));
      const entrypoint = asCompose(app.entrypoint);
      const own = instruction('ENTRYPOINT');
      expect(entrypoint.slice(entrypoint.length - own.length)).toEqual(own);
      expect(asCompose(app.command)).toEqual(instruction('CMD'));
      // Run the trust step in a network namespace of its own, with networks of known sizes and a default route.
      const trust = entrypoint.slice(0, entrypoint.length - own.length);
      const r = spawnSync('unshare', ['--net', 'sh', '-c', `${NETWORKS_SETUP} && exec "$@"`, 'netns', ...trust, 'sh', '-c', 'printf "%s" "$FORWARDED_ALLOW_IPS"'], {
        encoding: 'utf8',
        env: { PATH: globalThis.process.env.PATH, HOME: globalThis.process.env.HOME, FORWARDED_ALLOW_IPS: 'from-the-image' },
      });
      expect(r.status, r.stderr).toBe(0);
      const set = r.stdout.split('\n').at(-1);
      // On-link networks only: the /22 and the /28 that the addresses sit in; not the default route, not loopback.
      expect(set).toBe('10.77.4.0/22,172.30.9.16/28');
      expect(r.stdout).toContain(`Trusting X-Forwarded-* from ${set} (the proxy network)`);
    });
  }

  it('the summary says what runs: Caddy alone under Compose, the list elsewhere', async () => {
    const plain = (o: Parameters<typeof summary>[0]) => summary(o).replace(/\x1b\[[0-9;]*m/g, '');
    const proxyLine = (text: string) => text.split('\n').find((line) => line.startsWith('proxy')) ?? '';
    const both = await optionsFromFlags(['svc', '--proxy', '--forwarded-allow-ips', '10.42.0.0/16', '--kubernetes']);
    expect(proxyLine(plain(both))).toMatch(/Compose trusting Caddy alone/);
    expect(proxyLine(plain(both))).toMatch(/\(docker run, k8s\/\) trusting 10\.42\.0\.0\/16$/);
    const noCompose = await optionsFromFlags(['svc', '--proxy', '--forwarded-allow-ips', '10.42.0.0/16', '--no-compose']);
    expect(proxyLine(plain(noCompose))).toMatch(/^proxy\s+yes, trusting 10\.42\.0\.0\/16$/);
    expect(proxyLine(plain(noCompose))).not.toMatch(/Caddy/);
  });
});

describe('composeLiteral: what Compose reads back is what was meant', () => {
  it('no lone $ reaches compose.yaml (Compose would interpolate it, or refuse `$(`), and $$ reads back as $', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('$', '{', '}', '(', 'a', 'B', '_', '-', ' ', '"') }), (value) => {
        const written = composeLiteral(value);
        // Compose's grammar: `$$` is a literal `$`; a `$` followed by anything else starts a substitution.
        let read = '';
        for (let i = 0; i < written.length; i++) {
          if (written[i] !== '$') {
            read += written[i];
          } else if (written[i + 1] === '$') {
            read += '$';
            i++;
          } else {
            throw new Error(`a substitution at ${i} in ${JSON.stringify(written)}`);
          }
        }
        expect(read).toBe(value);
      }),
    );
  });
});
