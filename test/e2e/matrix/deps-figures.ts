// The figures per dependency tool (issue 14), on the default stack after the matrix, one build at a time: the default
// project (package layout, one Uvicorn, no --proxy) under pip, Poetry and uv, against FastAPI's own page Dockerfile as
// the anchor (requirements.txt + pip install + COPY ./app, from the pip project's requirements.txt; its CMD runs
// uvicorn, since the index holds no fastapi-cli for `fastapi run`). Each: cold build (its own index path, so nothing
// of it is cached), a code-only rebuild, a rebuild after adding one dependency (uv relocks first, as `uv add` would;
// the lock is not in the figure), image size, `docker run` → first 200. One sample each: cheap, and said so.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerAsync, dockerBuild, freePort, runDetached, sleep, type Stack } from '../infra/index.js';
import { generate } from './generate.js';
import { lockProject } from './uv.js';
import { Verdict } from './verdict.js';

export const DEPS_FIGURE_VARIANTS = ['anchor', 'pip', 'poetry', 'uv'] as const;
export type DepsVariant = (typeof DEPS_FIGURE_VARIANTS)[number];
const ADDED = 'httpx';
const PATH = '/items/5?q=somequery';

interface Row { variant: DepsVariant; cold: number; code: number; dep: number; bytes: number; first200: number }

async function firstOk(tag: string, port: number): Promise<number> {
  const t = Date.now();
  const c = await runDetached(tag);
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}${PATH}`, { signal: AbortSignal.timeout(1000) }).then((r) => r.status === 200, () => false);
      if (ok) return (Date.now() - t) / 1000;
      if (Date.now() - t > 30_000) throw new Error(`${tag}: no 200 within 30 s`);
      await sleep(20);
    }
  } finally {
    await c.remove();
  }
}

const anchorDockerfile = (python: string, port: number) => [
  `FROM python:${python}-slim`, 'WORKDIR /code', 'COPY ./requirements.txt /code/requirements.txt',
  'RUN pip install --no-cache-dir --upgrade -r /code/requirements.txt', 'COPY ./app /code/app',
  `CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "${port}"]`, '',
].join('\n');

async function measure(variant: DepsVariant, stack: Stack, indexUrl: string): Promise<Row> {
  const port = await freePort();
  const deps = variant === 'anchor' ? 'pip' : variant;
  const flags = ['--deps', deps, '--process', 'single', '--no-proxy', '--port', String(port), '--index-url', indexUrl, ...(stack.isDefault ? [] : ['--python', stack.python])];
  const dir = await generate(`figures-${variant}`, flags);
  if (deps === 'uv') await lockProject(stack, dir);
  if (variant === 'anchor') writeFileSync(join(dir, 'Dockerfile'), anchorDockerfile(stack.python, port));
  const tag = `cfd-e2e/figures-${variant}`;
  const build = async () => (await dockerBuild(dir, { tag }, readFileSync(join(dir, 'Dockerfile'), 'utf8'))).seconds;
  const cold = await build();
  const bytes = Number((await dockerAsync(['image', 'inspect', '-f', '{{.Size}}', tag])).stdout.trim());
  const first200 = await firstOk(tag, port);
  const main = join(dir, 'app', 'main.py');
  writeFileSync(main, `${readFileSync(main, 'utf8')}\n# a code-only change\n`);
  const code = await build();
  if (deps === 'pip') writeFileSync(join(dir, 'requirements.txt'), `${readFileSync(join(dir, 'requirements.txt'), 'utf8')}${ADDED}\n`);
  else writeFileSync(join(dir, 'pyproject.toml'), readFileSync(join(dir, 'pyproject.toml'), 'utf8').replace(/^dependencies = \[\n/m, `dependencies = [\n    "${ADDED}",\n`));
  if (deps === 'uv') await lockProject(stack, dir);
  const dep = await build();
  return { variant, cold, code, dep, bytes, first200 };
}

/** Measures the four variants; `indexUrlFor(variant)` is an index path of the variant's own. */
export async function measureDepsFigures(stack: Stack, indexUrlFor: (variant: DepsVariant) => string): Promise<{ lines: string[]; verdict: Verdict }> {
  const v = new Verdict('figures per dependency tool');
  const rows: Row[] = [];
  for (const variant of DEPS_FIGURE_VARIANTS) {
    await v.step(`figures of ${variant}`, async () => {
      const row = await measure(variant, stack, indexUrlFor(variant));
      rows.push(row);
      v.check(row.code < row.cold, `${variant}: a code-only rebuild is quicker than the cold build (the dependency layer is reused)`, `${row.code.toFixed(1)} s against ${row.cold.toFixed(1)} s`);
    });
  }
  const anchor = rows.find((r) => r.variant === 'anchor');
  const cell = (value: number, base: number | undefined, text: string) => `${text}${base ? ` (${(value / base).toFixed(2)}×)` : ''}`;
  const table = [
    ['variant', 'cold build', 'code-only rebuild', `+${ADDED} rebuild`, 'image', 'run → 200'],
    ...rows.map((r) => [
      r.variant === 'anchor' ? "FastAPI's page Dockerfile (anchor)" : `--deps ${r.variant}`,
      cell(r.cold, anchor?.cold, `${r.cold.toFixed(1)} s`),
      cell(r.code, anchor?.code, `${r.code.toFixed(1)} s`),
      cell(r.dep, anchor?.dep, `${r.dep.toFixed(1)} s`),
      cell(r.bytes, anchor?.bytes, `${(r.bytes / 1e6).toFixed(1)} MB`),
      cell(r.first200, anchor?.first200, `${r.first200.toFixed(2)} s`),
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  return {
    verdict: v,
    lines: [
      '',
      `Figures per dependency tool, Python ${stack.python} stack (the default project: package layout, one Uvicorn; ratios against FastAPI's page Dockerfile):`,
      ...table.map((r) => `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`),
      `  ONE sample each, one build at a time after the matrix (cheap, so noisy on a shared machine); cold: nothing of the variant cached but the base image; +${ADDED}: the dependency added to requirements.txt / pyproject.toml (uv relocks first, not timed); the anchor's CMD runs uvicorn (no fastapi-cli in the index).`,
    ],
  };
}
