/**
 * `npm run bench:fastapi-run`: what FastAPI's own 2026 Dockerfile (`fastapi[standard]`, `CMD ["fastapi", "run", …]`)
 * costs against ours (`fastapi` + `uvicorn[standard]`, `CMD ["uvicorn", …]`), on PyPI's real wheels, in one run.
 *
 * F1  installed size and number of distributions: fastapi[standard] ÷ our requirements (both at our default ranges).
 * F2  time from spawning the server to the first 200 from /health, medians over interleaved rounds:
 *     `fastapi run app/main.py` ÷ `uvicorn app.main:app` (the anchor, our CMD), and uvicorn in the fastapi[standard]
 *     environment as a control (the bigger install alone, without the CLI).
 * F3  which of the flags our CMD uses `fastapi run --help` accepts, and what SIGTERM does to a request in flight:
 *     uvicorn with our --timeout-graceful-shutdown against fastapi run with UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN set.
 *
 * The host's python3 builds the environments (BENCH_PYTHON), not the image's Python: the figures are relative.
 * Environment: BENCH_RUNS (default 15, at least 5), BENCH_CACHE (default ~/.cache/create-fastapi-docker/bench).
 * Needs PyPI (or PIP_INDEX_URL) the first time; prints numbers only and writes nothing to the repository.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseRequirement, requirementText } from '../src/options/grammar/pep508.js';
import { GRACEFUL_TIMEOUT_SECONDS } from '../src/runtime-limits.js';
import { DEFAULT_REQUIREMENTS } from '../src/versions.js';

const ROOT = resolve(import.meta.dirname, '..');
const PYTHON = process.env.BENCH_PYTHON || 'python3';
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS) || 15);
const CACHE = join(process.env.BENCH_CACHE || join(homedir(), '.cache', 'create-fastapi-docker', 'bench'), 'fastapi-run');

const withExtra = (text: string, extra: string): string => {
  const parsed = parseRequirement(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return requirementText({ ...parsed.value, extras: [extra] });
};
/** Ours: what a default pip project's requirements.txt installs. FastAPI's page: fastapi[standard] (and our uvicorn range, so both get one Uvicorn). */
const ENVS = {
  ours: [DEFAULT_REQUIREMENTS.fastapi, DEFAULT_REQUIREMENTS.uvicorn],
  standard: [withExtra(DEFAULT_REQUIREMENTS.fastapi, 'standard'), DEFAULT_REQUIREMENTS.uvicorn],
};

