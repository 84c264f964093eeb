import { type Options, runsGunicorn } from '../options/types.js';
import { GRACEFUL_TIMEOUT_SECONDS } from '../runtime-limits.js';
import { OFFICIAL_IMAGE } from '../versions.js';
import { buildCommand, runCommand } from './commands.js';
import { composeSection, kubernetesSection, memoryText, prestartText, restartText } from './deploy/readme.js';
import { toolOf } from './deps/index.js';
import { localUrl, projectName } from './names.js';

const PROCESS: Record<Options['process'], string> = {
  single:
    'One Uvicorn process per container. Replication happens at the cluster level: run more containers (Kubernetes replicas, Swarm services) and let the load balancer spread requests. Each container then has a small, predictable memory footprint to set limits on.',
  workers:
    'Uvicorn starts several worker processes in one container and restarts any that die. This suits a single server or Docker Compose, where replicating containers is awkward. Worker count: `WEB_CONCURRENCY`, otherwise one per CPU this container may use, counted when it starts: its CPU quota (`docker run --cpus`, Kubernetes `limits.cpu`) rounded down and at least 1, within the CPUs it may run on (`--cpuset-cpus`); `--cpus 0.5` or `--cpus 1` gives 1 worker, not one per core of the node. Each worker holds its own copy of the app in memory.',
  gunicorn:
    'Gunicorn manages Uvicorn workers (from the `uvicorn-worker` package). `gunicorn_conf.py` reproduces the old official image\'s auto-tuning: `WEB_CONCURRENCY`, or `WORKERS_PER_CORE` × CPUs (at least 2) capped by `MAX_WORKERS`; plus `LOG_LEVEL`, `TIMEOUT`, `GRACEFUL_TIMEOUT` and `KEEP_ALIVE`. CPUs are those the container may use: its CPU quota (`docker run --cpus`, Kubernetes `limits.cpu`) rounded down and at least 1, within its CPU affinity; so `--cpus 1` or `--cpus 0.5` gives 2 workers. Each worker holds its own copy of the app in memory.',
  'official-image': `Built on \`${OFFICIAL_IMAGE}\`, which is **deprecated**: it gets no updates, stops at Python 3.11, and its maintainer recommends plain Uvicorn with \`--workers\`. Regenerate with \`--process gunicorn\` for the same auto-tuning, written out in your own Dockerfile. Until then, the image reads \`WEB_CONCURRENCY\`, \`WORKERS_PER_CORE\`, \`MAX_WORKERS\`, \`PORT\` and runs \`/app/prestart.sh\` if you add one. Its worker count follows the node's CPU count and ignores \`--cpus\` and Kubernetes CPU limits: set \`WEB_CONCURRENCY\` under a limit.`,
};

function proxySection(o: Options): string {
  if (!o.proxy) {
    return 'HTTPS is not this container\'s job. It serves plain HTTP and ignores `X-Forwarded-*` headers. If you later put it behind a TLS-terminating proxy (Traefik, Nginx, a cloud load balancer), regenerate with `--proxy`, so that redirects and `request.url` use `https://` and the client\'s address.';
  }
  const ips = o.forwardedAllowIps ?? '';
  return [
    'A TLS-terminating proxy (Traefik, Nginx, a cloud load balancer) handles HTTPS in front of this container. The server runs with proxy headers on, and trusts `X-Forwarded-For` and `X-Forwarded-Proto` only from `FORWARDED_ALLOW_IPS`:',
    '',
    `    ${ips}`,
    '',
    ips === '*'
      ? '`*` trusts every peer: anyone who can reach the port directly can claim any client address or scheme. Keep the port reachable only through the proxy.'
      : 'Anything inside these networks that can reach the port could still forge the headers, so narrow the list to your proxy\'s address when you know it: `docker run -e FORWARDED_ALLOW_IPS=10.0.0.5 …`.',
  ].join('\n');
}

/**
 * Why the CMD is `uvicorn`, where FastAPI's Docker page writes `fastapi run` (figures: `npm run bench:fastapi-run`
 * in create-fastapi-docker: F1 size, F2 start-up, F3 flags and SIGTERM with a request in flight).
 */
function serverSection(o: Options): string {
  if (runsGunicorn(o.process)) {
    return `FastAPI's Docker page runs \`fastapi run\` (the FastAPI CLI from \`fastapi[standard]\`). Here Gunicorn runs the app through the \`uvicorn-worker\` worker class instead, and \`fastapi run\` has no Gunicorn mode, so the CLI has no place in this image.`;
  }
  return [
    "FastAPI's Docker page runs `fastapi run` (the FastAPI CLI, from `fastapi[standard]`), which starts the same Uvicorn underneath. This Dockerfile calls `uvicorn` itself:",
    '',
    `- \`fastapi run\` has no graceful-shutdown timeout. On \`docker stop\` it waits for every request in flight, however long, so a slow one lets Docker's 10 s run out and the container is killed (SIGKILL), the other requests with it. \`--timeout-graceful-shutdown ${GRACEFUL_TIMEOUT_SECONDS}\` ends the wait in time; \`fastapi run\` ignores \`UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN\`, which only Uvicorn's own command line reads.`,
    '- `fastapi[standard]` about doubles the Python packages the image installs (some 40 more distributions: the CLI with Typer and Rich, the FastAPI Cloud client with the Sentry SDK, the OpenTelemetry SDK and exporter, Jinja2, email-validator and more), none of which serving needs, and the CLI starts more slowly to the first response.',
    '- Proxy trust is spelled out: `fastapi run` turns proxy headers on by default; here they are on only with `--proxy`, and then only from `FORWARDED_ALLOW_IPS`.',
    '',
    'Workers (`WEB_CONCURRENCY`), the port, the host and `FORWARDED_ALLOW_IPS` work the same either way. `fastapi dev` on your machine needs `fastapi[standard]` in your development environment; the image does not.',
  ].join('\n');
}

