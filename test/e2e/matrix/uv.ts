// --deps uv in the matrix: the CLI writes no uv.lock here (CFD_UV names no uv, as a user without uv gets), so the
// suite locks as the generated README tells users, with uv's own binary (the ghcr.io/astral-sh/uv stand-in's /uv,
// from uv's PyPI wheel) inside the stack's python:X.Y-slim stand-in, against the combination's index. Then: what the
// image installs is what uv.lock pins, no uv reaches the final image, the project's tests run under `uv sync`'s dev
// group, and a pyproject.toml changed without `uv lock` stops the build with uv's "run `uv lock`".
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { DEV_TOOLS } from '../../../src/versions.js';
import { UV_IMAGE, baseImageTags, dockerAsync, fail, onCleanup, runLabelArgs, type Stack } from '../infra/index.js';
import { type Versions, versionsScript } from './installed.js';
import type { ProjectTests } from './project-tests.js';
import type { Verdict } from './verdict.js';

const normalize = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

let uvDir: Promise<string> | undefined;
/** A host folder holding the stand-in image's /uv (docker cp out of a created, never started, container); once a run. */
function uvBinaryDir(): Promise<string> {
  uvDir ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfd-e2e-uvbin-'));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    const created = await dockerAsync(['create', ...runLabelArgs(), UV_IMAGE, '/uv']);
    if (created.status !== 0) fail(`docker create ${UV_IMAGE} failed: ${created.stderr.trim()}`);
    const id = created.stdout.trim();
    try {
      const cp = await dockerAsync(['cp', `${id}:/uv`, join(dir, 'uv')]);
      if (cp.status !== 0) fail(`docker cp ${id}:/uv failed: ${cp.stderr.trim()}`);
    } finally {
      await dockerAsync(['rm', '-f', id]);
    }
    return dir;
  })();
  return uvDir;
}

/** Runs uv inside the stack's slim stand-in with the project at /p (no Python download: the image's own). */
async function uvInStandin(stack: Stack, dir: string, script: string, extra: string[] = []) {
  const bin = await uvBinaryDir();
  return dockerAsync(['run', '--rm', '--network', 'host', ...runLabelArgs(), '-v', `${dir}:/p`, '-v', `${bin}:/uvbin:ro`, '-w', '/p',
    '-e', 'UV_PYTHON_DOWNLOADS=never', '-e', 'UV_CACHE_DIR=/tmp/uv-cache', ...extra, '--entrypoint', 'sh', baseImageTags(stack)[0], '-c', script]);
}

