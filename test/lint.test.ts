import { basename } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { DEPS, LAYOUTS, PROCESSES } from '../src/options/choices.js';
import { loadTemplates } from '../src/io/templates.js';
import { render } from '../src/render/index.js';
import { COMBOS, optionsFromFlags } from './helpers/combos.js';
import { type Finding, PINNED, hadolint, installedVersions, shellcheck } from './helpers/field-linters.js';
import { dockerfileProblems, ruffProblems } from './helpers/lint.js';
import { AXES, type Axes, type Entry, VARIANTS, axesName, lintMatrix } from './helpers/lint-matrix.js';

const templates = loadTemplates();

describe('templates are real files that pass ruff', () => {
  const python = [...templates].filter(([path]) => path.endsWith('.py'));
  it('has Python templates to check', () => expect(python.length).toBeGreaterThanOrEqual(10));
  for (const [path, source] of python) {
    it(path, () => expect(ruffProblems(source)).toEqual([]));
  }
});

type Kind = 'python' | 'dockerfile' | 'shell' | 'not linted' | 'unknown';
const SHELLS = new Set(['sh', 'bash', 'dash', 'ksh']);
/** Files no linter here reads: YAML is the yaml library's own output (below), TOML smol-toml's, the rest plain text. */
const NOT_LINTED = /(\.md|\.ya?ml|\.toml|\.txt|^\.dockerignore|^\.gitignore|^\.gitattributes|^Caddyfile)$/;

/** Which linter reads a generated file: by its shebang first (any script is linted), then by its name. */
function kindOf(path: string, content: string): Kind {
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(content);
  const interpreter = shebang && (basename(shebang[1] ?? '') === 'env' ? shebang[2] : basename(shebang[1] ?? ''));
  if (path.endsWith('.sh') || SHELLS.has(interpreter ?? '')) return 'shell';
  if (shebang) return /^python3?$/.test(interpreter ?? '') ? 'python' : 'unknown';
  if (path.endsWith('.py')) return 'python';
  if (basename(path) === 'Dockerfile') return 'dockerfile';
  return NOT_LINTED.test(basename(path)) ? 'not linted' : 'unknown';
}

/** The same file text is linted once, under a short name of its own, and its findings go to every place it is used. */
class Unique {
  readonly names = new Map<string, string>();
  constructor(private readonly prefix: string) {}
  add(path: string, content: string): string {
    const known = this.names.get(content);
    if (known) return known;
    const name = `${this.prefix}${this.names.size}/${basename(path)}`;
    this.names.set(content, name);
    return name;
  }
  files = (): Map<string, string> => new Map([...this.names].map(([content, name]) => [name, content]));
}

const byFile = (findings: Finding[]): Map<string, string[]> => {
  const map = new Map<string, string[]>();
  for (const f of findings) map.set(f.file, [...(map.get(f.file) ?? []), `${f.line}: ${f.code} ${f.message}`]);
  return map;
};

