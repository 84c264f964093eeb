import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { answersOf, renderAnswers, renderBase } from '../src/render/answers.js';
import { planUpdate } from '../src/render/merge.js';
import { DEPENDENCY_TOOLS } from '../src/render/deps/index.js';
import { requirementEdits } from '../src/render/requirement-edits.js';
import { optionsFromFlags } from './helpers/combos.js';

const labels = { yours: 'your version', theirs: 'create-fastapi-docker 9.9.9' };
const file = (path: string, content: string, mode?: number) => ({ path, content, ...(mode ? { mode } : {}) });
const outcomeOf = (base: string | undefined, mine: string | undefined, next: string | undefined) =>
  planUpdate(
    new Map(base === undefined ? [] : [['f', base]]),
    new Map([['f', mine]]),
    next === undefined ? [] : [file('f', next)],
    labels,
  )[0];

describe('--update, file by file: old render → your file → new render', () => {
  it('a file you never touched is replaced', () => {
    expect(outcomeOf('a\nb\n', 'a\nb\n', 'a\nB\n')).toEqual({ path: 'f', kind: 'updated', content: 'a\nB\n' });
  });

  it('a file you edited where the update did not is merged, keeping both', () => {
    const base = 'one\ntwo\nthree\nfour\nfive\n';
    const mine = 'one\ntwo\nthree\nfour\nfive\nsix (yours)\n';
    const next = 'ONE\ntwo\nthree\nfour\nfive\n';
    expect(outcomeOf(base, mine, next)).toEqual({ path: 'f', kind: 'merged', content: 'ONE\ntwo\nthree\nfour\nfive\nsix (yours)\n' });
  });

  it('a file you edited where the update also changed gets git\'s markers, each side labelled', () => {
    const o = outcomeOf('x\nport = 80\ny\n', 'x\nport = 8080\ny\n', 'x\nport = 8000\ny\n');
    expect(o).toEqual({
      path: 'f',
      kind: 'conflict',
      content: 'x\n<<<<<<< your version\nport = 8080\n=======\nport = 8000\n>>>>>>> create-fastapi-docker 9.9.9\ny\n',
    });
  });

  it('a file you edited and the update left alone is yours, untouched', () => {
    expect(outcomeOf('a\n', 'a\nmine\n', 'a\n')).toEqual({ path: 'f', kind: 'unchanged' });
  });

  it('a file you deleted stays deleted, with a note', () => {
    expect(outcomeOf('a\n', undefined, 'A\n')).toEqual({ path: 'f', kind: 'kept', note: 'you deleted it, so it stays deleted' });
  });

  it('a file no longer generated is removed if untouched, kept with a note if edited', () => {
    expect(outcomeOf('a\n', 'a\n', undefined)).toEqual({ path: 'f', kind: 'removed' });
    expect(outcomeOf('a\n', 'a\nmine\n', undefined)).toEqual({ path: 'f', kind: 'kept', note: 'it is no longer generated, and you edited it, so it stays' });
    expect(planUpdate(new Map([['f', 'a\n']]), new Map([['f', undefined]]), [], labels)).toEqual([]);
  });

  it('a newly generated file is added; one you already made at that path is merged as a conflict', () => {
    expect(outcomeOf(undefined, undefined, 'new\n')).toEqual({ path: 'f', kind: 'added', content: 'new\n' });
    expect(outcomeOf(undefined, 'new\n', 'new\n')).toEqual({ path: 'f', kind: 'unchanged' });
    expect(outcomeOf(undefined, 'mine\n', 'new\n')).toMatchObject({ kind: 'conflict', content: expect.stringContaining('<<<<<<< your version\nmine\n=======\nnew\n>>>>>>>') });
  });

  it('in a requirements list, your additions and the update\'s at the same place are both kept', () => {
    const [o] = planUpdate(new Map([['requirements.txt', 'a\nb\n']]), new Map([['requirements.txt', 'a\nb\nmine\n']]), [file('requirements.txt', 'a\nb\nnew1\nnew2\n')], labels);
    expect(o).toEqual({ path: 'requirements.txt', kind: 'merged', content: 'a\nb\nnew1\nnew2\nmine\n' });
    const [dockerfile] = planUpdate(new Map([['Dockerfile', 'a\nb\n']]), new Map([['Dockerfile', 'a\nb\nmine\n']]), [file('Dockerfile', 'a\nb\nnew\n')], labels);
    expect(dockerfile?.kind).toBe('conflict');
  });

  it('keeps the new file\'s mode', () => {
    const [o] = planUpdate(new Map(), new Map([['run.sh', undefined]]), [file('run.sh', '#!/bin/sh\n', 0o755)], labels);
    expect(o).toEqual({ path: 'run.sh', kind: 'added', content: '#!/bin/sh\n', mode: 0o755 });
  });
});

