/** The rules across options, which answers they disable and why, and the table rows' own small functions. */
import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../src/options/grammar/image-ref.js';
import { parseRequirement } from '../src/options/grammar/pep508.js';
import { conflictOf, problemsOf } from '../src/options/consistency.js';
import { type TextRow, checkRaw, listWords, parseRaw, warningFor } from '../src/options/option-def.js';
import { DEPRECATION_WARNING, OPTION_TABLE, rowOf } from '../src/options/table.js';
import { type Known, type OptionId, UsageError } from '../src/options/types.js';
import { ENV } from './helpers/resolve.js';

const image = (raw: string) => {
  const r = parseImageRef(raw, { digest: true });
  if (!r.ok) throw new Error(r.problem);
  return r.value;
};
const pin = (raw: string) => {
  const r = parseRequirement(raw);
  if (!r.ok) throw new Error(r.problem);
  return r.value;
};
const none = new Set<OptionId>();
const all = (known: Known) => problemsOf({ baseImage: undefined, pins: [], ...known }, none);

describe('the rules', () => {
  it('the deprecated image has Python 3.10 and 3.11 only, unless a copy of it is the base image', () => {
    expect(all({ process: 'official-image', python: '3.11' })).toEqual([]);
    expect(all({ process: 'official-image', python: '3.12' })).toEqual([
      '--python 3.12 is not one of 3.10 or 3.11, the Pythons of --process official-image (tiangolo/uvicorn-gunicorn-fastapi has no newer tags); use --process gunicorn, or --base-image',
    ]);
    expect(all({ process: 'gunicorn', python: '3.12' })).toEqual([]);
    expect(all({ process: 'official-image', python: '3.13', baseImage: image('reg.example.com/uvicorn-gunicorn-fastapi:python3.13') })).toEqual([]);
  });

  it('a base image for the deprecated image must be a copy of it', () => {
    expect(all({ process: 'official-image', python: '3.11', baseImage: image('mine/fastapi:3.11') })).toEqual([
      '--base-image mine/fastapi:3.11 is not a copy of tiangolo/uvicorn-gunicorn-fastapi (its start script runs the app), named …/uvicorn-gunicorn-fastapi, which --process official-image needs',
    ]);
    expect(all({ process: 'single', python: '3.11', baseImage: image('mine/fastapi:3.11') })).toEqual([]);
  });

  it('the Python a base image names must be the one chosen', () => {
    expect(all({ python: '3.14', baseImage: image('python:3.12-slim') })).toEqual([
      '--python 3.14 disagrees with --base-image python:3.12-slim, which is Python 3.12; give --python 3.12, or another --base-image, or --no-base-image',
    ]);
    expect(all({ python: '3.12', baseImage: image('python:3.12-slim') })).toEqual([]);
    expect(all({ python: '3.14', baseImage: image('python:latest') })).toEqual([]);
  });

  it('one pin per distribution, by normalized name', () => {
    expect(all({ pins: [pin('Uvicorn_x>=1'), pin('uvicorn.X<2')] })).toEqual(['--pin names uvicorn-x twice; give one pin per distribution']);
    expect(all({ pins: [pin('a'), pin('b'), pin('a')] })).toEqual(['--pin names a twice; give one pin per distribution']);
    expect(all({ pins: [pin('a'), pin('b')] })).toEqual([]);
  });

  it('Poetry and its export plugin are pinned only with --deps poetry', () => {
    expect(all({ deps: 'pip', pins: [pin('poetry-plugin-export>=1')] })).toEqual(['--pin names poetry-plugin-export, which is used only with --deps poetry']);
    expect(all({ deps: 'poetry', pins: [pin('poetry>=2.5'), pin('poetry-plugin-export>=1')] })).toEqual([]);
    expect(all({ deps: 'pip', pins: [pin('fastapi>=1')] })).toEqual([]);
  });
});

