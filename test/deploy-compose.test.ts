import { describe, expect, it } from 'vitest';
import { Document, parse } from 'yaml';
import { composeFile } from '../src/render/deploy/compose.js';
import { loadTemplates } from '../src/io/templates.js';
import { hasWorkerCount } from '../src/options/types.js';
import { CADDY_IMAGE, PROXY_NETWORK } from '../src/render/deploy/common.js';
import { MEMORY_PER_WORKER_MIB, pinnedWorkers } from '../src/render/deploy/resources.js';
import { render } from '../src/render/index.js';
import { GRACEFUL_TIMEOUT_SECONDS } from '../src/runtime-limits.js';
import { PROCESSES, optionsFromFlags } from './helpers/combos.js';
import { LIMITS, workersUnder } from './helpers/limits.js';

const templates = loadTemplates();
const renderFlags = async (flags: string[]) => {
  const options = await optionsFromFlags(['svc', ...flags]);
  return { options, files: render(options, templates) };
};
const fileOf = (files: { path: string; content: string }[], path: string) => files.find((f) => f.path === path)?.content;

/** compose.yaml read back the way Compose reads it (YAML 1.2), and with YAML 1.1 rules: both must agree. */
function composeOf(files: { path: string; content: string }[]) {
  const text = fileOf(files, 'compose.yaml');
  if (!text) throw new Error('compose.yaml was not rendered');
  const value = parse(text);
  expect(parse(text, { version: '1.1' })).toEqual(value);
  return value;
}

const seconds = (duration: string) => {
  const match = /^(\d+)s$/.exec(duration);
  if (!match) throw new Error(`not a duration in seconds: ${duration}`);
  return Number(match[1]);
};

