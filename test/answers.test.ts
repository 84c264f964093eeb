/** The answers file, exactly: the header, the options, and each file as a block scalar where that keeps it whole. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ANSWERS_FILE, answersOf, renderAnswers, renderBase } from '../src/render/answers.js';
import { optionsFromFlags } from './helpers/combos.js';

const HEADER = [
  '# What generated this project: commit this file, and do not edit it.',
  '# `npm create fastapi-docker@latest . -- --update` renders the project again from these options (with any flags',
  '# you add) and merges the result with your edits; .create-fastapi-docker.base.yml holds what was generated last.',
].join('\n');
const BASE_HEADER = [
  '# What create-fastapi-docker generated last, file by file: commit this file, and do not edit it.',
  '# --update merges your edits against it; .gitattributes keeps it out of diffs. The options are in .create-fastapi-docker.yml.',
].join('\n');
const answers = (files: Record<string, { mode?: string; content: string }>) => ({ format: 2, version: '9.9.9', options: { port: '80' }, files });

describe('answersOf', () => {
  it('records the version, the options as a preset, and each file with its mode when not 644', async () => {
    const o = await optionsFromFlags(['--port', '8000']);
    const files = [{ path: 'a.sh', content: 'x', mode: 0o755 }, { path: 'b', content: 'y', mode: 0o644 }, { path: 'c', content: 'z' }];
    expect(answersOf(o, files, '1.2.3')).toEqual({
      format: 2,
      version: '1.2.3',
      options: { layout: 'package', deps: 'pip', process: 'single', proxy: false, python: '3.14', port: '8000', compose: true, kubernetes: false, tag: 'fastapi-app' },
      files: { 'a.sh': { mode: '755', content: 'x' }, b: { content: 'y' }, c: { content: 'z' } },
    });
  });
});

describe('renderAnswers', () => {
  it('writes the header and the options; the base file, block scalars for plain texts', () => {
    const record = answers({ 'run.sh': { mode: '755', content: '#!/bin/sh\necho hi\n' }, kept: { content: 'x\n\n' } });
    const file = renderAnswers(record);
    expect(file.path).toBe(ANSWERS_FILE);
    expect(file.content).toBe(`${HEADER}\n\nformat: 2\nversion: 9.9.9\noptions:\n  port: "80"\n`);
    const base = renderBase(record);
    expect(base.path).toBe('.create-fastapi-docker.base.yml');
    expect(base.content).toBe(`${BASE_HEADER}\n\nfiles:\n  run.sh:\n    mode: "755"\n    content: |\n      #!/bin/sh\n      echo hi\n  kept:\n    content: |+\n      x\n\n`);
  });

  it('double-quotes a text a block scalar would change: blank lines of spaces or tabs, a leading tab, a CR', () => {
    const quoted = {
      spaces: 'one\n  \ntwo\n',
      first: ' \nx\n',
      last: 'a\n ',
      tab: '\tx\n',
      laterTab: 'a\n\tb\n',
      cr: 'x\r\n',
      separator: 'a\u2029b\n',
    };
    const files = Object.fromEntries(Object.entries(quoted).map(([k, content]) => [k, { content }]));
    const text = renderBase(answers(files)).content;
    for (const [key, content] of Object.entries(quoted)) {
      expect(text, key).toContain(`  ${key}:\n    content: "`);
      expect((parse(text) as { files: Record<string, { content: string }> }).files[key]?.content).toBe(content);
    }
    expect(text).toContain('  spaces:\n    content: "one\\n \\ \\ntwo\\n"\n');
    expect(text).toContain('  laterTab:\n    content: "a\\n\\tb\\n"\n');
  });
});
