/** The uv module's pieces (src/render/deps/uv.ts) and what --deps uv does to the other files, read back by real parsers. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadTemplates } from '../src/io/templates.js';
import { DEPENDENCY_TOOLS } from '../src/render/deps/index.js';
import { renderDockerfile } from '../src/render/dockerfile/compose.js';
import { render } from '../src/render/index.js';
import { optionsFromFlags } from './helpers/combos.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const templates = loadTemplates();
const filesOf = async (flags: string[]) => new Map(render(await optionsFromFlags(['svc', '--deps', 'uv', ...flags]), templates).map((f) => [f.path, f.content]));

describe('pyproject.toml for uv', () => {
  it('PEP 621 dependencies, the dev group with pytest and httpx, no package, and no index without --index-url', async () => {
    const toml = parseToml((await filesOf([])).get('pyproject.toml') as string) as Record<string, any>;
    expect(toml.project.dependencies).toEqual(['fastapi>=0.163,<0.164', 'uvicorn[standard]>=0.54,<0.55']);
    expect(toml['dependency-groups']).toEqual({ dev: ['pytest>=9,<10', 'httpx>=0.28,<0.29'] });
    expect(toml.tool).toEqual({ uv: { package: false } });
    expect(toml.project['requires-python']).toBe('>=3.14');
  });

  it('--index-url: one [[tool.uv.index]] that replaces PyPI, by URL alone; the login reaches no file', async () => {
    const files = await filesOf(['--index-url', 'https://bot:s3cr%40t@pypi.example.com/simple', '--process', 'gunicorn']);
    const toml = parseToml(files.get('pyproject.toml') as string) as Record<string, any>;
    expect(toml.tool.uv.index).toEqual([{ name: 'mirror', url: 'https://pypi.example.com/simple', default: true }]);
    expect(toml.project.dependencies).toContain('gunicorn>=27,<28');
    for (const [path, text] of files) expect(text, path).not.toMatch(/s3cr|bot:/);
    // The download step mounts the netrc secret, which uv reads as ~/.netrc.
    expect(files.get('Dockerfile')).toContain('    --mount=type=secret,id=netrc,target=/root/.netrc \\\n    uv sync --locked');
    expect(files.get('README.md')).toContain('Every uv step (the lock, `uv sync` in the build) installs from `https://pypi.example.com/simple`');
    expect(files.has('requirements.txt')).toBe(false);
  });

  it('the lock the generator makes: `uv lock`, uv.lock, the login in UV_INDEX_MIRROR_* (uv\'s names for the index "mirror")', () => {
    expect(DEPENDENCY_TOOLS.uv.lock).toEqual({
      path: 'uv.lock',
      command: ['uv', 'lock'],
      install: { name: 'uv', url: 'https://docs.astral.sh/uv/' },
      credentialsEnv: { username: 'UV_INDEX_MIRROR_USERNAME', password: 'UV_INDEX_MIRROR_PASSWORD' },
    });
    expect(DEPENDENCY_TOOLS.pip.lock).toBeUndefined();
    expect(DEPENDENCY_TOOLS.poetry.lock).toBeUndefined();
  });
});

describe('the Dockerfile for uv', () => {
  it('every stage starts from the same image (the venv\'s python path), with --base-image too', async () => {
    const o = await optionsFromFlags(['svc', '--deps', 'uv', '--base-image', 'registry.example.com/python:3.13-slim']);
    const froms = renderDockerfile(o).split('\n').filter((l) => l.startsWith('FROM '));
    expect(froms).toEqual(['FROM registry.example.com/python:3.13-slim AS uv-stage', 'FROM registry.example.com/python:3.13-slim']);
  });

  it('the app directory of the process model holds the venv and goes first on PATH', async () => {
    for (const process of ['single', 'workers', 'gunicorn']) {
      const text = (await filesOf(['--process', process])).get('Dockerfile') as string;
      expect(text).toContain('COPY --from=uv-stage /code/.venv /code/.venv\n');
      expect(text).toContain('ENV PATH=/code/.venv/bin:$PATH\n');
      expect(text.indexOf('COPY --from=uv-stage')).toBeLessThan(text.indexOf('COPY ./app'));
    }
  });
});

describe('compose and .dockerignore for uv', () => {
  it('watch rebuilds on pyproject.toml and uv.lock, and its code sync ignores .venv', async () => {
    const compose = parseYaml((await filesOf([])).get('compose.yaml') as string);
    expect(compose.services.app.develop.watch).toEqual([
      { action: 'sync+restart', path: './app', target: '/code/app', ignore: ['.venv/'] },
      { action: 'rebuild', path: './pyproject.toml' },
      { action: 'rebuild', path: './uv.lock' },
    ]);
  });

  it('.venv stays out of the build context; uv.lock does not', async () => {
    const ignored = ((await filesOf([])).get('.dockerignore') as string).split('\n');
    expect(ignored).toContain('.venv');
    expect(ignored.some((p) => p === 'uv.lock' || p === '*.lock')).toBe(false);
  });
});

describe('--deps uv on the command line', () => {
  it('with --process official-image: exit 2, one line saying why, nothing written', async () => {
    const cwd = tempDir();
    const r = await runCli(['svc', '--deps', 'uv', '--process', 'official-image', '--yes'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'error --deps uv does not go with --process official-image: the deprecated image runs the Gunicorn of its own Python, not a uv virtual environment; use --process gunicorn (the same auto-tuning), or --deps pip',
    );
  });

  it('a --pin of Poetry means nothing with uv: refused, naming the tool it belongs to', async () => {
    const r = await runCli(['svc', '--deps', 'uv', '--pin', 'poetry>=2.5', '--yes'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error --pin names poetry, which is used only with --deps poetry');
  });

  it('--help shows the contract line; a preset and the answers file carry deps: uv', async () => {
    const help = await runCli(['--help'], { cwd: tempDir() });
    // The flag (and its clearing form), then its text on the same line or, when the flag column overflows, the next.
    expect(help.stdout).toMatch(/^ {2}--deps pip\|poetry\|uv(, --no-deps)?\s+.*\| uv: pyproject\.toml \(PEP 621, dependency groups\) locked in uv\.lock, installed with uv sync$/m);
    const cwd = tempDir();
    const preset = join(cwd, 'team.yml');
    writeFileSync(preset, 'deps: uv\nprocess: gunicorn\n');
    const r = await runCli(['svc', '--preset', preset, '--yes'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'svc', '.create-fastapi-docker.yml'), 'utf8')).toMatch(/^ {2}deps: uv$/m);
    expect(readFileSync(join(cwd, 'svc', 'Dockerfile'), 'utf8')).toContain('uv sync --locked');
  });
});
