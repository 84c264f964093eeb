// docker compose on a generated project, with the real Compose v2: up --wait, the JSON, the limits,
// prestart, and with --proxy everything the issue asks of Caddy and the trusted address. Then down.
import { PROXY_NETWORK } from '../../../src/render/deploy/common.js';
import { sizing } from '../../../src/render/deploy/resources.js';
import { STOP_GRACE_PERIOD_SECONDS } from '../../../src/runtime-limits.js';
import { dockerTry, freePort, sleep, type RunningContainer } from '../infra/index.js';
import { checkLogs } from '../matrix/logs.js';
import { workerCount } from '../matrix/probes.js';
import type { Verdict } from '../matrix/verdict.js';
import { PRESTART_LINE, SERVER_START, addressOn, badLogLines, caddyRoot, count, curlLocalhost, forgedFromNeighbour, hasAddress, inspect, logLines, requestLoopback } from './checks.js';
import { type Project, compose, containerOf, writeOverride } from './project.js';
import { imageTag } from '../../../src/render/names.js';

export interface ComposeFigures {
  upSeconds?: number;
  downSeconds?: number;
}

const JSON_OK = (nonce: string) => JSON.stringify({ item_id: 5, q: nonce });
const asContainer = (id: string): RunningContainer => ({ id, logs: async () => '', remove: async () => undefined });

export async function composeProof(p: Project, v: Verdict): Promise<ComposeFigures> {
  const figures: ComposeFigures = {};
  const published = p.proxy ? { http: await freePort(), https: await freePort() } : { app: await freePort() };
  writeOverride(p, published);
  try {
    const started = Date.now();
    const up = await compose(p, ['up', '-d', '--wait']);
    figures.upSeconds = (Date.now() - started) / 1000;
    if (!v.check(up.status === 0, 'docker compose up -d --wait', up.stderr.trim().split('\n').slice(-3).join(' | '))) return figures;
    const app = await containerOf(p, 'app');
    v.equal(inspect(app, '{{.State.Health.Status}}'), 'healthy', 'the app is healthy by the image\'s own HEALTHCHECK');
    v.equal(inspect(app, '{{json .Config.Healthcheck.Test}}'), dockerTry(['image', 'inspect', '-f', '{{json .Config.Healthcheck.Test}}', imageTag(p.options)]).stdout.trim(), 'the healthcheck is the image\'s');
    v.equal(inspect(app, '{{.HostConfig.RestartPolicy.Name}}'), 'unless-stopped', 'restart policy');
    const s = sizing(p.options, 'compose');
    v.equal(inspect(app, '{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}'), `${s.cpus * 1e9} ${s.memoryMiB * 1024 * 1024}`, 'CPU and memory limits');
    // Healthy means one worker answers: wait for the rest to boot (workerCount polls) rather than sampling once.
    v.equal(await workerCount(asContainer(app), s.workers), s.workers, `serving processes within ${s.cpus} CPU(s)`);
    checkLogs(v, logLines(app).join('\n'), 'of the app after compose up');

    await v.step('prestart ran exactly once, before the app', () => prestartOnce(p, app, v));
    await v.step('a healthy start logs no error', async () => {
      for (const service of ['app', ...(p.process === 'single' ? ['prestart'] : []), ...(p.proxy ? ['caddy'] : [])]) {
        const lines = logLines(await containerOf(p, service));
        v.check(lines.length > 0 && badLogLines(lines).length === 0, `${service}: ${lines.length} log lines, none an error or a traceback`, badLogLines(lines).slice(0, 3).join(' | '));
      }
    });
    if (p.proxy) await v.step('behind Caddy', () => behindCaddy(p, app, published.https as number, published.http as number, v));
    else await v.step('published directly', () => direct(p, published.app as number, v));
    checkLogs(v, logLines(app).join('\n'), 'of the app after the requests');
    // On a failure, what the app said last goes with it.
    if (!v.passed) v.note(`app log: ${logLines(app).slice(-6).join(' | ')}`);
  } finally {
    const started = Date.now();
    const down = await compose(p, ['down', '--volumes']);
    figures.downSeconds = (Date.now() - started) / 1000;
    v.check(down.status === 0, 'docker compose down', down.stderr.trim().split('\n').at(-1));
    v.check(figures.downSeconds < STOP_GRACE_PERIOD_SECONDS, `down within the ${STOP_GRACE_PERIOD_SECONDS} s grace period`, `${figures.downSeconds.toFixed(1)} s`);
  }
  return figures;
}

async function prestartOnce(p: Project, app: string, v: Verdict): Promise<void> {
  const appLines = logLines(app);
  if (p.process === 'single') {
    const prestart = await containerOf(p, 'prestart');
    const lines = logLines(prestart);
    v.equal(count(lines, PRESTART_LINE) + count(appLines, PRESTART_LINE), 1, 'the prestart line, in all the logs');
    v.equal(count(lines, PRESTART_LINE), 1, 'printed by the one-off prestart service');
    v.equal(inspect(prestart, '{{.State.ExitCode}}'), '0', 'prestart exit code');
    v.equal(inspect(prestart, '{{.Image}}'), inspect(app, '{{.Image}}'), 'prestart ran the image the app runs (one build)');
    const finished = Date.parse(inspect(prestart, '{{.State.FinishedAt}}'));
    const appStarted = Date.parse(inspect(app, '{{.State.StartedAt}}'));
    v.check(finished <= appStarted, 'prestart finished before the app started', `${inspect(prestart, '{{.State.FinishedAt}}')} / ${inspect(app, '{{.State.StartedAt}}')}`);
    return;
  }
  v.equal(count(appLines, PRESTART_LINE), 1, 'the entrypoint ran prestart.sh once');
  const at = appLines.findIndex((line) => line.includes(PRESTART_LINE));
  const server = appLines.findIndex((line) => SERVER_START.test(line));
  v.check(at >= 0 && server > at, 'prestart.sh ran before the server started', `line ${at} vs ${server}`);
}