describe('a change of dependency tool carries the requirements you added', () => {
  it('pip → Poetry: added and changed lines become pins; pip options are named as not carried over', () => {
    const recorded = '# header\nfastapi>=0.163,<0.164\nuvicorn[standard]>=0.54,<0.55\n';
    const yours = '# header\nfastapi>=0.163,<0.165\nuvicorn[standard]>=0.54,<0.55\norjson>=3.10  # fast JSON\n-e ./lib\n';
    const edits = requirementEdits(recorded, yours, DEPENDENCY_TOOLS.pip.requirements.format);
    expect(edits.pins.map((p) => `${p.name}${p.specifiers.map((s) => s.op + s.version).join(',')}`)).toEqual(['fastapi>=0.163,<0.165', 'orjson>=3.10']);
    expect(edits.unread).toEqual(['-e ./lib']);
  });

  it('Poetry → pip: from [project] dependencies', () => {
    const recorded = '[project]\ndependencies = ["fastapi>=0.163,<0.164"]\n';
    const yours = '[project]\ndependencies = ["fastapi>=0.163,<0.164", "sqlmodel>=0.0.22"]\n';
    expect(requirementEdits(recorded, yours, DEPENDENCY_TOOLS.poetry.requirements.format).pins.map((p) => p.name)).toEqual(['sqlmodel']);
  });
});

describe('the answers file', () => {
  it('records the version, the options as flags (no credentials) and every generated file exactly, through YAML', async () => {
    const o = await optionsFromFlags(['svc', '--process', 'gunicorn', '--index-url', 'https://u:s3cret@pypi.example.com/simple', '--pin', 'uvicorn[]>=0.32']);
    const answers = answersOf(o, [file('a.sh', '#!/bin/sh\n', 0o755), file('Dockerfile', 'FROM x\n')], '9.9.9');
    const text = renderAnswers(answers).content;
    const base = renderBase(answers).content;
    expect(text + base).not.toContain('s3cret');
    expect(parse(text)).toEqual({
      format: 2,
      version: '9.9.9',
      options: expect.objectContaining({ process: 'gunicorn', 'index-url': 'https://pypi.example.com/simple', pin: ['uvicorn[]>=0.32'] }),
    });
    expect(parse(base)).toEqual({ files: { 'a.sh': { mode: '755', content: '#!/bin/sh\n' }, Dockerfile: { content: 'FROM x\n' } } });
  });

  it('keeps any text exactly: leading spaces, tabs, trailing spaces, no final newline, unicode, markers', async () => {
    const o = await optionsFromFlags(['svc']);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\n', '#', ':', '-', '"', "'", '|', '>', 'é', '\u2028', '{', '\r'), maxLength: 60 }), (content) => {
        const text = renderBase(answersOf(o, [file('f', content)], '1.0.0')).content;
        expect((parse(text) as { files: { f: { content: string } } }).files.f.content).toBe(content);
      }),
      // The mutation run (vitest.mutation.config.ts) runs fewer, with a fixed seed.
      { numRuns: Number(process.env.CFD_PROPERTY_RUNS ?? 500), ...(process.env.CFD_PROPERTY_SEED ? { seed: Number(process.env.CFD_PROPERTY_SEED) } : {}) },
    );
  });
});
