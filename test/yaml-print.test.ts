// printYaml, the one writer of the generated YAML files: comments where the path says, YAML 1.1 quoting, no folding.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type YamlFile, printYaml, quoted } from '../src/render/deploy/yaml.js';

describe('printYaml', () => {
  it('puts the header on top, each comment above its key or list item, and never folds a long line', () => {
    const value = { a: 1, b: { c: [{ d: 'x' }, 'y'] }, long: 'w '.repeat(60).trim() };
    const text = printYaml({
      header: ['top', '', 'end'],
      value,
      comments: [[['a'], ['on a']], [['b', 'c'], ['on c', '']], [['b', 'c', 1], ['on y']]],
    });
    expect(text).toBe(
      `# top\n\n# end\n\n# on a\na: 1\nb:\n  # on c\n\n  c:\n    - d: x\n    # on y\n    - "y"\nlong: ${value.long}\n`,
    );
    expect(parse(text, { version: '1.1' })).toEqual(value);
  });

  it('quotes what YAML 1.1 would read as another type, and a quoted() value always', () => {
    const text = printYaml({ header: [], value: { on: 'on', mode: '0755', port: quoted('8080'), plain: 'svc' } });
    expect(text).toBe('"on": "on"\nmode: "0755"\nport: "8080"\nplain: svc\n');
  });

  it('writes a value used twice out twice, with no anchors', () => {
    const labels = { app: 'svc' };
    expect(printYaml({ header: [], value: { a: labels, b: labels } })).toBe('a:\n  app: svc\nb:\n  app: svc\n');
  });

  it('refuses a comment on a path that holds no node', () => {
    const file = (path: (string | number)[]): YamlFile => ({ header: [], value: { a: { b: [1] } }, comments: [[path, ['x']]] });
    expect(() => printYaml(file(['z']))).toThrow('no YAML node at z to comment on');
    expect(() => printYaml(file(['a', 'z']))).toThrow('no YAML node at a.z to comment on');
    expect(() => printYaml(file(['a', 'b', 3]))).toThrow('no YAML node at a.b.3 to comment on');
    expect(() => printYaml(file(['a', 'b', '0']))).toThrow('no YAML node at a.b.0 to comment on');
  });
});
