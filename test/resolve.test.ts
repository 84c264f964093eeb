/** resolveOptions and askDeferred: when a question is asked, what it offers first, and the target directory. */
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/options/parse-args.js';
import { type DirectoryState, askDeferred, resolveOptions } from '../src/options/resolve.js';
import { fakePrompter } from './helpers/fake-prompter.js';
import { ENV, resolveWith, usageError } from './helpers/resolve.js';

const NOT_EMPTY = '"x" is not empty. Replace only the files this tool generates and keep everything else?';
const BUILD_Q = 'Run the first docker build now?';

describe('askDeferred: the build question, asked after writing', () => {
  it('takes the flag, or the default without a terminal, and asks only with one', async () => {
    const o = await resolveWith([]);
    const fake = fakePrompter([[BUILD_Q, true]]);
    expect(await askDeferred('build', o, { given: { build: false }, interactive: true, prompter: fake.prompter, env: ENV, inspectDirectory: () => 'missing' })).toBe(false);
    expect(await askDeferred('build', o, { given: {}, interactive: false, prompter: fake.prompter, env: ENV, inspectDirectory: () => 'missing' })).toBe(false);
    expect(await askDeferred('build', o, { given: {}, interactive: true, env: ENV, inspectDirectory: () => 'missing' })).toBe(false);
    expect(fake.asked).toEqual([]);
    expect(await askDeferred('build', o, { given: {}, interactive: true, prompter: fake.prompter, env: ENV, inspectDirectory: () => 'missing' })).toBe(true);
    expect(fake.asked).toEqual([BUILD_Q]);
    expect(fake.initials[BUILD_Q]).toBe('false');
  });
});

describe('resolveOptions: who is asked', () => {
  it('needs a prompter to be interactive', async () => {
    await expect(resolveOptions({ given: {}, interactive: true, env: ENV, inspectDirectory: () => 'missing' })).rejects.toThrow(/^interactive resolution needs a prompter$/);
  });

  it('asks nothing when not interactive, even with a prompter at hand', async () => {
    const fake = fakePrompter([]);
    const o = await resolveOptions({ given: {}, interactive: false, prompter: fake.prompter, env: ENV, inspectDirectory: () => 'missing' });
    expect(fake.asked).toEqual([]);
    expect(o.port).toBe(80);
  });

  it('shows each default at its prompt: numbers and image names as text, nothing for an optional value', async () => {
    const fake = fakePrompter([['Customize advanced', true]]);
    await resolveWith([], { prompter: fake });
    expect(fake.initials['Which port does the server listen on inside the container?']).toBe('80');
    expect(fake.initials['Image tag']).toBe('fastapi-app');
    expect(fake.initials['Base image (blank for the default)']).toBe('');
    expect(fake.initials['Requirement pins, separated by spaces (blank for the defaults)']).toBe('');
    expect(fake.initials['Customize advanced settings (base image, image tag, pins, package index)?']).toBe('false');
  });

  it('trims a typed answer, and reads a blank one as none where none is allowed', async () => {
    const fake = fakePrompter([['Where', ' ~/svc '], ['How many server', 'workers'], ['How many worker', '  '], ['Which port', ' 8080 ']]);
    const o = await resolveWith([], { prompter: fake });
    expect(o).toMatchObject({ directory: '/home/user/svc', process: 'workers', workers: undefined, port: 8080 });
  });

  it('reads requirements separated by spaces at the pins prompt, and refuses a bad one there', async () => {
    const pins = fakePrompter([['Customize advanced', true], ['Requirement pins', 'uvicorn httpx>=0.28']]);
    expect((await resolveWith([], { prompter: pins })).pins.map((p) => p.name)).toEqual(['uvicorn', 'httpx']);
    const bad = fakePrompter([['Customize advanced', true], ['Requirement pins', 'poetry>=2']]);
    await expect(resolveWith([], { prompter: bad })).rejects.toThrow(/would refuse "poetry>=2": --pin names poetry, which is used only with --deps poetry$/);
    const unreadable = fakePrompter([['Customize advanced', true], ['Requirement pins', 'x>>1']]);
    await expect(resolveWith([], { prompter: unreadable })).rejects.toThrow(/would refuse "x>>1": accepts a PEP 508 requirement/);
  });

  it('settles a choice that only one answer fits, and says so', async () => {
    const told: string[] = [];
    const fake = fakePrompter([]);
    const o = await resolveWith(['--pin', 'poetry>=2.5'], { prompter: fake, told });
    expect(o.deps).toBe('poetry');
    expect(fake.asked).not.toContain('Which tool manages the dependencies?');
    expect(told).toEqual(['Which tool manages the dependencies? Poetry 2: the only answer that fits the flags given']);
  });
});

describe('resolveOptions: the target directory', () => {
  const resolveIn = (argv: string[], state: DirectoryState, opts: { interactive?: boolean; dryRun?: boolean; answer?: boolean } = {}) => {
    const fake = fakePrompter(opts.answer === undefined ? [] : [[NOT_EMPTY, opts.answer]]);
    const inspected: string[] = [];
    const run = resolveOptions({
      given: parseArgs(argv).given,
      interactive: opts.interactive ?? false,
      prompter: fake.prompter,
      env: ENV,
      dryRun: opts.dryRun,
      inspectDirectory: (d) => {
        inspected.push(d);
        return state;
      },
    });
    return { run, fake, inspected };
  };

  it('looks at the directory once, as soon as it is known', async () => {
    const { run, inspected } = resolveIn(['x'], 'empty');
    expect((await run).overwrite).toBe(false);
    expect(inspected).toEqual(['x']);
  });

  it('refuses a file, before any other problem', async () => {
    await expect(resolveIn(['x', '--process', 'single', '--workers', '2'], 'file').run).rejects.toThrow(/^directory "x" is a file; give a new or empty directory$/);
  });

  it('needs --overwrite for a non-empty one, unless it may ask, or only shows a dry run', async () => {
    const message = 'directory "x" is not empty; pass --overwrite to replace only the files this tool generates (nothing else is touched)';
    await expect(resolveIn(['x'], 'non-empty').run).rejects.toThrow(message);
    await expect(resolveIn(['x', '--no-overwrite'], 'non-empty', { interactive: true, answer: true }).run).rejects.toThrow(message);
    expect((await resolveIn(['x', '--overwrite'], 'non-empty').run).overwrite).toBe(true);
    expect((await resolveIn(['x'], 'non-empty', { dryRun: true }).run).overwrite).toBe(false);
  });

  it('asks once, defaulting to no; yes replaces, no cancels', async () => {
    const yes = resolveIn(['x'], 'non-empty', { interactive: true, answer: true });
    expect((await yes.run).overwrite).toBe(true);
    expect(yes.fake.asked.filter((q) => q === NOT_EMPTY)).toHaveLength(1);
    expect(yes.fake.initials[NOT_EMPTY]).toBe('false');
    await expect(resolveIn(['x'], 'non-empty', { interactive: true, answer: false }).run).rejects.toMatchObject({ name: 'CancelledError', message: 'the directory was left as it is' });
  });

  it('refuses contradicting flags before the first question', async () => {
    const fake = fakePrompter([]);
    await usageError(['--no-proxy', '--forwarded-allow-ips', '10.0.0.0/8'], /^--forwarded-allow-ips applies only with --proxy$/, { prompter: fake });
    expect(fake.asked).toEqual([]);
  });
});
