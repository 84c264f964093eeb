import { describe, expect, it } from 'vitest';
import { PROCESSES } from '../src/options/choices.js';
import { loadTemplates } from '../src/io/templates.js';
import { render } from '../src/render/index.js';
import { optionsFromFlags } from './helpers/combos.js';

const templates = loadTemplates();
const filesOf = async (flags: string[]) => {
  const files = render(await optionsFromFlags(['svc', ...flags]), templates);
  const get = (path: string) => files.find((f) => f.path === path)?.content ?? '';
  return { dockerfile: get('Dockerfile'), readme: get('README.md') };
};
const cmdOf = (dockerfile: string): string[] => JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]');

describe('the README says why the CMD is not `fastapi run` (figures: npm run bench:fastapi-run)', () => {
  for (const { value: process } of PROCESSES) {
    it(process, async () => {
      const { dockerfile, readme } = await filesOf(['--process', process]);
      const section = readme.slice(readme.indexOf('**The server command.**'), readme.indexOf('**Security.**'));
      expect(section).toContain('`fastapi run`');
      const cmd = cmdOf(dockerfile);
      if (cmd[0] === 'uvicorn') {
        // The timeout it names is the one the CMD passes.
        const timeout = cmd[cmd.indexOf('--timeout-graceful-shutdown') + 1];
        expect(timeout).toMatch(/^\d+$/);
        expect(section).toContain(`\`--timeout-graceful-shutdown ${timeout}\` ends the wait in time`);
        expect(section).toMatch(/about doubles the Python packages the image installs/);
      } else {
        expect(section).toContain('has no Gunicorn mode');
        expect(section).not.toContain('--timeout-graceful-shutdown');
      }
    });
  }
});

describe('a hadolint ignore is written right above the instruction it is for, with its reason after a second #', () => {
  it('an untagged --base-image, in both stages of a Poetry build', async () => {
    const { dockerfile } = await filesOf(['--deps', 'poetry', '--base-image', 'registry.example/python']);
    const pragma = '# hadolint ignore=DL3006 # --base-image names no tag, so Docker takes :latest as it is that day; add a tag or an @sha256 digest to --base-image to pin it';
    expect(dockerfile.match(new RegExp(`^${pragma.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\nFROM registry\\.example/python`, 'gm'))).toHaveLength(2);
  });

  it(':latest, a digest, and an unversioned --pin of a build tool', async () => {
    expect((await filesOf(['--base-image', 'registry.example/python:latest'])).dockerfile).toMatch(/^# hadolint ignore=DL3007 # --base-image names :latest, which moves; .*\nFROM registry\.example\/python:latest$/m);
    const digest = `registry.example/python@sha256:${'a'.repeat(64)}`;
    expect((await filesOf(['--base-image', digest])).dockerfile).not.toContain('hadolint');
    expect((await filesOf(['--base-image', 'registry.example/python:3.12-slim'])).dockerfile).not.toContain('hadolint');
    const pinned = (await filesOf(['--deps', 'poetry', '--pin', 'poetry', '--pin', 'poetry-plugin-export'])).dockerfile;
    expect(pinned).toMatch(/^# hadolint ignore=DL3013 # --pin poetry and --pin poetry-plugin-export named no version, so pip installs the newest; add one to pin it\nRUN pip install --no-cache-dir poetry poetry-plugin-export$/m);
    expect((await filesOf(['--deps', 'poetry', '--pin', 'poetry==2.5.0'])).dockerfile).not.toContain('hadolint');
  });
});
