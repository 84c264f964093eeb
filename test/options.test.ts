import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/options/parse-args.js';
import { type DirectoryState, resolveOptions } from '../src/options/resolve.js';
import { UsageError } from '../src/options/types.js';
import { checkDomain } from '../src/options/validators.js';
import { DEFAULT_FORWARDED_ALLOW_IPS } from '../src/versions.js';
import { CANCEL, fakePrompter } from './helpers/fake-prompter.js';

const resolveWith = (argv: string[], opts: { prompter?: ReturnType<typeof fakePrompter>; dir?: DirectoryState } = {}) =>
  resolveOptions({
    given: parseArgs(argv).given,
    interactive: Boolean(opts.prompter),
    prompter: opts.prompter?.prompter,
    env: { cwdName: 'My Workspace' },
    inspectDirectory: () => opts.dir ?? 'missing',
  });

const usageError = async (argv: string[], pattern: RegExp, dir?: DirectoryState) => {
  const error = await Promise.resolve()
    .then(() => resolveWith(argv, { dir }))
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(UsageError);
  expect((error as Error).message).toMatch(pattern);
  expect((error as Error).message).not.toContain('\n');
};

describe('resolution without a terminal: flags, then defaults', () => {
  it('takes every default', async () => {
    expect(await resolveWith([])).toEqual({
      directory: 'fastapi-app',
      layout: 'package',
      deps: 'pip',
      process: 'single',
      workers: undefined,
      proxy: false,
      forwardedAllowIps: undefined,
      python: '3.14',
      port: 80,
      compose: true,
      kubernetes: false,
      domain: undefined,
      baseImage: undefined,
      tag: 'fastapi-app',
      pins: [],
      indexUrl: undefined,
      build: false,
      overwrite: false,
    });
  });

  it('lets every flag win, converting numbers and collecting pins', async () => {
    const o = await resolveWith([
      'services/Billing_API', '--layout=bigger', '--deps', 'poetry', '--process', 'gunicorn', '--workers', '4', '--proxy',
      '--forwarded-allow-ips', '10.1.0.0/16', '--python', '3.12', '--port', '8000', '--pin', 'uvicorn>=0.32,<0.33',
      '--pin', 'poetry>=2.1,<2.2', '--index-url', 'https://pypi.example.com/simple', '--base-image', 'reg.example.com/py:3.12-slim',
    ]);
    expect(o).toMatchObject({
      directory: 'services/Billing_API', layout: 'bigger', deps: 'poetry', process: 'gunicorn', workers: 4, proxy: true,
      forwardedAllowIps: '10.1.0.0/16', python: '3.12', port: 8000, tag: 'billing_api',
      pins: ['uvicorn>=0.32,<0.33', 'poetry>=2.1,<2.2'], indexUrl: 'https://pypi.example.com/simple',
      baseImage: 'reg.example.com/py:3.12-slim',
    });
  });

  it('derives the proxy default and the tag of "."', async () => {
    expect(await resolveWith(['.', '--proxy'])).toMatchObject({ forwardedAllowIps: DEFAULT_FORWARDED_ALLOW_IPS, tag: 'my-workspace', domain: 'localhost' });
  });

  it('takes the deployment files and the public host name from flags', async () => {
    expect(await resolveWith(['--no-compose', '--kubernetes', '--proxy', '--domain', 'api.example.com'])).toMatchObject({
      compose: false,
      kubernetes: true,
      domain: 'api.example.com',
    });
  });

  it('defaults the deprecated image to its newest Python, and accepts newer ones only with --base-image', async () => {
    expect((await resolveWith(['--process', 'official-image'])).python).toBe('3.11');
    await usageError(['--process', 'official-image', '--python', '3.13'], /^--python accepts 3\.10 or 3\.11 with --process official-image/);
    expect((await resolveWith(['--process', 'official-image', '--python', '3.13', '--base-image', 'mine/fastapi:py3.13'])).python).toBe('3.13');
  });
});

