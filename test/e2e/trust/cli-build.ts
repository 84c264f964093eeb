// The CLI's own --build with index credentials, on the real engine: the path a user takes. The CLI writes the
// credentials into a temporary 0600 netrc, passes it as the BuildKit secret, and removes it after the build.
// The stand-in index listens on the host's loopback, so the `docker` the CLI runs is a wrapper that adds only
// `--network host`, `--pull=false`, `--no-cache` (the proof before built the same layers, and a cached install step
// would fetch nothing) and this run's clean-up label to `docker build`; every other word is the CLI's.
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellWord } from '../../../src/render/escape.js';
import { BIN } from '../../helpers/run-cli.js';
import { DOCKER, DOCKER_ENV, dockerAsync, runAsync, runLabelArgs } from '../infra/index.js';
import { type StandinContext, standinFlags } from '../matrix/generate.js';
import type { Verdict } from '../matrix/verdict.js';
import type { AuthIndex } from './auth-index.js';

/** A docker that adds the suite's build options to `build` and passes everything else through. */
function dockerWrapper(dir: string): string {
  const path = join(dir, 'docker');
  const extra = ['--network', 'host', '--pull=false', '--no-cache', ...runLabelArgs()].map(shellWord).join(' ');
  writeFileSync(path, `#!/bin/sh\nif [ "$1" = build ]; then shift; exec ${shellWord(DOCKER)} build ${extra} "$@"; fi\nexec ${shellWord(DOCKER)} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

const secretDirs = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('cfd-secret-')));

/** Generates with --build; checks the build went through the index, left no secret file, and wrote no password. */
export async function cliBuildProof(v: Verdict, deps: 'pip' | 'poetry', ctx: StandinContext, index: AuthIndex, port: number, password: string): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'cfd-e2e-cli-build-'));
  const tag = `cfd-e2e/secret-cli-${deps}`;
  try {
    const flags = standinFlags({ layout: 'package', deps, process: 'single', proxy: false }, { ...ctx, indexUrl: index.urlWithCredentials }, port);
    const before = secretDirs();
    const servedBefore = index.served;
    const r = await runAsync(process.execPath, [BIN, join(work, 'svc'), '--deps', deps, ...flags, '--tag', tag, '--yes', '--build'], {
      env: { ...DOCKER_ENV, CFD_DOCKER: dockerWrapper(work), NO_COLOR: '1', CI: '1' },
    });
    v.check(r.status === 0, 'create-fastapi-docker --build with credentials in --index-url builds the image (exit 0)', r.stderr.trim().split('\n').slice(-3).join(' | '));
    // What a user sees: the CLI hands its terminal to docker build, whose BuildKit progress (plain, with no TTY) streams
    // through. BuildKit's own step lines, not the legacy builder's "Step 1/N", and the image named at the end.
    const shown = r.stdout + r.stderr;
    v.check(/^#\d+ \[internal\] load build definition from Dockerfile/m.test(shown) && /^#\d+ naming to \S*cfd-e2e\/secret-cli-/m.test(shown), "its output streams BuildKit's progress (through buildx) as the build runs", shown.split('\n').slice(0, 2).join(' | '));
    v.check(!/^Step \d+\/\d+ :|legacy builder is deprecated/m.test(shown), 'it did not fall back to the legacy builder');
    v.check(index.served > servedBefore, 'its build logged in to the index through the secret', `served ${index.served - servedBefore} requests`);
    v.check(!(r.stdout + r.stderr).includes(password), 'its output does not show the password');
    const left = [...secretDirs()].filter((name) => !before.has(name));
    v.check(left.length === 0, 'the temporary netrc is removed after the build', left.join(', '));
    const history = await dockerAsync(['history', '--no-trunc', '--format', '{{.CreatedBy}}', tag]);
    v.check(history.status === 0 && !history.stdout.includes(password), 'docker history of the image it built does not show the password', history.stderr.trim());
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
