// Reading a project's answers file for --update (src/io/answers.ts), in-process: each refusal is one exact line,
// and a good file comes back as its answers, its options read as a preset, and its text as it was.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAnswers } from '../src/io/answers.js';
import { UsageError } from '../src/options/types.js';
import { ANSWERS_FILE } from '../src/render/answers.js';

const root = mkdtempSync(join(tmpdir(), 'cfd-answers-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A project directory holding `text` as its answers file. */
const project = (text: string): string => {
  const dir = join(root, `p${++n}`);
  mkdirSync(dir);
  writeFileSync(join(dir, ANSWERS_FILE), text);
  return dir;
};

const GOOD = `format: 1
version: 1.2.3
options:
  port: 8000
  python: "3.12"
files:
  Dockerfile:
    content: "FROM python:3.12-slim\\n"
  app/main.py:
    mode: "755"
    content: |
      print("hi")
`;

/** The one-line refusal readAnswers gives, as a UsageError. */
function refusal(directory: string, shownDir: string, version: string): string {
  try {
    readAnswers(directory, shownDir, version);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('readAnswers accepted it');
}

/** An answers file like GOOD with `version` and `format` replaced, read by a tool of version `tool`. */
const versions = (recorded: string, tool: string, format = 1): string =>
  refusalOrOk(project(GOOD.replace('format: 1', `format: ${format}`).replace('version: 1.2.3', `version: "${recorded}"`)), tool);
const refusalOrOk = (dir: string, tool: string): string => {
  try {
    readAnswers(dir, 'svc', tool);
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('a good answers file', () => {
  it('comes back whole: the answers, the options read as a preset, the text as it was', () => {
    const dir = project(GOOD);
    const read = readAnswers(dir, 'svc', '1.2.3');
    expect(read.text).toBe(GOOD);
    expect(read.answers).toEqual({
      format: 1,
      version: '1.2.3',
      options: { port: 8000, python: '3.12' },
      files: { Dockerfile: { content: 'FROM python:3.12-slim\n' }, 'app/main.py': { mode: '755', content: 'print("hi")\n' } },
    });
    expect(read.given).toEqual({ port: 8000, python: '3.12' });
  });

  it('without options: nothing given', () => {
    const read = readAnswers(project('format: 1\nversion: 1.0.0\nfiles: {}\n'), '.', '1.0.0');
    expect(read.given).toEqual({});
    expect(read.answers.files).toEqual({});
  });

  it('its options are checked as a preset, named by the file', () => {
    expect(refusal(project('format: 1\nversion: 1.0.0\noptions:\n  nope: 1\nfiles: {}\n'), 'svc', '1.0.0')).toMatch(/^svc\/\.create-fastapi-docker\.yml: key "nope" is not an option; /);
  });
});

describe('no answers file to read', () => {
  it('missing: where it should be, in the directory as the user named it', () => {
    const dir = join(root, `empty${++n}`);
    mkdirSync(dir);
    expect(refusal(dir, 'svc', '1.0.0')).toBe('--update needs svc/.create-fastapi-docker.yml, which create-fastapi-docker writes into every project it generates; "svc" has none');
    expect(refusal(dir, '.', '1.0.0')).toBe('--update needs .create-fastapi-docker.yml, which create-fastapi-docker writes into every project it generates; "." has none');
  });

  it('the directory is a file: the same', () => {
    const file = join(root, `file${++n}`);
    writeFileSync(file, 'x');
    expect(refusal(file, 'svc', '1.0.0')).toBe('--update needs svc/.create-fastapi-docker.yml, which create-fastapi-docker writes into every project it generates; "svc" has none');
  });

  it('unreadable (a directory in its place): the first line of the reason', () => {
    const dir = join(root, `dir${++n}`);
    mkdirSync(join(dir, ANSWERS_FILE), { recursive: true });
    expect(refusal(dir, 'svc', '1.0.0')).toBe('--update cannot read svc/.create-fastapi-docker.yml: EISDIR: illegal operation on a directory, read');
  });
});

describe('a file that is no answers file', () => {
  it('not YAML: the first line of the parser\'s reason', () => {
    expect(refusal(project('format: [1,\nfiles: }'), '.', '1.0.0')).toBe(
      '.create-fastapi-docker.yml does not parse as YAML (Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1:); restore it from version control',
    );
  });

  const notAnswers = 'svc/.create-fastapi-docker.yml is not an answers file (it needs format, version, options and files); restore it from version control';
  const cases: [string, string][] = [
    ['empty', ''],
    ['a string', 'just text\n'],
    ['a number', '42\n'],
    ['a list', '- format: 1\n'],
    ['no format', 'version: 1.0.0\nfiles: {}\n'],
    ['format as text', 'format: "1"\nversion: 1.0.0\nfiles: {}\n'],
    ['no version', 'format: 1\nfiles: {}\n'],
    ['version as a number', 'format: 1\nversion: 1.2\nfiles: {}\n'],
    ['no files', 'format: 1\nversion: 1.0.0\n'],
    ['files null', 'format: 1\nversion: 1.0.0\nfiles: null\n'],
    ['files as text', 'format: 1\nversion: 1.0.0\nfiles: ab\n'],
  ];
  for (const [name, text] of cases) it(name, () => expect(refusal(project(text), 'svc', '1.0.0')).toBe(notAnswers));

  const files: [string, string, string][] = [
    ['a file without content', 'Dockerfile: {}', 'Dockerfile'],
    ['a file with content that is no text', 'Dockerfile:\n    content: 5', 'Dockerfile'],
    ['a file that is null', 'Dockerfile: null', 'Dockerfile'],
    ['a path out of the project', '../escape:\n    content: x', '../escape'],
    ['a path through ..', 'a/../../b:\n    content: x', 'a/../../b'],
    ['an absolute path', '/etc/passwd:\n    content: x', '/etc/passwd'],
    ['an empty part', 'a//b:\n    content: x', 'a//b'],
    ['a trailing slash', 'a/:\n    content: x', 'a/'],
    ['an empty path', '"":\n    content: x', ''],
  ];
  for (const [name, entry, path] of files) {
    it(name, () => {
      const text = `format: 1\nversion: 1.0.0\nfiles:\n  ok.txt:\n    content: fine\n  ${entry}\n`;
      expect(refusal(project(text), 'svc', '1.0.0')).toBe(`svc/.create-fastapi-docker.yml lists a file it cannot hold (${JSON.stringify(path)}); restore it from version control`);
    });
  }
});

describe('a file from a newer tool is refused; an older or equal one is read', () => {
  const newer = (recorded: string, tool: string) =>
    `svc/.create-fastapi-docker.yml was written by create-fastapi-docker ${recorded}, newer than this ${tool}; run npm create fastapi-docker@latest`;

  it('a newer format, whatever the version', () => {
    expect(versions('1.0.0', '1.0.0', 3)).toBe(
      'svc/.create-fastapi-docker.yml has format 3, written by a newer create-fastapi-docker than this 1.0.0 (which reads formats up to 2); run npm create fastapi-docker@latest -- --update',
    );
    expect(versions('0.1.0', '1.0.0', 0)).toBe('ok');
  });

  it('compares major, minor and patch as numbers, in that order', () => {
    expect(versions('1.2.3', '1.2.3')).toBe('ok');
    expect(versions('2.0.0', '1.9.9')).toBe(newer('2.0.0', '1.9.9'));
    expect(versions('1.3.0', '1.2.9')).toBe(newer('1.3.0', '1.2.9'));
    expect(versions('1.2.10', '1.2.9')).toBe(newer('1.2.10', '1.2.9'));
    expect(versions('1.0.0', '2.0.0')).toBe('ok');
    expect(versions('1.2.9', '1.3.0')).toBe('ok');
    expect(versions('1.2.3', '1.2.4')).toBe('ok');
    expect(versions('0.9.0', '1.0.0')).toBe('ok');
  });

  it('missing parts count as 0; a pre-release or fourth part is not compared', () => {
    expect(versions('1.2', '1.2.0')).toBe('ok');
    expect(versions('1.2.0', '1.2')).toBe('ok');
    expect(versions('1.0.1', '1')).toBe(newer('1.0.1', '1'));
    expect(versions('1', '1.0.1')).toBe('ok');
    expect(versions('1.2.3-beta.1', '1.2.3')).toBe('ok');
    expect(versions('1.2.3.9', '1.2.3')).toBe('ok');
    expect(versions('1.2.3', '1.2.3-rc.1')).toBe('ok');
  });

  it('a version that does not read as numbers counts as newer than any', () => {
    expect(versions('next', '1.0.0')).toBe(newer('next', '1.0.0'));
    expect(versions('1.x.0', '1.2.0')).toBe(newer('1.x.0', '1.2.0'));
    expect(versions('1.2.x', '9.0.0')).toBe(newer('1.2.x', '9.0.0'));
  });
});
