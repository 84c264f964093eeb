import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { BIN, listFiles, runCli, tempDir } from './helpers/run-cli.js';

const PACKAGE_FILES = [
  '.create-fastapi-docker.base.yml', '.create-fastapi-docker.yml', '.dockerignore', '.gitattributes', '.gitignore', 'Dockerfile', 'README.md', 'app/__init__.py', 'app/main.py', 'compose.yaml',
  'prestart.sh',
  'requirements-dev.txt', 'requirements.txt', 'tests/__init__.py', 'tests/test_main.py',
];

const expectOneLineError = (result: { code: number | undefined; stderr: string; stdout: string }, pattern: RegExp) => {
  expect(result.code).toBe(2);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  expect(result.stdout).toBe('');
};

describe('the built bin, run in a temp directory', () => {
  it('prints --help derived from the option table, and --version', async () => {
    const cwd = tempDir();
    const help = await runCli(['--help'], { cwd });
    expect(help.code).toBe(0);
    for (const flag of ['--layout', '--deps', '--process', '--workers', '--proxy', '--forwarded-allow-ips', '--python', '--port',
      '--base-image', '--tag', '--pin', '--index-url', '--build', '--overwrite', '--dry-run', '--yes', '--interactive', '--help', '--version',
      '--compose, --no-compose', '--kubernetes, --no-kubernetes', '--domain NAME']) {
      expect(help.stdout).toContain(flag);
    }
    const anywhere = await runCli(['svc', '--port', '0', '--frobnicate', '--help'], { cwd });
    expect(anywhere.code).toBe(0);
    expect(anywhere.stdout).toBe(help.stdout);
    const version = await runCli(['-v'], { cwd });
    expect(version.stdout.trim()).toBe(pkg.version);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('without a TTY, never prompts: defaults apply and the directory is fastapi-app', async () => {
    const cwd = tempDir();
    const result = await runCli([], { cwd });
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(0);
    expect(listFiles(join(cwd, 'fastapi-app'))).toEqual(PACKAGE_FILES);
    expect(result.stdout).toContain('docker build -t fastapi-app .');
    expect(result.stdout).toContain('docker run -d --name fastapi-app --restart unless-stopped -p 80:80 fastapi-app');
    expect(result.stdout).toContain('http://127.0.0.1/items/5?q=somequery');
    expect(statSync(join(cwd, 'fastapi-app', 'Dockerfile')).mode & 0o777).toBe(0o644);
  });

  it('writes what the flags chose, with an executable entrypoint', async () => {
    const cwd = tempDir();
    const result = await runCli(['svc', '--yes', '--layout', 'single', '--deps', 'poetry', '--process', 'gunicorn', '--port', '8000'], { cwd });
    expect(result.code).toBe(0);
    expect(listFiles(join(cwd, 'svc'))).toEqual([
      '.create-fastapi-docker.base.yml', '.create-fastapi-docker.yml', '.dockerignore', '.gitattributes', '.gitignore', 'Dockerfile', 'README.md', 'compose.yaml', 'docker-entrypoint.sh',
      'gunicorn_conf.py', 'main.py', 'prestart.sh', 'pyproject.toml', 'tests/__init__.py', 'tests/test_main.py',
    ]);
    expect(statSync(join(cwd, 'svc', 'docker-entrypoint.sh')).mode & 0o777).toBe(0o755);
    expect(statSync(join(cwd, 'svc', 'prestart.sh')).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(cwd, 'svc', 'Dockerfile'), 'utf8')).toContain('"--bind", "0.0.0.0:8000"');
  });

  it('warns that the official image is deprecated and names the replacement', async () => {
    const cwd = tempDir();
    const result = await runCli(['old', '--process', 'official-image'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning tiangolo\/uvicorn-gunicorn-fastapi is deprecated.*--process gunicorn/);
  });

  it('a reader that stops early (| head) ends the run quietly, with the files written', async () => {
    const cwd = tempDir();
    const result = await execa('bash', ['-c', `'${process.execPath}' '${BIN}' svc | head -c 5; echo " exit=\${PIPESTATUS[0]}"`], { cwd, reject: false });
    expect(String(result.stdout)).toBe('Wrote exit=0');
    expect(String(result.stderr)).toBe('');
    expect(existsSync(join(cwd, 'svc', 'Dockerfile'))).toBe(true);
  });

  it('--dry-run writes nothing and shows the tree and the Dockerfile', async () => {
    const cwd = tempDir();
    const result = await runCli(['svc', '--dry-run', '--layout', 'bigger'], { cwd });
    expect(result.code).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
    expect(result.stdout).toContain('├── app/');
    expect(result.stdout).toContain('│   ├── routers/');
    expect(result.stdout).toMatch(/Dockerfile:\n# Dockerfile for svc/);
    expect(result.stdout).toContain('CMD ["uvicorn", "app.main:app"');
  });
});

describe('bad input: exit 2, one line naming the flag, no stack trace, nothing written', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown flag', ['--frobnicate'], /^error unknown flag --frobnicate/],
    ['unknown value', ['--deps', 'conda'], /^error --deps accepts pip, poetry or uv; got "conda"/],
    ['bad port', ['--port', '70000'], /^error --port accepts a whole number from 1 to 65535; got "70000"/],
    ['bad Python', ['--python', '2.7'], /^error --python accepts 3\.10.*; got "2\.7"/],
    ['bad tag', ['--tag', 'UPPER:case:twice'], /^error --tag accepts an image name/],
    ['bad directory name', ['--tag', 'x', '--', 'my service!'], /^error only one directory can be given/],
    ['--workers with single', ['--process', 'single', '--workers', '4'], /^error --workers applies only with --process workers or --process gunicorn/],
    ['conflicting flags', ['--proxy', '--no-proxy'], /^error --proxy and --no-proxy conflict/],
    ['--forwarded-allow-ips without --proxy', ['--forwarded-allow-ips', '10.0.0.1'], /^error --forwarded-allow-ips applies only with --proxy/],
    ['--dry-run with --build', ['--dry-run', '--build'], /^error --dry-run and --build conflict/],
    ['--yes with --interactive', ['--yes', '--interactive'], /^error --yes and --interactive conflict/],
    ['a Python the deprecated image lacks (the error alone, no warning line)', ['--process', 'official-image', '--python', '3.13'], /^error --python 3\.13 is not one of 3\.10 or 3\.11, the Pythons of --process official-image/],
    ['--interactive without a terminal', ['--interactive'], /^error --interactive needs a terminal, and stdin is not one/],
    ['bad pin', ['--pin', 'fastapi=>1'], /^error --pin accepts a PEP 508 requirement/],
    ['bad index URL', ['--index-url', 'not a url'], /^error --index-url accepts the http:\/\/ or https:\/\/ URL/],
    ['--domain without --proxy', ['--domain', 'api.example.com'], /^error --domain applies only with --proxy and --compose or --kubernetes$/],
    ['a host name with an underscore', ['--proxy', '--domain', 'my_api.example.com'], /^error --domain accepts a host name .*; got "my_api\.example\.com"$/],
    ['an IP address as the host name', ['--proxy', '--domain', '192.0.2.10'], /^error --domain accepts a host name/],
    ['a host name label over 63 characters', ['--proxy', `--domain=${'a'.repeat(64)}.example.com`], /^error --domain accepts a host name/],
    ['--compose given twice, once negated', ['--compose', '--no-compose'], /^error --compose and --no-compose conflict/],
  ];
  for (const [name, args, pattern] of cases) {
    it(name, async () => {
      const cwd = tempDir();
      expectOneLineError(await runCli(['svc', ...args], { cwd }), pattern);
      expect(readdirSync(cwd)).toEqual([]);
    });
  }

  it('a bad directory name', async () => {
    const cwd = tempDir();
    expectOneLineError(await runCli(['--', '-my-service'], { cwd }), /^error directory accepts a path whose last part/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('a directory that is a file', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'svc'), 'mine');
    expectOneLineError(await runCli(['svc'], { cwd }), /^error directory "svc" is a file/);
    expect(readFileSync(join(cwd, 'svc'), 'utf8')).toBe('mine');
  });

  it('a directory that is not writable: exit 1 (a write failure, not bad input), one line, nothing written', async () => {
    const cwd = tempDir();
    const locked = join(cwd, 'locked');
    mkdirSync(locked);
    chmodSync(cwd, 0o755);
    chmodSync(locked, 0o555);
    const asUser = process.getuid?.() === 0 ? { user: '65534' } : {};
    const result = await runCli([join(locked, 'svc')], { cwd: locked, ...asUser });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^error cannot write to directory ".*svc": permission denied; run as a user who may write there/);
    expect(readdirSync(locked)).toEqual([]);
  });
});

