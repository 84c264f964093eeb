import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/options/parse-args.js';
import { OPTION_TABLE } from '../src/options/table.js';
import { DEFAULT_FORWARDED_ALLOW_IPS } from '../src/versions.js';
import { plain, resolveWith, usageError } from './helpers/resolve.js';

describe('resolution without a terminal: flags, then defaults', () => {
  it('takes every default', async () => {
    expect(plain(await resolveWith([]))).toEqual({
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

  it('lets every flag win, parsing numbers, networks, requirements, image references and URLs', async () => {
    const o = await resolveWith([
      'services/Billing_API', '--layout=bigger', '--deps', 'poetry', '--process', 'gunicorn', '--workers', '4', '--proxy',
      '--forwarded-allow-ips', '10.1.0.0/16', '--python', '3.12', '--port', '8000', '--pin', 'uvicorn >= 0.32, < 0.33',
      '--pin', 'poetry>=2.1,<2.2', '--index-url', 'https://pypi.example.com/simple', '--base-image', 'reg.example.com/py:3.12-slim',
    ]);
    expect(plain(o)).toMatchObject({
      directory: 'services/Billing_API', layout: 'bigger', deps: 'poetry', process: 'gunicorn', workers: 4, proxy: true,
      forwardedAllowIps: '10.1.0.0/16', python: '3.12', port: 8000, tag: 'billing_api',
      pins: ['uvicorn>=0.32,<0.33', 'poetry>=2.1,<2.2'], indexUrl: 'https://pypi.example.com/simple',
      baseImage: 'reg.example.com/py:3.12-slim',
    });
  });

  it('takes the deployment files and the public host name from flags; the host name defaults with --proxy', async () => {
    expect(await resolveWith(['--no-compose', '--kubernetes', '--proxy', '--domain', 'api.example.com'])).toMatchObject({
      compose: false,
      kubernetes: true,
      domain: 'api.example.com',
    });
    expect((await resolveWith(['--proxy'])).domain).toBe('localhost');
  });

  it('derives the tag from the directory the target resolves to', async () => {
    expect((await resolveWith(['.', '--proxy'])).forwardedAllowIps).toBe(DEFAULT_FORWARDED_ALLOW_IPS);
    expect((await resolveWith(['.'])).tag.ref).toBe('my-workspace');
    expect((await resolveWith(['svc/.'])).tag.ref).toBe('svc');
    expect((await resolveWith(['svc/sub/..'])).tag.ref).toBe('svc');
    expect((await resolveWith(['../Other_Dir'])).tag.ref).toBe('other_dir');
  });

  it('takes the Python version from a base image that names one, and refuses a --python that disagrees', async () => {
    expect((await resolveWith(['--base-image', 'python:3.12-slim', '--deps', 'poetry'])).python).toBe('3.12');
    expect((await resolveWith(['--base-image', 'registry.example.com/lib/python:3.13-slim-bookworm'])).python).toBe('3.13');
    expect((await resolveWith(['--base-image', 'registry.example.com/base:latest'])).python).toBe('3.14');
    await usageError(['--base-image', 'python:3.12-slim', '--python', '3.14'], /^--python 3\.14 disagrees with --base-image python:3\.12-slim, which is Python 3\.12; give --python 3\.12, or another --base-image, or --no-base-image$/);
  });

  it('defaults the deprecated image to its newest Python; newer ones need a copy of the image as --base-image', async () => {
    expect((await resolveWith(['--process', 'official-image'])).python).toBe('3.11');
    await usageError(['--process', 'official-image', '--python', '3.13'], /^--python 3\.13 is not one of 3\.10 or 3\.11, the Pythons of --process official-image/);
    const copy = await resolveWith(['--process', 'official-image', '--base-image', 'reg.example.com/tiangolo/uvicorn-gunicorn-fastapi:python3.13']);
    expect(copy.python).toBe('3.13');
    await usageError(['--process', 'official-image', '--base-image', 'mine/fastapi:py3.13'], /^--base-image mine\/fastapi:py3\.13 is not a copy of tiangolo\/uvicorn-gunicorn-fastapi/);
  });

  it('parses --help and --version wherever they stand, and takes everything after -- as the directory', () => {
    expect(parseArgs(['--port', '0', '--help']).help).toBe(true);
    expect(parseArgs(['--frobnicate', '-v']).version).toBe(true);
    expect(parseArgs(['--yes', '--', 'svc']).given.directory).toBe('svc');
    expect(() => parseArgs(['--', '--yes'])).toThrow(/^directory accepts a path whose last part .*; got "--yes"$/);
  });
});

describe('bad input: one line naming the flag and what it accepts', () => {
  const cases: [string[], RegExp][] = [
    [['--nope'], /^unknown flag --nope; run with --help/],
    [['--layout', 'flat'], /^--layout accepts package, single or bigger; got "flat"$/],
    [['--process', 'uwsgi'], /^--process accepts single, workers, gunicorn or official-image; got "uwsgi"$/],
    [['--port', '0'], /^--port accepts a whole number from 1 to 65535; got "0"$/],
    [['--port', '80a'], /^--port accepts a whole number/],
    [['--port', ' 80'], /^--port accepts a whole number/],
    [['--python', '3.9'], /^--python accepts 3\.10, 3\.11, 3\.12, 3\.13, 3\.14 or 3\.15; got "3\.9"$/],
    [['--tag', 'Bad Tag'], /^--tag accepts an image name/],
    [['--pin', 'uvicorn>>1'], /^--pin accepts a PEP 508 requirement/],
    [['--pin', 'uvicorn; foo'], /^--pin accepts a PEP 508 requirement .*expected a marker variable/],
    [['--pin', 'fastapi>=0.1; x\\'], /^--pin accepts a PEP 508 requirement/],
    [['--pin', 'x~=1'], /^--pin .*"~=1" needs a version with at least two parts/],
    [['--pin', 'uvicorn>=0.32', '--pin', 'Uvicorn<1'], /^--pin names uvicorn twice; give one pin per distribution$/],
    [['--pin', 'pkg @ https://user:pw@example.com/p.whl'], /^--pin .*credentials/],
    [['--index-url', 'ftp://x'], /^--index-url accepts the http:\/\/ or https:\/\/ URL/],
    [['--index-url', 'https://x.example/simple;touch${IFS}/tmp/PWN;#'], /^--index-url accepts/],
    [['--index-url', 'https://x.example/simple\\'], /^--index-url accepts/],
    [['--index-url', 'https://x.example/simple?token=1'], /^--index-url accepts .*no query or fragment/],
    [['--forwarded-allow-ips', '10.0.0.0/33', '--proxy'], /^--forwarded-allow-ips accepts '\*' alone, or a comma-separated list/],
    [['--forwarded-allow-ips', '10.0.0.5/8', '--proxy'], /"10\.0\.0\.5\/8" has host bits set; the network is 10\.0\.0\.0\/8/],
    [['--forwarded-allow-ips', '*,10.0.0.1', '--proxy'], /'\*' already trusts everyone/],
    [['--', '-svc'], /^directory accepts a path whose last part/],
    [['~/svc'], /^directory accepts a path, and "~" was not expanded by a shell/],
    [['--port'], /^--port needs a value/],
    [['--proxy', '--no-proxy'], /^--proxy and --no-proxy conflict/],
    [['--port', '1', '--port', '2'], /^--port was given twice/],
    [['a', 'b'], /^only one directory can be given/],
    [['--workers', '2'], /^--workers applies only with --process workers or --process gunicorn$/],
    [['--process', 'single', '--workers', '2'], /^--workers applies only with --process workers/],
    [['--forwarded-allow-ips', '10.0.0.1'], /^--forwarded-allow-ips applies only with --proxy$/],
    [['--pin', 'poetry>=2'], /^--pin names poetry, which is used only with --deps poetry/],
    [['--workers', '0', '--process', 'workers'], /^--workers accepts a whole number from 1 to 512/],
    [['--domain', 'api.example.com'], /^--domain applies only with --proxy and --compose or --kubernetes$/],
    [['--domain', 'api.example.com', '--proxy', '--no-compose'], /^--domain applies only with --proxy and --compose or --kubernetes$/],
    [['--proxy', '--domain', 'API_v1.example.com'], /^--domain accepts a host name .*; got "API_v1\.example\.com"$/],
    [['--proxy', '--domain'], /^--domain needs a value: it accepts a host name/],
    [['--kubernetes', '--no-kubernetes'], /^--kubernetes and --no-kubernetes conflict/],
  ];
  for (const [argv, pattern] of cases) {
    it(argv.join(' ') || '(none)', () => usageError(argv, pattern));
  }

  it('quotes a bad value back on one line, escaped, cut short, and with credentials masked', async () => {
    expect(await usageError(['--tag', 'a\nb'], /got "a\\nb"$/)).not.toContain('\n');
    expect((await usageError(['--tag', 'x'.repeat(100_000)], /got "x{80}…" \(100000 characters\)$/)).length).toBeLessThan(300);
    const secret = await usageError(['--index-url', 'https://user:s3cret@host/simple?x=1'], /^--index-url accepts/);
    expect(secret).toContain('https://***@host/simple?x=1');
    expect(secret).not.toContain('s3cret');
  });

  it('every flag answers a 100,000-character value at once, in each shape that makes backtracking explode', () => {
    const shapes = ['a'.repeat(100_000), `a<${' '.repeat(100_000)}!`, `1${'.1'.repeat(50_000)}x`, `a${'-'.repeat(100_000)}!`, `${'a/'.repeat(50_000)}`];
    for (const def of OPTION_TABLE.filter((d) => d.kind !== 'boolean')) {
      for (const value of shapes) {
        const start = performance.now();
        expect(() => parseArgs(def.flag.startsWith('[') ? [value] : [def.flag, value])).toThrow(/accepts|needs/);
        expect(performance.now() - start, `${def.flag} on ${value.slice(0, 12)}…`).toBeLessThan(100);
      }
    }
  });

  it('refuses a file as the directory, and a non-empty one without --overwrite', async () => {
    await usageError(['x'], /^directory "x" is a file/, { dir: 'file' });
    await usageError(['x'], /^directory "x" is not empty; pass --overwrite/, { dir: 'non-empty' });
    expect((await resolveWith(['x', '--overwrite'], { dir: 'non-empty' })).overwrite).toBe(true);
  });
});
