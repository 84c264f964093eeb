/** Hostile input for the property tests: what scripts, CI variables and preset files could put in a flag. */
import fc from 'fast-check';

/** Pieces that break out of shells, requirement files, TOML, YAML or a line. */
export const FRAGMENTS = [
  '\n', '\r\n', '\\', "'", '"', '`id`', '$(touch /tmp/PWN)', '${IFS}', '$HOME', ';', '&', '&&', '|', '#', ' #', ' -x',
  '\0', '\t', '*', '?', '[', ']', '{', '}', '<', '>', '(', ')', '!', '~', '=', ',', '@', ':', '/', '%00', '%0a',
  ';touch${IFS}/tmp/PWN;#', "' ; rm -rf / ; '", '\u2028', '\u00e9', '\u{1F600}', '\uFEFF', 'é', ' ', '--yes', '-',
] as const;

/** Values each flag accepts, so that mutations of them reach the files. */
export const VALID: Record<string, readonly string[]> = {
  directory: ['svc', 'team/svc', '.', 'a', 'svc.v2_x-y'],
  '--layout': ['package', 'single', 'bigger'],
  '--deps': ['pip', 'poetry', 'uv'],
  '--process': ['single', 'workers', 'gunicorn'],
  '--workers': ['1', '4', '512'],
  '--forwarded-allow-ips': ['10.0.0.0/8', '127.0.0.1,::1', '*', 'fc00::/7,192.168.1.0/24'],
  '--python': ['3.12', '3.14'],
  '--port': ['80', '8000', '65535'],
  '--base-image': ['python:3.12-slim', 'registry.example.com:5000/lib/python:3.14-slim@sha256:' + 'a'.repeat(64)],
  '--tag': ['svc', 'registry.example.com/team/svc:1.0', 'svc:v1_2.3'],
  '--pin': [
    'uvicorn>=0.32,<0.33', 'uvicorn[]>=0.32', 'httpx[http2]>=0.27', "sqlmodel; python_version < '3.15'",
    'pkg @ https://files.example.com/pkg-1.0-py3-none-any.whl#sha256=' + 'b'.repeat(64),
    "pkg2 @ git+https://github.com/o/r@v1.0 ; sys_platform == 'linux' and (os_name != 'nt' or extra == 'x')",
    'poetry>=2.3,<2.4', 'pytest (>=9,<10)',
  ],
  '--index-url': ['https://pypi.example.com/simple', 'http://127.0.0.1:3141/simple/', 'https://user:s3cr%40t@mirror.example.com/pypi/simple'],
};

const insert = ([value, fragment, at]: [string, string, number]) => {
  const i = at % (value.length + 1);
  return value.slice(0, i) + fragment + value.slice(i);
};

/** A value for a flag: valid, a valid one with hostile pieces spliced in, random text, or a huge one. */
export const valueFor = (flag: string): fc.Arbitrary<string> => {
  const valid = fc.constantFrom(...(VALID[flag] ?? ['x']));
  const fragment = fc.constantFrom(...FRAGMENTS);
  return fc.oneof(
    { weight: 14, arbitrary: valid },
    { weight: 4, arbitrary: fc.tuple(valid, fragment, fc.nat()).map(insert) },
    { weight: 2, arbitrary: fc.tuple(valid, fc.array(fragment, { minLength: 2, maxLength: 4 }), fc.nat()).map(([v, fs, at]) => fs.reduce((acc, f, i) => insert([acc, f, at + i * 7]), v)) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...FRAGMENTS), maxLength: 12 }) },
    { weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom('x', ' ', '!', '\\')).map(([v, c]) => v + c.repeat(100_000)) },
  );
};

/** argv: a directory, the axes, and hostile values in one to four of the value flags. */
export const hostileArgv = fc
  .record({
    directory: valueFor('directory'),
    deps: fc.constantFrom('pip', 'poetry', 'uv'),
    process: fc.constantFrom('single', 'workers', 'gunicorn'),
    proxy: fc.boolean(),
    flags: fc.uniqueArray(fc.constantFrom('--workers', '--forwarded-allow-ips', '--python', '--port', '--base-image', '--tag', '--pin', '--index-url', '--layout'), { minLength: 1, maxLength: 4 }),
  })
  .chain((r) =>
    fc.tuple(fc.constant(r), fc.tuple(...r.flags.map((f) => valueFor(f))), fc.option(valueFor('--pin'), { nil: undefined })),
  )
  .map(([r, values, secondPin]) => {
    const argv = [r.directory, '--deps', r.deps, '--process', r.process, r.proxy ? '--proxy' : '--no-proxy'];
    r.flags.forEach((flag, i) => argv.push(flag, values[i] as string));
    if (secondPin !== undefined) argv.push('--pin', secondPin);
    return argv;
  });
