// compose.yaml on the hosts users have (issue 15, section 2), with the real Compose: two proxied projects up at once
// on one engine, and a project whose index wants a login, built by `docker compose up --build` with the build secret.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROXY_NETWORK } from '../../../src/render/deploy/common.js';
import { dockerTry, freePort, sleep } from '../infra/index.js';
import { Verdict } from '../matrix/verdict.js';
import { startAuthIndex } from '../trust/auth-index.js';
import { badLogLines, caddyRoot, curlLocalhost, inspect, logLines, requestLoopback } from './checks.js';
import { type DeployContext, type Project, compose, containerOf, generateProject, readProjectFile, writeOverride } from './project.js';

const tail = (text: string, n = 2) => text.trim().split('\n').slice(-n).join(' | ');

/** Both proxied projects up at the same time, each serving HTTPS through its own Caddy, then both down. */
export async function sideBySideProof(a: Project, b: Project): Promise<Verdict> {
  const v = new Verdict(`compose: two proxied projects at once (${a.process} and ${b.process}, one engine)`);
  const both = [a, b];
  const ports = new Map<Project, { http: number; https: number }>();
  for (const p of both) {
    const published = { http: await freePort(), https: await freePort() };
    ports.set(p, published);
    writeOverride(p, published);
  }
  try {
    const ups = await Promise.all(both.map((p) => compose(p, ['up', '-d', '--wait'])));
    ups.forEach((up, i) => v.check(up.status === 0, `${both[i]?.process}: docker compose up -d --wait while the other comes up`, tail(up.stderr, 3)));
    if (!v.passed) return v;
    const subnets = both.map((p) => dockerTry(['network', 'inspect', '-f', '{{range .IPAM.Config}}{{.Subnet}}{{end}}', `${p.composeProject}_${PROXY_NETWORK}`]).stdout.trim());
    v.check(Boolean(subnets[0] && subnets[1] && subnets[0] !== subnets[1]), 'each proxy network got a subnet of its own from Docker', subnets.join(' / '));
    for (const p of both) {
      const { https } = ports.get(p) as { https: number };
      const root = await caddyRoot(p);
      try {
        const url = `https://localhost:${https}/items/5?q=${p.process}`;
        let answer = curlLocalhost(url, { caRoot: root.path });
        for (let i = 0; i < 50 && answer.status !== 200; i++, answer = curlLocalhost(url, { caRoot: root.path })) await sleep(200);
        v.equal(answer.body, JSON.stringify({ item_id: 5, q: p.process }), `${p.process}: the JSON over HTTPS while the other project is up`);
      } finally {
        root.dispose();
      }
    }
  } finally {
    const downs = await Promise.all(both.map((p) => compose(p, ['down', '--volumes'])));
    downs.forEach((down, i) => v.check(down.status === 0, `${both[i]?.process}: docker compose down`, tail(down.stderr)));
  }
  return v;
}

const USER = 'compose-bot';
const PASSWORD = 'c0mpose-Index-Token-91d4';

/**
 * A login-protected index (the trust proofs' stand-in): compose.yaml passes ~/.netrc as the build secret, so
 * `docker compose up --build` logs in; a wrong login is refused (so the index really checks it).
 */
export async function composeSecretProof(ctx: DeployContext): Promise<Verdict> {
  const v = new Verdict('compose: up --build against an index with a login (build secret from ~/.netrc)');
  const index = await startAuthIndex(ctx.indexUrl, USER, PASSWORD);
  const homes = { right: mkdtempSync(join(tmpdir(), 'cfd-e2e-home-')), wrong: mkdtempSync(join(tmpdir(), 'cfd-e2e-home-')) };
  writeFileSync(join(homes.right, '.netrc'), `machine 127.0.0.1 login ${USER} password ${PASSWORD}\n`, { mode: 0o600 });
  writeFileSync(join(homes.wrong, '.netrc'), `machine 127.0.0.1 login ${USER} password not-${PASSWORD}\n`, { mode: 0o600 });
  let p: Project | undefined;
  try {
    p = await generateProject('single', false, { ...ctx, indexUrl: index.urlWithCredentials }, '-login');
    const file = readProjectFile(p, 'compose.yaml');
    v.check(!file.includes(PASSWORD) && !file.includes(USER), 'compose.yaml holds no part of the login');
    const port = await freePort();
    writeOverride(p, { app: port });
    const config = await compose(p, ['config'], { home: homes.right });
    v.check(config.status === 0 && config.stdout.includes(join(homes.right, '.netrc')), "Compose reads the secret from the user's ~/.netrc", tail(config.stderr || config.stdout));

    const refusedBefore = index.refused;
    const wrong = await compose(p, ['up', '-d', '--wait', '--build'], { home: homes.wrong });
    v.check(wrong.status !== 0 && index.refused > refusedBefore, 'with a wrong login the index refuses the build', `exit ${wrong.status}, refused ${index.refused - refusedBefore}: ${tail(wrong.stderr)}`);
    await compose(p, ['down', '--volumes']);

    const servedBefore = index.served;
    const t = Date.now();
    const up = await compose(p, ['--progress', 'plain', 'up', '-d', '--wait', '--build'], { home: homes.right });
    v.check(up.status === 0, 'docker compose up -d --wait --build', tail(`${up.stdout}\n${up.stderr}`, 25));
    v.note(`up --build through the login: ${((Date.now() - t) / 1000).toFixed(1)} s, ${index.served - servedBefore} requests served by the index`);
    v.check(index.served > servedBefore, 'the build logged in and installed from the index', `served ${index.served - servedBefore}`);
    if (up.status !== 0) return v;
    const app = await containerOf(p, 'app');
    const prestart = await containerOf(p, 'prestart');
    v.equal(inspect(prestart, '{{.Image}}'), inspect(app, '{{.Image}}'), 'prestart ran the one image the app built');
    const reply = await requestLoopback(port, '/items/5?q=login');
    v.equal(reply.body, JSON.stringify({ item_id: 5, q: 'login' }), 'the image built through the secret serves the app');
    for (const [name, id] of [['app', app], ['prestart', prestart]] as const) {
      const lines = logLines(id);
      v.check(lines.length > 0 && badLogLines(lines).length === 0, `${name}: a start with no error in its ${lines.length} log lines`, badLogLines(lines).slice(0, 3).join(' | '));
    }
    return v;
  } finally {
    if (p) await compose(p, ['down', '--volumes']);
    await index.stop();
    for (const home of Object.values(homes)) rmSync(home, { recursive: true, force: true });
    if (p) rmSync(join(p.dir, '..'), { recursive: true, force: true });
  }
}
