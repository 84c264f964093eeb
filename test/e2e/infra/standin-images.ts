// Stand-in for the deprecated tiangolo/uvicorn-gunicorn-fastapi image (cannot be pulled here).
import { join } from 'node:path';
import { STANDIN_LABEL } from './base-image.js';
import { KEY_LABEL, dockerTry, imageLabel, requireImage } from './engine.js';
import { type Stack, baseImageTags } from './stacks.js';
import { ASSETS_DIR, fail, fingerprint, log } from './util.js';

export const officialStandinImage = (s: Stack): string => `create-fastapi-docker-standin/uvicorn-gunicorn-fastapi:python${s.python}`;
export const UVICORN_GUNICORN_FASTAPI_CONTEXT = join(ASSETS_DIR, 'uvicorn-gunicorn-fastapi');
const DESCRIPTION =
  'stand-in for the deprecated tiangolo/uvicorn-gunicorn-fastapi image (documented contract: /start.sh, /gunicorn_conf.py), made offline by create-fastapi-docker e2e tests';

export interface StandinImageInfo {
  image: string;
  built: boolean;
}

/**
 * Build the uvicorn-gunicorn-fastapi stand-in FROM the stack's python:X.Y stand-in, installing
 * fastapi, uvicorn (with [standard] where the stack has it) and gunicorn from the local index at
 * `indexUrl` (the build uses --network host). Skipped when an image built from the same inputs
 * exists. `indexKey` identifies the index's content, so a rebuilt index rebuilds the image.
 */
export function ensureUvicornGunicornFastapiImage(stack: Stack, indexUrl: string, indexKey: string): StandinImageInfo {
  const base = baseImageTags(stack)[1];
  requireImage(base);
  const baseId = dockerTry(['image', 'inspect', '-f', '{{.Id}}', base]).stdout.trim();
  const packages = `fastapi ${stack.standard ? 'uvicorn[standard]' : 'uvicorn uvloop websockets'} gunicorn`;
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
