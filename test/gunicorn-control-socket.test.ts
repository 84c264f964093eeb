/**
 * Gunicorn 25.1 added a control socket (for `gunicornc`), opened by default in $XDG_RUNTIME_DIR or $HOME/.gunicorn/.
 * The image's user has no home and Kubernetes mounts the root read-only, so left on it logs "[ERROR] Control server
 * error" at every start. Every Gunicorn the tool configures must have it off unless the user asks for it: the
 * generated gunicorn_conf.py (read here by Python, under the environment a container gives it), and the deprecated
 * official image, whose own gunicorn_conf.py we cannot change (GUNICORN_CMD_ARGS). The e2e proves both on Gunicorn 27.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../src/io/templates.js';
import { render } from '../src/render/index.js';
import { COMBOS, optionsFromFlags } from './helpers/combos.js';

const CONF = resolve(import.meta.dirname, '../templates/process/gunicorn/gunicorn_conf.py');

/** The settings gunicorn_conf.py defines about the control socket, with `env` on top of a container's (no HOME). */
function controlSettings(env: Record<string, string>): Record<string, unknown> {
  const program = [
    'import json, runpy',
    `conf = runpy.run_path(${JSON.stringify(CONF)})`,
    'print(json.dumps({k: v for k, v in conf.items() if k.startswith("control_socket")}))',
  ].join('\n');
  const r = spawnSync('python3', ['-c', program], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe("Gunicorn's control socket", () => {
  it('gunicorn_conf.py turns it off by default (control_socket_disable, the setting behind --no-control-socket)', () => {
    expect(controlSettings({})).toEqual({ control_socket_disable: true });
    expect(controlSettings({ CONTROL_SOCKET: '' })).toEqual({ control_socket_disable: true });
  });

  it('CONTROL_SOCKET turns it on at the path given', () => {
    expect(controlSettings({ CONTROL_SOCKET: '/tmp/gunicorn.ctl' })).toEqual({ control_socket: '/tmp/gunicorn.ctl' });
  });

  it('gunicorn_conf.py says what it is and how to turn it on', async () => {
    const text = (await import('node:fs')).readFileSync(CONF, 'utf8');
    expect(text).toMatch(/control socket \(Gunicorn 25\.1 and later\) is a Unix socket through which `gunicornc`/);
    expect(text).toContain('docker run -e CONTROL_SOCKET=/tmp/gunicorn.ctl');
  });

  it('every official-image Dockerfile passes --no-control-socket to the base image\'s Gunicorn', async () => {
    const templates = loadTemplates();
    const official = COMBOS.filter((c) => c.process === 'official-image');
    expect(official.length).toBeGreaterThan(0);
    for (const combo of official) {
      const files = render(await optionsFromFlags(['svc', ...combo.flags]), templates);
      const dockerfile = files.find((f) => f.path === 'Dockerfile')?.content ?? '';
      expect(dockerfile, combo.name).toMatch(/^\s*GUNICORN_CMD_ARGS=--no-control-socket\b/m);
    }
  });
});
