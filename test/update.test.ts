import { appendFileSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { listFiles, runCli, tempDir } from './helpers/run-cli.js';
import { snapshot } from './helpers/snapshot.js';

/**
 * Written by 0.2.0, the first version with an answers file, and never edited since: `create-fastapi-docker
 * generated-0.2.0 --tag svc --process gunicorn --proxy --deps poetry --kubernetes --domain api.example.com --yes`.
 * Every later version must update it cleanly: the answers format is a contract.
 */
const FIXTURE = resolve(import.meta.dirname, 'fixtures/generated-0.2.0');

const oneLine = (r: { code: number | undefined; stderr: string }, code: number, pattern: RegExp) => {
  expect(r.code).toBe(code);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
};

/** A project generated as a user would, then edited as a user would. */
async function editedProject(): Promise<string> {
  const cwd = tempDir();
  expect((await runCli(['svc', '--layout', 'single'], { cwd })).code).toBe(0);
  const dir = join(cwd, 'svc');
  appendFileSync(join(dir, 'main.py'), '\n\n@app.get("/ping")\ndef ping() -> dict[str, str]:\n    return {"ping": "pong"}\n');
  appendFileSync(join(dir, 'requirements.txt'), 'orjson>=3.10\n');
  const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
  writeFileSync(join(dir, 'Dockerfile'), dockerfile.replace('\nRUN groupadd', '\nRUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*\n\nRUN groupadd'));
  rmSync(join(dir, '.dockerignore'));
  return dir;
}

describe('--update refuses, in one line and writing nothing, what it cannot update', () => {
  const cases: [string, (dir: string) => void, RegExp][] = [
    ['no answers file', (d) => rmSync(join(d, '.create-fastapi-docker.yml')), /^error --update needs \.create-fastapi-docker\.yml, which create-fastapi-docker writes into every project it generates; "\." has none$/],
    ['an answers file from a newer tool', (d) => writeFileSync(join(d, '.create-fastapi-docker.yml'), readFileSync(join(d, '.create-fastapi-docker.yml'), 'utf8').replace(/^version: .*$/m, 'version: 99.0.0')), /^error \.create-fastapi-docker\.yml was written by create-fastapi-docker 99\.0\.0, newer than this \d+\.\d+\.\d+; run npm create/],
    ['an answers file that does not parse', (d) => writeFileSync(join(d, '.create-fastapi-docker.yml'), 'format: 1\nfiles: [unclosed\n'), /^error \.create-fastapi-docker\.yml does not parse as YAML/],
    ['an answers file with a bad value', (d) => writeFileSync(join(d, '.create-fastapi-docker.yml'), readFileSync(join(d, '.create-fastapi-docker.yml'), 'utf8').replace(/^ {2}layout: .*$/m, '  port: "eighty"')), /^error \.create-fastapi-docker\.yml: key "port" accepts a whole number from 1 to 65535; got "eighty"$/],
  ];
  for (const [name, spoil, pattern] of cases) {
    it(name, async () => {
      const dir = await editedProject();
      spoil(dir);
      const before = snapshot(dir);
      oneLine(await runCli(['--update'], { cwd: dir }), 2, pattern);
      expect(snapshot(dir)).toEqual(before);
    });
  }
});

describe('--update merges the new render with your edits', () => {
  it('moving to Poetry and Gunicorn keeps your route, your requirement, your Dockerfile line, and your deletion', async () => {
    const dir = await editedProject();
    const r = await runCli(['--update', '--deps', 'poetry', '--process', 'gunicorn'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}kept {6}\.dockerignore: you deleted it, so it stays deleted$/m);
    expect(r.stdout).toMatch(/^ {2}merged {4}Dockerfile: your edits kept$/m);
    expect(r.stdout).toMatch(/^ {2}kept {6}requirements\.txt: .*your requirements moved into pyproject\.toml: orjson$/m);
    expect(r.stdout).toMatch(/^ {2}removed {3}requirements-dev\.txt$/m);
    expect(readFileSync(join(dir, 'main.py'), 'utf8')).toContain('@app.get("/ping")');
    expect(readFileSync(join(dir, 'pyproject.toml'), 'utf8')).toContain('"orjson>=3.10",');
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('RUN apt-get update && apt-get install -y --no-install-recommends tini');
    expect(dockerfile).toContain('CMD ["gunicorn", "main:app"');
    expect(dockerfile).toContain('AS requirements-stage');
    expect(listFiles(dir)).not.toContain('.dockerignore');
    expect(readFileSync(join(dir, '.create-fastapi-docker.yml'), 'utf8')).toMatch(/^ {2}deps: poetry$/m);
    const backups = listFiles(dir).filter((f) => f.startsWith('.create-fastapi-docker-backup/update-'));
    expect(backups.map((f) => f.split('/').slice(2).join('/')).sort()).toEqual(['.create-fastapi-docker.base.yml', '.create-fastapi-docker.yml', 'Dockerfile', 'README.md', 'compose.yaml', 'requirements-dev.txt']);
  });

  it('a conflicting edit gets markers, is listed, and the exit code is 1', async () => {
    const dir = await editedProject();
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    writeFileSync(join(dir, 'Dockerfile'), dockerfile.replace(/^(CMD \[.*)\]$/m, '$1, "--log-level", "debug"]'));
    const r = await runCli(['--update', '--process', 'workers', '--workers', '2'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}CONFLICT {2}Dockerfile$/m);
    expect(r.stderr).toBe('conflict one file needs your merge (<<<<<<< markers): Dockerfile');
    const merged = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect(merged).toMatch(/<<<<<<< your version\n[\s\S]*"--log-level", "debug"\][\s\S]*\n=======\n[\s\S]*\n>>>>>>> create-fastapi-docker \d+\.\d+\.\d+\n/);
  });

  it('--dry-run --update shows the diff of every file and changes nothing', async () => {
    const dir = await editedProject();
    const before = snapshot(dir);
    const r = await runCli(['--update', '--dry-run', '--process', 'gunicorn'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- a/Dockerfile\n+++ b/Dockerfile');
    expect(r.stdout).toContain('--- /dev/null\n+++ b/gunicorn_conf.py');
    expect(r.stdout).toMatch(/^-CMD \["uvicorn"/m);
    expect(r.stdout).toMatch(/^\+CMD \["gunicorn"/m);
    expect(snapshot(dir)).toEqual(before);
  });

  it('gives the same result on another machine at another time: byte for byte, backups included', async () => {
    const a = await editedProject();
    const b = join(tempDir(), 'svc');
    cpSync(a, b, { recursive: true });
    const first = await runCli(['--update', '--process', 'gunicorn'], { cwd: a });
    await new Promise((r) => setTimeout(r, 1100));
    const second = await runCli(['--update', '--process', 'gunicorn'], { cwd: b });
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(snapshot(b)).toEqual(snapshot(a));
  });
});

describe('an older generation, replayed as it was written', () => {
  it(`the project generated by 0.2.0 updates cleanly with ${pkg.version}`, async () => {
    const dir = join(tempDir(), 'svc');
    cpSync(FIXTURE, dir, { recursive: true });
    const r = await runCli(['--update'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/CONFLICT|kept/);
    expect(readFileSync(join(dir, '.create-fastapi-docker.yml'), 'utf8')).toContain(`version: ${pkg.version}`);
  });
});

describe('--preset: option values from a file, validated as flags are', () => {
  it('gives the same project as the same flags, in YAML or JSON; a flag wins over it', async () => {
    const presets = tempDir();
    writeFileSync(join(presets, 'team.yml'), 'process: gunicorn\nproxy: true\nport: 8000\nindex-url: https://pypi.example.com/simple\npin:\n  - uvicorn>=0.54,<0.55\n');
    writeFileSync(join(presets, 'team.json'), JSON.stringify({ process: 'gunicorn', proxy: true, port: 8000, 'index-url': 'https://pypi.example.com/simple', pin: ['uvicorn>=0.54,<0.55'] }));
    const project = async (args: string[]) => {
      const cwd = tempDir();
      expect((await runCli(['svc', ...args], { cwd })).code).toBe(0);
      return snapshot(join(cwd, 'svc'));
    };
    const byFlags = await project(['--process', 'gunicorn', '--proxy', '--port', '8000', '--index-url', 'https://pypi.example.com/simple', '--pin', 'uvicorn>=0.54,<0.55']);
    expect(await project(['--preset', join(presets, 'team.yml')])).toEqual(byFlags);
    expect(await project(['--preset', join(presets, 'team.json')])).toEqual(byFlags);
    const cwd = tempDir();
    await runCli(['svc', '--preset', join(presets, 'team.yml'), '--port', '9000'], { cwd });
    expect(readFileSync(join(cwd, 'svc', 'Dockerfile'), 'utf8')).toContain('EXPOSE 9000');
  });

  it('a bad key or value is refused in one line naming the file and the key, and nothing is written', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'bad-key.yml'), 'proces: gunicorn\n');
    writeFileSync(join(cwd, 'bad-value.json'), '{"port": "80a"}');
    writeFileSync(join(cwd, 'float.yml'), 'python: 3.10\n');
    oneLine(await runCli(['svc', '--preset', 'bad-key.yml'], { cwd }), 2, /^error --preset bad-key\.yml: key "proces" is not an option; the keys are the flags without --: layout, deps, process/);
    oneLine(await runCli(['svc', '--preset', 'bad-value.json'], { cwd }), 2, /^error --preset bad-value\.json: key "port" accepts a whole number from 1 to 65535; got "80a"$/);
    oneLine(await runCli(['svc', '--preset', 'float.yml'], { cwd }), 2, /key "python" accepts 3\.10, .*; got "3\.1" \(a number in the file: quote it/);
    oneLine(await runCli(['svc', '--preset', 'missing.yml'], { cwd }), 2, /^error --preset missing\.yml cannot be read: there is no such file$/);
    expect(listFiles(cwd).filter((f) => !/\.(yml|json)$/.test(f))).toEqual([]);
  });
});
