// Stand-ins for images that cannot be pulled here: the deprecated tiangolo/uvicorn-gunicorn-fastapi, and
// ghcr.io/astral-sh/uv (made of the very binaries uv's PyPI wheel carries).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_REQUIREMENTS, UV_VERSION } from '../../../src/versions.js';
import { STANDIN_LABEL } from './base-image.js';
import { KEY_LABEL, dockerTry, imageLabel, requireImage } from './engine.js';
import { type Stack, baseImageTags } from './stacks.js';
import { hostPython } from './package-index.js';
import { ASSETS_DIR, fail, fingerprint, log, run } from './util.js';

export const officialStandinImage = (s: Stack): string => `create-fastapi-docker-standin/uvicorn-gunicorn-fastapi:python${s.python}`;
export const UVICORN_GUNICORN_FASTAPI_CONTEXT = join(ASSETS_DIR, 'uvicorn-gunicorn-fastapi');
const DESCRIPTION =
  'stand-in for the deprecated tiangolo/uvicorn-gunicorn-fastapi image (documented contract: /start.sh, /gunicorn_conf.py), made offline by create-fastapi-docker e2e tests';

export interface StandinImageInfo {
  image: string;
  built: boolean;
}

/**
 * Build the uvicorn-gunicorn-fastapi stand-in FROM the stack's python:X.Y stand-in, installing PyPI's
 * fastapi, uvicorn[standard] and gunicorn (the default ranges of src/versions.ts) from the local index at
 * `indexUrl` (the build uses --network host). Skipped when an image built from the same inputs
 * exists. `indexKey` identifies the index's content, so a rebuilt index rebuilds the image.
 */
export function ensureUvicornGunicornFastapiImage(stack: Stack, indexUrl: string, indexKey: string): StandinImageInfo {
  const base = baseImageTags(stack)[1];
  requireImage(base);
  const baseId = dockerTry(['image', 'inspect', '-f', '{{.Id}}', base]).stdout.trim();
  const packages = [DEFAULT_REQUIREMENTS.fastapi, DEFAULT_REQUIREMENTS.uvicorn, DEFAULT_REQUIREMENTS.gunicorn].join(' ');
  const key = fingerprint([baseId, indexKey, packages, DESCRIPTION], [UVICORN_GUNICORN_FASTAPI_CONTEXT]);
  const image = officialStandinImage(stack);
  if (imageLabel(image, KEY_LABEL) === key) return { image, built: false };
  log(`building ${image} (stand-in) with packages from ${indexUrl}`);
  const r = dockerTry(['build', '--network', 'host', '--pull=false',
    '--build-arg', `BASE_IMAGE=${base}`,
    '--build-arg', `INDEX_URL=${indexUrl}`,
    '--build-arg', `PACKAGES=${packages}`,
    '--label', `org.opencontainers.image.description=${DESCRIPTION}`,
    '--label', `${STANDIN_LABEL}=true`,
    '--label', `${KEY_LABEL}=${key}`,
    '-t', image, UVICORN_GUNICORN_FASTAPI_CONTEXT]);
  if (r.status !== 0) fail(`docker build of ${image} failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return { image, built: true };
}

/** The tag `COPY --from=ghcr.io/astral-sh/uv:UV_VERSION` names. */
export const UV_IMAGE = `ghcr.io/astral-sh/uv:${UV_VERSION}`;
const UV_DESCRIPTION = `stand-in for ${UV_IMAGE}, made offline by create-fastapi-docker e2e tests: FROM scratch with the static uv and uvx binaries of uv ${UV_VERSION}'s musllinux PyPI wheel at /, as the real image holds`;

/**
 * `ghcr.io/astral-sh/uv:UV_VERSION` as a stand-in: the real image is a distroless image of /uv and /uvx, uv's static
 * musl build; these are the same binaries, taken from uv's musllinux wheel in the index at `indexDir`
 * (uv-X.Y.Z.data/scripts/), so they run anywhere, as the real ones do.
 */
export function ensureUvImage(indexDir: string): StandinImageInfo {
  const wheel = readdirSync(join(indexDir, 'wheels')).find((f) => f.startsWith(`uv-${UV_VERSION}-`) && f.endsWith('.whl') && f.includes('musllinux'));
  if (!wheel) fail(`the index in ${indexDir} has no musllinux wheel of uv ${UV_VERSION}`);
  const key = fingerprint([wheel, UV_DESCRIPTION]);
  if (imageLabel(UV_IMAGE, KEY_LABEL) === key) return { image: UV_IMAGE, built: false };
  log(`building ${UV_IMAGE} (stand-in) from ${wheel}`);
  const context = mkdtempSync(join(tmpdir(), 'cfd-e2e-uv-'));
  try {
    run(hostPython(), ['-c', [
      'import os, sys, zipfile',
      'wheel, version, out = sys.argv[1:]',
      'with zipfile.ZipFile(wheel) as z:',
      '    for tool in ("uv", "uvx"):',
      '        with open(os.path.join(out, tool), "wb") as fh:',
      '            fh.write(z.read(f"uv-{version}.data/scripts/{tool}"))',
      '        os.chmod(os.path.join(out, tool), 0o755)',
    ].join('\n'), join(indexDir, 'wheels', wheel), UV_VERSION, context], { what: `extracting uv and uvx from ${wheel}` });
    writeFileSync(join(context, 'Dockerfile'), 'FROM scratch\nCOPY uv uvx /\n');
    const r = dockerTry(['build', '--network', 'none', '--pull=false',
      '--label', `org.opencontainers.image.description=${UV_DESCRIPTION}`,
      '--label', `${STANDIN_LABEL}=true`,
      '--label', `${KEY_LABEL}=${key}`,
      '-t', UV_IMAGE, context]);
    if (r.status !== 0) fail(`docker build of ${UV_IMAGE} failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  return { image: UV_IMAGE, built: true };
}
