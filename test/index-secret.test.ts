/**
 * With a login-protected --index-url, every RUN step that runs a package tool mounts the index's credentials as the
 * netrc secret: a step without it fails with "User for host:" on a private index. The Dockerfile is read by a real
 * parser (dockerfile-ast, the one dockerfile-utils lints with), and the tools come from the option table's choices,
 * so a dependency tool added there is held to the same rule without a change here.
 */
import { DockerfileParser, Run } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../src/io/templates.js';
import { DEPS, PROCESSES } from '../src/options/choices.js';
import { render } from '../src/render/index.js';
import { optionsFromFlags } from './helpers/combos.js';
import { shellCommands } from './helpers/shell-words.js';

const templates = loadTemplates();
const INDEX = 'https://build-bot:s3cr3t-Token@pypi.example.com/simple';

/**
 * Programs that download packages. Each dependency tool's own value names its program (pip, poetry, uv, …), so a new
 * choice is in this set by itself; the others are here so that a step running one of them is never missed.
 */
const PACKAGE_PROGRAMS = new Set([...DEPS.map((d) => d.value as string), 'pip', 'pip3', 'poetry', 'uv', 'uvx', 'pdm', 'pipenv', 'pipx', 'hatch', 'conda']);

/** The program a command runs: `python -m pip …` and `/usr/local/bin/pip …` run pip. */
function program(argv: string[]): string | undefined {
  const base = (word: string | undefined) => word?.split('/').at(-1);
  const first = base(argv[0]);
  if (first && /^python(3(\.\d+)?)?$/.test(first) && argv[1] === '-m') return argv[2];
  return first;
}

interface RunStep {
  line: number;
  text: string;
  programs: string[];
  secrets: { id?: string; target?: string }[];
}

function runSteps(dockerfile: string): RunStep[] {
  return DockerfileParser.parse(dockerfile)
    .getInstructions()
    .filter((i): i is Run => i instanceof Run)
    .map((i) => {
      const text = i.getArgumentsContent() ?? '';
      const secrets = i
        .getFlags()
        .filter((f) => f.getName() === 'mount')
        .map((f): Record<string, string | null> => Object.fromEntries(f.getOptions().map((o) => [o.getName(), o.getValue()])))
        .filter((m) => m.type === 'secret')
        .map((m) => ({ id: m.id ?? undefined, target: m.target ?? undefined }));
      const programs = shellCommands(text.replace(/\s+/g, ' ').trim()).flatMap((argv) => program(argv) ?? []);
      return { line: i.getRange().start.line + 1, text, programs, secrets };
    });
}

describe('with a login-protected --index-url, every step that runs a package tool mounts the netrc secret', () => {
  it('knows the package programs of every dependency tool in the option table', () => {
    for (const { value } of DEPS) expect(PACKAGE_PROGRAMS.has(value)).toBe(true);
    expect(DEPS.length).toBeGreaterThanOrEqual(2);
  });

  for (const { value: deps } of DEPS) {
    for (const { value: process } of PROCESSES) {
      // The README refuses this pair: the deprecated image runs its own Python's Gunicorn, not a uv environment.
      if (deps === 'uv' && process === 'official-image') continue;
      it(`--deps ${deps}, --process ${process}`, async () => {
        const options = await optionsFromFlags(['svc', '--deps', deps, '--process', process, '--index-url', INDEX]);
        const dockerfile = render(options, templates).find((f) => f.path === 'Dockerfile')?.content ?? '';
        const steps = runSteps(dockerfile);
        const downloading = steps.filter((s) => s.programs.some((p) => PACKAGE_PROGRAMS.has(p)));
        // The tool itself runs in at least one step, so the rule below is about something.
        expect(downloading.flatMap((s) => s.programs), 'no RUN step runs the dependency tool').toContain(deps);
        for (const step of downloading) {
          expect(step.secrets, `line ${step.line}: RUN ${step.text}`).toEqual([{ id: 'netrc', target: '/root/.netrc' }]);
        }
        // The steps that run no package tool need no credentials, and get none.
        for (const step of steps.filter((s) => !downloading.includes(s))) expect(step.secrets, `line ${step.line}`).toEqual([]);
        // The secret is what the printed build command passes.
        expect(dockerfile).toMatch(/^# Build: docker build --secret id=netrc,src=\$HOME\/\.netrc /m);
      });
    }
  }

  it('without an index, no step mounts a secret (a build without --secret works)', async () => {
    for (const { value: deps } of DEPS) {
      const options = await optionsFromFlags(['svc', '--deps', deps]);
      const dockerfile = render(options, templates).find((f) => f.path === 'Dockerfile')?.content ?? '';
      const steps = runSteps(dockerfile);
      expect(steps.length).toBeGreaterThan(1);
      expect(steps.flatMap((s) => s.secrets)).toEqual([]);
    }
  });

  it('the reader sees a step without the mount, and a step behind python -m', () => {
    const steps = runSteps('FROM python:3.14-slim\nRUN --mount=type=secret,id=netrc,target=/root/.netrc pip install x\nRUN python3 -m pip install y \\\n    && poetry export\n');
    expect(steps.map((s) => [s.programs, s.secrets.length])).toEqual([[['pip'], 1], [['pip', 'poetry'], 0]]);
  });
});