describe('compose.yaml, for every process model with and without --proxy', () => {
  for (const process of PROCESSES) {
    for (const proxy of [false, true]) {
      it(`${process}, ${proxy ? 'behind Caddy' : 'published directly'}`, async () => {
        const { options, files } = await renderFlags(['--process', process, proxy ? '--proxy' : '--no-proxy']);
        const compose = composeOf(files);
        const app = compose.services.app;
        const expectedServices = [...(process === 'single' ? ['prestart'] : []), 'app', ...(proxy ? ['caddy'] : [])];
        expect(Object.keys(compose.services)).toEqual(expectedServices);

        // The service: built with its tag, restarted, the image's own healthcheck, limits, a grace period.
        expect(app.build).toEqual({ context: '.' });
        expect(app.image).toBe('svc');
        expect(app.restart).toBe('unless-stopped');
        expect(app.healthcheck).toBeUndefined();
        const limits = LIMITS.compose[process];
        expect(app.deploy.resources.limits).toEqual({ cpus: String(limits.cpus), memory: `${limits.memoryMiB}M` });
        expect(app.environment?.WEB_CONCURRENCY).toBe(process === 'official-image' ? '2' : undefined);
        // The memory limit holds every worker the server starts under the CPU limit, and the parent process.
        const started = workersUnder(process, Number(app.deploy.resources.limits.cpus), app.environment?.WEB_CONCURRENCY);
        expect(Number(/^(\d+)M$/.exec(app.deploy.resources.limits.memory)?.[1])).toBeGreaterThanOrEqual(128 + 128 * started);
        expect(seconds(app.stop_grace_period)).toBeGreaterThan(GRACEFUL_TIMEOUT_SECONDS);

        // Prestart: a one-off service with one process per container, the entrypoint otherwise.
        const dockerfile = fileOf(files, 'Dockerfile') as string;
        const prestartPath = process === 'official-image' ? '/app/prestart.sh' : '/code/prestart.sh';
        expect(dockerfile).toMatch(new RegExp(`^COPY .*\\./prestart\\.sh (${prestartPath}|/code/)$`, 'm'));
        expect(fileOf(files, 'prestart.sh')).toMatch(/^#!\/bin\/sh\n/);
        if (process === 'single') {
          expect(compose.services.prestart).toEqual({ image: 'svc', pull_policy: 'never', command: ['sh', prestartPath], restart: 'no' });
          expect(app.depends_on).toEqual({ prestart: { condition: 'service_completed_successfully' } });
        } else {
          expect(app.depends_on).toBeUndefined();
          if (hasWorkerCount(process)) expect(fileOf(files, 'docker-entrypoint.sh')).toContain('PRE_START_PATH="${PRE_START_PATH:-/code/prestart.sh}"');
        }

        // The dev loop: code is synced and the server restarts; requirements rebuild.
        expect(app.develop.watch).toEqual([
          { action: 'sync+restart', path: './app', target: `${process === 'official-image' ? '/app' : '/code'}/app` },
          { action: 'rebuild', path: './requirements.txt' },
        ]);

        if (!proxy) {
          expect(app.ports).toEqual(['80:80']);
          expect(compose.networks).toBeUndefined();
          expect(fileOf(files, 'Caddyfile')).toBeUndefined();
          return;
        }
        // Caddy is the only published service, pinned to a minor release, alone with the app on an internal network.
        const caddy = compose.services.caddy;
        expect(app.ports).toBeUndefined();
        expect(caddy.image).toBe(CADDY_IMAGE);
        expect(caddy.image).toMatch(/^caddy:\d+\.\d+$/);
        expect(caddy.ports).toEqual(['80:80', '443:443', '443:443/udp']);
        expect(caddy.depends_on).toEqual({ app: { condition: 'service_healthy' } });
        expect(caddy.volumes).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
        expect(app.networks).toEqual(['proxy']);
        expect(caddy.networks).toEqual(['default', 'proxy']);
        expect(compose.networks).toEqual({ proxy: { internal: true } });
        expect(app.environment?.FORWARDED_ALLOW_IPS).toBeUndefined();
        expect(app.entrypoint.slice(0, 2)).toEqual(['sh', '-c']);
        expect(Object.keys(compose.volumes)).toEqual(['caddy_data', 'caddy_config']);
        expect(fileOf(files, 'Caddyfile')).toMatch(/^localhost \{\n(\t#.*\n)*\treverse_proxy app:80\n\}\n$/m);
      });
    }
  }
});

describe('compose.yaml follows the layout, the dependencies, the port, the workers and the domain', () => {
  it('parses back to exactly the value it was printed from', async () => {
    for (const process of PROCESSES) {
      const { options, files } = await renderFlags(['--process', process, '--proxy']);
      const value = new Document(composeFile(options).value).toJS();
      expect(composeOf(files)).toEqual(value);
    }
  });

  it('the single layout syncs main.py; Poetry rebuilds on pyproject.toml', async () => {
    const { files } = await renderFlags(['--layout', 'single', '--deps', 'poetry']);
    expect(composeOf(files).services.app.develop.watch).toEqual([
      { action: 'sync+restart', path: './main.py', target: '/code/main.py' },
      { action: 'rebuild', path: './pyproject.toml' },
    ]);
  });

  it('--port and --domain reach the published port, the Caddyfile and the README', async () => {
    const direct = await renderFlags(['--port', '8000']);
    expect(composeOf(direct.files).services.app.ports).toEqual(['8000:8000']);
    const proxied = await renderFlags(['--port', '8000', '--proxy', '--domain', 'api.example.com']);
    expect(fileOf(proxied.files, 'Caddyfile')).toMatch(/^api\.example\.com \{$[\s\S]*^\treverse_proxy app:8000$/m);
    expect(fileOf(proxied.files, 'README.md')).toContain('Then open https://api.example.com/items/5?q=somequery.');
  });

  it('an explicit --workers sizes the memory, one share per worker, and keeps the CPU limit at 1', async () => {
    const { files } = await renderFlags(['--process', 'gunicorn', '--workers', '4']);
    expect(composeOf(files).services.app.deploy.resources.limits).toEqual({ cpus: '1', memory: `${128 + 4 * MEMORY_PER_WORKER_MIB}M` });
    // The Dockerfile sets WEB_CONCURRENCY=4 already; compose does not repeat it.
    expect(composeOf(files).services.app.environment).toBeUndefined();
    expect(fileOf(files, 'Dockerfile')).toContain('ENV WEB_CONCURRENCY=4');
  });

  it('--no-compose writes no compose.yaml nor Caddyfile; prestart.sh stays', async () => {
    const { files } = await renderFlags(['--no-compose', '--proxy']);
    expect(files.map((f) => f.path).filter((p) => /compose|Caddyfile/.test(p))).toEqual([]);
    expect(fileOf(files, 'prestart.sh')).toBeDefined();
    expect(fileOf(files, 'README.md')).not.toContain('docker compose');
  });

  it('the README explains compose, the dev loop and prestart', async () => {
    const readme = fileOf((await renderFlags(['--proxy'])).files, 'README.md') as string;
    const headings = readme.split('\n').filter((line) => line.startsWith('#'));
    // The README's own sections stay, with compose and its dev loop after "Run it".
    const at = (heading: string) => headings.indexOf(heading);
    for (const heading of ['## Run it', '## Run it with Compose', '### The dev loop', '## Test it', '## Deployment concepts, and what this setup does for each']) {
      expect(at(heading), heading).toBeGreaterThan(0);
    }
    expect(at('## Run it')).toBeLessThan(at('## Run it with Compose'));
    expect(at('## Run it with Compose')).toBeLessThan(at('### The dev loop'));
    expect(at('### The dev loop')).toBeLessThan(at('## Test it'));
    expect(readme).toContain('docker compose watch');
    expect(readme).toContain('sets `FORWARDED_ALLOW_IPS` to it');
    expect(readme).not.toMatch(/pinned|ipv4_address/);
    expect(readme).toMatch(/\*\*Previous steps before starting\.\*\* `prestart\.sh`.*one-off `prestart` service/);
  });
});

describe('pinnedWorkers', () => {
  it('pins the count only for the official image, whose start script would count the host CPUs', async () => {
    const pinned = async (flags: string[]) => pinnedWorkers(await optionsFromFlags(['svc', ...flags]), 'compose');
    expect(await pinned(['--process', 'official-image'])).toBe(2);
    for (const process of ['single', 'workers', 'gunicorn']) expect(await pinned(['--process', process])).toBeUndefined();
  });
});