function sh(command: string, args: string[], env?: NodeJS.ProcessEnv): string {
  const r = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** A virtual environment with exactly these requirements, from wheels only; reused while they are the same. */
function venv(name: keyof typeof ENVS): string {
  const dir = join(CACHE, name);
  const stamp = `${sh(PYTHON, ['--version']).trim()}\n${ENVS[name].join('\n')}\n`;
  if (existsSync(join(dir, 'stamp')) && readFileSync(join(dir, 'stamp'), 'utf8') === stamp) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  process.stdout.write(`installing ${ENVS[name].join(' ')} into ${dir}\n`);
  sh(PYTHON, ['-m', 'venv', dir]);
  sh(join(dir, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--only-binary=:all:', ...ENVS[name]]);
  writeFileSync(join(dir, 'stamp'), stamp);
  return dir;
}

/** Every distribution installed (pip and setuptools, which the venv brings, left out) with the bytes of its files. */
function distributions(dir: string): Map<string, number> {
  const script = [
    'import importlib.metadata as m, json',
    'out = {}',
    'for d in m.distributions():',
    "    name = d.metadata['Name'].lower()",
    "    if name in ('pip', 'setuptools'): continue",
    '    out[name] = sum(f.locate().stat().st_size for f in (d.files or []) if f.locate().is_file())',
    'print(json.dumps(out))',
  ].join('\n');
  return new Map(Object.entries(JSON.parse(sh(join(dir, 'bin', 'python'), ['-c', script])) as Record<string, number>));
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

const freePort = (): Promise<number> =>
  new Promise((ok, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port'))));
    });
  });

const get = (port: number, path: string, timeoutMs = 1000): Promise<number> =>
  new Promise((ok) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode ?? 0));
    });
    req.on('error', () => ok(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((ok) => (child.exitCode !== null || child.signalCode !== null ? ok() : child.once('exit', () => ok())));

interface Server {
  name: string;
  start: (port: number) => { command: string; args: string[]; env?: NodeJS.ProcessEnv };
}

/** Spawns one server, polls /health until it answers 200, stops it by its pid; the milliseconds to that 200. */
async function timeToFirst200(server: Server, cwd: string): Promise<number> {
  const port = await freePort();
  const { command, args, env } = server.start(port);
  const started = performance.now();
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: 'ignore' });
  try {
    while ((await get(port, '/health', 200)) !== 200) {
      if (child.exitCode !== null) throw new Error(`${server.name} exited with ${child.exitCode} before it answered`);
      if (performance.now() - started > 30_000) throw new Error(`${server.name} did not answer within 30 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return performance.now() - started;
  } finally {
    child.kill('SIGTERM');
    await exited(child);
  }
}

/** SIGTERM while a 30 s request is in flight: seconds until the server process is gone (gives up, SIGKILL, at 15 s). */
async function stopWithRequestInFlight(server: Server, cwd: string): Promise<number | undefined> {
  const port = await freePort();
  const { command, args, env } = server.start(port);
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: 'ignore' });
  try {
    while ((await get(port, '/health', 200)) !== 200) await new Promise((r) => setTimeout(r, 20));
    void get(port, '/bench/slow', 60_000);
    await new Promise((r) => setTimeout(r, 300));
    const t = performance.now();
    child.kill('SIGTERM');
    const gone = await Promise.race([exited(child).then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 15_000))]);
    return gone ? (performance.now() - t) / 1000 : undefined;
  } finally {
    child.kill('SIGKILL');
    await exited(child);
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function main() {
  const ours = venv('ours');
  const standard = venv('standard');
  const version = (dir: string, dist: string) => sh(join(dir, 'bin', 'python'), ['-c', `import importlib.metadata as m; print(m.version('${dist}'))`]).trim();
  process.stdout.write(`host ${sh(PYTHON, ['--version']).trim()} (relative figures; the image's Python differs); `);
  process.stdout.write(`fastapi ${version(ours, 'fastapi')}, uvicorn ${version(ours, 'uvicorn')}, fastapi-cli ${version(standard, 'fastapi-cli')}\n\n`);

  // F1: what fastapi[standard] adds.
  const a = distributions(ours);
  const b = distributions(standard);
  const total = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0);
  const added = [...b].filter(([name]) => !a.has(name)).sort((x, y) => y[1] - x[1]);
  process.stdout.write(`F1 installed: ours ${a.size} distributions, ${mb(total(a))}; fastapi[standard] ${b.size}, ${mb(total(b))}\n`);
  process.stdout.write(`   ratio size ${(total(b) / total(a)).toFixed(2)}×, distributions ${(b.size / a.size).toFixed(2)}× (+${added.length}, +${mb(total(b) - total(a))})\n`);
  process.stdout.write(`   largest added: ${added.slice(0, 8).map(([n, s]) => `${n} ${mb(s)}`).join(', ')}\n\n`);

  // The default package project's app, as generated, plus one slow route for F3.
  const app = mkdtempSync(join(tmpdir(), 'cfd-fastapi-run-'));
  try {
    mkdirSync(join(app, 'app'));
    writeFileSync(join(app, 'app', '__init__.py'), '');
    const main = readFileSync(join(ROOT, 'templates', 'shared', 'main.py'), 'utf8');
    writeFileSync(join(app, 'app', 'main.py'), main);
    writeFileSync(join(app, 'slow.py'), 'import asyncio\n\nfrom app.main import app\n\n\n@app.get("/bench/slow")\nasync def slow() -> dict[str, str]:\n    await asyncio.sleep(30)\n    return {}\n');
    const graceful = ['--timeout-graceful-shutdown', String(GRACEFUL_TIMEOUT_SECONDS)];
    const anchor: Server = {
      name: 'uvicorn app.main:app (ours, anchor)',
      start: (port) => ({ command: join(ours, 'bin', 'uvicorn'), args: ['app.main:app', '--host', '127.0.0.1', '--port', String(port), '--no-proxy-headers', ...graceful] }),
    };
    const cli: Server = {
      name: 'fastapi run app/main.py (FastAPI docs)',
      start: (port) => ({ command: join(standard, 'bin', 'fastapi'), args: ['run', 'app/main.py', '--host', '127.0.0.1', '--port', String(port)] }),
    };
    const control: Server = {
      name: 'uvicorn app.main:app in the fastapi[standard] env',
      start: (port) => ({ command: join(standard, 'bin', 'uvicorn'), args: ['app.main:app', '--host', '127.0.0.1', '--port', String(port), '--no-proxy-headers', ...graceful] }),
    };

    // F2: interleaved rounds (A B C, A B C, …) after one warm-up round, so drift hits all three alike.
    const servers = [anchor, cli, control];
    for (const s of servers) await timeToFirst200(s, app);
    const times = new Map<Server, number[]>(servers.map((s) => [s, []]));
    for (let round = 0; round < RUNS; round++) for (const s of servers) times.get(s)?.push(await timeToFirst200(s, app));
    const anchorTimes = times.get(anchor) ?? [];
    process.stdout.write(`F2 spawn to first 200 from /health, median of ${RUNS} interleaved rounds:\n`);
    for (const s of servers) {
      const mine = times.get(s) ?? [];
      const perRound = mine.map((ms, i) => ms / (anchorTimes[i] as number)).sort((x, y) => x - y);
      const spread = `${(perRound[Math.floor(RUNS / 4)] as number).toFixed(2)}–${(perRound[Math.floor((3 * RUNS) / 4)] as number).toFixed(2)}`;
      process.stdout.write(`   ${s.name.padEnd(52)} ${median(mine).toFixed(0).padStart(5)} ms  ${(median(mine) / median(anchorTimes)).toFixed(2)}× anchor (per-round ratio, middle half: ${spread})\n`);
    }

    // F3: the flags our CMD and entrypoint use, and a request in flight at SIGTERM.
    const help = sh(join(standard, 'bin', 'fastapi'), ['run', '--help'], { COLUMNS: '300', NO_COLOR: '1' }).replace(/\u001b\[[0-9;]*m/g, '');
    const flags = ['--host', '--port', '--workers', '--proxy-headers', '--no-proxy-headers', '--forwarded-allow-ips', '--root-path', '--timeout-graceful-shutdown'];
    process.stdout.write(`\nF3 fastapi run --help: ${flags.map((f) => `${f} ${new RegExp(`${f}(?![\\w-])`).test(help) ? 'yes' : 'NO'}`).join(', ')}\n`);
    const slow = (s: Server, env?: NodeJS.ProcessEnv): Server => ({
      name: s.name,
      start: (port) => {
        const started = s.start(port);
        const args = started.args.map((x) => (x === 'app.main:app' ? 'slow:app' : x === 'app/main.py' ? 'slow.py' : x));
        return { ...started, args, env };
      },
    });
    const show = (t: number | undefined) => (t === undefined ? 'still running after 15 s (Docker SIGKILLs at 10 s)' : `gone after ${t.toFixed(1)} s`);
    process.stdout.write(`   SIGTERM with a 30 s request in flight: uvicorn ${graceful.join(' ')}: ${show(await stopWithRequestInFlight(slow(anchor), app))};\n`);
    const env = { UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN: String(GRACEFUL_TIMEOUT_SECONDS) };
    process.stdout.write(`   fastapi run with UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN=${GRACEFUL_TIMEOUT_SECONDS}: ${show(await stopWithRequestInFlight(slow(cli, env), app))}\n`);
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

await main();
