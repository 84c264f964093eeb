/**
 * The published shape (issue 4): `npm pack --dry-run` ships bin/, dist/ and templates/ with README, LICENSE and
 * package.json, and nothing else; no runtime dependencies; dist/ loads only Node built-ins and its own chunks;
 * the lazy chunks stay unloaded on the runs that do not need them. Also run by `npm run test:install`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PACKED_BYTES, type PackResult, ROOT, loadedSpecifiers, pack, packageJson, templateFiles } from './install/pack.js';

let packed: PackResult;
let paths: string[];

beforeAll(() => {
  packed = pack({ dryRun: true });
  paths = packed.files.map((file) => file.path).sort();
});

describe('npm pack --dry-run', () => {
  it('ships only bin/, dist/, templates/, README.md, LICENSE and package.json', () => {
    const outside = paths.filter(
      (path) => !/^(bin|dist|templates)\//.test(path) && !['README.md', 'LICENSE', 'package.json'].includes(path),
    );
    expect(outside, 'files outside the published shape').toEqual([]);
    for (const required of ['README.md', 'LICENSE', 'package.json', 'bin/create-fastapi-docker.js', 'bin/package.json', 'dist/index.cjs', 'dist/help.cjs']) {
      expect(paths, `${required} is missing from the tarball`).toContain(required);
    }
    expect(paths.filter((path) => /^(src|test|bench|\.ci|scripts)\//.test(path) || path.endsWith('.map') || path.endsWith('.ts'))).toEqual([]);
  });

  it('ships every file under templates/, and no other template', () => {
    const onDisk = templateFiles();
    expect(onDisk.length).toBeGreaterThan(0);
    // A file npm drops on its own (.gitignore, .npmignore) would show up here as missing.
    expect(paths.filter((path) => path.startsWith('templates/'))).toEqual(onDisk);
  });

  it('ships bin/ as exactly the executable shim and its CommonJS marker', () => {
    expect(paths.filter((path) => path.startsWith('bin/'))).toEqual(['bin/create-fastapi-docker.js', 'bin/package.json']);
    const shim = packed.files.find((file) => file.path === 'bin/create-fastapi-docker.js');
    expect((shim?.mode ?? 0) & 0o111, 'the bin is not executable').not.toBe(0);
    const source = readFileSync(join(ROOT, 'bin/create-fastapi-docker.js'), 'utf8');
    expect(source.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(source).toMatch(/20\.12/);
    expect(loadedSpecifiers(source)).toEqual(['../dist/help.cjs', '../dist/index.cjs', '../package.json']);
    for (const specifier of loadedSpecifiers(source)) expect(paths).toContain(posix.join('bin', specifier));
    expect(JSON.parse(readFileSync(join(ROOT, 'bin/package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
  });

  it('refuses an older Node with one clear line, before loading dist/', () => {
    const work = mkdtempSync(join(tmpdir(), 'cfd-old-node-'));
    try {
      const fake = join(work, 'old-node.cjs');
      writeFileSync(fake, "Object.defineProperty(process,'versions',{value:{...process.versions,node:'20.11.1'}});Object.defineProperty(process,'version',{value:'v20.11.1'});\n");
      const result = spawnSync(process.execPath, ['--require', fake, join(ROOT, 'bin/create-fastapi-docker.js'), '--version'], { encoding: 'utf8' });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/needs Node\.js 20\.12 or newer; this is v20\.11\.1/);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it(`stays within its budget: ${MAX_PACKED_BYTES / 1000} kB packed (create-vite 9.3.0 is 79.0 kB, without YAML, TOML or a merge)`, () => {
    expect(packed.size, `packed ${packed.size} bytes`).toBeLessThanOrEqual(MAX_PACKED_BYTES);
  });
});

describe('package.json', () => {
  const pkg = packageJson();

  it('declares no runtime dependencies of any kind', () => {
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies', 'bundledDependencies']) {
      expect(pkg[field], `package.json has ${field}`).toBeUndefined();
    }
  });

  it('points bin at the shim and publishes only bin, dist and templates', () => {
    expect(pkg.bin).toEqual({ 'create-fastapi-docker': 'bin/create-fastapi-docker.js' });
    expect(pkg.files).toEqual(['bin', 'dist', 'templates']);
    expect((pkg.engines as Record<string, string>).node).toBe('>=20.12');
  });
});

describe('dist/', () => {
  it('loads only Node built-ins and its own chunks, every one of them packed', () => {
    const dist = paths.filter((path) => path.startsWith('dist/'));
    expect(dist.every((path) => path.endsWith('.cjs')), dist.join(', ')).toBe(true);
    for (const file of dist) {
      for (const specifier of loadedSpecifiers(readFileSync(join(ROOT, file), 'utf8'))) {
        if (specifier.startsWith('.')) {
          expect(paths, `${file} loads ${specifier}, which is not packed`).toContain(posix.join(posix.dirname(file), specifier));
        } else {
          expect(isBuiltin(specifier), `${file} loads ${specifier}: a runtime dependency left out of the bundle`).toBe(true);
        }
      }
    }
  });
});

describe('lazy chunks', () => {
  const work = mkdtempSync(join(tmpdir(), 'cfd-lazy-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const runBin = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [join(ROOT, 'bin/create-fastapi-docker.js'), ...args], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, CI: '1', NO_COLOR: '', ...env },
    });

  /** The dist/ files a run of the bin required, read from require.cache when it exits. */
  const distLoaded = (args: string[], env: Record<string, string> = {}) => {
    const out = join(work, `loaded-${Math.random().toString(36).slice(2)}.json`);
    const hook = `${out}.cjs`;
    writeFileSync(hook, `process.on('exit',()=>require('fs').writeFileSync(${JSON.stringify(out)},JSON.stringify(Object.keys(require.cache))))\n`);
    const result = spawnSync(process.execPath, ['--require', hook, join(ROOT, 'bin/create-fastapi-docker.js'), ...args], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, CI: '1', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const loaded = (JSON.parse(readFileSync(out, 'utf8')) as string[])
      .filter((path) => path.startsWith(join(ROOT, 'dist')))
      .map((path) => path.slice(ROOT.length + 1).replace(/-[\w-]{8}\.cjs$/, '.cjs'))
      .sort();
    return { status: result.status, stderr: result.stderr, loaded };
  };

  it.each([['--help', '--yes'], ['lean', '--yes', '--no-build'], ['dry', '--yes', '--dry-run']])(
    '%s loads neither @clack/prompts, the Docker step nor the TOML reader',
    (...args) => {
      const run = distLoaded(args);
      expect(run.status, run.stderr).toBe(0);
      expect(run.loaded).toContain('dist/index.cjs');
      expect(run.loaded.filter((path) => /clack|execa|docker|toml-reader/.test(path))).toEqual([]);
    },
  );

  it('a lone --version or -v is answered by the shim, with what dist/index.cjs answers', () => {
    for (const flag of ['--version', '-v']) {
      const run = distLoaded([flag]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.loaded).toEqual([]);
    }
    const shim = runBin(['--version']);
    expect(shim.stdout).toBe(`${packageJson().version}\n`);
    // Two arguments: the shim hands over to dist/index.cjs, which checks --version first.
    expect(runBin(['--version', '--yes']).stdout).toBe(shim.stdout);
  });

  it('a lone --help or -h loads dist/help.cjs and the option table, not dist/index.cjs, and prints what it prints', () => {
    for (const flag of ['--help', '-h']) {
      const run = distLoaded([flag]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.loaded).toEqual(['dist/esm.cjs', 'dist/help.cjs', 'dist/rolldown-runtime.cjs', 'dist/table.cjs']);
    }
    for (const color of ['0', '1']) {
      const shim = runBin(['--help'], { FORCE_COLOR: color });
      expect(shim.stdout).toContain('--layout');
      expect(runBin(['--help', '--yes'], { FORCE_COLOR: color }).stdout).toBe(shim.stdout);
      expect(runBin(['-h'], { FORCE_COLOR: color }).stdout).toBe(shim.stdout);
    }
  });

  it('--build loads the Docker step, and still not @clack/prompts', () => {
    const run = distLoaded(['built', '--yes', '--build'], { CFD_DOCKER: join(work, 'no-such-docker') });
    expect(run.status).toBe(1);
    expect(run.loaded).toContain('dist/docker.cjs');
    expect(run.loaded.filter((path) => path.includes('clack'))).toEqual([]);
  });
});