describe('problemsOf and conflictOf: rules that need an open answer wait for it', () => {
  it('names a given flag whose option does not apply', () => {
    expect(problemsOf({ process: 'single', workers: 2 }, new Set<OptionId>(['workers']))).toEqual(['--workers applies only with --process workers or --process gunicorn']);
    expect(problemsOf({ process: 'single', workers: 2 }, none)).toEqual([]);
    expect(problemsOf({ workers: 2 }, new Set<OptionId>(['workers']))).toEqual([]);
  });

  it('skips a rule that reads an answer still open; an optional one nobody gave counts as absent', () => {
    expect(problemsOf({ process: 'official-image' }, none)).toEqual([]);
    expect(problemsOf({ process: 'official-image', python: '3.12' }, none)).toHaveLength(1);
  });

  it('disables only the answers that cause a new problem, with its reason', () => {
    const given = new Set<OptionId>(['workers']);
    const known: Known = { workers: 4 };
    expect(conflictOf('process', 'workers', known, given)).toBeUndefined();
    expect(conflictOf('process', 'single', known, given)).toBe('--workers applies only with --process workers or --process gunicorn');
    const broken: Known = { process: 'official-image', python: '3.12', baseImage: undefined, pins: [] };
    expect(conflictOf('deps', 'pip', broken, none)).toBeUndefined();
  });
});

describe('rows and their helpers', () => {
  it('listWords joins with commas and a final or', () => {
    expect(listWords([])).toBe('');
    expect(listWords(['a'])).toBe('a');
    expect(listWords(['a', 'b'])).toBe('a or b');
    expect(listWords(['a', 'b', 'c'])).toBe('a, b or c');
  });

  it('parseRaw and checkRaw read one flag value for its row', () => {
    expect(parseRaw(rowOf('proxy'), 'yes')).toEqual({ ok: false, problem: 'takes no value' });
    expect(parseRaw(rowOf('layout'), 'single')).toEqual({ ok: true, value: 'single' });
    expect(checkRaw(rowOf('layout'), 'flat')).toBe('accepts package, single or bigger');
    expect(checkRaw(rowOf('port'), '8000')).toBeUndefined();
    expect(checkRaw(rowOf('port'), '0')).toBe('accepts a whole number from 1 to 65535');
  });

  it('rowOf finds each row by its id, and refuses an unknown one', () => {
    for (const def of OPTION_TABLE) expect(rowOf(def.id)).toBe(def);
    expect(() => rowOf('nope' as OptionId)).toThrow(/^no row for option nope$/);
  });

  it('warns about the deprecated image only', () => {
    expect(warningFor(rowOf('process'), 'official-image')).toBe(DEPRECATION_WARNING);
    expect(warningFor(rowOf('process'), 'gunicorn')).toBeUndefined();
    expect(warningFor(rowOf('port'), 80)).toBeUndefined();
  });

  it('expands ~ typed at the directory prompt, and nothing else', () => {
    const fromAnswer = (rowOf('directory') as TextRow<'directory'>).fromAnswer as (answer: string, env: typeof ENV) => string;
    expect(fromAnswer('~', ENV)).toBe('/home/user');
    expect(fromAnswer('~/svc', ENV)).toBe('/home/user/svc');
    expect(fromAnswer('~svc', ENV)).toBe('~svc');
    expect(fromAnswer('a/~/b', ENV)).toBe('a/~/b');
  });

  it('defaults the Python to the base image\'s, then to the deprecated image\'s newest, then to 3.14', () => {
    const python = rowOf('python').default;
    expect(python({ baseImage: image('python:3.12-slim') }, ENV)).toBe('3.12');
    expect(python({ baseImage: image('python:3.9-slim') }, ENV)).toBe('3.14');
    expect(python({ process: 'official-image' }, ENV)).toBe('3.11');
    expect(python({ process: 'official-image', baseImage: image('reg.example.com/uvicorn-gunicorn-fastapi:latest') }, ENV)).toBe('3.14');
    expect(python({}, ENV)).toBe('3.14');
  });

  it('takes a tag without a digest, and derives the default tag from the directory', () => {
    const tag = rowOf('tag') as TextRow<'tag'>;
    expect(tag.parse(`svc@sha256:${'a'.repeat(64)}`).ok).toBe(false);
    expect(tag.default({ directory: 'svc/My App' }, ENV).ref).toBe('my-app');
    expect(tag.default({}, ENV)).toMatchObject({ ref: 'fastapi-app', name: 'fastapi-app', baseName: 'fastapi-app' });
  });

  it('names its errors UsageError', () => {
    expect(new UsageError('x')).toMatchObject({ name: 'UsageError', message: 'x' });
  });
});
