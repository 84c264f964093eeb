// Reading the user's copies of generated files for --update (src/io/project-files.ts) in-process: the text, or
// undefined where there is none; any other failure is a WriteError naming the file and the directory.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WriteError } from '../src/io/fs-errors.js';
import { readProjectFiles } from '../src/io/project-files.js';

const root = mkdtempSync(join(tmpdir(), 'cfd-project-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the user\'s copies of the files', () => {
  it('each path in order: its text as UTF-8, or undefined when it is gone', () => {
    const target = join(root, 'svc');
    mkdirSync(join(target, 'app'), { recursive: true });
    writeFileSync(join(target, 'Dockerfile'), 'FROM python:3.12-slim\n# café\n');
    writeFileSync(join(target, 'app', 'main.py'), 'print("hi")\n');
    const files = readProjectFiles(target, ['Dockerfile', 'README.md', 'app/main.py', 'gone/deeper.txt'], 'svc');
    expect([...files.entries()]).toEqual([
      ['Dockerfile', 'FROM python:3.12-slim\n# café\n'],
      ['README.md', undefined],
      ['app/main.py', 'print("hi")\n'],
      ['gone/deeper.txt', undefined],
    ]);
    expect(files.has('README.md')).toBe(true);
  });

  it('a file that cannot be read ends the run in one line: which file, in which directory, why', () => {
    const target = join(root, 'blocked');
    mkdirSync(join(target, 'Dockerfile'), { recursive: true });
    writeFileSync(join(target, 'app'), 'a file where a directory goes');
    expect(() => readProjectFiles(target, ['Dockerfile'], 'blocked')).toThrow(
      new WriteError('cannot write Dockerfile in "blocked" (it must be read to merge it): a directory stands where a file goes; move it away or choose another directory'),
    );
    let error: unknown;
    try {
      readProjectFiles(target, ['README.md', 'app/main.py'], 'blocked');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WriteError);
    expect((error as Error).message).toBe('cannot write app/main.py in "blocked" (it must be read to merge it): a part of the path is a file, not a directory; move it away or choose another directory');
  });
});