describe('existing files are never lost', () => {
  it('refuses a non-empty directory without --overwrite', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'svc'));
    writeFileSync(join(cwd, 'svc', 'notes.txt'), 'keep me');
    expectOneLineError(await runCli(['svc'], { cwd }), /^error directory "svc" is not empty; pass --overwrite/);
    expect(listFiles(join(cwd, 'svc'))).toEqual(['notes.txt']);
  });

  it('with --overwrite replaces only generated files, keeps the rest, and backs up what differed', async () => {
    const cwd = tempDir();
    const dir = join(cwd, 'svc');
    mkdirSync(join(dir, 'app'), { recursive: true });
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    writeFileSync(join(dir, 'app', 'models.py'), 'class Mine: ...\n');
    writeFileSync(join(dir, 'app', 'main.py'), '# my own main\n');
    const result = await runCli(['svc', '--overwrite'], { cwd });
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('keep me');
    expect(readFileSync(join(dir, 'app', 'models.py'), 'utf8')).toBe('class Mine: ...\n');
    expect(readFileSync(join(dir, 'app', 'main.py'), 'utf8')).toContain('app = FastAPI()');
    const backups = listFiles(dir).filter((f) => f.startsWith('.create-fastapi-docker-backup/'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/app\/main\.py$/);
    expect(readFileSync(join(dir, backups[0] as string), 'utf8')).toBe('# my own main\n');
    expect(result.stderr).toMatch(/earlier versions of the replaced files that differed are in \.create-fastapi-docker-backup\//);
  });

  it('scaffolds into a directory that holds only .git', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'svc', '.git'), { recursive: true });
    expect((await runCli(['svc'], { cwd })).code).toBe(0);
    expect(existsSync(join(cwd, 'svc', 'Dockerfile'))).toBe(true);
  });

  it('leaves no staging directory behind', async () => {
    const cwd = tempDir();
    await runCli(['svc'], { cwd });
    expect(readdirSync(cwd)).toEqual(['svc']);
  });
});

