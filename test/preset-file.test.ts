// Reading a --preset file (src/io/preset-file.ts) in-process: JSON by extension, YAML otherwise; each failure is one
// exact line naming the file as the user wrote it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPresetFile } from '../src/io/preset-file.js';
import { UsageError } from '../src/options/types.js';

const root = mkdtempSync(join(tmpdir(), 'cfd-preset-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const file = (name: string, text: string): string => {
  const path = join(root, name);
  writeFileSync(path, text);
  return path;
};

function refusal(path: string, absolute: string): string {
  try {
    readPresetFile(path, absolute);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('readPresetFile accepted it');
}

describe('a preset file that reads', () => {
  it('YAML by its extension, or by having none that says JSON', () => {
    expect(readPresetFile('team.yml', file('team.yml', 'port: 8000\npython: "3.12"\n'))).toEqual({ port: 8000, python: '3.12' });
    expect(readPresetFile('team', file('team', 'port: 8000\n'))).toEqual({ port: 8000 });
  });

  it('JSON by its extension; JSON in a .yml file reads too (JSON is YAML)', () => {
    expect(readPresetFile('team.json', file('team.json', '{"port": 8000, "python": "3.12"}'))).toEqual({ port: 8000, python: '3.12' });
    expect(readPresetFile('json.yml', file('json.yml', '{"port": 8001}'))).toEqual({ port: 8001 });
  });

  it('its keys are checked as a preset, named by the path as given', () => {
    expect(refusal('cfg/team.yml', file('bad-key.yml', 'nope: 1\n'))).toMatch(/^--preset cfg\/team\.yml: key "nope" is not an option; the keys are the flags without --: /);
  });
});

describe('a preset file that does not read', () => {
  it('missing', () => {
    expect(refusal('team.yml', join(root, 'missing.yml'))).toBe('--preset team.yml cannot be read: there is no such file');
  });

  it('a directory in its place: the file-system advice', () => {
    const dir = join(root, 'dir.yml');
    mkdirSync(dir);
    expect(refusal('dir.yml', dir)).toBe('--preset dir.yml cannot be read: a directory stands where a file goes; move it away or choose another directory');
  });

  it('not JSON, in a .json file: the first line of the JSON parser\'s reason (which quotes the text, up to its first line break)', () => {
    expect(refusal('team.json', file('yaml.json', 'port: 8000\n'))).toBe('--preset team.json does not parse as JSON: Unexpected token \'p\', "port: 8000');
  });

  it('not YAML: the first line of the YAML parser\'s reason', () => {
    expect(refusal('team.yaml', file('broken.yaml', 'port: [1,\npython: }'))).toBe(
      '--preset team.yaml does not parse as YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1:',
    );
  });

  it('the extension is the end of the name, not a part of it', () => {
    expect(refusal('.json.yml', file('yaml-after-json.yml', 'port: [1,\npython: }'))).toMatch(/^--preset \.json\.yml does not parse as YAML: /);
  });
});
