/**
 * The packed tarball, installed and run the ways users start it (issue 4).
 *
 * `npm pack` writes the tarball; a registry on 127.0.0.1 (./registry.ts) serves it as the only package it knows;
 * each package manager's `create`/`exec` resolves, downloads and runs it from there, in a fresh HOME (so fresh caches
 * and config) and an empty directory. Every produced project must equal, file for file and mode for mode, what the
 * repository's own bin writes. Nothing is skipped: a manager that cannot be installed or run fails its test.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRegistry, startRegistry } from './registry.js';
import { type PackResult, ROOT, pack } from './pack.js';
import { TOOLS, ensureTools } from './tools.js';

const APP = 'my-app';
const FLAGS = ['--yes', '--no-build'];

let work: string;
let packed: PackResult;
let tarball: string;
let registry: LocalRegistry;
let toolsBin: string;
let reference: Map<string, { content: string; mode: number }>;

/** Every file below dir with its content and permission bits, keyed by relative path. */
function snapshot(dir: string): Map<string, { content: string; mode: number }> {
  const files = new Map<string, { content: string; mode: number }>();
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else files.set(path, { content: readFileSync(join(dir, path), 'utf8'), mode: statSync(join(dir, path)).mode & 0o777 });
    }
  };
  walk('');
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The environment of a user with nothing configured but the registry: no npm_* variables from `npm run`. */
function userEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|yarn_|bun_|corepack_|node_options$|init_cwd$|xdg_)/i.test(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    PATH: [toolsBin, ...(process.env.PATH ?? '').split(delimiter)].join(delimiter),
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
}

/** A fresh HOME whose config sends npm, pnpm, yarn and bun to the local registry, and keeps yarn's globals inside it. */
function freshHome(root: string): string {
  const home = join(root, 'home');
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, '.npmrc'), `registry=${registry.url}\nupdate-notifier=false\nfund=false\naudit=false\n`);
  // Classic yarn's `create` is a `global add`: as root it would write to /usr/local/share and /usr/local/bin.
  writeFileSync(
    join(home, '.yarnrc'),
    [
      `registry "${registry.url}"`,
      `prefix "${join(home, 'yarn-prefix')}"`,
      `global-folder "${join(home, 'yarn-global')}"`,
      `cache-folder "${join(home, 'yarn-cache')}"`,
      'disable-self-update-check true',
      '',
    ].join('\n'),
  );
  return home;
}

interface Run {
  status: number | null;
  output: string;
  /** Requests the registry answered during the run. */
  requests: string[];
}

/** Asynchronous on purpose: the registry answers from this process, so its event loop must keep running. */
function run(command: string, args: string[], cwd: string, home: string): Promise<Run> {
  const before = registry.log.length;
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: userEnv(home), stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
    let output = `$ ${command} ${args.join(' ')}\n`;
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const done = (status: number | null, error?: Error) =>
      resolve({ status, output: error ? `${output}\n${error}` : output, requests: registry.log.slice(before) });
    child.on('error', (error) => done(null, error));
    child.on('close', (status, signal) => done(status, signal ? new Error(`ended by ${signal}`) : undefined));
  });
}

const tarballRequest = () => `GET /${packed.name}/-/${packed.filename} 200`;

function expectSameProject(dir: string, how: string) {
  expect(existsSync(dir), `${how} wrote no ${APP}/`).toBe(true);
  const produced = snapshot(dir);
  expect([...produced.keys()], `${how}: files`).toEqual([...reference.keys()]);
  for (const [path, file] of reference) {
    expect(produced.get(path)?.content, `${how}: ${path}`).toBe(file.content);
    expect(produced.get(path)?.mode.toString(8), `${how}: mode of ${path}`).toBe(file.mode.toString(8));
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'cfd-install-'));
  packed = pack({ destination: work });
  tarball = join(work, packed.filename);
  registry = await startRegistry(tarball);
  toolsBin = ensureTools();

  // What the repository's own build writes: every install below must produce exactly this.
  const refDir = join(work, 'reference');
  mkdirSync(refDir);
  const ref = spawnSync(process.execPath, [join(ROOT, 'bin/create-fastapi-docker.js'), APP, ...FLAGS], { cwd: refDir, encoding: 'utf8' });
  if (ref.status !== 0) throw new Error(`the repository's bin failed: ${ref.stderr}`);
  reference = snapshot(join(refDir, APP));
}, 300_000);

