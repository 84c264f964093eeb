/**
 * The grammars against the real parsers: requirements we accept and write back must mean, to Python's packaging
 * library, exactly what the user wrote; what packaging refuses we refuse. Generated with fast-check from PEP 508.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../src/options/grammar/image-ref.js';
import { parseTrustList } from '../src/options/grammar/networks.js';
import { parseRequirement, parseRequirementList, requirementText } from '../src/options/grammar/pep508.js';
import { parseIndexUrl } from '../src/options/grammar/urls.js';
import { tempDir } from './helpers/run-cli.js';

const PARSER = resolve(import.meta.dirname, 'helpers/parse_requirements.py');

/** packaging's reading of each text: a tree, or an error (one file per text, one Python run for all). */
function packaging(texts: string[]): ({ requirement: unknown } | { error: string })[] {
  const dir = tempDir('cfd-pep508-');
  const files = texts.map((text, i) => {
    const file = join(dir, `${i}.pep508`);
    writeFileSync(file, JSON.stringify([text]));
    return file;
  });
  const out = JSON.parse(execFileSync('python3', [PARSER, ...files], { encoding: 'utf8', maxBuffer: 64 << 20 })) as { error?: string; lines?: { requirement: unknown }[] }[];
  return out.map((r) => (r.error ? { error: r.error } : { requirement: r.lines?.[0]?.requirement }));
}

const name = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,8}[A-Za-z0-9])?$/);
const version = fc.oneof(fc.stringMatching(/^[0-9]{1,3}(\.[0-9]{1,3}){0,3}$/), fc.stringMatching(/^[0-9]\.[0-9](a|b|rc|\.post|\.dev)[0-9]$/));
const spec = fc.tuple(fc.constantFrom('>=', '<', '<=', '>', '==', '!=', '~='), version).map(([op, v]) => (op === '~=' && !v.includes('.') ? `${op}${v}.0` : `${op}${v}`));
const markerVar = fc.constantFrom('python_version', 'sys_platform', 'os_name', 'platform_machine', 'implementation_name', 'extra');
const markerValue = fc.stringMatching(/^[A-Za-z0-9._-]{0,8}$/);
const markerAtom = fc.tuple(markerVar, fc.constantFrom('==', '!=', '<', '>=', 'in', 'not in'), markerValue, fc.constantFrom("'", '"')).map(([v, op, s, q]) => `${v} ${op} ${q}${s}${q}`);
const marker = fc.array(fc.tuple(markerAtom, fc.constantFrom(' and ', ' or ')), { minLength: 1, maxLength: 3 }).map((parts) =>
  parts.map(([atom, joiner], i) => (i === parts.length - 1 ? atom : `${atom}${joiner}`)).join(''),
);
const requirement = fc
  .record({
    name,
    extras: fc.option(fc.array(name, { maxLength: 2 }), { nil: undefined }),
    specs: fc.array(spec, { maxLength: 3 }),
    url: fc.option(fc.constantFrom('https://example.com/p-1.0-py3-none-any.whl', 'git+https://github.com/o/r@v1#egg=x', 'file:///wheels/a.whl'), { nil: undefined }),
    marker: fc.option(marker, { nil: undefined }),
    spaces: fc.constantFrom('', ' ', '  '),
  })
  .map((r) => {
    const extras = r.extras ? `[${r.extras.join(',')}]` : '';
    const body = r.url ? ` @ ${r.url}` : `${r.spaces}${r.specs.join(`${r.spaces},`)}`;
    const markerText = r.marker ? `${r.url ? ' ' : r.spaces};${r.spaces}${r.marker}` : '';
    return `${r.name}${extras}${body}${markerText}`;
  });

/** The Python cross-checks spawn Python; the mutation run (CFD_MUTATION) relies on the round trip below instead. */
const withPython = !process.env.CFD_MUTATION;

describe('PEP 508, our side: what we write reads back as what we read', () => {
  it('every generated requirement round-trips through the canonical text to the same tree', () => {
    // `name[]` (explicitly no extras) is written as `name`: the same requirement.
    const same = (r: ReturnType<typeof parseRequirement>) => (r.ok ? { ...r.value, extras: r.value.extras?.length ? r.value.extras : undefined } : r);
    for (const text of fc.sample(requirement, { numRuns: 300, seed: 440 })) {
      const first = parseRequirement(text);
      expect(first.ok, text).toBe(true);
      const canonical = first.ok ? requirementText(first.value) : '';
      expect(same(parseRequirement(canonical)), `${text} → ${canonical}`).toEqual(same(first));
      expect(requirementText((parseRequirement(canonical) as { value: Parameters<typeof requirementText>[0] }).value)).toBe(canonical);
    }
  });
});