describe('the optional first build keeps the files when Docker cannot build', () => {
  const fakeDocker = (script: string) => {
    const path = join(tempDir('fake-docker-'), 'docker');
    writeFileSync(path, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    return path;
  };

  it('no docker on PATH', async () => {
    const cwd = tempDir();
    const result = await runCli(['svc', '--build'], { cwd, env: { PATH: tempDir('empty-path-') } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error docker was not found on PATH\. Your files are in svc; when Docker is ready, run: cd svc && docker build -t svc \.$/m);
    expect(existsSync(join(cwd, 'svc', 'Dockerfile'))).toBe(true);
  });

  it('daemon down', async () => {
    const cwd = tempDir();
    const docker = fakeDocker('echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock." >&2; exit 1');
    const result = await runCli(['svc', '--build'], { cwd, env: { CFD_DOCKER: docker } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error the Docker daemon is not reachable \(Cannot connect to the Docker daemon/);
    expect(existsSync(join(cwd, 'svc', 'Dockerfile'))).toBe(true);
  });

  it('a failing build streams its output and says what to run next', async () => {
    const cwd = tempDir();
    const docker = fakeDocker('case "$1" in version) echo 20.10.24;; buildx) exit 0;; build) echo "Step 1/9 : FROM python:3.14-slim"; echo "pull access denied" >&2; exit 1;; esac');
    const result = await runCli(['svc', '--build'], { cwd, env: { CFD_DOCKER: docker } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Step 1/9 : FROM python:3.14-slim');
    expect(result.stderr).toMatch(/error docker build failed \(exit code 1\); its output above says why\. Your files are in/);
    expect(existsSync(join(cwd, 'svc', 'Dockerfile'))).toBe(true);
  });

  it('a successful build runs docker build -t TAG in the new directory', async () => {
    const cwd = tempDir();
    const docker = fakeDocker('case "$1" in version) echo 20.10.24;; buildx) exit 0;; build) echo "build $2 $3 $4 in $(pwd)";; esac');
    const result = await runCli(['svc', '--build', '--tag', 'team/svc:1'], { cwd, env: { CFD_DOCKER: docker } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`build -t team/svc:1 . in ${join(cwd, 'svc')}`);
    expect(result.stdout).not.toContain('docker build -t team/svc:1 .\n');
  });
});

describe('index credentials', () => {
  it('reach no file, and the first build gets them as a BuildKit secret file (0600) that is removed afterwards', async () => {
    const cwd = tempDir();
    const record = join(tempDir('fake-docker-'), 'record');
    const docker = join(tempDir('fake-docker-'), 'docker');
    writeFileSync(docker, `#!/bin/sh
case "$1" in
  version) echo 20.10.24;;
  buildx) exit 1;;
  build) src=$(printf '%s\\n' "$@" | sed -n 's/^id=netrc,src=//p'); { echo "args $*"; echo "env DOCKER_BUILDKIT=$DOCKER_BUILDKIT"; echo "mode $(stat -c %a "$src")"; cat "$src"; } > '${record}'; echo "$src" >> '${record}.path';;
esac
`, { mode: 0o755 });
    const url = 'https://build-bot:s3cr%40t-Token@pypi.example.com/simple';
    const result = await runCli(['svc', '--deps', 'poetry', '--index-url', url, '--build'], { cwd, env: { CFD_DOCKER: docker } });
    expect(result.code, result.stderr).toBe(0);
    for (const file of listFiles(join(cwd, 'svc'))) {
      const text = readFileSync(join(cwd, 'svc', file), 'utf8');
      expect(text, file).not.toContain('s3cr');
      expect(text, file).not.toContain('build-bot');
    }
    expect(result.stdout + result.stderr).not.toContain('s3cr');
    const seen = readFileSync(record, 'utf8');
    expect(seen).toMatch(/^args build --secret id=netrc,src=\S+\/netrc -t svc \.$/m);
    expect(seen).toContain('env DOCKER_BUILDKIT=1');
    expect(seen).toContain('mode 600');
    expect(seen).toContain('machine pypi.example.com login build-bot password s3cr@t-Token');
    expect(existsSync(readFileSync(`${record}.path`, 'utf8').trim())).toBe(false);
    expect(readFileSync(join(cwd, 'svc', 'Dockerfile'), 'utf8')).toContain('RUN --mount=type=secret,id=netrc,target=/root/.netrc pip install');
    expect(readFileSync(join(cwd, 'svc', 'README.md'), 'utf8')).toContain('docker build --secret id=netrc,src=$HOME/.netrc -t svc .');
  });
});

it('the bin is the file package.json names', () => {
  expect(BIN.endsWith(pkg.bin['create-fastapi-docker'])).toBe(true);
});
