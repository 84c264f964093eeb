/** Presets: option values keyed by flag name, read as flags are, written back so that they read the same. */
import { describe, expect, it } from 'vitest';
import { requirementText } from '../src/options/grammar/pep508.js';
import { layerGiven, presetKey, readPreset, toPreset } from '../src/options/preset.js';
import { resolveOptions } from '../src/options/resolve.js';
import { rowOf } from '../src/options/table.js';
import type { Known } from '../src/options/types.js';
import { requirementsTxt } from '../src/render/requirements.js';
import { optionsFromFlags } from './helpers/combos.js';
import { ENV } from './helpers/resolve.js';

const problem = (data: unknown): string => {
  try {
    return `read as ${JSON.stringify(readPreset(data, 'team.yml'))}`;
  } catch (error) {
    expect((error as Error).name).toBe('UsageError');
    return (error as Error).message;
  }
};
const pinsOf = (known: Known) => known.pins?.map(requirementText);

describe('readPreset', () => {
  it('reads a map keyed by the flags without --', () => {
    expect(readPreset({ layout: 'single', port: 8000, proxy: true, 'forwarded-allow-ips': '10.0.0.0/8', 'index-url': 'https://h/simple' }, 'f')).toMatchObject({
      layout: 'single', port: 8000, proxy: true, forwardedAllowIps: '10.0.0.0/8', indexUrl: { url: 'https://h/simple' },
    });
    expect(readPreset({}, 'f')).toEqual({});
  });

  it('refuses what is not a map', () => {
    for (const data of [null, [], 'port: 80', 80, true]) {
      expect(problem(data), JSON.stringify(data)).toBe('team.yml holds no map of options; write one key per flag, like port: 8000');
    }
  });

  it('refuses a key that is no preset option, listing the keys', () => {
    const keys = 'layout, deps, process, workers, proxy, forwarded-allow-ips, python, port, compose, kubernetes, domain, base-image, tag, pin, index-url, index-login';
    for (const key of ['proces', 'directory', 'overwrite', 'build', '--port', 'a\nb']) {
      expect(problem({ [key]: 1 }), key).toBe(`team.yml: key ${JSON.stringify(key)} is not an option; the keys are the flags without --: ${keys}`);
    }
  });

  it('takes true or false for a boolean, nothing else', () => {
    expect(readPreset({ proxy: false }, 'f')).toEqual({ proxy: false });
    expect(problem({ proxy: 'yes' })).toBe('team.yml: key "proxy" accepts true or false; got "yes"');
    expect(problem({ proxy: 1 })).toBe('team.yml: key "proxy" accepts true or false; got "1"');
  });

  it('takes text or a number for a value, one item or a list for a list', () => {
    expect(readPreset({ workers: '4', port: 8000 }, 'f')).toEqual({ workers: 4, port: 8000 });
    expect(pinsOf(readPreset({ pin: 'uvicorn>=1' }, 'f'))).toEqual(['uvicorn>=1']);
    expect(pinsOf(readPreset({ pin: ['uvicorn>=1', 'httpx'] }, 'f'))).toEqual(['uvicorn>=1', 'httpx']);
    expect(pinsOf(readPreset({ pin: [] }, 'f'))).toEqual([]);
    expect(problem({ port: [80] })).toBe('team.yml: key "port" takes one value, not a list');
    expect(problem({ port: null })).toBe('team.yml: key "port" takes text; got "null"');
    expect(problem({ port: false })).toBe('team.yml: key "port" takes text; got "false"');
    expect(problem({ pin: ['a', { b: 1 }] })).toBe('team.yml: key "pin" takes text; got "{\\"b\\":1}"');
  });

  it('says what the key accepts, and suggests quoting when the file held a number', () => {
    expect(problem({ port: '80a' })).toBe('team.yml: key "port" accepts a whole number from 1 to 65535; got "80a"');
    expect(problem({ python: 3.1 })).toBe(
      'team.yml: key "python" accepts 3.10, 3.11, 3.12, 3.13, 3.14 or 3.15; got "3.1" (a number in the file: quote it to keep it as written)',
    );
    expect(problem({ pin: ['x>>1'] })).toMatch(/^team\.yml: key "pin" accepts a PEP 508 requirement .*; got "x>>1"$/);
  });
});

describe('toPreset', () => {
  it('writes the options that are set, as their flags would', async () => {
    expect(toPreset(await optionsFromFlags([]))).toEqual({ layout: 'package', deps: 'pip', process: 'single', proxy: false, python: '3.14', port: '80', compose: true, kubernetes: false, tag: 'fastapi-app' });
    const o = await optionsFromFlags(['x', '--process', 'gunicorn', '--workers', '4', '--proxy', '--pin', 'uvicorn>=0.32', '--index-url', 'https://u:p@h/simple', '--base-image', 'python:3.12-slim', '--build', '--overwrite']);
    expect(toPreset(o)).toEqual({
      layout: 'package', deps: 'pip', process: 'gunicorn', workers: '4', proxy: true,
      'forwarded-allow-ips': '127.0.0.1,::1,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7', python: '3.12', port: '80',
      compose: true, kubernetes: false, domain: 'localhost', 'base-image': 'python:3.12-slim', tag: 'x', pin: ['uvicorn>=0.32'], 'index-url': 'https://h/simple', 'index-login': true,
    });
  });

  it('keeps a pin that drops the default extras (name[]), so the project renders the same again', async () => {
    const o = await optionsFromFlags(['--pin', 'uvicorn[]>=0.32', '--pin', 'fastapi[all]>=1']);
    expect(toPreset(o).pin).toEqual(['uvicorn[]>=0.32', 'fastapi[all]>=1']);
    const again = await resolveOptions({ given: readPreset(toPreset(o), 'answers'), interactive: false, env: ENV, inspectDirectory: () => 'missing' });
    expect(requirementsTxt(again)).toBe(requirementsTxt(o));
    expect(requirementsTxt(o)).toContain('\nuvicorn>=0.32\n');
  });

  it('names each key after its flag', () => {
    expect(presetKey(rowOf('indexUrl'))).toBe('index-url');
    expect(presetKey(rowOf('pins'))).toBe('pin');
  });
});

describe('layerGiven', () => {
  it('lets later layers win, skipping values they leave unset', () => {
    expect(layerGiven({ port: 80, layout: 'single' }, { port: 8000, layout: undefined }, {})).toEqual({ port: 8000, layout: 'single' });
  });

  it('merges pins by distribution: a later pin replaces an earlier one of its package, the others stay', () => {
    const a = readPreset({ pin: ['uvicorn>=0.30', 'httpx>=0.27'] }, 'f');
    const b = readPreset({ pin: ['Uvicorn>=0.32', 'orjson'] }, 'f');
    expect(pinsOf(layerGiven(a, b))).toEqual(['httpx>=0.27', 'Uvicorn>=0.32', 'orjson']);
    expect(pinsOf(layerGiven({ port: 80 }, b))).toEqual(['Uvicorn>=0.32', 'orjson']);
  });
});
