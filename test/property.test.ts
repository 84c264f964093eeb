/**
 * Hostile strings at every flag (fast-check). Each run either exits 2 with one line and writes nothing, or writes
 * files that read back as exactly what was meant: every RUN line tokenizes to the intended words, requirement files
 * parse with pip's own parser to the intended requirements with no line lost, pyproject.toml parses to the intended
 * values, no file holds a control character or the index credentials.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { parse as parseToml } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { requirementText } from '../src/options/grammar/pep508.js';
import { parseArgs } from '../src/options/parse-args.js';
import { resolveOptions } from '../src/options/resolve.js';
import type { Options } from '../src/options/types.js';
import { dockerfileModel } from '../src/render/dockerfile/compose.js';
import { appRequirements, devRequirements } from '../src/render/requirements.js';
import { hostileArgv } from './helpers/hostile.js';
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

const stats = { cases: 0, refused: 0, written: 0, requirementFiles: 0, runLines: 0, writtenByDeps: {} as Record<string, number> };
/** Requirement files to read back with pip's parser, with what each must contain. */
const pending: { path: string; expected: string[]; indexUrl: string | undefined }[] = [];

const resolved = (argv: string[], cwd: string): Promise<Options> =>
  resolveOptions({ given: parseArgs(argv).given, interactive: false, env: { cwd, home: '/nonexistent' }, inspectDirectory: () => 'missing' });

function checkWritten(o: Options, dir: string, argv: string[]): void {
  const files = listFiles(dir);
  for (const path of files) {
    const text = readFileSync(join(dir, path), 'utf8');
    expect(text, `${path} holds a control character`).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/);
    const credentials = o.indexUrl?.credentials;
    if (credentials?.password) expect(text, `${path} holds the index password`).not.toContain(credentials.password);
  }
  // Every RUN line is the model's commands, word for word.
  const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
  const intended = dockerfileModel(o).stages.flat().flatMap((s) => (s.instruction.op === 'RUN' ? [s.instruction.commands] : []));
  const lines = runLines(dockerfile);
  expect(lines.map((l) => shellCommands(l.command))).toEqual(intended);
  stats.runLines += lines.length;
  // Every line of the Dockerfile is a comment, blank, an instruction, or an indented continuation.
  for (const line of dockerfile.split('\n')) expect(line, 'a stray Dockerfile line').toMatch(/^(#.*|[A-Z]+ .*|\s{4}\S.*|)$/);
  // The index URL, where it went, is the URL parser's origin and path of what was given: no credentials.
  const given = argv[argv.indexOf('--index-url') + 1];
  if (argv.includes('--index-url') && given !== undefined) {
    const url = new URL(given);
    expect(o.indexUrl?.url).toBe(`${url.origin}${url.pathname}`);
  }
  if (o.deps === 'pip') {
    pending.push({ path: join(dir, 'requirements.txt'), expected: appRequirements(o).map(requirementText), indexUrl: o.indexUrl?.url });
    pending.push({ path: join(dir, 'requirements-dev.txt'), expected: [...appRequirements(o), ...devRequirements(o)].map(requirementText), indexUrl: o.indexUrl?.url });
  } else {
    const toml = parseToml(readFileSync(join(dir, 'pyproject.toml'), 'utf8')) as Record<string, any>;
    expect(toml.project.dependencies).toEqual(appRequirements(o).map(requirementText));
    expect(toml['dependency-groups'].dev).toEqual(devRequirements(o).map(requirementText));
    expect(toml.project['requires-python']).toBe(`>=${o.python}`);
    // The index goes to the tool's own table: Poetry's source, or uv's index (which replaces PyPI).
    if (o.deps === 'poetry') expect(toml.tool.poetry.source?.[0]?.url).toBe(o.indexUrl?.url);
    else {
      expect(toml.tool.uv.index?.[0]?.url).toBe(o.indexUrl?.url);
      if (o.indexUrl) expect(toml.tool.uv.index[0]).toEqual({ name: 'mirror', url: o.indexUrl.url, default: true });
      expect(toml.tool.uv.package).toBe(false);
    }
    const list = join(dir, 'deps.pep508');
    writeFileSync(list, JSON.stringify([...toml.project.dependencies, ...toml['dependency-groups'].dev]));
    pending.push({ path: list, expected: [...appRequirements(o), ...devRequirements(o)].map(requirementText), indexUrl: undefined });
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
        const o = await resolved(argv, r.cwd);
        stats.writtenByDeps[o.deps] = (stats.writtenByDeps[o.deps] ?? 0) + 1;
        checkWritten(o, resolve(r.cwd, o.directory), argv);
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
    const parsed = JSON.parse(execFileSync('python3', [PARSER, ...pending.map((p) => p.path)], { encoding: 'utf8', maxBuffer: 64 << 20 })) as {
      path: string;
      error?: string;
      lines?: { requirement?: Record<string, unknown>; options?: { index_url?: string } }[];
    }[];
    const expectedTrees = JSON.parse(
      execFileSync('python3', [PARSER, ...pending.map((p, i) => {
        const file = join(tempDir('cfd-expected-'), `${i}.pep508`);
        writeFileSync(file, JSON.stringify(p.expected));
        return file;
      })], { encoding: 'utf8', maxBuffer: 64 << 20 }),
    ) as { lines: { requirement: unknown }[] }[];
    pending.forEach((p, i) => {
      const got = parsed[i];
      expect(got?.error, `${p.path}: pip refused it`).toBeUndefined();
      const requirements = (got?.lines ?? []).filter((l) => l.requirement).map((l) => l.requirement);
      expect(requirements, `${p.path}: a requirement was lost or changed`).toEqual(expectedTrees[i]?.lines.map((l) => l.requirement));
      const index = (got?.lines ?? []).find((l) => l.options?.index_url)?.options?.index_url;
      expect(index).toBe(p.indexUrl);
      stats.requirementFiles++;
    });
    console.log(`property: ${stats.cases} cases, ${stats.refused} refused (exit 2), ${stats.written} written; ${stats.runLines} RUN lines tokenized, ${stats.requirementFiles} requirement lists read back by pip and packaging`);
    expect(existsSync('/tmp/PWN')).toBe(false);
  }, 600_000);
});
