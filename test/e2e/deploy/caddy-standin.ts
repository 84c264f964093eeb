// The Caddy stand-in, tagged as the generated compose.yaml names the image (Docker Hub is out of reach).
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CADDY_IMAGE } from '../../../src/render/deploy/common.js';
import { KEY_LABEL, docker, dockerTry, imageLabel, requireImage } from '../infra/engine.js';
import { runLabelArgs } from '../infra/run-scope.js';
import { type Stack, baseImageTags } from '../infra/stacks.js';
import { fingerprint } from '../infra/util.js';

const CONTEXT = join(dirname(fileURLToPath(import.meta.url)), 'assets', 'caddy');
const DESCRIPTION = `stand-in for the official ${CADDY_IMAGE} image: Debian's caddy package on the python stand-in, made offline by create-fastapi-docker e2e tests`;

/** Builds the stand-in unless an image from the same binary, base and Dockerfile is already tagged. */
export function ensureCaddyStandin(caddyBinary: string, stack: Stack): { image: string; built: boolean; version: string } {
  const base = baseImageTags(stack)[0];
  requireImage(base);
  const baseId = docker(['image', 'inspect', '-f', '{{.Id}}', base]).trim();
  const key = fingerprint([baseId, DESCRIPTION], [CONTEXT, caddyBinary]);
  let built = false;
  if (imageLabel(CADDY_IMAGE, KEY_LABEL) !== key) {
    const context = mkdtempSync(join(tmpdir(), 'cfd-caddy-'));
    try {
      copyFileSync(join(CONTEXT, 'Dockerfile'), join(context, 'Dockerfile'));
      copyFileSync(caddyBinary, join(context, 'caddy'));
      docker(
        ['build', '--network', 'host', '--pull=false', '--build-arg', `BASE=${base}`, '--label', `org.opencontainers.image.description=${DESCRIPTION}`,
          '--label', 'dev.create-fastapi-docker.e2e.stand-in=true', '--label', `${KEY_LABEL}=${key}`, '-t', CADDY_IMAGE, context],
        { what: `docker build of the ${CADDY_IMAGE} stand-in` },
      );
      built = true;
    } finally {
      rmSync(context, { recursive: true, force: true });
    }
  }
  const version = dockerTry(['run', '--rm', '--network', 'none', ...runLabelArgs(), CADDY_IMAGE, 'caddy', 'version']).stdout.trim().split(' ')[0] ?? '';
  return { image: CADDY_IMAGE, built, version };
}
