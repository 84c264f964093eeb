/**
 * The combinations the linters see: every choice of the option table's choice lists (src/options/choices.ts, so a
 * new layout, dependency tool or process model joins by itself), with and without --proxy, each with every variant
 * below (the other paths the options open). A variant the tool refuses for a combination (--workers with one
 * process, a --pin of Poetry without Poetry) is left out there, as the CLI writes nothing for it; the test checks
 * that every variant and every choice is still linted somewhere.
 */
import { DEPS, LAYOUTS, PROCESSES } from '../../src/options/choices.js';
import { rowOf } from '../../src/options/table.js';
import { type Options, UsageError } from '../../src/options/types.js';
import { OFFICIAL_IMAGE, PYTHON_VERSIONS } from '../../src/versions.js';
import { optionsFromFlags } from './combos.js';

export interface Axes {
  layout: Options['layout'];
  deps: Options['deps'];
  process: Options['process'];
  proxy: boolean;
}

export interface Variant {
  name: string;
  flags: (axes: Axes) => string[];
}

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
/** A base image of the kind the process model needs: the official image's copies must keep its name. */
const base = (axes: Axes, suffix: string) =>
  axes.process === 'official-image' ? `registry.example/team/${OFFICIAL_IMAGE.split('/')[1]}${suffix}` : `registry.example:5000/team/python${suffix}`;
const applies = (id: 'workers' | 'forwardedAllowIps', axes: Axes) => rowOf(id).appliesWhen?.test(axes) === true;

export const VARIANTS: readonly Variant[] = [
  { name: 'defaults', flags: () => [] },
  { name: 'kubernetes', flags: () => ['--kubernetes'] },
  { name: 'kubernetes only', flags: () => ['--kubernetes', '--no-compose'] },
  { name: 'no deployment files', flags: () => ['--no-compose'] },
  { name: 'index', flags: () => ['--index-url', 'https://mirror.example/simple'] },
  { name: 'index with credentials', flags: () => ['--index-url', 'https://ci-bot:s3cr%40t@mirror.example:8443/pypi/simple/'] },
  { name: 'workers', flags: () => ['--workers', '3'] },
  { name: 'trusted proxies', flags: () => ['--forwarded-allow-ips', '10.0.0.5,fd00::/8'] },
  { name: 'oldest python, other port', flags: () => ['--python', PYTHON_VERSIONS[0], '--port', '8080'] },
  { name: 'newest python', flags: () => ['--python', PYTHON_VERSIONS.at(-1) as string] },
  { name: 'base image', flags: (a) => ['--base-image', base(a, a.process === 'official-image' ? ':python3.11-slim' : ':3.12-slim')] },
  { name: 'base image by digest', flags: (a) => ['--base-image', base(a, `@${DIGEST}`)] },
  { name: 'base image untagged', flags: (a) => ['--base-image', base(a, '')] },
  { name: 'base image latest', flags: (a) => ['--base-image', base(a, ':latest')] },
  { name: 'app pins', flags: () => ['--pin', 'fastapi==0.163.1', '--pin', 'uvicorn[]>=0.54', '--pin', 'orjson>=3.10'] },
  { name: 'build tool unversioned', flags: () => ['--pin', 'poetry'] },
  { name: 'build tools unversioned', flags: () => ['--pin', 'poetry', '--pin', 'poetry-plugin-export'] },
  { name: 'build tool by URL', flags: () => ['--pin', 'poetry @ https://files.example/poetry-2.5.0-py3-none-any.whl'] },
  {
    name: 'everything',
    flags: (a) => [
      '--kubernetes',
      '--index-url',
      'https://u:p@mirror.example/simple',
      '--port',
      '8000',
      ...(applies('workers', a) ? ['--workers', '2'] : []),
      ...(applies('forwardedAllowIps', a) ? ['--forwarded-allow-ips', '172.30.0.2'] : []),
      '--base-image',
      base(a, ''),
    ],
  },
];

export const AXES: readonly Axes[] = LAYOUTS.flatMap(({ value: layout }) =>
  DEPS.flatMap(({ value: deps }) =>
    PROCESSES.flatMap(({ value: process }) => [false, true].map((proxy) => ({ layout, deps, process, proxy }))),
  ),
);

export const axesName = (a: Axes): string => `${a.layout}-${a.deps}-${a.process}-${a.proxy ? 'proxy' : 'direct'}`;

export interface Entry {
  axes: Axes;
  variant: string;
  flags: string[];
  options: Options;
}

/** Every accepted combination, and the refused ones with the tool's reason. */
export async function lintMatrix(): Promise<{ entries: Entry[]; refused: { axes: Axes; variant: string; problem: string }[] }> {
  const entries: Entry[] = [];
  const refused: { axes: Axes; variant: string; problem: string }[] = [];
  for (const axes of AXES) {
    for (const variant of VARIANTS) {
      const flags = [
        '--layout', axes.layout, '--deps', axes.deps, '--process', axes.process, axes.proxy ? '--proxy' : '--no-proxy',
        ...variant.flags(axes),
      ];
      try {
        entries.push({ axes, variant: variant.name, flags, options: await optionsFromFlags(['svc', ...flags]) });
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        refused.push({ axes, variant: variant.name, problem: error.message });
      }
    }
  }
  return { entries, refused };
}
