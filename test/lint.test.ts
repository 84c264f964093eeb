import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../src/io/templates.js';
import { render } from '../src/render/index.js';
import { COMBOS, optionsFromFlags } from './helpers/combos.js';
import { dockerfileProblems, ruffProblems } from './helpers/lint.js';

const templates = loadTemplates();

describe('templates are real files that pass ruff', () => {
  const python = [...templates].filter(([path]) => path.endsWith('.py'));
  it('has Python templates to check', () => expect(python.length).toBeGreaterThanOrEqual(10));
  for (const [path, source] of python) {
    it(path, () => expect(ruffProblems(source)).toEqual([]));
  }
});

describe('every rendered combination lints clean', () => {
  for (const combo of COMBOS) {
    it(combo.name, async () => {
      const files = render(await optionsFromFlags(['svc', ...combo.flags]), templates);
      const problems = files.flatMap((file) => {
        if (file.path.endsWith('.py')) return ruffProblems(file.content).map((p) => `${file.path}:${p}`);
        if (file.path === 'Dockerfile') return dockerfileProblems(file.content).map((p) => `Dockerfile:${p}`);
        return [];
      });
      expect(problems).toEqual([]);
    });
  }

  it('the linters do report problems (so a clean result means something)', () => {
    expect(ruffProblems('import os\nx=1\n').join('\n')).toMatch(/F401/);
    expect(dockerfileProblems('FROM python:3.14-slim\nCMD ["uvicorn"]\nCMD ["gunicorn"]\nWORKDIR code\n').length).toBeGreaterThan(0);
  });
});
