import type { Options } from '../../options/types.js';
import { GRACEFUL_TIMEOUT_SECONDS, STOP_GRACE_PERIOD_SECONDS } from '../../runtime-limits.js';
import { command, workdirOf } from '../dockerfile/pieces.js';
import { INDEX_SECRET } from '../deps/common.js';
import { APP_SERVICE, CADDY_IMAGE, PRESTART_SERVICE, PROXY_NETWORK, PROXY_SERVICE, TRUST_OWN_NETWORK, prestartCommand } from './common.js';
import { MEMORY_PER_WORKER_MIB, pinnedWorkers, sizing, sizingText } from './resources.js';
import { type Path, type YamlFile, printYaml, quoted } from './yaml.js';
import { imageTag } from '../names.js';
import { toolOf } from '../deps/index.js';
import { composeLiteral } from '../escape.js';

/** compose.yaml: the service as one server runs it, the prestart step, the dev loop, and with --proxy Caddy in front. */

type Comments = [Path, string[]][];

/** Prestart runs in its own one-off container only with one process per container; the others run it at start. */
export const prestartAsService = (o: Options): boolean => o.process === 'single';

/** The build secret's name: the Dockerfile's download steps mount the secret of this id. */
export const COMPOSE_NETRC_SECRET = INDEX_SECRET.id;
/** Where the build secret comes from, as the README's `docker build --secret …,src=$HOME/.netrc` (Compose expands `~`). */
export const COMPOSE_NETRC_FILE = '~/.netrc';

/**
 * Whether the index needs a login, so that the builds must pass it as a secret. An index without one gets no secret:
 * Compose refuses a secret whose file is missing, and nobody should need a ~/.netrc for a public mirror.
 */
export const indexNeedsLogin = (o: Options): boolean => Boolean(o.indexUrl && o.indexLogin);

/** The one build of the image: the app's. */
const build = (o: Options) => ({
  build: { context: '.', ...(indexNeedsLogin(o) ? { secrets: [COMPOSE_NETRC_SECRET] } : {}) },
  image: imageTag(o),
});

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
  const workers = pinnedWorkers(o, 'compose');
  if (workers !== undefined) env.WEB_CONCURRENCY = String(workers);
  return Object.keys(env).length ? env : undefined;
}

function appService(o: Options, comments: Comments) {
  const s = sizing(o, 'compose');
  const at = (key: string): Path => ['services', APP_SERVICE, key];
  const service: Record<string, unknown> = { ...build(o), restart: 'unless-stopped' };
  comments.push(
    [['services', APP_SERVICE], ["No healthcheck here: the image's own HEALTHCHECK (GET /health) applies, and `up --wait` waits for it."]],
    [at('build'), [`Builds the Dockerfile into ${imageTag(o)}, the tag the README's docker commands use.`, ...(prestartAsService(o) ? ['The one build: prestart runs the same image.'] : [])]],
    [at('restart'), ['Started again after a crash or a reboot, unless you stopped it.']],
  );
  if (prestartAsService(o)) {
    service.depends_on = { [PRESTART_SERVICE]: { condition: 'service_completed_successfully' } };
    comments.push([at('depends_on'), ['Starts only once prestart.sh has finished without error.']]);
  }
  const env = environment(o);
  if (env) {
    service.environment = env;
    if (env.WEB_CONCURRENCY) {
      comments.push([[...at('environment'), 'WEB_CONCURRENCY'], ["The deprecated image counts the machine's cores, not the CPU limit: the worker count is set to fit it."]]);
    }
  }
  if (o.proxy) {
    // The image's own entrypoint and command, run after the trust is set (Compose drops the image's CMD once
    // entrypoint is given, so both are written out).
    const argv = (op: 'ENTRYPOINT' | 'CMD') => command(o).flatMap((step) => (step.instruction.op === op ? step.instruction.argv : []));
    service.entrypoint = [...TRUST_OWN_NETWORK, ...argv('ENTRYPOINT')].map(composeLiteral);
    service.command = argv('CMD').map(composeLiteral);
    comments.push(
      [
        at('entrypoint'),
        [
          `Sets FORWARDED_ALLOW_IPS to the subnet of the ${PROXY_NETWORK} network, read from the container's routes at each start`,
          "(Docker picks it), then runs the image's entrypoint and command. X-Forwarded-* is trusted from that network only,",
          'where Caddy is the one other container; a client routed in from anywhere else is not trusted.',
        ],
      ],
      [at('command'), ["The Dockerfile's CMD, unchanged."]],
    );
    service.networks = [PROXY_NETWORK];
    comments.push([at('networks'), [`Only on ${PROXY_NETWORK}, with Caddy (networks, below).`]]);
  } else {
    service.ports = [quoted(`${o.port}:${o.port}`)];
    comments.push([at('ports'), ['Published on every interface of this machine, as `docker run -p` does.']]);
  }
  service.deploy = { resources: { limits: { cpus: quoted(String(s.cpus)), memory: `${s.memoryMiB}M` } } };
  comments.push([at('deploy'), [`Limits: ${sizingText(o, 'compose')}.`, ...limitsNote(o)]]);
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
  comments.push([
    ['services', PRESTART_SERVICE, 'pull_policy'],
    ['The app\'s image, built once by the app service; never pulled (a registry could hold another image of that name).'],
  ]);
  return { image: imageTag(o), pull_policy: 'never', command: prestartCommand(o), restart: quoted('no') };
}

