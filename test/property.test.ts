/**
 * Hostile strings at every flag (fast-check). Each run either exits 2 with one line and writes nothing, or writes
 * files that read back as exactly what was meant: the Dockerfile's RUN lines and the README's shell blocks, run by a
 * real shell with every program replaced by a recorder, execute exactly the intended words and nothing else;
 * requirement files parse with pip's own parser to the intended requirements with no line lost; pyproject.toml
 * parses to the intended values; no file holds a control character or the index credentials. What is "intended"
 * is written here from the README's rules (which defaults each process model needs, how a pin replaces one), not
 * taken from the generator.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { parse as parseToml } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { DEFAULT_REQUIREMENTS } from '../src/versions.js';
import { hostileArgv } from './helpers/hostile.js';
import { INJECTED, readmeShellLines, runUnderBash, runUnderSh } from './helpers/run-generated.js';
import { listFiles, tempDir } from './helpers/run-cli.js';
import { runLines, shellCommands } from './helpers/shell-words.js';

const RUNS = Number(process.env.CFD_PROPERTY_RUNS ?? 300);
const PARSER = resolve(import.meta.dirname, 'helpers/parse_requirements.py');

/** Runs the CLI in-process, as the bin would without a terminal. */
async function run(argv: string[]) {
  const cwd = tempDir('cfd-prop-');
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: '', err: '' };
  out.on('data', (d) => (chunks.out += d));
  err.on('data', (d) => (chunks.err += d));
  const code = await main(argv, { stdout: out, stderr: err, stdinIsTTY: false, env: { CI: '1', NO_COLOR: '1', CFD_UV: '/nonexistent/cfd-test-uv' }, cwd });
  return { code, cwd, stdout: chunks.out, stderr: chunks.err };
}

const stats = { cases: 0, refused: 0, written: 0, requirementFiles: 0, runLines: 0, shellLines: 0, writtenByDeps: {} as Record<string, number> };

/** The argv of a hostile case, read back by its construction (helpers/hostile.ts): the axes, then flag/value pairs. */
function readArgv(argv: string[]) {
  const pairs: [string, string][] = [];
  for (let i = 6; i + 1 < argv.length; i += 2) pairs.push([argv[i] as string, argv[i + 1] as string]);
  const value = (flag: string) => pairs.find(([f]) => f === flag)?.[1];
  return { directory: argv[0] as string, deps: argv[2] as 'pip' | 'poetry' | 'uv', process: argv[4] as 'single' | 'workers' | 'gunicorn', pins: pairs.filter(([f]) => f === '--pin').map(([, v]) => v), value };
}

/** The README's defaults: FastAPI and Uvicorn, and for Gunicorn its worker class; the tests' and Poetry's own. */
const APP = { single: ['fastapi', 'uvicorn'], workers: ['fastapi', 'uvicorn'], gunicorn: ['fastapi', 'uvicorn', 'gunicorn', 'uvicorn-worker'] } as const;
const DEV = ['pytest', 'httpx'] as const;
const TOOLS = ['poetry', 'poetry-plugin-export'] as const;
type Known = keyof typeof DEFAULT_REQUIREMENTS;
/** What a requirement list must hold: defaults with the pins applied (pip -r files also pull in what they include). */
interface Intended { defaults: Known[]; pins: string[]; addsPackages: boolean }
const pending: { path: string; intended: Intended[]; indexUrl: string | undefined }[] = [];

/** The password as the URL parser decodes it (left as it is where it is no valid percent-encoding). */
const decoded = (text: string) => { try { return decodeURIComponent(text); } catch { return text; } };

const USER = [['groupadd', '--system', '--gid', '10001', 'app'], ['useradd', '--system', '--uid', '10001', '--gid', 'app', '--no-create-home', 'app']];

