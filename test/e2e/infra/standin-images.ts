// Stand-in for the deprecated tiangolo/uvicorn-gunicorn-fastapi image (cannot be pulled here).
import { join } from 'node:path';
import { BASE_IMAGE_TAGS } from './base-image.js';
import { KEY_LABEL, dockerTry, imageLabel, requireImage } from './engine.js';
import { ASSETS_DIR, fail, fingerprint, log } from './util.js';

export const UVICORN_GUNICORN_FASTAPI_IMAGE = 'create-fastapi-docker-standin/uvicorn-gunicorn-fastapi:python3.13';
export const UVICORN_GUNICORN_FASTAPI_CONTEXT = join(ASSETS_DIR, 'uvicorn-gunicorn-fastapi');
const DESCRIPTION =
  'stand-in for the deprecated tiangolo/uvicorn-gunicorn-fastapi image (documented contract: /start.sh, /gunicorn_conf.py), made offline by create-fastapi-docker e2e tests';

export interface StandinImageInfo {
  image: string;
  built: boolean;
}

/**
 * Build the uvicorn-gunicorn-fastapi stand-in FROM the python:3.13 stand-in, installing
 * fastapi/uvicorn/gunicorn from the local index at `indexUrl` (build uses --network host).
 * Skipped when an image built from the same inputs exists. `indexKey` identifies the
 * index's content (e.g. its versions), so a rebuilt index rebuilds the image.
 */
export function ensureUvicornGunicornFastapiImage(indexUrl: string, indexKey: string): StandinImageInfo {
  const base = BASE_IMAGE_TAGS[1]!; // python:3.13
  requireImage(base);
  const baseId = dockerTry(['image', 'inspect', '-f', '{{.Id}}', base]).stdout.trim();
  const key = fingerprint([baseId, indexKey, DESCRIPTION], [UVICORN_GUNICORN_FASTAPI_CONTEXT]);
  const image = UVICORN_GUNICORN_FASTAPI_IMAGE;
  if (imageLabel(image, KEY_LABEL) === key) return { image, built: false };
  log(`building ${image} (stand-in) with packages from ${indexUrl}`);
  const r = dockerTry(['build', '--network', 'host', '--pull=false',
    '--build-arg', `INDEX_URL=${indexUrl}`,
    '--label', `org.opencontainers.image.description=${DESCRIPTION}`,
    '--label', 'dev.create-fastapi-docker.e2e.stand-in=true',
    '--label', `${KEY_LABEL}=${key}`,
    '-t', image, UVICORN_GUNICORN_FASTAPI_CONTEXT]);
  if (r.status !== 0) fail(`docker build of ${image} failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return { image, built: true };
}