describe('every file of every combination lints clean: ruff, hadolint and shellcheck with their default rules', () => {
  let entries: Entry[] = [];
  let refused: { axes: Axes; variant: string; problem: string }[] = [];
  const dockerfiles = new Unique('d');
  const scripts = new Unique('s');
  const problems = new Map<Entry, string[]>();
  const kinds = new Map<string, Kind>();

  beforeAll(async () => {
    ({ entries, refused } = await lintMatrix());
    const uses: { entry: Entry; path: string; kind: Kind; name?: string; content: string }[] = [];
    for (const entry of entries) {
      for (const file of render(entry.options, templates)) {
        const kind = kindOf(file.path, file.content);
        kinds.set(file.path, kind);
        const name = kind === 'dockerfile' ? dockerfiles.add(file.path, file.content) : kind === 'shell' ? scripts.add(file.path, file.content) : undefined;
        uses.push({ entry, path: file.path, kind, name, content: file.content });
      }
    }
    const found = new Map([...byFile(hadolint(dockerfiles.files())), ...byFile(shellcheck(scripts.files()))]);
    const ruffed = new Map<string, string[]>();
    const utils = new Map<string, string[]>();
    for (const use of uses) {
      const list = problems.get(use.entry) ?? [];
      const at = (p: string) => `${use.entry.variant} (${use.entry.flags.join(' ')}): ${use.path}:${p}`;
      if (use.kind === 'python') {
        if (!ruffed.has(use.content)) ruffed.set(use.content, ruffProblems(use.content));
        list.push(...(ruffed.get(use.content) ?? []).map((p) => at(`${p} (ruff)`)));
      }
      if (use.kind === 'dockerfile') {
        if (!utils.has(use.content)) utils.set(use.content, dockerfileProblems(use.content));
        list.push(...(utils.get(use.content) ?? []).map((p) => at(`${p} (dockerfile-utils)`)));
      }
      if (use.name) list.push(...(found.get(use.name) ?? []).map((p) => at(p)));
      problems.set(use.entry, list);
    }
  }, 240_000);

  it('runs the pinned linters', () => {
    expect(PINNED).toEqual({ hadolint: '2.15.1', shellcheck: '0.11.0' });
    expect(installedVersions()).toEqual(PINNED);
  });

  it('lints every choice of every option with every variant somewhere, and knows every kind of file it writes', () => {
    for (const variant of VARIANTS) expect(entries.some((e) => e.variant === variant.name), variant.name).toBe(true);
    for (const { value } of LAYOUTS) expect(entries.some((e) => e.axes.layout === value), value).toBe(true);
    for (const { value } of DEPS) expect(entries.some((e) => e.axes.deps === value), value).toBe(true);
    for (const { value } of PROCESSES) expect(entries.some((e) => e.axes.process === value), value).toBe(true);
    // A combination the tool refuses is one a user cannot generate: refused with one line naming the flag.
    for (const r of refused) expect(r.problem, `${axesName(r.axes)} ${r.variant}`).toMatch(/^--[a-z-]+ /);
    const unknown = [...kinds].filter(([, kind]) => kind === 'unknown').map(([path]) => path);
    expect(unknown, 'generated files no linter here reads: give them one, or list them in NOT_LINTED').toEqual([]);
    expect([...kinds.values()]).toEqual(expect.arrayContaining(['python', 'dockerfile', 'shell']));
    expect(dockerfiles.names.size).toBeGreaterThan(AXES.length);
  });

  for (const axes of AXES) {
    it(axesName(axes), () => {
      const mine = entries.filter((e) => e.axes === axes);
      expect(mine.flatMap((e) => problems.get(e) ?? [])).toEqual([]);
    });
  }

  it('every inline ignore is needed: without it, exactly the rule it names is reported, on the line below it', () => {
    const seen = new Set<string>();
    const check = (unique: Unique, lint: typeof hadolint, pragma: RegExp, codes: (line: string) => string[]) => {
      const expected = new Map<string, string[]>();
      const stripped = new Map<string, string>();
      for (const [name, content] of unique.files()) {
        const lines = content.split('\n');
        const want = lines.flatMap((line, i) => (pragma.test(line) ? codes(line).map((c) => `${i + 2}: ${c}`) : []));
        if (!want.length) continue;
        want.forEach((w) => seen.add(w.split(' ')[1] as string));
        expected.set(name, want.sort());
        // The pragma's line becomes a bare comment, so every other line keeps its number.
        stripped.set(name, lines.map((line) => (pragma.test(line) ? '#' : line)).join('\n'));
      }
      const got = new Map<string, string[]>();
      for (const f of lint(stripped)) got.set(f.file, [...(got.get(f.file) ?? []), `${f.line}: ${f.code}`].sort());
      expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected));
    };
    check(dockerfiles, hadolint, /^# hadolint ignore=/, (line) => (/ignore=([A-Z0-9,]+)/.exec(line)?.[1] ?? '').split(','));
    check(scripts, shellcheck, /^\s*# shellcheck /, (line) => [
      ...(/disable=([A-Z0-9,]+)/.exec(line)?.[1]?.split(',') ?? []),
      ...(/source=\/dev\/null/.test(line) ? ['SC1090'] : []),
    ]);
    // The matrix reaches every ignore the generator can write.
    expect([...seen].sort()).toEqual(['DL3006', 'DL3007', 'DL3013', 'SC1090']);
  });
});