function checkWritten(argv: string[], dir: string): void {
  const a = readArgv(argv);
  const given = a.value('--index-url');
  const index = given === undefined ? undefined : (() => { const url = new URL(given); return `${url.origin}${url.pathname}`; })();
  const credentials = given === undefined ? undefined : new URL(given).password;
  for (const path of listFiles(dir)) {
    const text = readFileSync(join(dir, path), 'utf8');
    expect(text, `${path} holds a control character`).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/);
    if (credentials) expect(text, `${path} holds the index password`).not.toContain(decoded(credentials));
  }
  // The RUN lines, run by sh: exactly the intended programs and words; our strict reader agrees with the shell.
  const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
  const lines = runLines(dockerfile);
  const ran = runUnderSh(lines.map((l) => l.command));
  expect(lines.map((l) => shellCommands(l.command))).toEqual(ran);
  const indexFlags = index === undefined ? [] : ['--index-url', index];
  const install = (...flags: string[]) => [['pip', 'install', '--no-cache-dir', '--upgrade', ...flags, '-r', '/code/requirements.txt']];
  if (a.deps === 'pip') {
    expect(ran).toEqual([USER, install()]);
  } else if (a.deps === 'uv') {
    // uv's Docker guide: the locked dependencies alone, without the project or the dev group; uv stays in its stage.
    expect(ran).toEqual([[['uv', 'sync', '--locked', '--no-install-project', '--no-dev']], USER]);
  } else {
    const [tools, ...rest] = ran;
    const prefix = ['pip', 'install', '--no-cache-dir', ...indexFlags];
    expect(tools?.length).toBe(1);
    expect(tools?.[0]?.slice(0, prefix.length)).toEqual(prefix);
    const list = join(dir, 'tools.pep508');
    writeFileSync(list, JSON.stringify(tools?.[0]?.slice(prefix.length)));
    pending.push({ path: list, intended: [{ defaults: [...TOOLS], pins: a.pins, addsPackages: false }], indexUrl: undefined });
    expect(rest).toEqual([[['poetry', 'export', '--format', 'requirements.txt', '--output', 'requirements.txt', '--without-hashes']], USER, install('--no-deps')]);
  }
  stats.runLines += lines.length;
  // The README's shell blocks, run by bash: no value breaks out into a command of its own.
  const shell = readmeShellLines(readFileSync(join(dir, 'README.md'), 'utf8'));
  expect(shell.length).toBeGreaterThan(2);
  const calls = runUnderBash(shell);
  expect(calls.filter((c) => INJECTED.has(c[0] as string)), 'a README command ran an injected program').toEqual([]);
  expect(calls.find((c) => c[0] === 'docker' && c[1] === 'build')?.at(-1)).toBe('.');
  stats.shellLines += shell.length;
  // Every line of the Dockerfile is a comment, blank, an instruction, or an indented continuation.
  for (const line of dockerfile.split('\n')) expect(line, 'a stray Dockerfile line').toMatch(/^(#.*|[A-Z]+ .*|\s{4}\S.*|)$/);
  const app: Intended = { defaults: [...APP[a.process]], pins: a.pins, addsPackages: true };
  const dev: Intended = { defaults: [...DEV], pins: a.pins, addsPackages: false };
  if (a.deps === 'pip') {
    pending.push({ path: join(dir, 'requirements.txt'), intended: [app], indexUrl: index });
    pending.push({ path: join(dir, 'requirements-dev.txt'), intended: [app, dev], indexUrl: index });
  } else {
    const toml = parseToml(readFileSync(join(dir, 'pyproject.toml'), 'utf8')) as Record<string, any>;
    const python = a.value('--python') ?? a.value('--base-image')?.match(/python:(3\.\d+)/)?.[1] ?? '3.14';
    expect(toml.project['requires-python']).toBe(`>=${python}`);
    // The index goes to the tool's own table: Poetry's source, or uv's index (which replaces PyPI).
    if (a.deps === 'poetry') expect(toml.tool.poetry.source?.[0]?.url).toBe(index);
    else {
      expect(toml.tool.uv.index?.[0]?.url).toBe(index);
      if (index !== undefined) expect(toml.tool.uv.index[0]).toEqual({ name: 'mirror', url: index, default: true });
      expect(toml.tool.uv.package).toBe(false);
    }
    for (const [name, list, intended] of [['app', toml.project.dependencies, app], ['dev', toml['dependency-groups'].dev, dev]] as const) {
      const path = join(dir, `${name}.pep508`);
      writeFileSync(path, JSON.stringify(list));
      pending.push({ path, intended: [intended], indexUrl: undefined });
    }
  }
}

describe('hostile values at every flag', () => {
  it(`exit 2 with one line and nothing written, or files that read back exactly (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(hostileArgv, async (argv) => {
        stats.cases++;
        const r = await run(argv);
        expect([0, 2], `exit ${r.code}: ${r.stderr}`).toContain(r.code);
        if (r.code === 2) {
          stats.refused++;
          expect(r.stderr.split('\n').filter(Boolean), r.stderr).toHaveLength(1);
          expect(r.stderr).toMatch(/^error /);
          expect(r.stderr.length).toBeLessThan(600);
          expect(readdirSync(r.cwd)).toEqual([]);
          return;
        }
        stats.written++;
        const a = readArgv(argv);
        stats.writtenByDeps[a.deps] = (stats.writtenByDeps[a.deps] ?? 0) + 1;
        checkWritten(argv, resolve(r.cwd, a.directory));
      }),
      { numRuns: RUNS, ...(process.env.CFD_PROPERTY_SEED ? { seed: Number(process.env.CFD_PROPERTY_SEED) } : {}) },
    );
    // Both outcomes must be common, or the property tests only one side.
    expect(stats.refused).toBeGreaterThanOrEqual(RUNS / 20);
    expect(stats.written).toBeGreaterThanOrEqual(RUNS / 20);
    // Every dependency tool's files were written and read back, not only the default's.
    expect(Object.keys(stats.writtenByDeps).sort()).toEqual(['pip', 'poetry', 'uv']);
  }, 300_000);

  afterAll(() => {
    // The mutation run (CFD_MUTATION) skips the Python read-back: one Python start per mutant would take hours.
    if (!pending.length || process.env.CFD_MUTATION) return;
    type Parsed = { path: string; error?: string; lines?: { requirement?: Requirement; options?: { index_url?: string } }[] };
    const pip = (paths: string[]) => JSON.parse(execFileSync('python3', [PARSER, ...paths], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Parsed[];
    const parsed = pip(pending.map((p) => p.path));
    // Each pin as the user typed it, and each default, read by packaging on its own.
    const texts = [...new Set([...pending.flatMap((p) => p.intended.flatMap((i) => i.pins)), ...Object.values(DEFAULT_REQUIREMENTS)])];
    const scratch = tempDir('cfd-expected-');
    const read = pip(texts.map((t, i) => { const file = join(scratch, `${i}.pep508`); writeFileSync(file, JSON.stringify([t])); return file; }));
    const requirementOf = new Map(texts.map((t, i) => [t, read[i]?.lines?.[0]?.requirement]));
    let ambiguous = 0;
    pending.forEach((p, i) => {
      const got = parsed[i];
      expect(got?.error, `${p.path}: pip refused it`).toBeUndefined();
      const index = (got?.lines ?? []).find((l) => l.options?.index_url)?.options?.index_url;
      expect(index).toBe(p.indexUrl);
      const expected = p.intended.map((x) => intendedRequirements(x, requirementOf));
      if (expected.some((e) => e === undefined)) return void ambiguous++;
      const requirements = (got?.lines ?? []).flatMap((l) => (l.requirement ? [sameUrl(l.requirement)] : []));
      expect(requirements, `${p.path}: a requirement was lost or changed`).toEqual((expected as Requirement[][]).flat().map(sameUrl));
      stats.requirementFiles++;
    });
    expect(ambiguous, 'most requirement lists have one pin per package').toBeLessThan(Math.max(3, pending.length / 10));
    console.log(`property: ${stats.cases} cases, ${stats.refused} refused (exit 2), ${stats.written} written; ${stats.runLines} RUN lines and ${stats.shellLines} README lines run by a shell, ${stats.requirementFiles} requirement lists read back by pip and packaging (${ambiguous} with one package pinned twice not compared)`);
  }, 600_000);
});

/** A requirement as helpers/parse_requirements.py prints it. */
interface Requirement { name: string; extras: string[]; specifier: string[]; url: string | null; marker: string | null }

/** A direct reference in the WHATWG URL parser's form: `é` and `%C3%A9` in a URL are the same URL. */
const sameUrl = (r: Requirement): Requirement => {
  if (r.url === null) return r;
  try {
    return { ...r, url: new URL(r.url).href };
  } catch {
    return r;
  }
};

/** PEP 503: names compare lower-cased, with runs of -, _ and . as one -. */
const canonical = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');
/** Whether the pin as typed names extras of its own (`uvicorn[]` names none, and so drops the default's). */
const namesExtras = (text: string) => /^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*\[/.test(text);
const NON_APP = new Set([...DEV, ...TOOLS]);

/**
 * The README's rule: a pin replaces the default of its distribution, keeping the default's extras unless it names
 * its own; a pin of any other package is added to the app's requirements, after the defaults. Undefined when one
 * package is pinned twice (which pin wins is not what this property is about).
 */
function intendedRequirements(x: Intended, requirementOf: Map<string, Requirement | undefined>): Requirement[] | undefined {
  const pins = x.pins.map((text) => ({ text, req: requirementOf.get(text) as Requirement }));
  const names = pins.map((p) => canonical(p.req.name));
  if (new Set(names).size !== names.length) return undefined;
  const defaults = x.defaults.map((name) => {
    const base = requirementOf.get(DEFAULT_REQUIREMENTS[name]) as Requirement;
    const pin = pins.find((p) => canonical(p.req.name) === canonical(base.name));
    if (!pin) return base;
    return namesExtras(pin.text) ? pin.req : { ...pin.req, extras: base.extras };
  });
  const added = x.addsPackages ? pins.filter((p) => !x.defaults.includes(canonical(p.req.name) as Known) && !NON_APP.has(canonical(p.req.name) as never)).map((p) => p.req) : [];
  return [...defaults, ...added];
}