describe('bad input: one line naming the flag and what it accepts', () => {
  const cases: [string[], RegExp][] = [
    [['--nope'], /^unknown flag --nope; run with --help/],
    [['--layout', 'flat'], /^--layout accepts package, single or bigger; got "flat"$/],
    [['--process', 'uwsgi'], /^--process accepts single, workers, gunicorn or official-image; got "uwsgi"$/],
    [['--port', '0'], /^--port accepts a whole number from 1 to 65535; got "0"$/],
    [['--port', '80a'], /^--port accepts a whole number/],
    [['--python', '3.9'], /^--python accepts 3\.10, 3\.11, 3\.12, 3\.13, 3\.14 or 3\.15; got "3\.9"$/],
    [['--tag', 'Bad Tag'], /^--tag accepts an image name/],
    [['--pin', 'uvicorn>>1'], /^--pin accepts a PEP 508 requirement/],
    [['--index-url', 'ftp://x'], /^--index-url accepts an http/],
    [['--forwarded-allow-ips', '10.0.0.0/33', '--proxy'], /^--forwarded-allow-ips accepts '\*' or a comma-separated list/],
    [['my service'], /^directory accepts a path whose last part/],
    [['--port'], /^--port needs a value/],
    [['--proxy', '--no-proxy'], /^--proxy and --no-proxy conflict/],
    [['--port', '1', '--port', '2'], /^--port was given twice/],
    [['a', 'b'], /^only one directory can be given/],
    [['--workers', '2'], /^--workers applies only with --process workers or --process gunicorn$/],
    [['--process', 'single', '--workers', '2'], /^--workers applies only with --process workers/],
    [['--forwarded-allow-ips', '10.0.0.1'], /^--forwarded-allow-ips applies only with --proxy$/],
    [['--pin', 'poetry>=2'], /^--pin names poetry, which is used only with --deps poetry/],
    [['--workers', '0', '--process', 'workers'], /^--workers accepts a whole number from 1 to 512/],
    [['--domain', 'api.example.com'], /^--domain applies only with --proxy$/],
    [['--proxy', '--domain', 'API.example.com'], /^--domain accepts a lowercase host name .*; got "API\.example\.com"$/],
    [['--proxy', '--domain'], /^--domain needs a value: it accepts a lowercase host name/],
    [['--kubernetes', '--no-kubernetes'], /^--kubernetes and --no-kubernetes conflict/],
  ];
  for (const [argv, pattern] of cases) {
    it(argv.join(' ') || '(none)', () => usageError(argv, pattern));
  }

  it('refuses a file as the directory, and a non-empty one without --overwrite', async () => {
    await usageError(['x'], /^directory "x" is a file/, 'file');
    await usageError(['x'], /^directory "x" is not empty; pass --overwrite/, 'non-empty');
    expect((await resolveWith(['x', '--overwrite'], { dir: 'non-empty' })).overwrite).toBe(true);
  });
});

