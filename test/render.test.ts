import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../src/io/templates.js';
import { render } from '../src/render/index.js';
import { UV_VERSION } from '../src/versions.js';
import { COMBOS, optionsFromFlags } from './helpers/combos.js';

const templates = loadTemplates();
const renderFlags = async (flags: string[]) => render(await optionsFromFlags(['svc', ...flags]), templates);
const fileOf = (files: { path: string; content: string }[], path: string) => {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`${path} was not rendered`);
  return file.content;
};
/** Dockerfile instructions without comments, continuation lines joined. */
const instructions = (dockerfile: string) =>
  dockerfile
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'));
const finalStage = (lines: string[]) => lines.slice(lines.findLastIndex((l) => l.startsWith('FROM ')));

describe('every Dockerfile follows the reference reasoning', () => {
  for (const combo of COMBOS) {
    it(combo.name, async () => {
      const files = await renderFlags(combo.flags);
      const lines = instructions(fileOf(files, 'Dockerfile'));
      const final = finalStage(lines);
      const index = (pattern: RegExp) => final.findIndex((l) => pattern.test(l));
      // Dependencies are installed before the code is copied, so code changes keep the install layer.
      const install = index(combo.deps === 'uv' ? /^COPY --from=uv-stage \/code\/\.venv \/code\/\.venv$/ : /^RUN pip install .*-r \/(code|app)\/requirements\.txt$/);
      const code = index(/^COPY \.\/(app|main\.py) /);
      expect(install).toBeGreaterThan(0);
      expect(code).toBeGreaterThan(install);
      if (combo.deps !== 'uv') expect(final[install]).toContain('--no-cache-dir');
      // The server runs as the non-root user, and no # syntax line pulls a frontend.
      expect(index(/^USER 10001:10001$/)).toBeGreaterThan(code);
      expect(lines.some((l) => /^#\s*syntax=/i.test(l))).toBe(false);
      expect(final.find((l) => l.startsWith('HEALTHCHECK'))).toMatch(/CMD \["python", "-c", ".*\/health/);
      const cmd = final.filter((l) => l.startsWith('CMD ') || l.startsWith('ENTRYPOINT '));
      for (const line of cmd) expect(() => JSON.parse(line.replace(/^\w+ /, ''))).not.toThrow();
      const { proxy } = combo;
      const dockerfile = fileOf(files, 'Dockerfile');
      if (combo.process === 'official-image') {
        expect(cmd).toEqual(['CMD ["/start.sh"]']);
        expect(final[0]).toMatch(/^FROM tiangolo\/uvicorn-gunicorn-fastapi:python3\.11-slim$/);
      } else {
        expect(cmd.at(-1)).toMatch(/^CMD \["(uvicorn|gunicorn)"/);
      }
      if (combo.process === 'single' || combo.process === 'workers') {
        expect(cmd.at(-1)).toContain(proxy ? '"--proxy-headers"' : '"--no-proxy-headers"');
      }
      expect(dockerfile.includes('FORWARDED_ALLOW_IPS=127.0.0.1,')).toBe(proxy);
      if (combo.deps === 'poetry') {
        const builder = lines.slice(0, lines.findLastIndex((l) => l.startsWith('FROM ')));
        expect(builder[0]).toMatch(/ AS requirements-stage$/);
        expect(builder.join('\n')).toMatch(/pip install --no-cache-dir 'poetry>=2\.5,<3' 'poetry-plugin-export>=1\.10,<2'/);
        expect(builder.at(-1)).toBe('RUN poetry export --format requirements.txt --output requirements.txt --without-hashes');
        expect(final.join('\n')).not.toMatch(/poetry/);
        expect(final).toContain(`COPY --from=requirements-stage /tmp/requirements.txt ${final.some((l) => l === 'WORKDIR /app') ? '/app' : '/code'}/requirements.txt`);
      }
      if (combo.deps === 'uv') {
        // uv's Docker guide: the pinned binary from uv's image, the lock bound in, a cache mount, only .venv copied over.
        const builder = lines.slice(0, lines.findLastIndex((l) => l.startsWith('FROM ')));
        expect(builder).toEqual([
          `FROM python:3.14-slim AS uv-stage`,
          `COPY --from=ghcr.io/astral-sh/uv:${UV_VERSION} /uv /uvx /bin/`,
          'ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never',
          'WORKDIR /code',
          'RUN --mount=type=cache,target=/root/.cache/uv --mount=type=bind,source=uv.lock,target=uv.lock --mount=type=bind,source=pyproject.toml,target=pyproject.toml uv sync --locked --no-install-project --no-dev',
        ]);
        expect(final[0]).toBe('FROM python:3.14-slim');
        expect(final.join('\n')).not.toMatch(/\buv\b(?!-stage)|astral-sh/);
        expect(final[install + 1]).toBe('ENV PATH=/code/.venv/bin:$PATH');
      }
    });
  }
});

describe('options reach every file that names or installs dependencies', () => {
  it('--pin replaces defaults by name and adds new distributions; --index-url goes to pip and Poetry', async () => {
    const pins = ['--pin', 'uvicorn>=0.32,<0.33', '--pin', 'Poetry>=2.1,<2.2', '--pin', 'pytest>=8,<9', '--pin', 'sqlmodel>=0.0.22'];
    const index = ['--index-url', 'http://127.0.0.1:3141/simple'];
    const poetry = await renderFlags(['--deps', 'poetry', '--process', 'gunicorn', ...pins, ...index]);
    const pyproject = fileOf(poetry, 'pyproject.toml');
    expect(pyproject).toContain('"uvicorn[standard]>=0.32,<0.33",');
    expect(pyproject).toContain('"gunicorn>=27,<28",');
    expect(pyproject).toContain('"sqlmodel>=0.0.22",');
    expect(pyproject).toMatch(/\[dependency-groups\]\ndev = \[\n    "pytest>=8,<9",\n    "httpx>=0.28,<0.29",\n\]/);
    expect(pyproject).toMatch(/\[\[tool\.poetry\.source\]\]\nname = "mirror"\nurl = "http:\/\/127\.0\.0\.1:3141\/simple"\npriority = "primary"/);
    expect(fileOf(poetry, 'Dockerfile')).toContain(
      "RUN --mount=type=secret,id=netrc,target=/root/.netrc pip install --no-cache-dir --index-url http://127.0.0.1:3141/simple 'Poetry>=2.1,<2.2' 'poetry-plugin-export>=1.10,<2'",
    );
    const pip = await renderFlags(['--process', 'workers', '--pin', 'fastapi>=0.115,<0.116', ...index]);
    expect(fileOf(pip, 'requirements.txt').split('\n').slice(1, 4)).toEqual([
      '--index-url http://127.0.0.1:3141/simple',
      'fastapi>=0.115,<0.116',
      'uvicorn[standard]>=0.54,<0.55',
    ]);
    expect(fileOf(pip, 'requirements-dev.txt')).toContain('-r requirements.txt\npytest>=9,<10\nhttpx>=0.28,<0.29');
  });

  it('gunicorn and the official image get uvicorn-worker; uvicorn models do not', async () => {
    for (const process of ['gunicorn', 'official-image']) {
      expect(fileOf(await renderFlags(['--process', process]), 'requirements.txt')).toContain('uvicorn-worker>=0.4,<0.5');
    }
    expect(fileOf(await renderFlags(['--process', 'workers']), 'requirements.txt')).not.toContain('gunicorn');
  });

  it('workers, port, base image and Python reach the Dockerfile', async () => {
    const dockerfile = fileOf(await renderFlags(['--process', 'gunicorn', '--workers', '6', '--port', '8080', '--python', '3.12']), 'Dockerfile');
    expect(dockerfile).toContain('FROM python:3.12-slim\n');
    expect(dockerfile).toContain('ENV WEB_CONCURRENCY=6');
    expect(dockerfile).toContain('EXPOSE 8080');
    expect(dockerfile).toContain("urlopen('http://127.0.0.1:8080/health', timeout=2)");
    expect(dockerfile).toContain('CMD ["gunicorn", "app.main:app", "--config", "/code/gunicorn_conf.py", "--bind", "0.0.0.0:8080"]');
    const custom = fileOf(await renderFlags(['--deps', 'poetry', '--base-image', 'reg.example.com/python:3.14-slim']), 'Dockerfile');
    expect(custom.match(/^FROM reg\.example\.com\/python:3\.14-slim/gm)).toHaveLength(2);
    expect(fileOf(await renderFlags(['--process', 'workers']), 'Dockerfile')).not.toContain('WEB_CONCURRENCY=');
  });

  it('a trusted-proxy list of "*" is explained as trusting everyone', async () => {
    const files = await renderFlags(['--proxy', '--forwarded-allow-ips', '*']);
    expect(fileOf(files, 'Dockerfile')).toContain('FORWARDED_ALLOW_IPS=*\n');
    expect(fileOf(files, 'README.md')).toContain('`*` trusts every peer');
  });

  it('layouts keep the same endpoints, and the single layout runs main:app', async () => {
    const single = await renderFlags(['--layout', 'single']);
    expect(single.map((f) => f.path)).toContain('main.py');
    expect(single.map((f) => f.path).some((p) => p.startsWith('app/'))).toBe(false);
    expect(fileOf(single, 'Dockerfile')).toContain('COPY ./main.py /code/main.py');
    expect(fileOf(single, 'Dockerfile')).toContain('CMD ["uvicorn", "main:app"');
    const bigger = await renderFlags(['--layout', 'bigger']);
    expect(fileOf(bigger, 'app/routers/items.py')).toContain('APIRouter(prefix="/items"');
    expect(fileOf(bigger, 'app/main.py')).toContain('app.include_router(items.router)');
  });

  it('render is pure: the same options give the same files', async () => {
    const options = await optionsFromFlags(['svc', '--deps', 'poetry', '--proxy']);
    expect(render(options, templates)).toEqual(render(options, templates));
  });
});
