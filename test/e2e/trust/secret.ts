// Index credentials in a real build: they reach no generated file, no layer, no `docker history`, and the build
// gets through a login-protected index only with the BuildKit secret.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listFiles } from '../../helpers/run-cli.js';
import { dockerAsync, dockerBuild, runDetached } from '../infra/index.js';
import { type StandinContext, generate, standinFlags } from '../matrix/generate.js';
import { checkLogs } from '../matrix/logs.js';
import { request, waitUntilServing } from '../matrix/probes.js';
import { Verdict } from '../matrix/verdict.js';
import { startAuthIndex } from './auth-index.js';
import { cliBuildProof } from './cli-build.js';

const USER = 'build-bot';
const PASSWORD = 's3cret-Index-Token-7f2c';

/** Every byte of an image (docker save): layers, config and manifest. */
async function imageBytes(tag: string): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'cfd-e2e-save-'));
  try {
    const out = join(dir, 'image.tar');
    const saved = await dockerAsync(['save', '-o', out, tag]);
    if (saved.status !== 0) throw new Error(`docker save failed: ${saved.stderr.trim()}`);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function secretProof(deps: 'pip' | 'poetry', ctx: StandinContext, port: number): Promise<Verdict> {
  const v = new Verdict(`index credentials (${deps})`);
  const index = await startAuthIndex(ctx.indexUrl, USER, PASSWORD);
  const secretDir = mkdtempSync(join(tmpdir(), 'cfd-e2e-netrc-'));
  const tag = `cfd-e2e/secret-${deps}`;
  try {
    await v.step('generate with the credentials in --index-url', async () => {
      const flags = standinFlags({ layout: 'package', deps, process: 'single', proxy: false }, { ...ctx, indexUrl: index.urlWithCredentials }, port);
      const dir = await generate(`secret-${deps}`, ['--deps', deps, ...flags]);
      for (const file of listFiles(dir)) {
        const text = readFileSync(join(dir, file), 'utf8');
        v.check(!text.includes(PASSWORD) && !text.includes(USER), `${file} holds no part of the credentials`);
      }
      const netrc = join(secretDir, 'netrc');
      writeFileSync(netrc, `machine 127.0.0.1 login ${USER} password ${PASSWORD}\n`, { mode: 0o600 });

      const without = await dockerBuild(dir, { tag: `${tag}-nosecret` }).then(() => 'built', (e: Error) => e.message);
      v.check(without !== 'built' && index.refused > 0, 'without the secret the index refuses the build (so the index really wants a login)', `${without.slice(0, 120)}; refused ${index.refused}`);
      const servedBefore = index.served;
      await dockerBuild(dir, { tag, extraArgs: ['--secret', `id=netrc,src=${netrc}`] });
      v.check(index.served > servedBefore, 'with the secret the build logs in and installs from the index', `served ${index.served - servedBefore} requests`);
    });
    if (v.failures.length) return v;
    await v.step('the image holds no trace of them', async () => {
      const history = await dockerAsync(['history', '--no-trunc', '--format', '{{.CreatedBy}}', tag]);
      v.check(history.status === 0 && !history.stdout.includes(PASSWORD), 'docker history --no-trunc does not show the password');
      v.check(/pip install/.test(history.stdout), 'the history holds the install steps (so the search looked at them)', history.stdout.slice(0, 200));
      const bytes = await imageBytes(tag);
      v.check(bytes.length > 1_000_000 && !bytes.includes(Buffer.from(PASSWORD)) && !bytes.includes(Buffer.from(Buffer.from(`${USER}:${PASSWORD}`).toString('base64'))), 'no layer, config or manifest (docker save) holds the password', `${bytes.length} bytes scanned`);
      const c = await runDetached(tag);
      try {
        await waitUntilServing(c, port);
        checkLogs(v, await c.logs(), 'after the start');
        v.equal((await request(port, '/items/5?q=somequery')).body, '{"item_id":5,"q":"somequery"}', 'the image built through the secret serves the app');
        checkLogs(v, await c.logs(), 'after the requests');
      } finally {
        await c.remove();
      }
    });
    await v.step("the CLI's own --build", () => cliBuildProof(v, deps, ctx, index, port, PASSWORD));
    return v;
  } finally {
    await index.stop();
    rmSync(secretDir, { recursive: true, force: true });
  }
}
