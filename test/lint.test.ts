import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
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

  it('every YAML file is the yaml library\'s own output: reading it and printing it again changes nothing', async () => {
    // The first eight combinations: every process model, with and without --proxy.
    const rendered = COMBOS.slice(0, 8).map(async (combo) => render(await optionsFromFlags(['svc', ...combo.flags]), templates));
    const files = (await Promise.all(rendered)).flat().filter((file) => file.path.endsWith('.yaml'));
    expect(files.map((f) => f.path)).toContain('compose.yaml');
    expect(files.map((f) => f.path)).toContain('k8s/deployment.yaml');
    for (const file of files) {
      expect(reprint(file.content), file.path).toBe(file.content);
    }
    // A hand-written file is rarely in the library's exact form.
    expect(reprint('services:\n  app:\n    ports: ["80:80"]\n')).not.toBe('services:\n  app:\n    ports: ["80:80"]\n');
  });

  it('the linters do report problems (so a clean result means something)', () => {
    expect(ruffProblems('import os\nx=1\n').join('\n')).toMatch(/F401/);
    expect(dockerfileProblems('FROM python:3.14-slim\nCMD ["uvicorn"]\nCMD ["gunicorn"]\nWORKDIR code\n').length).toBeGreaterThan(0);
  });
});

/** The same options the generator prints with (src/render/deploy/yaml.ts). */
const reprint = (text: string) => parseDocument(text, { version: '1.1' }).toString({ lineWidth: 0 });
