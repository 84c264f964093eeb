/**
 * The generated gunicorn_conf.py, run by Python as Gunicorn would load it, under the environments its docstring and
 * the README document: MAX_WORKERS caps the derived count (WEB_CONCURRENCY still wins), and each Uvicorn worker
 * is handed a graceful shutdown that ends before Gunicorn's own graceful timeout kills it. Needs no root: the
 * counts asked for are far above any CPU count, so the cap alone decides them.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, Env } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../src/io/templates.js';
import { render } from '../src/render/index.js';
import { optionsFromFlags } from './helpers/combos.js';
import { tempDir } from './helpers/temp-dirs.js';

const templates = loadTemplates();
const files = async () => render(await optionsFromFlags(['svc', '--process', 'gunicorn']), templates);

/** Loads the conf with `env` (each key replacing the process's), and prints what Gunicorn and a worker would see. */
async function load(env: Record<string, string>): Promise<{ workers: number; graceful_timeout: number; uvicorn_graceful: number | null }> {
  const conf = join(tempDir('cfd-gunicorn-conf-'), 'gunicorn_conf.py');
  writeFileSync(conf, (await files()).find((f) => f.path === 'gunicorn_conf.py')?.content ?? '');
  const program = [
    'import json, runpy, sys, types',
    'settings = runpy.run_path(sys.argv[1])',
    // The uvicorn-worker's UvicornWorker keeps Uvicorn's Config as worker.config; a stand-in with that attribute.
    'worker = types.SimpleNamespace(config=types.SimpleNamespace(timeout_graceful_shutdown=None))',
    "settings['post_worker_init'](worker)",
    "print(json.dumps({'workers': settings['workers'], 'graceful_timeout': settings['graceful_timeout'], 'uvicorn_graceful': worker.config.timeout_graceful_shutdown}))",
  ].join('\n');
  const clean = { WEB_CONCURRENCY: '', WORKERS_PER_CORE: '', MAX_WORKERS: '', GRACEFUL_TIMEOUT: '' };
  const base = Object.fromEntries(Object.entries({ ...process.env, ...clean, ...env }).filter(([, v]) => v !== ''));
  const r = spawnSync('python3', ['-c', program, conf], { encoding: 'utf8', env: base as NodeJS.ProcessEnv });
  if (r.status !== 0) throw new Error(`python3 exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe('gunicorn_conf.py: MAX_WORKERS caps the worker count', () => {
  it.each([
    ['64 per core, capped at 3', { WORKERS_PER_CORE: '64', MAX_WORKERS: '3' }, 3],
    ['64 per core, capped at 1 (below the minimum of 2)', { WORKERS_PER_CORE: '64', MAX_WORKERS: '1' }, 1],
    ['64 per core, capped at 7', { WORKERS_PER_CORE: '64', MAX_WORKERS: '7' }, 7],
    ['WEB_CONCURRENCY wins over the cap', { WEB_CONCURRENCY: '5', WORKERS_PER_CORE: '64', MAX_WORKERS: '3' }, 5],
  ] as const)('%s', async (_, env, workers) => {
    expect((await load(env)).workers).toBe(workers);
  });

  it('without a cap, 64 per core gives at least 64 workers', async () => {
    expect((await load({ WORKERS_PER_CORE: '64' })).workers).toBeGreaterThanOrEqual(64);
  });
});

describe("each Uvicorn worker's graceful shutdown ends before Gunicorn's graceful timeout", () => {
  it('by default: Gunicorn waits 8 s (as the Dockerfile sets it), each worker finishes its requests within 7 s', async () => {
    const dockerfile = (await files()).find((f) => f.path === 'Dockerfile')?.content ?? '';
    const env = DockerfileParser.parse(dockerfile)
      .getInstructions()
      .filter((i): i is Env => i instanceof Env)
      .flatMap((i) => i.getProperties().map((p) => [p.getName(), p.getValue()]));
    expect(Object.fromEntries(env).GRACEFUL_TIMEOUT).toBe('8');
    expect(await load({ GRACEFUL_TIMEOUT: '8' })).toMatchObject({ graceful_timeout: 8, uvicorn_graceful: 7 });
    expect(await load({})).toMatchObject({ graceful_timeout: 8, uvicorn_graceful: 7 });
  });

  it.each([['30', 30, 29], ['2', 2, 1]] as const)('GRACEFUL_TIMEOUT=%s: Gunicorn %i s, Uvicorn %i s', async (value, gunicorn, uvicorn) => {
    const loaded = await load({ GRACEFUL_TIMEOUT: value });
    expect(loaded).toMatchObject({ graceful_timeout: gunicorn, uvicorn_graceful: uvicorn });
    expect(loaded.uvicorn_graceful).toBeLessThan(loaded.graceful_timeout);
  });
});
