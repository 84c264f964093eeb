import type { Options } from '../../options/types.js';
import { GRACEFUL_TIMEOUT_SECONDS, STOP_GRACE_PERIOD_SECONDS } from '../../runtime-limits.js';
import { workdirOf } from '../dockerfile/pieces.js';
import { APP_SERVICE, CADDY_IMAGE, PRESTART_SERVICE, PROXY_NETWORK, PROXY_SERVICE, prestartCommand } from './common.js';
import { pinnedWorkers, sizing, sizingText } from './resources.js';
import { type Path, type YamlFile, printYaml, quoted } from './yaml.js';
import { imageTag } from '../names.js';
import { toolOf } from '../deps/index.js';

/** compose.yaml: the service as one server runs it, the prestart step, the dev loop, and with --proxy Caddy in front. */

type Comments = [Path, string[]][];

/** Prestart runs in its own one-off container only with one process per container; the others run it at start. */
export const prestartAsService = (o: Options): boolean => o.process === 'single';

const build = (o: Options) => ({ build: { context: '.' }, image: imageTag(o) });

/** `docker compose watch`: code is synced in and the server restarts; dependency files rebuild the image. */
function watch(o: Options) {
  const code = o.layout === 'single' ? 'main.py' : 'app';
  const tool = toolOf(o);
  // Ignore patterns apply inside a synced directory; the single layout syncs one file.
  const ignore = tool.watchIgnore.length && o.layout !== 'single' ? { ignore: [...tool.watchIgnore] } : {};
  return [
    { action: 'sync+restart', path: `./${code}`, target: `${workdirOf(o)}/${code}`, ...ignore },
    ...tool.rebuildOn.map((file) => ({ action: 'rebuild', path: `./${file}` })),
  ];
}

function environment(o: Options): Record<string, string> | undefined {
  const env: Record<string, string> = {};
  if (o.proxy) env.FORWARDED_ALLOW_IPS = PROXY_NETWORK.proxyAddress;
  const workers = pinnedWorkers(o);
  if (workers !== undefined) env.WEB_CONCURRENCY = String(workers);
  return Object.keys(env).length ? env : undefined;
}

function appService(o: Options, comments: Comments) {
  const s = sizing(o);
  const at = (key: string): Path => ['services', APP_SERVICE, key];
  const service: Record<string, unknown> = { ...build(o), restart: 'unless-stopped' };
  comments.push(
    [['services', APP_SERVICE], ["No healthcheck here: the image's own HEALTHCHECK (GET /health) applies, and `up --wait` waits for it."]],
    [at('build'), [`Builds the Dockerfile into ${imageTag(o)}, the tag the README's docker commands use.`]],
    [at('restart'), ['Started again after a crash or a reboot, unless you stopped it.']],
  );
  if (prestartAsService(o)) {
    service.depends_on = { [PRESTART_SERVICE]: { condition: 'service_completed_successfully' } };
    comments.push([at('depends_on'), ['Starts only once prestart.sh has finished without error.']]);
  }
  const env = environment(o);
  if (env) {
    service.environment = env;
    if (env.FORWARDED_ALLOW_IPS) {
      comments.push([[...at('environment'), 'FORWARDED_ALLOW_IPS'], ["X-Forwarded-For/-Proto are trusted from Caddy's pinned address only (networks, below)."]]);
    }
    if (env.WEB_CONCURRENCY) {
      comments.push([[...at('environment'), 'WEB_CONCURRENCY'], ["The deprecated image counts the machine's cores, not the CPU limit: the worker count is set to fit it."]]);
    }
  }
  if (!o.proxy) {
    service.ports = [quoted(`${o.port}:${o.port}`)];
    comments.push([at('ports'), ['Published on every interface of this machine, as `docker run -p` does.']]);
  }
  service.deploy = { resources: { limits: { cpus: quoted(String(s.cpus)), memory: `${s.memoryMiB}M` } } };
  comments.push([at('deploy'), [`Limits: ${sizingText(o)}.`, 'More workers need more memory: change both together.']]);
  service.stop_grace_period = `${STOP_GRACE_PERIOD_SECONDS}s`;
  comments.push([
    at('stop_grace_period'),
    [`stop and down send SIGTERM, then SIGKILL after this: longer than the server's ${GRACEFUL_TIMEOUT_SECONDS} s graceful timeout.`],
  ]);
  service.develop = { watch: watch(o) };
  comments.push([at('develop'), ['`docker compose watch`: edits to the code are copied in and the server restarts;', 'a change to the dependencies rebuilds the image.']]);
  return service;
}

function prestartService(o: Options, comments: Comments) {
  comments.push([
    ['services', PRESTART_SERVICE],
    ['Runs prestart.sh once, then exits; the app waits for it. One process per container means replicas,', 'and each replica must not run migrations again.'],
  ]);
  return { ...build(o), command: prestartCommand(o), restart: quoted('no') };
}

function proxyService(o: Options, comments: Comments) {
  const at = (key: string): Path => ['services', PROXY_SERVICE, key];
  comments.push(
    [['services', PROXY_SERVICE], [`Caddy terminates HTTPS for ${o.domain} and is the only published service.`]],
    [at('image'), ['Pinned to a minor release: `docker compose pull` brings patch releases only.']],
    [at('depends_on'), ['Starts once the app is healthy.']],
    [at('volumes'), ['caddy_data keeps the certificates and the local CA: keep it across runs (Let\'s Encrypt rate-limits new certificates).']],
    [at('networks'), ['The one address the app trusts for X-Forwarded-*.']],
  );
  return {
    image: CADDY_IMAGE,
    restart: 'unless-stopped',
    depends_on: { [APP_SERVICE]: { condition: 'service_healthy' } },
    ports: [quoted('80:80'), quoted('443:443'), quoted('443:443/udp')],
    volumes: ['./Caddyfile:/etc/caddy/Caddyfile:ro', 'caddy_data:/data', 'caddy_config:/config'],
    networks: { default: { ipv4_address: PROXY_NETWORK.proxyAddress } },
  };
}

/** compose.yaml as data: the value, its header and its comments (printYaml writes it). */
export function composeFile(o: Options): YamlFile {
  const comments: Comments = [];
  const services: Record<string, unknown> = {};
  if (prestartAsService(o)) services[PRESTART_SERVICE] = prestartService(o, comments);
  services[APP_SERVICE] = appService(o, comments);
  const value: Record<string, unknown> = { services };
  if (o.proxy) {
    services[PROXY_SERVICE] = proxyService(o, comments);
    const { subnet, ipRange, gateway } = PROXY_NETWORK;
    value.networks = { default: { ipam: { config: [{ subnet, ip_range: ipRange, gateway }] } } };
    value.volumes = { caddy_data: {}, caddy_config: {} };
    comments.push([
      ['networks'],
      [
        'A pinned subnet, so that the app trusts exactly one address, Caddy\'s, and not "any private network".',
        'Other containers get addresses from ip_range only. If the subnet collides with a network of yours,',
        "change it here, with Caddy's ipv4_address and FORWARDED_ALLOW_IPS above.",
      ],
    ]);
  }
  const header = [
    `compose.yaml for ${imageTag(o)}, generated by create-fastapi-docker.`,
    '  docker compose up -d --wait   build, start, and wait until healthy',
    '  docker compose watch          the dev loop: edit the code, the server restarts with it',
    '  docker compose down           stop and remove the containers',
  ];
  return { header, value, comments };
}

export const composeYaml = (o: Options): string => printYaml(composeFile(o));
