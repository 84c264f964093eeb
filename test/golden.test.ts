import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../src/io/templates.js';
import { DEPS, LAYOUTS, PROCESSES } from '../src/options/choices.js';
import { render, renderProject } from '../src/render/index.js';
import { COMBOS, optionsFromFlags } from './helpers/combos.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';
// Golden files show diffs for review; rewriting them in CI would make every change pass unseen.
if (update && process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0') {
  throw new Error('UPDATE_GOLDEN is refused when CI is set: golden files are updated on a developer machine and reviewed in the diff');
}
const templates = loadTemplates();

/** Every rendered file of one combination, in one reviewable text file. */
const snapshot = (files: { path: string; content: string; mode?: number }[]) =>
  files.map((f) => `===== ${f.path} (${(f.mode ?? 0o644).toString(8)}) =====\n${f.content}`).join('\n');

describe('golden files: every combination renders exactly as reviewed', () => {
  it('covers every combination of the option table\'s choices, and golden files exist for exactly those', () => {
    // Enumerated here from src/options/choices.ts, not by the helper that drives the cases below: a choice added
    // to the table (a layout, a dependency tool, a process model) without its golden files fails here.
    // The one pair the README refuses: the deprecated image runs its own Python's Gunicorn, not a uv environment.
    const refused = new Set(['uv-official-image']);
    const expected = LAYOUTS.flatMap((l) =>
      DEPS.flatMap((d) => PROCESSES.filter((p) => !refused.has(`${d.value}-${p.value}`)).flatMap((p) => ['direct', 'proxy'].map((x) => `${l.value}-${d.value}-${p.value}-${x}`))),
    );
    expect(expected.length).toBe(LAYOUTS.length * (DEPS.length * PROCESSES.length - refused.size) * 2);
    expect(COMBOS.map((c) => c.name).sort()).toEqual([...expected].sort());
    const onDisk = readdirSync(GOLDEN).filter((f) => f.endsWith('.txt')).map((f) => f.slice(0, -'.txt'.length));
    if (!update) expect(onDisk.sort()).toEqual([...expected].sort());
  });

  for (const combo of COMBOS) {
    it(combo.name, async () => {
      const options = await optionsFromFlags(['my-service', ...combo.flags]);
      const text = snapshot(render(options, templates));
      const path = join(GOLDEN, `${combo.name}.txt`);
      if (update || !existsSync(path)) {
        if (!update) throw new Error(`no golden file ${path}; run npm run golden:update and review it`);
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(path, text);
      }
      expect(text).toBe(readFileSync(path, 'utf8'));
    });
  }

  it('the answers file (one combination; it records every file above as generated)', async () => {
    const options = await optionsFromFlags(['my-service', '--process', 'gunicorn', '--proxy']);
    const answers = renderProject(options, templates, 'GOLDEN').find((f) => f.path === '.create-fastapi-docker.yml');
    const path = join(GOLDEN, 'answers-package-pip-gunicorn-proxy.yml');
    if (update) writeFileSync(path, answers?.content ?? '');
    expect(answers?.content).toBe(readFileSync(path, 'utf8'));
  });
});