describe('interactive resolution: asks what the flags left open', () => {
  it('asks every applicable question in order and skips what a flag answered', async () => {
    const fake = fakePrompter([
      ['Where', 'api'],
      ['How is the code', 'bigger'],
      ['How many server', 'workers'],
      ['How many worker', '3'],
      ['Will it run behind', true],
      ['Which proxy', '10.0.0.0/8'],
      ['Which Python', '3.13'],
      ['Which port', '8080'],
      ['Which public host name', 'api.example.com'],
      ['Customize advanced', true],
      ['Image tag', 'team/api:dev'],
      ['Requirement pins', 'fastapi>=0.115,<0.116 httpx>=0.27'],
    ]);
    const o = await resolveWith(['--deps', 'poetry'], { prompter: fake });
    expect(fake.asked.map((q) => q.split(/[?(]/)[0])).toEqual([
      'Where should the service be created',
      'How is the code laid out',
      'How many server processes run in each container',
      'How many worker processes',
      'Will it run behind a TLS-terminating proxy ',
      'Which proxy addresses are trusted',
      'Which Python version',
      'Which port does the server listen on inside the container',
      'Which public host name does HTTPS serve',
      'Customize advanced settings ',
      'Base image ',
      'Image tag',
      'Requirement pins, separated by spaces ',
      'Package index URL ',
    ]);
    expect(o).toMatchObject({
      directory: 'api', layout: 'bigger', deps: 'poetry', process: 'workers', workers: 3, proxy: true,
      forwardedAllowIps: '10.0.0.0/8', python: '3.13', port: 8080, domain: 'api.example.com', compose: true, kubernetes: false, tag: 'team/api:dev',
      pins: ['fastapi>=0.115,<0.116', 'httpx>=0.27'], baseImage: undefined, indexUrl: undefined, build: false,
    });
  });

  it('skips the worker and proxy follow-ups that do not apply, and the advanced ones unless wanted', async () => {
    const fake = fakePrompter([['How many server', 'single']]);
    const o = await resolveWith([], { prompter: fake });
    expect(fake.asked.some((q) => q.startsWith('How many worker'))).toBe(false);
    expect(fake.asked.some((q) => q.startsWith('Which proxy'))).toBe(false);
    expect(fake.asked.some((q) => q.startsWith('Which public host name'))).toBe(false);
    expect(o.domain).toBeUndefined();
    expect(fake.asked.some((q) => q.startsWith('Image tag'))).toBe(false);
    expect(o.tag).toBe('fastapi-app');
  });

  it('warns about the deprecated image as soon as it is chosen, before the next question', async () => {
    const fake = fakePrompter([['How many server', 'official-image']]);
    await resolveOptions({
      given: {},
      interactive: true,
      prompter: fake.prompter,
      env: { cwdName: 'w' },
      inspectDirectory: () => 'missing',
      warn: (text) => fake.asked.push(`WARNING ${text}`),
    });
    const warned = fake.asked.findIndex((q) => q.startsWith('WARNING tiangolo/uvicorn-gunicorn-fastapi is deprecated'));
    expect(warned).toBe(fake.asked.findIndex((q) => q.startsWith('How many server')) + 1);
    expect(fake.asked.filter((q) => q.startsWith('WARNING'))).toHaveLength(1);
  });

  it('offers the deprecated image only its Python versions', async () => {
    const fake = fakePrompter([['How many server', 'official-image'], ['Which Python', '3.14']]);
    await expect(resolveWith([], { prompter: fake })).rejects.toThrow(/"3.14" is not a choice/);
  });

  it('asks before touching a non-empty directory, and a no cancels', async () => {
    const yes = fakePrompter([['"x" is not empty', true]]);
    expect((await resolveWith(['x'], { prompter: yes, dir: 'non-empty' })).overwrite).toBe(true);
    const no = fakePrompter([['"x" is not empty', false]]);
    await expect(resolveWith(['x'], { prompter: no, dir: 'non-empty' })).rejects.toThrow(/left as it is/);
  });

  it('stops at a cancelled question', async () => {
    const fake = fakePrompter([['Which tool', CANCEL]]);
    await expect(resolveWith([], { prompter: fake })).rejects.toMatchObject({ name: 'CancelledError' });
    expect(fake.asked.at(-1)).toMatch(/^Which tool/);
  });
});

describe('--domain: an RFC 1123 host name, checked in one pass', () => {
  const good = ['localhost', 'api.example.com', 'a', 'x-1.example.co', '1password.com', `${'a'.repeat(63)}.example.com`, `${'a.'.repeat(125)}ab`];
  const bad = [
    '', '.', 'example.com.', '.example.com', 'a..b', '-api.example.com', 'api-.example.com', 'api_v1.example.com', 'API.example.com',
    'api.example.com:443', 'https://api.example.com', '*.example.com', 'api example.com', 'ápi.example.com', '10.0.0.1', 'host.123',
    `${'a'.repeat(64)}.example.com`, `${'a.'.repeat(126)}ab`, 'api.example.com\n', 'x\u0000',
  ];
  it.each(good)('accepts %s', (name) => expect(checkDomain(name)).toBeUndefined());
  it.each(bad)('refuses %j', (name) => expect(checkDomain(name)).toMatch(/^accepts a lowercase host name/));

  it('stays linear on inputs that make backtracking patterns explode (a catastrophic regex takes seconds on these)', () => {
    // At most 253 characters get past the length check, so the worst cases are that long: runs of label-like text
    // that fail only at the last character.
    const hostile = [`${'a-'.repeat(126)}!`, `${'a'.repeat(62)}.`.repeat(4).slice(0, 252) + '-', `${'a.'.repeat(126)}-`, `${'0.'.repeat(126)}0`];
    for (const input of hostile) expect(input.length).toBeLessThanOrEqual(253);
    const started = performance.now();
    for (let i = 0; i < 2_000; i++) for (const input of hostile) expect(checkDomain(input)).toBeDefined();
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