async function direct(p: Project, port: number, v: Verdict): Promise<void> {
  const nonce = `direct-${Date.now()}`;
  const reply = await requestLoopback(port, `/items/5?q=${nonce}`);
  v.equal(reply.body, JSON_OK(nonce), 'the JSON on the published port');
  const forged = await requestLoopback(port, '/items/5/?q=x', { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '203.0.113.7' });
  v.check(forged.location.startsWith(`http://127.0.0.1:${port}/`), 'without --proxy, a forged X-Forwarded-Proto is ignored', forged.location);
}

async function behindCaddy(p: Project, app: string, https: number, http: number, v: Verdict): Promise<void> {
  v.equal(inspect(app, '{{json .HostConfig.PortBindings}}'), '{}', 'the app publishes no port');
  const root = await caddyRoot(p);
  try {
    const nonce = `caddy-${Date.now()}`;
    const url = `https://localhost:${https}/items/5?q=${nonce}`;
    // Caddy issues the certificate for localhost from its local CA just after it starts: wait for it.
    let json = curlLocalhost(url, { caRoot: root.path });
    for (let i = 0; i < 50 && json.status !== 200; i++, json = curlLocalhost(url, { caRoot: root.path })) await sleep(200);
    v.equal(json.body, JSON_OK(nonce), "the JSON over HTTPS, verified with Caddy's local root");
    const slash = curlLocalhost(`https://localhost:${https}/items/5/?q=${nonce}`, { caRoot: root.path });
    v.check(slash.status === 307 && slash.location.startsWith(`https://localhost:${https}/items/5`), 'the trailing-slash redirect is https://', `${slash.status} ${slash.location}`);
    const plain = curlLocalhost(`http://localhost:${http}/items/5`);
    v.check(plain.status === 308 && plain.location.startsWith('https://localhost/'), 'Caddy redirects plain HTTP to HTTPS', `${plain.status} ${plain.location}`);

    // The client as the app sees it: the host's side of Caddy's published network (the gateway), never Caddy.
    const proxyNet = `${p.composeProject}_${PROXY_NETWORK}`;
    const caddy = await containerOf(p, 'caddy');
    const caddyAddress = addressOn(caddy, proxyNet);
    const gateway = dockerTry(['network', 'inspect', '-f', '{{range .IPAM.Config}}{{.Gateway}}{{end}}', `${p.composeProject}_default`]).stdout.trim();
    const logged = logLines(app).find((line) => line.includes(`q=${nonce} `)) ?? '';
    v.check(caddyAddress !== '' && hasAddress(logged, gateway) && !hasAddress(logged, caddyAddress), "the app logs the client's address, not Caddy's", `${logged} (Caddy ${caddyAddress})`);

    // Nothing pinned: the app is on the proxy network alone, internal, with a subnet Docker chose.
    v.equal(inspect(app, '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}').trim(), proxyNet, 'the app is on the proxy network alone');
    v.equal(dockerTry(['network', 'inspect', '-f', '{{.Internal}} {{.IPAM.Config}}', proxyNet]).stdout.trim().split(' ')[0], 'true', 'the proxy network is internal');
    v.equal(dockerTry(['network', 'inspect', '-f', '{{range .Containers}}{{.Name}} {{end}}', proxyNet]).stdout.trim().split(' ').length, 2, 'two containers on it (Caddy and the app)');

    // The app trusts exactly the proxy network's subnet, which Docker chose and its entrypoint read at start.
    const subnet = dockerTry(['network', 'inspect', '-f', '{{range .IPAM.Config}}{{.Subnet}}{{end}}', proxyNet]).stdout.trim();
    const trusting = logLines(app).find((line) => line.startsWith('Trusting X-Forwarded-* from ')) ?? '';
    v.equal(trusting, `Trusting X-Forwarded-* from ${subnet} (the ${PROXY_NETWORK} network)`, 'the app trusts the proxy network it shares with Caddy, and only it');

    // A neighbour on the project's default network: no name for the app there; by address (this engine has no
    // iptables, so the host routes it between networks, which Docker's own rules would drop) it is not trusted.
    const byName = forgedFromNeighbour(p, '/items/5/?q=x', { host: 'app' });
    v.check(byName.status === 0 && /gaierror|Name or service/.test(byName.error ?? ''), 'a neighbour on the default network finds no app by name', JSON.stringify(byName));
    const forgedNonce = `forged-${Date.now()}`;
    const byAddress = forgedFromNeighbour(p, `/items/5/?q=${forgedNonce}`, { host: addressOn(app, proxyNet) });
    if (byAddress.status === 0) v.note(`a neighbour cannot reach the app by address either: ${byAddress.error}`);
    else {
      v.check(byAddress.status === 307 && byAddress.location.startsWith('http://'), "a routed neighbour's forged X-Forwarded-Proto is ignored", `${byAddress.status} ${byAddress.location}`);
      const forgedLog = logLines(app).find((line) => line.includes(`q=${forgedNonce} `)) ?? '';
      v.check(hasAddress(forgedLog, byAddress.self) && !hasAddress(forgedLog, '203.0.113.7'), "a routed neighbour's forged X-Forwarded-For is ignored", forgedLog);
    }
  } finally {
    root.dispose();
  }
}
