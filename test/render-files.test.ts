/** render(): which template lands where, with which mode, in which order; and the README's optional sections. */
import { describe, expect, it } from 'vitest';
import { render, renderProject } from '../src/render/index.js';
import { renderReadme } from '../src/render/readme.js';
import { optionsFromFlags } from './helpers/combos.js';

const TEMPLATES = new Map([
  ['base/_dockerignore', 'D'],
  ['base/sub/_gitignore', 'G'],
  ['base/_gitignore.txt', 'kept as named'],
  ['base/Zeta.txt', 'z'],
  ['base/tests/test_main.py', '  from app.main import app\nfrom app.main import apps\nfrom app.main import app\n'],
  ['base/notes/test.py', 'from app.main import app\n'],
  ['shared/main.py', 'app = FastAPI()\n'],
  ['layout/bigger/app/routers/items.py', 'router\n'],
  ['process/gunicorn/docker-entrypoint.sh', '#!/bin/sh\n'],
  ['other/ignored.txt', 'no overlay reads this'],
]);
const filesOf = async (flags: string[]) => render(await optionsFromFlags(flags), TEMPLATES);
const listing = (files: { path: string; mode?: number }[]) => files.map((f) => `${f.path}${f.mode ? ` ${f.mode.toString(8)}` : ''}`);

describe('render', () => {
  it('lays the templates out by layout and process, dotfiles renamed, scripts executable, sorted by path ignoring case', async () => {
    expect(listing(await filesOf(['--layout', 'package', '--process', 'single']))).toEqual([
      '.dockerignore 644', '_gitignore.txt 644', 'app/main.py', 'compose.yaml', 'Dockerfile', 'notes/test.py 644', 'README.md', 'requirements-dev.txt',
      'requirements.txt', 'sub/.gitignore 644', 'tests/test_main.py 644', 'Zeta.txt 644',
    ]);
    expect(listing(await filesOf(['--layout', 'bigger', '--process', 'gunicorn', '--deps', 'poetry']))).toEqual([
      '.dockerignore 644', '_gitignore.txt 644', 'app/routers/items.py 644', 'compose.yaml', 'docker-entrypoint.sh 755', 'Dockerfile', 'notes/test.py 644',
      'pyproject.toml', 'README.md', 'sub/.gitignore 644', 'tests/test_main.py 644', 'Zeta.txt 644',
    ]);
  });

  it('puts the shared app where the layout wants it', async () => {
    const single = await filesOf(['--layout', 'single']);
    expect(single.find((f) => f.path === 'main.py')?.content).toBe('app = FastAPI()\n');
    expect(single.some((f) => f.path === 'app/main.py')).toBe(false);
  });

  it('in the single layout, the tests import the app from main: exactly that line, in tests only', async () => {
    const single = await filesOf(['--layout', 'single']);
    expect(single.find((f) => f.path === 'tests/test_main.py')?.content).toBe('  from app.main import app\nfrom app.main import apps\nfrom main import app\n');
    expect(single.find((f) => f.path === 'notes/test.py')?.content).toBe('from app.main import app\n');
    const pkg = await filesOf(['--layout', 'package']);
    expect(pkg.find((f) => f.path === 'tests/test_main.py')?.content).toBe(TEMPLATES.get('base/tests/test_main.py'));
  });

  it('sets an explicit worker count in the image, saying how to override it', async () => {
    const dockerfile = (await filesOf(['--process', 'workers', '--workers', '4'])).find((f) => f.path === 'Dockerfile')?.content;
    expect(dockerfile).toContain('\n# Worker processes; `docker run -e WEB_CONCURRENCY=N` overrides it.\nENV WEB_CONCURRENCY=4\n');
  });

  it('renderProject adds the answers file, in order', async () => {
    const files = renderProject(await optionsFromFlags([]), TEMPLATES, '9.9.9');
    expect(files.map((f) => f.path).slice(0, 3)).toEqual(['.create-fastapi-docker.base.yml', '.create-fastapi-docker.yml', '.dockerignore']);
  });
});

describe('the README', () => {
  it('describes the package index only when there is one', async () => {
    expect(renderReadme(await optionsFromFlags([]))).not.toContain('## The package index');
    const readme = renderReadme(await optionsFromFlags(['--index-url', 'https://u:p@pypi.example.com:8443/simple']));
    expect(readme).toContain(
      '\n## The package index\n\nEvery pip step installs from `https://pypi.example.com:8443/simple`. If it needs a login, keep it in your `~/.netrc`\n(`machine pypi.example.com login USER password TOKEN`)',
    );
    expect(readme).not.toContain('u:p');
  });

  it('warns about a privileged port below 1024 only', async () => {
    const note = async (port: string) => renderReadme(await optionsFromFlags(['--port', port])).match(/ Port \d+ works for that user[^\n]*/)?.[0];
    expect(await note('1023')).toBe(
      ' Port 1023 works for that user under Docker (20.10 and later allow unprivileged ports in containers); on Kubernetes, regenerate with `--port 8000` or set the `net.ipv4.ip_unprivileged_port_start` sysctl.',
    );
    expect(await note('1024')).toBeUndefined();
    expect(renderReadme(await optionsFromFlags(['--port', '1024']))).toMatch(/virtualenvs out of the image\.\n$/);
  });

  it('lists the trusted proxies, and warns when * trusts everyone', async () => {
    const star = renderReadme(await optionsFromFlags(['--proxy', '--forwarded-allow-ips', '*']));
    expect(star).toContain('`FORWARDED_ALLOW_IPS`:\n\n    *\n\n`*` trusts every peer');
    const list = renderReadme(await optionsFromFlags(['--proxy', '--forwarded-allow-ips', '10.0.0.0/8']));
    expect(list).toContain('`FORWARDED_ALLOW_IPS`:\n\n    10.0.0.0/8\n\nAnything inside these networks');
  });
});
