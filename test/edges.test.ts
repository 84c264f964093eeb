/**
 * Issue 15, section 4: smaller edges. A failed build from an unavailable pin names the requirements, not Docker;
 * Ctrl-C during --build says where the files are; the deployment multi-select cannot be emptied when --domain needs
 * a file; --domain is lowercased; a directory name with a space is taken like `.` in such a directory.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseArgs } from '../src/options/parse-args.js';
import { resolveOptions } from '../src/options/resolve.js';
import { fakePrompter } from './helpers/fake-prompter.js';
import { ENV } from './helpers/resolve.js';
import { BIN, runCli, tempDir } from './helpers/run-cli.js';
import { TmuxSession } from './helpers/tmux.js';

const fakeDocker = (build: string) => {
  const path = join(tempDir('fake-docker-'), 'docker');
  writeFileSync(path, `#!/bin/sh\ncase "$1" in\n  version) echo 27.0; exit 0;;\n  buildx) exit 0;;\n  build) ${build};;\nesac\n`, { mode: 0o755 });
  return path;
};

describe('a failed --build says what failed', () => {
  it('an unavailable pin: pip\'s own line, and no "when Docker is ready"', async () => {
    const cwd = tempDir();
    const docker = fakeDocker(`echo '#9 2.1 ERROR: Could not find a version that satisfies the requirement fastapi==99.0 (from versions: 0.1.0)' >&2; echo '#9 2.1 ERROR: No matching distribution found for fastapi==99.0' >&2; exit 1`);
    const r = await runCli(['svc', '--build', '--pin', 'fastapi==99.0'], { cwd, env: { CFD_DOCKER: docker } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error the build could not install the Python requirements \(ERROR: No matching distribution found for fastapi==99\.0\); check the pins and the package index\. Your files are in svc; after fixing, run: cd svc && docker build -t svc \.$/m);
    expect(r.stderr).not.toContain('when Docker is ready');
    expect(r.stderr).toContain('No matching distribution found for fastapi==99.0');
  });

  it('Poetry\'s version solving too', async () => {
    const cwd = tempDir();
    const docker = fakeDocker(`printf '#11 1.0 Because svc depends on fastapi (==99.0) which doesn'"'"'t match any versions, version solving failed.\\n' >&2; exit 1`);
    const r = await runCli(['svc', '--build', '--deps', 'poetry', '--pin', 'fastapi==99.0'], { cwd, env: { CFD_DOCKER: docker } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error the build could not install the Python requirements \(Because svc depends on fastapi \(==99\.0\) which doesn't match any versions, version solving failed\.\)/m);
  });

  it('any other build failure points to the build output, not to Docker being ready', async () => {
    const cwd = tempDir();
    const r = await runCli(['svc', '--build'], { cwd, env: { CFD_DOCKER: fakeDocker(`echo 'failed to solve: something' >&2; exit 1`) } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error docker build failed \(exit code 1\); its output above says why\. Your files are in svc; to build again: cd svc && docker build -t svc \.$/m);
  });
});

describe('--domain and directory names', () => {
  it('--domain Example.COM is lowercased', async () => {
    const cwd = tempDir();
    const r = await runCli(['svc', '--proxy', '--domain', 'Example.COM'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'svc', 'Caddyfile'), 'utf8')).toMatch(/^example\.com \{$/m);
  });

  it('"My Service" is taken as `.` is in a directory of that name: the names become my-service', async () => {
    const cwd = tempDir();
    const r = await runCli(['My Service'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'My Service', 'README.md'), 'utf8')).toContain('docker build -t my-service .');
    expect(r.stdout).toContain("cd 'My Service'");
  });
});

describe('the deployment files question', () => {
  it('cannot be left empty when --domain needs a deployment file', async () => {
    const fake = fakePrompter([['Deployment files?', []]]);
    const run = resolveOptions({ given: parseArgs(['svc', '--proxy', '--domain', 'api.example.com']).given, interactive: true, prompter: fake.prompter, env: ENV, inspectDirectory: () => 'missing' });
    await expect(run).rejects.toThrow(/the prompt would refuse no choice: --domain applies only with --proxy and --compose or --kubernetes/);
  });

  it('can be left empty otherwise', async () => {
    const fake = fakePrompter([['Deployment files?', []], ['Customize advanced', false]]);
    const o = await resolveOptions({ given: parseArgs(['svc', '--proxy']).given, interactive: true, prompter: fake.prompter, env: ENV, inspectDirectory: () => 'missing' });
    expect([o.compose, o.kubernetes]).toEqual([false, false]);
  });
});

describe('in a real terminal', () => {
  const sessions: TmuxSession[] = [];
  afterEach(() => {
    for (const s of sessions.splice(0)) s.kill();
  });
  const start = (cwd: string, args: string, env = 'env -u CI') => {
    const session = new TmuxSession(cwd, `'${process.execPath}' '${BIN}' ${args}`, env);
    sessions.push(session);
    return session;
  };

  it('Ctrl-C at a prompt exits 130', async () => {
    const cwd = tempDir();
    const t = start(cwd, '');
    await t.waitFor('Where should the service be created?');
    t.keys('C-c');
    await t.waitFor('Operation cancelled; nothing was written.');
    expect(await t.exitCode()).toBe(130);
  });

  it('Ctrl-C during --build says where the files are and how to build, and exits 130', async () => {
    const cwd = tempDir();
    const docker = fakeDocker('echo building; sleep 30');
    const t = start(cwd, 'svc --yes --build', `env -u CI CFD_DOCKER='${docker}'`);
    await t.waitFor('building');
    t.keys('C-c');
    const screen = await t.waitFor(/interrupted/);
    expect(screen).toMatch(/interrupted the build was stopped\. The files are in svc; to build: cd svc && docker build -t svc \./);
    expect(await t.exitCode()).toBe(130);
  });

  it('the creator run in a generated project offers --update first, and runs it', async () => {
    const cwd = tempDir();
    expect((await runCli(['svc', '--port', '8000'], { cwd })).code).toBe(0);
    writeFileSync(join(cwd, 'svc', 'app/main.py'), `${readFileSync(join(cwd, 'svc', 'app/main.py'), 'utf8')}\n# my route goes here\n`);
    const t = start(cwd, 'svc');
    await t.waitFor('"svc" was generated by create-fastapi-docker');
    await t.waitFor('Update it (--update)');
    for (let i = 0; i < 30 && !t.screen().includes('Updated svc'); i++) {
      t.keys('Enter');
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(await t.exitCode()).toBe(0);
    expect(readFileSync(join(cwd, 'svc', 'app/main.py'), 'utf8')).toContain('# my route goes here');
    expect(readFileSync(join(cwd, 'svc', 'Dockerfile'), 'utf8')).toContain('EXPOSE 8000');
  });

  it('the next steps print long commands whole, with no border inside them', async () => {
    const cwd = tempDir();
    const name = `a-service-with-a-rather-long-name-${'x'.repeat(90)}`;
    const t = start(cwd, `${name} --layout single --deps pip --process single --no-proxy --python 3.14 --port 80 --compose --no-kubernetes --no-build`);
    await t.waitFor('Customize advanced settings');
    t.keys('Enter');
    const screen = await t.waitFor('Happy shipping!');
    const run = `docker run -d --name ${name} --restart unless-stopped -p 80:80 ${name}`;
    expect(screen.split('\n').some((line) => line.trim() === run), screen).toBe(true);
    expect(screen.split('\n').some((line) => line.trim() === `docker build -t ${name} .`)).toBe(true);
    expect(await t.exitCode()).toBe(0);
  });
});

describe('an index without a login is never told to pass a netrc secret', () => {
  const SECRET = '--secret id=netrc';
  const texts = (dir: string, stdout: string) => [readFileSync(join(dir, 'README.md'), 'utf8'), readFileSync(join(dir, 'Dockerfile'), 'utf8').split('\nFROM')[0] as string, stdout];

  it('--index-url without credentials: no --secret in the README, the Dockerfile header or the next steps', async () => {
    const cwd = tempDir();
    const r = await runCli(['svc', '--index-url', 'https://pypi.example.com/simple'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    for (const text of texts(join(cwd, 'svc'), r.stdout)) expect(text).not.toContain(SECRET);
    expect(readFileSync(join(cwd, 'svc', 'README.md'), 'utf8')).toContain('--index-login');
  });

  it('with credentials, or --index-login, the build command passes the secret, and an update keeps it', async () => {
    for (const args of [['--index-url', 'https://user:token@pypi.example.com/simple'], ['--index-url', 'https://pypi.example.com/simple', '--index-login']]) {
      const cwd = tempDir();
      const r = await runCli(['svc', ...args], { cwd });
      expect(r.code, r.stderr).toBe(0);
      const dir = join(cwd, 'svc');
      for (const text of texts(dir, r.stdout)) expect(text, args.join(' ')).toContain(`docker build ${SECRET},src=$HOME/.netrc -t svc .`);
      expect(readFileSync(join(dir, '.create-fastapi-docker.yml'), 'utf8')).not.toContain('token');
      expect((await runCli(['--update', '--port', '8000'], { cwd: dir })).code).toBe(0);
      expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain(`docker build ${SECRET},src=$HOME/.netrc -t svc .`);
    }
  });
});