function proxyService(o: Options, comments: Comments) {
  const at = (key: string): Path => ['services', PROXY_SERVICE, key];
  comments.push(
    [['services', PROXY_SERVICE], [`Caddy terminates HTTPS for ${o.domain} and is the only published service.`]],
    [at('image'), ['Pinned to a minor release: `docker compose pull` brings patch releases only.']],
    [at('depends_on'), ['Starts once the app is healthy.']],
    [at('volumes'), ['caddy_data keeps the certificates and the local CA: keep it across runs (Let\'s Encrypt rate-limits new certificates).']],
    [at('networks'), [`default for the published ports and the internet; ${PROXY_NETWORK} to reach the app.`]],
  );
  return {
    image: CADDY_IMAGE,
    restart: 'unless-stopped',
    depends_on: { [APP_SERVICE]: { condition: 'service_healthy' } },
    ports: [quoted('80:80'), quoted('443:443'), quoted('443:443/udp')],
    volumes: ['./Caddyfile:/etc/caddy/Caddyfile:ro', 'caddy_data:/data', 'caddy_config:/config'],
    networks: ['default', PROXY_NETWORK],
  };
}

/** What the limits comment adds: why 1 CPU, and what moves with what. */
function limitsNote(o: Options): string[] {
  if (o.process === 'single') return ['One CPU, which every machine has: Docker refuses a limit above the machine\'s CPUs.'];
  const follows = o.workers === undefined && o.process !== 'official-image' ? 'the worker count follows it, ' : '';
  return [
    'At most 1 CPU, which every machine has: Docker refuses a limit above the machine\'s CPUs. On a bigger machine, raise cpus;',
    `${follows}and each worker needs ${MEMORY_PER_WORKER_MIB} MiB more memory: change both together.`,
  ];
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
    value.networks = { [PROXY_NETWORK]: { internal: true } };
    value.volumes = { caddy_data: {}, caddy_config: {} };
    comments.push([
      ['networks'],
      [
        `${PROXY_NETWORK}: Caddy and the app, nothing else; internal, so the app reaches nothing outside it. Docker picks the subnet,`,
        'so projects never collide, and the app trusts X-Forwarded-* from this subnet alone (entrypoint, above): Caddy is the only',
        'sender it can hear. A service added here could forge the headers: keep it to these two.',
      ],
    ]);
  }
  if (indexNeedsLogin(o)) {
    value.secrets = { [COMPOSE_NETRC_SECRET]: { file: COMPOSE_NETRC_FILE } };
    comments.push(
      [['services', APP_SERVICE, 'build', 'secrets'], ["The index's login, mounted by the Dockerfile's download steps only: in no layer (secrets, below)."]],
      [['secrets'], ['The build secret: your netrc (machine HOST login USER password TOKEN), as `docker build --secret` takes it.']],
    );
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
