/** The shape the design rules ask for, checked on the source: layers with no arrow back up, and one module per dependency tool. */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEPS } from '../src/options/choices.js';
import { DEPENDENCY_TOOLS } from '../src/render/deps/index.js';

const SRC = join(import.meta.dirname, '..', 'src');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
const FILES = sources(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));
const LAYERS = ['cli', 'io', 'render', 'options'];
const layerOf = (path: string): number => {
  const top = path.split('/')[0] as string;
  return top === 'index.ts' ? -1 : LAYERS.includes(top) ? LAYERS.indexOf(top) : LAYERS.length;
};

describe('layers: src/index.ts → cli/ → io/ → render/ → options/ → versions.ts', () => {
  it('no file imports a higher layer', () => {
    const upward: string[] = [];
    for (const { path, text } of FILES) {
      for (const [, spec] of text.matchAll(/from '(\.[^']+)'/g)) {
        const target = relative(SRC, join(SRC, path, '..', spec as string));
        if (layerOf(target) < layerOf(path)) upward.push(`${path} → ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });
});

describe('a dependency tool is one module, chosen through one table', () => {
  it('every --deps choice has its module, and the table has no other', () => {
    expect(Object.keys(DEPENDENCY_TOOLS).sort()).toEqual(DEPS.map((d) => d.value).sort());
  });

  it('no code outside render/deps/ and the choice list compares a --deps value with a tool name', () => {
    const names = DEPS.map((d) => d.value).join('|');
    const branch = new RegExp(`deps\\s*[!=]==?\\s*'(${names})'|'(${names})'\\s*[!=]==?\\s*\\w*deps|case '(${names})'`);
    const offenders = FILES.filter((f) => !f.path.startsWith('render/deps/') && branch.test(f.text)).map((f) => f.path);
    expect(offenders).toEqual([]);
  });
});