function indexSection(o: Options): string {
  if (!o.indexUrl) return '';
  if (!o.indexLogin) {
    return `
## The package index

Every pip and Poetry step installs from \`${o.indexUrl.url}\`, without a login. If it comes to need one, keep it in
your \`~/.netrc\` (\`machine ${o.indexUrl.host} login USER password TOKEN\`) and run \`npm create fastapi-docker@latest . --
--update --index-login\`: the build command then passes that file as a BuildKit secret, which the download steps
already mount for their own duration only (in no layer, in no \`docker history\`).
`;
  }
  return `
## The package index

${toolOf(o).indexSteps} installs from \`${o.indexUrl.url}\`. If it needs a login, keep it in your \`~/.netrc\`
(\`machine ${o.indexUrl.host} login USER password TOKEN\`) and pass that file as a BuildKit secret, as the build command
above does. The download steps mount it for their own duration only: it is in no layer and in no \`docker history\`, and no
file of this project holds it. In CI, write the file from your secret store before the build.
`;
}

export function renderReadme(o: Options): string {
  const base = localUrl(o);
  return `# ${projectName(o)}

A FastAPI service in a container, generated by [create-fastapi-docker](https://www.npmjs.com/package/create-fastapi-docker).

## Run it

\`\`\`sh
${buildCommand(o)}
${runCommand(o)}
\`\`\`

Then open:

- ${base}/items/5?q=somequery → \`{"item_id":5,"q":"somequery"}\`
- ${base}/docs (Swagger UI) and ${base}/redoc (ReDoc)
- ${base}/health, which the image's \`HEALTHCHECK\` polls (\`docker ps\` shows healthy)
${indexSection(o)}
${composeSection(o)}${kubernetesSection(o)}## Test it

${toolOf(o).devLoop(o)}

## Keeping it up to date

\`.create-fastapi-docker.yml\` records what generated this project: the tool's version, the options, and each generated
file as it was generated. Commit it. Later versions of the tool bring their fixes to this project, keeping your edits:

\`\`\`sh
npm create fastapi-docker@latest . -- --update --dry-run   # the diff of every file it would change
npm create fastapi-docker@latest . -- --update             # or with new answers, e.g. --update --process gunicorn
\`\`\`

A file you never touched is replaced; one you edited is merged line by line with the new version; where both changed
the same lines, it gets git's conflict markers (\`<<<<<<<\`, \`=======\`, \`>>>>>>>\`), the run lists it and exits 1. A
file you deleted stays deleted. Every file the update changes is first saved under \`.create-fastapi-docker-backup/\`.
It needs no network and no older version of the tool.

## Deployment concepts, and what this setup does for each

**HTTPS.** ${proxySection(o)}

**Running on startup and restarts.** Docker, Compose or your orchestrator starts the container; \`--restart unless-stopped\` (above) brings it back after a crash or a reboot. The CMD is in exec form, so \`docker stop\` sends SIGTERM straight to the server, which shuts down cleanly: it stops accepting connections and lets requests in flight finish within ${GRACEFUL_TIMEOUT_SECONDS} s (${runsGunicorn(o.process) ? '`GRACEFUL_TIMEOUT`' : '`--timeout-graceful-shutdown`'}), inside Docker's 10 s before SIGKILL and Kubernetes' default 30 s.${restartText(o)}

**Replication.** ${PROCESS[o.process]}

**Memory.** Set a limit (\`docker run --memory\`, or Kubernetes resources) and size the number of processes to fit it.${memoryText(o)}

**Previous steps before starting.** ${prestartText(o)}

**The server command.** ${serverSection(o)}

**Security.** The server runs as the unprivileged user 10001. \`.dockerignore\` keeps \`.git\`, \`.env\` files and virtualenvs out of the image.${
    o.port < 1024
      ? ` Port ${o.port} works for that user under Docker (20.10 and later allow unprivileged ports in containers); on Kubernetes, ${o.kubernetes ? '`k8s/deployment.yaml` sets the `net.ipv4.ip_unprivileged_port_start` sysctl for it' : 'regenerate with `--port 8000` or set the `net.ipv4.ip_unprivileged_port_start` sysctl'}.`
      : ''
  }
`;
}
