/**
 * Issue 15, section 1: the answers file records what the user chose, never what the tool derived; every recorded
 * choice can be changed back or cleared on --update; a value made inapplicable by a changed answer is dropped with a
 * note when it came from the answers file or a preset, and refused when a flag gave it; every message names where
 * the value came from.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import pkg from '../package.json' with { type: 'json' };
import { runCli, tempDir } from './helpers/run-cli.js';
import { snapshot } from './helpers/snapshot.js';

const ANSWERS = '.create-fastapi-docker.yml';
const FIXTURE = resolve(import.meta.dirname, 'fixtures/generated-0.2.0');

async function generated(args: string[]): Promise<string> {
  const cwd = tempDir();
  const r = await runCli(['svc', ...args], { cwd });
  expect(r.code, r.stderr).toBe(0);
  return join(cwd, 'svc');
}

const recorded = (dir: string): Record<string, unknown> => (parse(readFileSync(join(dir, ANSWERS), 'utf8')) as { options: Record<string, unknown> }).options;

describe('the answers file records choices, not derivations', () => {
  it('--yes --proxy records proxy and nothing the tool derived from it', async () => {
    const dir = await generated(['--yes', '--proxy']);
    expect(recorded(dir)).toEqual({ proxy: true });
  });

  it('the chosen values are recorded as given, and only those', async () => {
    const dir = await generated(['--process', 'workers', '--workers', '4', '--port', '8000', '--pin', 'fastapi>=0.115']);
    expect(recorded(dir)).toEqual({ process: 'workers', workers: '4', port: '8000', pin: ['fastapi>=0.115'] });
  });
});

describe('a changed answer drops what it made inapplicable, with a note naming where the value came from', () => {
  const cases: [string, string[], string[], RegExp, (dir: string) => void][] = [
    ['--proxy, then --update --no-proxy', ['--proxy', '--forwarded-allow-ips', '10.0.0.0/8', '--domain', 'api.example.com'], ['--no-proxy'], /forwarded-allow-ips 10\.0\.0\.0\/8 from the answers file \.create-fastapi-docker\.yml no longer applies/, (d) => expect(recorded(d)).toEqual({ proxy: false })],
    ['--proxy --domain, then --update --no-compose', ['--proxy', '--domain', 'api.example.com'], ['--no-compose'], /domain api\.example\.com from the answers file \.create-fastapi-docker\.yml no longer applies/, (d) => expect(recorded(d)).toEqual({ proxy: true, compose: false })],
    ['--workers 4, then --update --process single', ['--process', 'workers', '--workers', '4'], ['--process', 'single'], /workers 4 from the answers file \.create-fastapi-docker\.yml no longer applies/, (d) => expect(recorded(d)).toEqual({ process: 'single' })],
    ['a Poetry pin, then --update --deps pip', ['--deps', 'poetry', '--pin', 'poetry>=2.3,<3'], ['--deps', 'pip'], /pin poetry>=2\.3,<3 from the answers file \.create-fastapi-docker\.yml no longer applies/, (d) => expect(recorded(d)).toEqual({ deps: 'pip' })],
  ];
  for (const [name, first, then, note, check] of cases) {
    it(name, async () => {
      const dir = await generated(first);
      const r = await runCli(['--update', ...then], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(note);
      check(dir);
    });
  }

  it('the 0.2.0 project (which recorded every derived value) takes --update --no-proxy', async () => {
    const dir = join(tempDir(), 'svc');
    cpSync(FIXTURE, dir, { recursive: true });
    const r = await runCli(['--update', '--no-proxy'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/domain api\.example\.com from the answers file \.create-fastapi-docker\.yml no longer applies/);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).not.toContain('--proxy-headers');
  });

  it('the same value typed as a flag is still refused, naming the flag', async () => {
    const cwd = tempDir();
    const r = await runCli(['svc', '--deps', 'pip', '--pin', 'poetry>=2.3,<3'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error --pin names poetry, which is used only with --deps poetry');
  });
});

describe('every recorded choice can be cleared on --update with --no-<flag>', () => {
  it('--no-workers, --no-pin, --no-base-image, --no-port forget the recorded value', async () => {
    const dir = await generated(['--process', 'workers', '--workers', '4', '--pin', 'fastapi>=0.115', '--base-image', 'registry.example.com/python:3.13-slim', '--port', '8000']);
    const r = await runCli(['--update', '--no-workers', '--no-pin', '--no-base-image', '--no-port'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(recorded(dir)).toEqual({ process: 'workers' });
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).not.toContain('registry.example.com');
    expect(dockerfile).toContain('EXPOSE 80');
  });

  it('--no-pin then --pin: the recorded pins go, the new one stays', async () => {
    const dir = await generated(['--pin', 'fastapi>=0.115', '--pin', 'orjson>=3']);
    expect((await runCli(['--update', '--no-pin', '--pin', 'httpx>=0.27'], { cwd: dir })).code).toBe(0);
    expect(recorded(dir)).toEqual({ pin: ['httpx>=0.27'] });
  });

  it('--workers= is refused, pointing to --no-workers; --no-workers --workers 3 conflict', async () => {
    const dir = await generated(['--process', 'workers', '--workers', '4']);
    const before = snapshot(dir);
    const empty = await runCli(['--update', '--workers='], { cwd: dir });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--no-workers/);
    const both = await runCli(['--update', '--no-workers', '--workers', '3'], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toBe('error --no-workers and --workers conflict; give one of them');
    expect(snapshot(dir)).toEqual(before);
  });

  it('--help documents the form, for every option that takes a value', async () => {
    const help = (await runCli(['--help'], { cwd: tempDir() })).stdout;
    for (const flag of ['--workers', '--pin', '--base-image', '--index-url', '--port', '--domain', '--forwarded-allow-ips', '--tag']) {
      expect(help, flag).toContain(`--no-${flag.slice(2)}`);
    }
  });
});

describe('presets: usable with every answer they do not fix; the answers file is one', () => {
  it('a preset with a Poetry pin works with --deps pip, with a note naming the preset', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'team.yml'), 'deps: poetry\npin:\n  - poetry>=2.3,<3\n  - fastapi>=0.115\n');
    const r = await runCli(['svc', '--preset', 'team.yml', '--deps', 'pip'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/pin poetry>=2\.3,<3 from --preset team\.yml no longer applies/);
    expect(readFileSync(join(cwd, 'svc', 'requirements.txt'), 'utf8')).toMatch(/^fastapi>=0\.115$/m);
  });

  it('a --pin replaces the preset pin of the same distribution and keeps the others', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'team.yml'), 'pin:\n  - fastapi>=0.115\n  - orjson>=3\n');
    expect((await runCli(['svc', '--preset', 'team.yml', '--pin', 'fastapi>=0.120'], { cwd })).code).toBe(0);
    const requirements = readFileSync(join(cwd, 'svc', 'requirements.txt'), 'utf8');
    expect(requirements).toMatch(/^fastapi>=0\.120$/m);
    expect(requirements).not.toContain('0.115');
    expect(requirements).toMatch(/^orjson>=3$/m);
  });

  it('--preset reads the options of an answers file', async () => {
    const source = await generated(['--process', 'gunicorn', '--port', '8000']);
    const cwd = tempDir();
    const r = await runCli(['copy', '--preset', join(source, ANSWERS)], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'copy', 'Dockerfile'), 'utf8')).toContain('EXPOSE 8000');
    expect(readFileSync(join(cwd, 'copy', 'Dockerfile'), 'utf8')).toContain('gunicorn');
  });
});

describe('messages name where a value came from', () => {
  it('--update --python 3.14 against a recorded base image names the answers file', async () => {
    const dir = await generated(['--base-image', 'registry.example.com/python:3.13-slim']);
    const r = await runCli(['--update', '--python', '3.14'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'error --python 3.14 disagrees with base-image registry.example.com/python:3.13-slim from the answers file .create-fastapi-docker.yml, which is Python 3.13; give --python 3.13, or another --base-image, or --no-base-image',
    );
  });

  it('an answers file of a newer format says so, not that the same version is newer', async () => {
    const dir = await generated([]);
    writeFileSync(join(dir, ANSWERS), readFileSync(join(dir, ANSWERS), 'utf8').replace(/^format: \d+$/m, 'format: 99'));
    const r = await runCli(['--update'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`error .create-fastapi-docker.yml has format 99, written by a newer create-fastapi-docker than this ${pkg.version} (which reads formats up to 2); run npm create fastapi-docker@latest -- --update`);
  });
});

describe('--update in a terminal asks again, the recorded answers as defaults', () => {
  it('each question offers the recorded answer; the flags answer theirs', async () => {
    const { fakePrompter } = await import('./helpers/fake-prompter.js');
    const { resolveOptions } = await import('../src/options/resolve.js');
    const { ENV } = await import('./helpers/resolve.js');
    const fake = fakePrompter([['Customize advanced', false]]);
    const chosen = new Set<string>();
    const o = await resolveOptions({
      given: { directory: '.', layout: 'single' },
      defaults: { port: 8000, process: 'workers', workers: 3, layout: 'bigger' },
      interactive: true,
      prompter: fake.prompter,
      env: ENV,
      inspectDirectory: () => 'empty',
      chosen: chosen as Set<never>,
    });
    expect(fake.initials['Which port does the server listen on inside the container?']).toBe('8000');
    expect(fake.initials['How many server processes run in each container?']).toBe('workers');
    expect(fake.asked).not.toContain('How is the code laid out?');
    expect([o.port, o.process, o.workers, o.layout]).toEqual([8000, 'workers', 3, 'single']);
  });

  it('in a real terminal: Enter at every question keeps the project as recorded', async () => {
    const { TmuxSession } = await import('./helpers/tmux.js');
    const { BIN } = await import('./helpers/run-cli.js');
    const dir = await generated(['--port', '8000', '--process', 'workers', '--workers', '3']);
    const t = new TmuxSession(dir, `'${process.execPath}' '${BIN}' --update`);
    try {
      await t.waitFor('How is the code laid out?');
      for (let i = 0; i < 30 && !t.screen().includes('Updated .'); i++) {
        t.keys('Enter');
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(await t.exitCode()).toBe(0);
      expect(t.screen()).toMatch(/Which port does the server listen on inside the container\?[\s\S]*8000/);
      expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain('EXPOSE 8000');
      expect(recorded(dir)).toMatchObject({ port: '8000', process: 'workers', workers: '3' });
    } finally {
      t.kill();
    }
  });
});