afterAll(async () => {
  await registry?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the reference project', () => {
  it('is a FastAPI service with a Dockerfile, dotfiles restored from their _ names', () => {
    expect(reference.get('Dockerfile')?.content).toMatch(/^FROM python:\d+\.\d+/m);
    expect(reference.get('Dockerfile')?.content).toMatch(/^CMD \[/m);
    expect(reference.get('app/main.py')?.content).toMatch(/^app = FastAPI\(/m);
    expect(reference.get('requirements.txt')?.content).toMatch(/^fastapi[><=]/m);
    expect(reference.get('README.md')?.content.startsWith(`# ${APP}\n`)).toBe(true);
    expect(reference.has('.gitignore') && reference.has('.dockerignore')).toBe(true);
  });
});

describe('npm install <tarball>', () => {
  it('pulls in exactly one package, whose bin scaffolds the reference project', async () => {
    const project = join(work, 'plain-install');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{"name":"plain-install","private":true}\n');
    const home = freshHome(project);
    const install = await run('npm', ['install', '--no-audit', '--no-fund', tarball], project, home);
    expect(install.status, install.output).toBe(0);

    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
    expect(Object.keys(lock.packages).filter((key) => key)).toEqual([`node_modules/${packed.name}`]);
    expect(readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual([packed.name]);

    const version = await run(join(project, 'node_modules/.bin/create-fastapi-docker'), ['--version'], project, home);
    expect(version.status, version.output).toBe(0);
    expect(version.output).toContain(`\n${packed.version}\n`);

    const scaffold = await run('npx', ['--no-install', 'create-fastapi-docker', APP, ...FLAGS], project, home);
    expect(scaffold.status, scaffold.output).toBe(0);
    expectSameProject(join(project, APP), 'npx in the installing project');
  });
});

/** The ways users start a create-* tool; flags after `--` where the manager would otherwise take them. */
const STARTS: Array<{ how: string; command: string; args: string[] }> = [
  { how: 'npm create', command: 'npm', args: ['create', 'fastapi-docker@latest', APP, '--', ...FLAGS] },
  { how: 'npm exec', command: 'npm', args: ['exec', '--yes', '--package=create-fastapi-docker@latest', '--', 'create-fastapi-docker', APP, ...FLAGS] },
  { how: 'npx', command: 'npx', args: ['--yes', 'create-fastapi-docker@latest', APP, ...FLAGS] },
  { how: `pnpm create (pnpm ${TOOLS.pnpm})`, command: 'pnpm', args: ['create', 'fastapi-docker', APP, ...FLAGS] },
  { how: `yarn create (yarn ${TOOLS.yarn})`, command: 'yarn', args: ['create', 'fastapi-docker', APP, ...FLAGS] },
  { how: `bun create (bun ${TOOLS.bun})`, command: 'bun', args: ['create', 'fastapi-docker', APP, ...FLAGS] },
];

describe('from a registry, the ways users start it', () => {
  it.each(STARTS)('$how downloads the tarball and scaffolds the reference project', async ({ how, command, args }) => {
    const root = join(work, how.split(' ').slice(0, 2).join('-'));
    const cwd = join(root, 'cwd');
    mkdirSync(cwd, { recursive: true });
    const result = await run(command, args, cwd, freshHome(root));
    expect(result.status, result.output).toBe(0);
    // Proof that this run installed the packed tarball, not a copy from a cache or from PATH.
    expect(result.requests, `${result.output}\nregistry saw:\n${result.requests.join('\n')}`).toContain(tarballRequest());
    // Zero dependencies: the registry was asked for no other package.
    const others = result.requests.filter((line) => line.startsWith('GET ') && !line.startsWith(`GET /${packed.name}`));
    expect(others, 'requests for other packages').toEqual([]);
    expectSameProject(join(cwd, APP), how);
  });
});
