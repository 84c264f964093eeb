/** The target directory: which paths it takes, the `~` trap, part lengths, and the image name it gives. */
import { describe, expect, it } from 'vitest';
import { directoryName, parseDirectory, tagFromName } from '../src/options/grammar/directory.js';

const ACCEPTS = "accepts a path whose last part has a letter or digit and starts with neither '-' nor '~' (the project's names are made from it: lowercase, other characters as '-')";
const read = (raw: string): string => {
  const r = parseDirectory(raw);
  return r.ok ? `ok ${r.value}` : r.problem;
};

describe('parseDirectory', () => {
  it('takes a path whose last part is a plain name, written back as given', () => {
    for (const raw of ['app', 'app/', 'a//b', '_x', 'x.y-z', 'my service/ok', '/abs/app', '../Other_Dir', 'My Service', 'ok/my service', 'a$b', '.hidden', 'Ünïcode1']) expect(read(raw), raw).toBe(`ok ${raw}`);
  });

  it('takes ., .. and / as they are: their names come from where they resolve', () => {
    for (const raw of ['.', '..', '/', 'x/.', 'x/..', './']) expect(read(raw), raw).toBe(`ok ${raw}`);
  });

  it('refuses a last part that is empty, starts with - or ~, or has no letter or digit to name the project', () => {
    for (const raw of ['', '  ', '///', '-x', '~x', 'é', '$$', '. .']) expect(read(raw), raw).toBe(ACCEPTS);
  });

  it('refuses control characters anywhere in the path', () => {
    for (const raw of ['a\tb', 'x\u0000/ok', 'x\u001f/ok', 'x\u007f/ok']) expect(read(raw), JSON.stringify(raw)).toBe(ACCEPTS);
    expect(read('x\u0080/ok')).toBe('ok x\u0080/ok');
  });

  it('refuses a ~ that no shell expanded, saying what to write', () => {
    expect(read('~')).toBe('accepts a path, and "~" was not expanded by a shell; write $HOME or a relative path');
    expect(read('~/svc')).toBe('accepts a path, and "~" was not expanded by a shell; write $HOME/svc or a relative path');
  });

  it('takes a path of up to 4096 characters', () => {
    const path = `${'a/'.repeat(2047)}ab`;
    expect(path).toHaveLength(4096);
    expect(read(path)).toBe(`ok ${path}`);
    expect(read(`${path}c`)).toBe(ACCEPTS);
  });

  it('takes path parts of up to 255 bytes, counted in UTF-8', () => {
    const tooLong = 'accepts path parts of at most 255 bytes, which is what file systems allow';
    expect(read(`x/${'a'.repeat(255)}`)).toBe(`ok x/${'a'.repeat(255)}`);
    expect(read(`x/${'a'.repeat(256)}`)).toBe(tooLong);
    expect(read(`${'é'.repeat(127)}a/x`)).toBe(`ok ${'é'.repeat(127)}a/x`);
    expect(read(`${'é'.repeat(128)}/x`)).toBe(tooLong);
  });
});

describe('directoryName', () => {
  it('is the last part of the path resolved from the working directory', () => {
    expect(directoryName('.', '/work/My Workspace')).toBe('My Workspace');
    expect(directoryName('svc/sub/..', '/work')).toBe('svc');
    expect(directoryName('/srv/app', '/work')).toBe('app');
  });
});

describe('tagFromName', () => {
  it('lowercases, turns what Docker refuses into -, and joins separators', () => {
    expect(tagFromName('My App')).toBe('my-app');
    expect(tagFromName('a b  c')).toBe('a-b-c');
    expect(tagFromName('a..b')).toBe('a-b');
    expect(tagFromName('a__b')).toBe('a-b');
    expect(tagFromName('a.-_b')).toBe('a-b');
    expect(tagFromName('a.b_c-d')).toBe('a.b_c-d');
  });

  it('drops separators at either end', () => {
    expect(tagFromName('--x--')).toBe('x');
    expect(tagFromName('.x')).toBe('x');
    expect(tagFromName('A-')).toBe('a');
    expect(tagFromName('x!')).toBe('x');
  });

  it('keeps at most 128 characters, ending in a letter or digit', () => {
    expect(tagFromName('x'.repeat(130))).toBe('x'.repeat(128));
    expect(tagFromName(`${'a'.repeat(127)}-b`)).toBe('a'.repeat(127));
  });

  it('falls back to fastapi-app when nothing is left', () => {
    for (const name of ['', '...', 'ÄÖ', '--']) expect(tagFromName(name), name).toBe('fastapi-app');
  });
});