describe('the linters report what they should (so a clean result means something)', () => {
  it('hadolint: an unpinned base and an unpinned, cached pip install', () => {
    const findings = hadolint(new Map([['bad/Dockerfile', 'FROM python\nRUN pip install flask\nCMD uvicorn main:app\n']]));
    expect(findings.map((f) => `${f.file}:${f.line} ${f.code}`).sort()).toEqual([
      'bad/Dockerfile:1 DL3006',
      'bad/Dockerfile:2 DL3013',
      'bad/Dockerfile:2 DL3042',
      'bad/Dockerfile:3 DL3025',
    ]);
  });

  it('hadolint: the shell inside RUN (ShellCheck built in), and a generated Dockerfile with a planted finding', async () => {
    const generated = render(await optionsFromFlags(['svc']), templates).find((f) => f.path === 'Dockerfile')?.content ?? '';
    const planted = generated.replace(/^WORKDIR \/code$/m, 'WORKDIR code\nRUN cd /tmp && echo $HOME');
    const findings = hadolint(new Map([['g/Dockerfile', generated], ['p/Dockerfile', planted]]));
    expect(findings.map((f) => `${f.file} ${f.code}`).sort()).toEqual(['p/Dockerfile DL3000', 'p/Dockerfile DL3003', 'p/Dockerfile SC2086']);
  });

  it('shellcheck: an unquoted variable, a script without a shebang, and a planted finding in a generated script', async () => {
    const entrypoint = render(await optionsFromFlags(['svc', '--process', 'workers']), templates).find((f) => f.path === 'docker-entrypoint.sh');
    const planted = (entrypoint?.content ?? '').replace('exec "$@"', 'exec $@');
    const findings = shellcheck(
      new Map([
        ['a/run.sh', '#!/bin/sh\necho $1\n'],
        ['b/run.sh', 'echo hello\n'],
        ['c/docker-entrypoint.sh', entrypoint?.content ?? ''],
        ['d/docker-entrypoint.sh', planted],
      ]),
    );
    expect(findings.map((f) => `${f.file} ${f.code}`).sort()).toEqual(['a/run.sh SC2086', 'b/run.sh SC2148', 'd/docker-entrypoint.sh SC2068']);
  });

  it('the machine\'s own configuration cannot turn a rule off', () => {
    const saved = { h: process.env.HADOLINT_IGNORE, s: process.env.SHELLCHECK_OPTS };
    process.env.HADOLINT_IGNORE = 'DL3006';
    process.env.SHELLCHECK_OPTS = '--exclude=SC2086';
    try {
      expect(hadolint(new Map([['x/Dockerfile', 'FROM python\n']])).map((f) => f.code)).toEqual(['DL3006']);
      expect(shellcheck(new Map([['x/run.sh', '#!/bin/sh\necho $1\n']])).map((f) => f.code)).toEqual(['SC2086']);
    } finally {
      for (const [key, value] of [['HADOLINT_IGNORE', saved.h], ['SHELLCHECK_OPTS', saved.s]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('ruff and dockerfile-utils', () => {
    expect(ruffProblems('import os\nx=1\n').join('\n')).toMatch(/F401/);
    expect(dockerfileProblems('FROM python:3.14-slim\nCMD ["uvicorn"]\nCMD ["gunicorn"]\nWORKDIR code\n').length).toBeGreaterThan(0);
  });
});

it('every YAML file is the yaml library\'s own output: reading it and printing it again changes nothing', async () => {
  // The first eight combinations: every process model, with and without --proxy.
  const rendered = COMBOS.slice(0, 8).map(async (combo) => render(await optionsFromFlags(['svc', ...combo.flags]), templates));
  const files = (await Promise.all(rendered)).flat().filter((file) => file.path.endsWith('.yaml'));
  expect(files.map((f) => f.path)).toContain('compose.yaml');
  expect(files.map((f) => f.path)).toContain('k8s/deployment.yaml');
  for (const file of files) {
    expect(reprint(file.content), file.path).toBe(file.content);
  }
  // A hand-written file is rarely in the library's exact form.
  expect(reprint('services:\n  app:\n    ports: ["80:80"]\n')).not.toBe('services:\n  app:\n    ports: ["80:80"]\n');
});

/** The same options the generator prints with (src/render/deploy/yaml.ts). */
const reprint = (text: string) => parseDocument(text, { version: '1.1' }).toString({ lineWidth: 0 });