/** `uv lock` in the generated project, as its README says (the CLI did not lock: no uv on its PATH). */
export async function lockProject(stack: Stack, dir: string): Promise<void> {
  const r = await uvInStandin(stack, dir, '/uvbin/uv lock');
  if (r.status !== 0) fail(`uv lock in ${dir} failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
}

interface LockPackage {
  name: string;
  version?: string;
  source?: Record<string, string>;
  dependencies?: { name: string; extra?: string[]; marker?: string }[];
  'optional-dependencies'?: Record<string, { name: string; extra?: string[]; marker?: string }[]>;
}

/** uv.lock's packages by normalized name, and the ones the app needs on every platform (no marker on the way). */
export function lockedApp(lockText: string): { versions: Map<string, string>; required: Set<string> } {
  const lock = parseToml(lockText) as { package?: LockPackage[] };
  const packages = new Map((lock.package ?? []).map((p) => [normalize(p.name), p]));
  const versions = new Map([...packages].filter(([, p]) => p.version && !p.source?.virtual).map(([n, p]) => [n, p.version as string]));
  const root = [...packages.values()].find((p) => p.source?.virtual === '.' || p.source?.editable === '.');
  const required = new Set<string>();
  const visit = (deps: LockPackage['dependencies'] = []) => {
    for (const d of deps) {
      if (d.marker) continue;
      const name = normalize(d.name);
      const p = packages.get(name);
      const extras = (d.extra ?? []).flatMap((e) => p?.['optional-dependencies']?.[e] ?? []);
      if (required.has(name) && !extras.length) continue;
      required.add(name);
      visit(p?.dependencies);
      visit(extras);
    }
  };
  visit(root?.dependencies);
  return { versions, required };
}

/** Every distribution in the image at its uv.lock version; every package the app needs on Linux installed. */
export async function checkInstalledAsLocked(v: Verdict, tag: string, dir: string): Promise<void> {
  const { versions, required } = lockedApp(readFileSync(join(dir, 'uv.lock'), 'utf8'));
  const r = await dockerAsync(['run', '--rm', '--network', 'none', ...runLabelArgs(), '--entrypoint', 'python', tag, '-c',
    'import json, importlib.metadata as m; print(json.dumps({d.metadata["Name"]: d.version for d in m.distributions()}))']);
  const installed = new Map(Object.entries(JSON.parse(r.stdout || '{}') as Record<string, string>).map(([n, ver]) => [normalize(n), ver]));
  const wrong = [...installed].filter(([n, ver]) => versions.get(n) !== ver).map(([n, ver]) => `${n} ${ver} (locked: ${versions.get(n) ?? 'not'})`);
  v.check(r.status === 0 && installed.size > 0 && !wrong.length, `every distribution in the image (${installed.size}) is at its uv.lock version`, wrong.join(', ') || r.stderr.trim());
  const missing = [...required].filter((n) => !installed.has(n));
  v.check(required.size > 0 && !missing.length, `every package uv.lock gives the app on every platform (${required.size}) is installed`, `missing: ${missing.join(', ')}`);
  const dev = DEV_TOOLS.filter((n) => installed.has(normalize(n)));
  v.check(!dev.length, "the image holds none of the dev group's tools", dev.join(', '));
}

/** No uv or uvx in the final image, on PATH or anywhere on its file system. */
export async function checkNoUv(v: Verdict, tag: string): Promise<void> {
  const r = await dockerAsync(['run', '--rm', '--network', 'none', ...runLabelArgs(), '--user', '0', '--entrypoint', 'sh', tag, '-c',
    'command -v uv uvx; find / -xdev \\( -name uv -o -name uvx \\) -type f 2>/dev/null; echo END']);
  v.check(r.status === 0 && r.stdout.trim() === 'END', 'no uv or uvx in the final image (PATH, and the whole file system)', r.stdout.trim().replace(/\n/g, ' '));
}

/** The project's tests as its README runs them: `uv sync` (the dev group, exactly as locked), then pytest. */
export async function runUvProjectTests(tag: string, dir: string): Promise<ProjectTests> {
  const bin = await uvBinaryDir();
  const script = `set -e
cp -r /src /tmp/p && cd /tmp/p
/uvbin/uv sync --locked -q
.venv/bin/python -m pytest --version
echo "VERSIONS $(.venv/bin/python -c "$VERSIONS")"
.venv/bin/python -m pytest -q -p no:cacheprovider`;
  const r = await dockerAsync(['run', '--rm', '--network', 'host', ...runLabelArgs(), '--user', '0', '--entrypoint', 'sh', '-e', `VERSIONS=${versionsScript(DEV_TOOLS)}`,
    '-e', 'UV_PYTHON_DOWNLOADS=never', '-e', 'UV_CACHE_DIR=/tmp/uv-cache', '-v', `${dir}:/src:ro`, '-v', `${bin}:/uvbin:ro`, tag, '-c', script]);
  const lines = (r.stdout + r.stderr).trim().split('\n');
  const summary = r.stdout.trim().split('\n').at(-1) ?? '';
  const versions = JSON.parse(lines.find((l) => l.startsWith('VERSIONS '))?.slice(9) || '{}') as Versions;
  return { ok: r.status === 0 && /^\d+ passed/.test(summary), pytest: lines.find((l) => /^pytest \d/.test(l)) ?? '', summary: summary || (lines.at(-1) ?? ''), versions };
}

/** pyproject.toml gains a dependency without `uv lock`: the build must stop, with uv's own advice. */
export async function checkStaleLock(v: Verdict, dir: string, tag: string): Promise<void> {
  const pyproject = readFileSync(join(dir, 'pyproject.toml'), 'utf8');
  const stale = pyproject.replace(/^dependencies = \[\n/m, 'dependencies = [\n    "httpx",\n');
  v.check(stale !== pyproject, 'the suite adds a dependency to pyproject.toml');
  writeFileSync(join(dir, 'pyproject.toml'), stale);
  try {
    const r = await dockerAsync(['build', '--network', 'host', '--pull=false', '--progress=plain', ...runLabelArgs(), '-t', `${tag}-stale`, dir]);
    const log = r.stdout + r.stderr;
    v.check(r.status !== 0 && log.includes('run `uv lock`'), 'a pyproject.toml changed without `uv lock` fails the build, uv saying to run `uv lock`', log.trim().split('\n').filter((l) => /uv lock|error/i.test(l)).slice(0, 3).join(' | '));
  } finally {
    writeFileSync(join(dir, 'pyproject.toml'), pyproject);
  }
}