describe.runIf(withPython)('PEP 508, checked against packaging', () => {
  it('every generated requirement: we read it; our canonical text means to packaging what the original means', () => {
    const texts = fc.sample(requirement, { numRuns: Number(process.env.CFD_GRAMMAR_SAMPLES ?? 400), seed: 508 });
    const ours = texts.map((t) => parseRequirement(t));
    for (const [i, r] of ours.entries()) expect(r.ok, `${texts[i]}: ${r.ok ? '' : r.problem}`).toBe(true);
    const canonical = ours.map((r) => (r.ok ? requirementText(r.value) : ''));
    const original = packaging(texts);
    const written = packaging(canonical);
    original.forEach((o, i) => expect(written[i], `${texts[i]} → ${canonical[i]}`).toEqual(o));
    expect(original.every((o) => 'requirement' in o)).toBe(true);
  });

  it('what packaging refuses, we refuse (and a few things packaging takes but a requirements file would break on)', () => {
    const bad = ['uvicorn; foo', 'fastapi>=0.1; x\\', 'x[', 'x @ ', '-x', 'x~=1', 'x; python_version', 'x>=1,', 'x (>=1'];
    for (const text of bad) expect(parseRequirement(text).ok, text).toBe(false);
    const theirs = packaging(bad);
    theirs.forEach((t, i) => expect('error' in t, `packaging took ${bad[i]}`).toBe(true));
    // Not PEP 440, so refused since packaging 22 (the pip in every current image); the packaging 21.3 that this
    // machine's pip 23.2 vendors still reads them as legacy versions, so they are checked on our side only.
    for (const text of ['a<' + ' '.repeat(50) + '!', 'x>=', 'x==1.0+']) expect(parseRequirement(text).ok, text).toBe(false);
    // valid PEP 508, refused on purpose: a marker string with a space before '-' ends pip's requirement on that line
    expect(parseRequirement("x; platform_version == 'a -b'").ok).toBe(false);
  });

  it('a prompt answer: requirements separated by spaces or commas, spaces allowed inside a specifier', () => {
    const list = parseRequirementList('fastapi>=0.115,<0.116, uvicorn >= 0.32 , < 0.33  httpx');
    expect(list.ok && list.value.map(requirementText)).toEqual(['fastapi>=0.115,<0.116', 'uvicorn>=0.32,<0.33', 'httpx']);
  });

  it('runs in time linear in the input: 100,000 characters of the old backtracking case are answered at once', () => {
    const started = performance.now();
    for (const text of [`a<${' '.repeat(100_000)}!`, `a${'['.repeat(100_000)}`, `a>=${'1.'.repeat(50_000)}`, `a; ${'('.repeat(100_000)}`]) parseRequirement(text);
    parseRequirementList('a '.repeat(50_000));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('the other grammars', () => {
  it('index URLs: credentials split off, query and fragment refused, the URL parser\'s own text written', () => {
    const u = parseIndexUrl('https://user:s3cr%40t@Mirror.Example.com:8443/pypi/simple/');
    expect(u.ok && u.value).toEqual({ url: 'https://mirror.example.com:8443/pypi/simple/', host: 'mirror.example.com', credentials: { username: 'user', password: 's3cr@t' } });
    for (const bad of ['https://u:s3cr%~40t@x/simple', 'https://x/simple?x=1', 'https://x/simple#a', 'ftp://x/simple', 'https://x/a b', 'https://x/$HOME', "https://x/'", 'https://x/simple\\']) {
      expect(parseIndexUrl(bad).ok, bad).toBe(false);
    }
  });

  it('networks are strict, as Python\'s ipaddress.ip_network is', () => {
    expect(parseTrustList('10.0.0.0/8,::1,fc00::/7').ok).toBe(true);
    const problem = (x: string) => {
      const r = parseTrustList(x);
      return r.ok ? '' : r.problem;
    };
    expect(problem('10.0.0.5/8')).toMatch(/"10\.0\.0\.5\/8" has host bits set; the network is 10\.0\.0\.0\/8/);
    expect(problem('fd00::1/8')).toMatch(/the network is fd00::\/8/);
    expect(problem('fe80::1%eth0')).toMatch(/is not an IP address/);
    expect(problem('*,*')).toMatch(/'\*' already trusts everyone/);
  });

  it('image references: Docker\'s grammar, component by component', () => {
    expect(parseImageRef('registry.example.com:5000/team/svc:1.0', { digest: false }).ok).toBe(true);
    expect(parseImageRef(`python:3.14-slim@sha256:${'a'.repeat(64)}`, { digest: true }).ok).toBe(true);
    for (const bad of ['Svc', 'svc:', 'a//b', '-svc', 'svc:-1', `svc@sha256:${'a'.repeat(63)}`, 'x'.repeat(256)]) {
      expect(parseImageRef(bad, { digest: true }).ok, bad).toBe(false);
    }
  });
});
