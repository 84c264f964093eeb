// npx tsx test/e2e/uv/figures.ts — issue 14's figures, in one run on the same base stand-in (the smoke stack's
// python:3.13-slim, its Debian package index): the default project under pip, Poetry and uv, and FastAPI's own page
// Dockerfile as the anchor (requirements.txt + pip install + COPY ./app, built from the pip project's requirements.txt;
// its CMD runs uvicorn, since the index has no fastapi-cli for `fastapi run`). Per variant: cold build (build cache
// pruned, the engine is this suite's own), rebuild after a code-only change, after adding one dependency, image size,
// and `docker run` → first 200. Ratios against the anchor.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { STACKS, cachePath, docker, dockerTry, freePort, releaseEngine, setup, sleep, startIndex } from '../infra/index.js';

const BIN = resolve(import.meta.dirname, '../../../bin/create-fastapi-docker.js');
const UV_BIN = cachePath('uv-pypi', 'uv-0.13.9', 'bin');
const ADDED = 'httpx';

interface Row { name: string; cold: number; code: number; dep: number; size: number; first200: number }

const timed = (f: () => void): number => {
  const t = Date.now();
  f();
  return (Date.now() - t) / 1000;
};

async function firstOk(tag: string, port: number): Promise<number> {
  const t = Date.now();
  const id = docker(['run', '-d', '--network', 'host', tag]).trim();
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/items/5?q=somequery`, { signal: AbortSignal.timeout(1000) }).then((r) => r.status === 200, () => false);
      if (ok) return (Date.now() - t) / 1000;
      if (Date.now() - t > 30_000) throw new Error(`${tag}: no 200 within 30 s`);
      await sleep(20);
    }
  } finally {
    dockerTry(['rm', '-f', id]);
  }
}

async function main(): Promise<void> {
  const r = await setup({ stacks: [STACKS.smoke] });
  const s = r.stacks[0];
  if (!s) throw new Error('no smoke stack');
  const index = await startIndex({ dir: s.index.dir });
  const work = mkdtempSync(join(cachePath(), 'uv-figures-'));
  const rows: Row[] = [];
  try {
    for (const variant of ['anchor', 'pip', 'poetry', 'uv'] as const) {
      const port = await freePort();
      const deps = variant === 'anchor' ? 'pip' : variant;
      execFileSync(process.execPath, [BIN, variant, '--deps', deps, '--python', s.stack.python, '--port', String(port), '--index-url', index.url, '--yes'], { cwd: work, env: { ...process.env, CFD_UV: '/nonexistent/uv' }, stdio: 'ignore' });
      const dir = join(work, variant);
      const lock = () => docker(['run', '--rm', '--network', 'host', '-v', `${dir}:/p`, '-v', `${UV_BIN}:/uvbin:ro`, '-w', '/p', '-e', 'UV_PYTHON_DOWNLOADS=never', '-e', 'UV_CACHE_DIR=/tmp/uv-cache', `python:${s.stack.python}-slim`, '/uvbin/uv', 'lock']);
      if (variant === 'uv') lock();
      if (variant === 'anchor') {
        writeFileSync(join(dir, 'Dockerfile'), [
          `FROM python:${s.stack.python}-slim`, 'WORKDIR /code', 'COPY ./requirements.txt /code/requirements.txt',
          'RUN pip install --no-cache-dir --upgrade -r /code/requirements.txt', 'COPY ./app /code/app',
          `CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "${port}"]`, '',
        ].join('\n'));
      }
      const tag = `cfd-e2e-figures/${variant}:1`;
      const build = () => docker(['build', '--network', 'host', '-t', tag, dir]);
      docker(['builder', 'prune', '-af']);
      const cold = timed(build);
      const size = Number(docker(['image', 'inspect', '--format', '{{.Size}}', tag]).trim()) / 1e6;
      const first200 = await firstOk(tag, port);
      writeFileSync(join(dir, 'app', 'main.py'), `${readFileSync(join(dir, 'app', 'main.py'), 'utf8')}\n# a code-only change\n`);
      const code = timed(build);
      if (deps === 'pip') writeFileSync(join(dir, 'requirements.txt'), `${readFileSync(join(dir, 'requirements.txt'), 'utf8')}${ADDED}\n`);
      else writeFileSync(join(dir, 'pyproject.toml'), readFileSync(join(dir, 'pyproject.toml'), 'utf8').replace('dependencies = [\n', `dependencies = [\n    "${ADDED}",\n`));
      if (variant === 'uv') console.log(`uv: relock after adding ${ADDED}: ${timed(lock).toFixed(1)} s (the user's \`uv add\`; not in the rebuild figure)`);
      const dep = timed(build);
      rows.push({ name: variant, cold, code, dep, size, first200 });
      dockerTry(['rmi', '-f', tag]);
    }
  } finally {
    await index.stop();
    rmSync(work, { recursive: true, force: true });
    console.log(await releaseEngine());
  }
  const anchor = rows.find((x) => x.name === 'anchor') as Row;
  const cell = (v: number, a: number, unit: string) => `${v.toFixed(1)} ${unit} (${(v / a).toFixed(2)}×)`;
  console.log(`\n| variant | cold build | code-only rebuild | +1 dependency rebuild | image size | run → first 200 |\n| --- | --- | --- | --- | --- | --- |`);
  for (const x of rows) console.log(`| ${x.name} | ${cell(x.cold, anchor.cold, 's')} | ${cell(x.code, anchor.code, 's')} | ${cell(x.dep, anchor.dep, 's')} | ${cell(x.size, anchor.size, 'MB')} | ${cell(x.first200, anchor.first200, 's')} |`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
