import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, listFiles, tempDir } from './helpers/run-cli.js';
import { TmuxSession } from './helpers/tmux.js';

const sessions: TmuxSession[] = [];
const start = (cwd: string, args = '', env?: string) => {
  const session = new TmuxSession(cwd, `'${process.execPath}' '${BIN}' ${args}`, env);
  sessions.push(session);
  return session;
};
afterEach(() => {
  for (const s of sessions.splice(0)) s.kill();
});

describe('the interactive flow in a real terminal (tmux)', () => {
  it('asks each question, shows a summary, writes, offers the build and prints next steps', async () => {
    const cwd = tempDir();
    const t = start(cwd);
    await t.waitFor('Where should the service be created?');
    t.answer('my-api');
    await t.waitFor('How is the code laid out?');
    await t.waitFor('app/__init__.py + app/main.py, as in the FastAPI docs');
    t.keys('Down', 'Down');
    await t.waitFor("app/routers/, FastAPI's Bigger Applications");
    t.keys('Enter');
    await t.waitFor('Which tool manages the dependencies?');
    t.keys('Down', 'Enter');
    await t.waitFor('How many server processes run in each container?');
    await t.waitFor('Kubernetes, Swarm, ECS: the cluster replicates containers');
    t.keys('Down');
    await t.waitFor('one server or Compose: use every core in one container');
    t.keys('Enter');
    await t.waitFor('How many worker processes?');
    t.answer('3');
    await t.waitFor('Will it run behind a TLS-terminating proxy');
    t.keys('Left', 'Enter');
    await t.waitFor('Which proxy addresses are trusted?');
    t.keys('Enter');
    await t.waitFor('Which Python version?');
    t.keys('Up', 'Enter');
    await t.waitFor('Which port does the server listen on');
    t.answer('8000');
    await t.waitFor('Deployment files?');
    await t.waitFor('one host: restart, limits, prestart, compose watch');
    t.keys('Down', 'Space', 'Enter');
    await t.waitFor('Which public host name does HTTPS serve?');
    t.answer('api.example.com');
    await t.waitFor('Customize advanced settings');
    t.keys('Enter');
    await t.waitFor('Run the first docker build now?');
    const screen = t.screen();
    expect(screen).toMatch(/Your service[\s\S]*directory\s+my-api[\s\S]*layout\s+bigger[\s\S]*workers, 3 workers/);
    expect(screen).toMatch(/Wrote 24 files to/);
    expect(screen).toMatch(/deployment\s+compose.yaml, Caddyfile for https:\/\/api.example.com, k8s\//);
    t.keys('Enter');
    const end = await t.waitFor('Happy shipping!');
    expect(end).toContain('cd my-api');
    expect(end).toContain('docker build -t my-api .');
    expect(end).toContain('docker run -d --name my-api --restart unless-stopped -p 8000:8000 my-api');
    expect(end).toContain('http://127.0.0.1:8000/items/5?q=somequery');
    expect(await t.exitCode()).toBe(0);

    const dir = join(cwd, 'my-api');
    expect(listFiles(dir)).toContain('app/routers/items.py');
    expect(listFiles(dir)).toContain('pyproject.toml');
    expect(readFileSync(join(dir, 'Caddyfile'), 'utf8')).toMatch(/^api\.example\.com \{$/m);
    expect(readFileSync(join(dir, 'compose.yaml'), 'utf8')).toContain('caddy');
    expect(readFileSync(join(dir, 'k8s/ingress.yaml'), 'utf8')).toMatch(/host: api\.example\.com$/m);
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('FROM python:3.13-slim AS requirements-stage');
    expect(dockerfile).toContain('WEB_CONCURRENCY=3');
    expect(dockerfile).toContain('FORWARDED_ALLOW_IPS=127.0.0.1,::1,10.0.0.0/8');
    expect(dockerfile).toContain('CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers", "--timeout-graceful-shutdown", "8"]');
  });

  it('skips the questions that flags answered', async () => {
    const cwd = tempDir();
    const t = start(cwd, 'svc --layout single --deps pip --process single --no-proxy --python 3.12 --port 80 --compose --no-kubernetes --no-build');
    await t.waitFor('Customize advanced settings');
    const screen = t.screen();
    for (const question of ['Where should', 'How is the code', 'Which tool', 'How many server', 'How many worker', 'Will it run', 'Which Python', 'Which port', 'Deployment files']) {
      expect(screen).not.toContain(question);
    }
    t.keys('Enter');
    await t.waitFor('Happy shipping!');
    expect(await t.exitCode()).toBe(0);
    expect(listFiles(join(cwd, 'svc'))).toContain('main.py');
  });

  for (const [name, key] of [['Ctrl-C', 'C-c'], ['Escape', 'Escape']] as const) {
    it(`${name} midway writes nothing, says so, and exits non-zero`, async () => {
      const cwd = tempDir();
      const t = start(cwd);
      await t.waitFor('Where should the service be created?');
      t.answer('half-done');
      await t.waitFor('How is the code laid out?');
      t.keys('Down');
      t.keys(key);
      await t.waitFor('Operation cancelled; nothing was written.');
      expect(await t.exitCode()).not.toBe(0);
      expect(readdirSync(cwd).filter((f) => f !== '.exit-code')).toEqual([]);
      expect(existsSync(join(cwd, 'half-done'))).toBe(false);
    });
  }

  it('Ctrl-C at "Run the first docker build now?" says the files are written and how to build them', async () => {
    const cwd = tempDir();
    const t = start(cwd, 'svc --layout single --deps pip --process single --no-proxy --python 3.14 --port 80 --no-compose --kubernetes');
    await t.waitFor('Customize advanced settings');
    t.keys('Enter');
    await t.waitFor('Run the first docker build now?');
    t.keys('C-c');
    const screen = await t.waitFor(/Cancelled\. The files are written in svc\. To build: cd svc && docker build -t svc \./);
    expect(screen).not.toContain('nothing was written');
    expect(await t.exitCode()).not.toBe(0);
    expect(listFiles(join(cwd, 'svc'))).toContain('Dockerfile');
  });

  it('with CI set, nothing is asked even in a terminal: the defaults apply', async () => {
    const cwd = tempDir();
    const t = start(cwd, 'svc', 'env CI=true');
    expect(await t.exitCode()).toBe(0);
    const screen = t.screen();
    expect(screen).not.toMatch(/How is the code laid out|Where should the service be created/);
    expect(screen).toContain('Wrote 15 files to svc');
    expect(listFiles(join(cwd, 'svc'))).toContain('app/main.py');
  });

  it('offers only the answers that the flags allow: others are shown disabled with the reason, and the default fits', async () => {
    const cwd = tempDir();
    const t = start(cwd, 'svc --workers 4 --layout single --deps pip');
    const screen = await t.waitFor('How many server processes run in each container?');
    expect(screen).toMatch(/○ one Uvicorn process \(--workers applies only with --process workers or --process gunicorn\)/);
    expect(screen).toMatch(/● Uvicorn with --workers/);
    // Up from the default skips the disabled choices above it and wraps around to Gunicorn.
    t.keys('Up', 'Enter');
    await t.waitFor('Will it run behind');
    expect(t.screen()).toMatch(/◇ {2}How many server processes run in each container\?\n│ {2}Gunicorn \+ Uvicorn workers/);
  });
});
