// Smoke checks of the infrastructure itself: a pip project, a Poetry 2 multi-stage project,
// the uvicorn-gunicorn-fastapi stand-in, and a few facts about uvicorn 0.32 / gunicorn 23
// that the generator relies on. Everything runs with --network host on 127.0.0.1.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE_IMAGE_TAGS } from './base-image.js';
import { dockerBuild, runDetached, runToCompletion, waitForContainerHttp } from './containers.js';
import { dockerTry } from './engine.js';
import { UVICORN_GUNICORN_FASTAPI_IMAGE } from './standin-images.js';
import { fail, freePort, httpGet } from './util.js';

const APP_MAIN = `from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/")
def read_root():
    return {"Hello": "World"}


@app.get("/items/{item_id}")
def read_item(item_id: int, q: str | None = None):
    return {"item_id": item_id, "q": q}


@app.get("/client")
def client(request: Request):
    return {"host": request.client.host if request.client else None, "scheme": request.url.scheme}
`;

const EXPECTED = '{"item_id":5,"q":"somequery"}';

export interface SmokeResult {
  name: string;
  ok: boolean;
  detail: string;
  buildSeconds?: number;
}

export interface Facts {
  uvicornAcceptsCidrFlag: boolean;
  uvicornAcceptsCidrEnv: boolean;
  uvicornHasNoProxyHeaders: boolean;
  gunicornRejectsCidrEnv: boolean;
  gunicornCidrEnvMessage: string;
  gunicornRejectsCidrFlag: boolean;
  standinWorkerPassesForwardedAllowIps: boolean;
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cfd-e2e-smoke-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

async function serveAndProbe(name: string, image: string, cmd: (port: number) => string[] | undefined, env: (port: number) => Record<string, string> = () => ({})): Promise<{ ok: boolean; detail: string; logs: string }> {
  const port = await freePort();
  const c = runDetached(image, { cmd: cmd(port), env: env(port) });
  try {
    await waitForContainerHttp(c, `http://127.0.0.1:${port}/`, 30_000);
    const r = await httpGet(`http://127.0.0.1:${port}/items/5?q=somequery`);
    return { ok: r.status === 200 && r.body === EXPECTED, detail: `${name}: HTTP ${r.status} ${r.body}`, logs: c.logs() };
  } finally {
    c.remove();
  }
}

/** A plain pip project: FROM python:3.13-slim, requirements.txt with --index-url, uvicorn CMD. */
export async function smokePip(indexUrl: string): Promise<SmokeResult> {
  const dockerfile = `FROM ${BASE_IMAGE_TAGS[0]}
WORKDIR /code
COPY ./requirements.txt /code/requirements.txt
RUN pip install --no-cache-dir --upgrade -r /code/requirements.txt
COPY ./app /code/app
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "80"]
`;
  const dir = project({
    Dockerfile: dockerfile,
    'requirements.txt': `--index-url ${indexUrl}\nfastapi\nuvicorn>=0.32,<0.33\n`,
    'app/__init__.py': '',
    'app/main.py': APP_MAIN,
  });
  try {
    const b = await dockerBuild(dir, { tag: 'cfd-e2e-smoke/pip:latest' }, dockerfile);
    const r = await serveAndProbe('pip', b.tag, (p) => ['uvicorn', 'app.main:app', '--host', '127.0.0.1', '--port', String(p)]);
    return { name: 'pip project (python:3.13-slim stand-in)', ok: r.ok, detail: r.detail, buildSeconds: b.seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Poetry 2 multi-stage: a builder stage pip-installs poetry + poetry-plugin-export from
 * the index and runs `poetry export` with no lock file; the final stage installs the
 * exported requirements and runs gunicorn with the uvicorn-worker stand-in.
 */
export async function smokePoetry(indexUrl: string): Promise<SmokeResult> {
  const dockerfile = `FROM ${BASE_IMAGE_TAGS[1]} AS requirements-stage
WORKDIR /tmp
ARG INDEX_URL
RUN pip install --no-cache-dir --index-url "$INDEX_URL" poetry poetry-plugin-export
COPY ./pyproject.toml /tmp/
RUN poetry export -f requirements.txt --output requirements.txt --without-hashes && cat requirements.txt

FROM ${BASE_IMAGE_TAGS[0]}
WORKDIR /code
COPY --from=requirements-stage /tmp/requirements.txt /code/requirements.txt
RUN pip install --no-cache-dir --upgrade -r /code/requirements.txt
COPY ./app /code/app
CMD ["gunicorn", "-k", "uvicorn_worker.UvicornWorker", "-b", "0.0.0.0:80", "app.main:app"]
`;
  const pyproject = `[project]
name = "smoke"
version = "0.1.0"
requires-python = ">=3.13"
dependencies = ["fastapi", "uvicorn>=0.32,<0.33", "gunicorn>=23", "uvicorn-worker"]

[tool.poetry]
package-mode = false

[[tool.poetry.source]]
name = "local"
url = "${indexUrl}"
priority = "primary"
`;
  const dir = project({ Dockerfile: dockerfile, 'pyproject.toml': pyproject, 'app/__init__.py': '', 'app/main.py': APP_MAIN });
  try {
    const b = await dockerBuild(dir, { tag: 'cfd-e2e-smoke/poetry:latest', buildArgs: { INDEX_URL: indexUrl } }, dockerfile);
    const r = await serveAndProbe('poetry', b.tag, (p) => ['gunicorn', '-k', 'uvicorn_worker.UvicornWorker', '-b', `127.0.0.1:${p}`, 'app.main:app']);
    return { name: 'Poetry 2 multi-stage (export without lock) + uvicorn-worker stand-in', ok: r.ok, detail: r.detail, buildSeconds: b.seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The uvicorn-gunicorn-fastapi stand-in: COPY ./app /app/app, auto-tuned gunicorn. */
export async function smokeUvicornGunicornFastapi(): Promise<SmokeResult> {
  const dockerfile = `FROM ${UVICORN_GUNICORN_FASTAPI_IMAGE}\nCOPY ./app /app/app\n`;
  const dir = project({ Dockerfile: dockerfile, 'app/__init__.py': '', 'app/main.py': APP_MAIN });
  try {
    const b = await dockerBuild(dir, { tag: 'cfd-e2e-smoke/tiangolo:latest' }, dockerfile);
    const r = await serveAndProbe('uvicorn-gunicorn-fastapi', b.tag, () => undefined, (p) => ({ HOST: '127.0.0.1', PORT: String(p), MAX_WORKERS: '1' }));
    const conf = /\{"loglevel".*\}/.exec(r.logs)?.[0] ?? '';
    const workersOk = conf.includes('"workers": 1') && conf.includes(`"bind": "127.0.0.1:`);
    return {
      name: 'uvicorn-gunicorn-fastapi stand-in (MODULE_NAME=app.main, MAX_WORKERS=1)',
      ok: r.ok && workersOk,
      detail: `${r.detail}; gunicorn_conf: ${conf}`,
      buildSeconds: b.seconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The behaviour of uvicorn 0.32 and gunicorn 23 (as served by the index) around proxy headers.
 * Needs the images left by smokePoetry and smokeUvicornGunicornFastapi.
 */
export async function checkFacts(): Promise<Facts> {
  const image = 'cfd-e2e-smoke/tiangolo:latest';
  const help = await runToCompletion(image, ['uvicorn', '--help']);
  const uvicornHasNoProxyHeaders = help.stdout.includes('--no-proxy-headers');

  // A request from 127.0.0.1 with X-Forwarded-For: is the forwarded client believed?
  const forwardedHost = '203.0.113.7'; // only a header value; no traffic goes there
  const probeClient = async (cmd: (p: number) => string[], env: Record<string, string> = {}, img = image) => {
    const port = await freePort();
    const c = runDetached(img, { cmd: cmd(port), env });
    try {
      await waitForContainerHttp(c, `http://127.0.0.1:${port}/`, 30_000);
      const res = await fetch(`http://127.0.0.1:${port}/client`, { headers: { 'X-Forwarded-For': forwardedHost, 'X-Forwarded-Proto': 'https' } });
      return JSON.parse(await res.text()) as { host: string; scheme: string };
    } finally {
      c.remove();
    }
  };
  const uv = (p: number) => ['uvicorn', 'app.main:app', '--host', '127.0.0.1', '--port', String(p)];
  const flag = await probeClient((p) => [...uv(p), '--forwarded-allow-ips', '127.0.0.0/8']);
  const env = await probeClient(uv, { FORWARDED_ALLOW_IPS: '127.0.0.0/8' });
  // Control: a network that does not hold the peer must not be trusted.
  const other = await probeClient((p) => [...uv(p), '--forwarded-allow-ips', '192.0.2.0/24']);
  if (other.host !== '127.0.0.1') fail(`uvicorn trusted X-Forwarded-For from 127.0.0.1 with --forwarded-allow-ips 192.0.2.0/24 (got ${other.host})`);

  // gunicorn 23 validates FORWARDED_ALLOW_IPS (its default for --forwarded-allow-ips) as IP addresses.
  const gOk = await runToCompletion(image, ['gunicorn', '--check-config', '-k', 'uvicorn.workers.UvicornWorker', 'app.main:app'], { timeoutS: 20 });
  if (gOk.status !== 0) fail(`gunicorn --check-config fails even without a CIDR: ${gOk.stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
  const gEnv = await runToCompletion(image, ['gunicorn', '--check-config', '-k', 'uvicorn.workers.UvicornWorker', 'app.main:app'], { env: { FORWARDED_ALLOW_IPS: '127.0.0.0/8' }, timeoutS: 20 });
  const gFlag = await runToCompletion(image, ['gunicorn', '--check-config', '--forwarded-allow-ips', '127.0.0.0/8', '-k', 'uvicorn.workers.UvicornWorker', 'app.main:app'], { timeoutS: 20 });
  const lastLine = (s: string) => s.trim().split('\n').filter(Boolean).slice(-1)[0] ?? '';

  // The uvicorn-worker stand-in hands gunicorn's forwarded_allow_ips to uvicorn: with '*'
  // the forwarded client is believed; with an address that is not the peer's (192.0.2.1, a
  // documentation address used only as a setting) it is not, though uvicorn's own default
  // (127.0.0.1) would have believed it.
  const gw = (allow: string) => (p: number) => ['gunicorn', '-k', 'uvicorn_worker.UvicornWorker', '--forwarded-allow-ips', allow, '-b', `127.0.0.1:${p}`, 'app.main:app'];
  const workerImage = 'cfd-e2e-smoke/poetry:latest'; // has the uvicorn-worker stand-in installed
  const workerAll = await probeClient(gw('*'), {}, workerImage);
  const workerOther = await probeClient(gw('192.0.2.1'), {}, workerImage);

  return {
    uvicornAcceptsCidrFlag: flag.host === forwardedHost && flag.scheme === 'https',
    uvicornAcceptsCidrEnv: env.host === forwardedHost && env.scheme === 'https',
    uvicornHasNoProxyHeaders,
    gunicornRejectsCidrEnv: gEnv.status !== 0,
    gunicornCidrEnvMessage: lastLine(gEnv.stderr || gEnv.stdout),
    gunicornRejectsCidrFlag: gFlag.status !== 0,
    standinWorkerPassesForwardedAllowIps: workerAll.host === forwardedHost && workerOther.host === '127.0.0.1',
  };
}

/** Remove the smoke images (the base and stand-in images stay). */
export function removeSmokeImages(): void {
  dockerTry(['rmi', '-f', 'cfd-e2e-smoke/pip:latest', 'cfd-e2e-smoke/poetry:latest', 'cfd-e2e-smoke/tiangolo:latest']);
}

export async function runSmoke(indexUrl: string): Promise<{ results: SmokeResult[]; facts: Facts }> {
  const results = [await smokePip(indexUrl), await smokePoetry(indexUrl), await smokeUvicornGunicornFastapi()];
  const facts = await checkFacts();
  const bad = results.filter((r) => !r.ok);
  if (bad.length) fail(`smoke check failed: ${bad.map((r) => `${r.name}: ${r.detail}`).join('; ')}`);
  return { results, facts };
}
