import { type Options, hasWorkerCount } from '../../options/types.js';
import { GRACEFUL_TIMEOUT_SECONDS, STOP_GRACE_PERIOD_SECONDS } from '../../runtime-limits.js';
import { UID } from '../dockerfile/pieces.js';
import { prestartAsService } from './compose.js';
import { SKIP_PRESTART, needsPortSysctl, replicas } from './k8s-deployment.js';
import { SERVICE_PORT, tlsSecretName } from './k8s-network.js';
import { CADDY_IMAGE, PROXY_NETWORK, kubeName } from './common.js';
import { sizingText } from './resources.js';
import { shellCommand } from '../escape.js';
import { imageTag } from '../names.js';
import { toolOf } from '../deps/index.js';

/** The generated README's sections about compose.yaml, `docker compose watch`, k8s/ and prestart.sh. */

export function composeSection(o: Options): string {
  if (!o.compose) return '';
  const url = o.proxy ? `https://${o.domain}` : `http://127.0.0.1${o.port === 80 ? '' : `:${o.port}`}`;
  const lines = [
    '## Run it with Compose',
    '',
    '```sh',
    'docker compose up -d --wait   # build, start, and wait until the healthcheck passes',
    'docker compose logs -f        # follow the logs',
    'docker compose down           # stop and remove the containers',
    '```',
    '',
    `Then open ${url}/items/5?q=somequery.`,
  ];
  if (o.proxy) {
    lines.push(
      '',
      `Caddy (\`${CADDY_IMAGE}\`) terminates HTTPS for \`${o.domain}\` and is the only service with published ports (80 and 443). ` +
        (o.domain === 'localhost'
          ? "For `localhost` it issues the certificate from its own local CA. Trust it, or hand its root to curl: `docker compose cp caddy:/data/caddy/pki/authorities/local/root.crt .` then `curl --cacert root.crt https://localhost/`."
          : `For a public name, point its DNS at this machine and open ports 80 and 443: Caddy gets and renews the certificate from Let's Encrypt or ZeroSSL. Regenerate with \`--domain\` to change the name, or edit \`Caddyfile\`.`),
      '',
      `The app is on one network, \`${PROXY_NETWORK}\`, with Caddy and nothing else. Docker picks its subnet, so this project runs beside any other on the same host, and nothing in \`compose.yaml\` names an address. At each start the app's entrypoint reads that subnet from the container's own routes and sets \`FORWARDED_ALLOW_IPS\` to it: \`X-Forwarded-*\` is trusted from the \`${PROXY_NETWORK}\` network only, where Caddy is the one other container; a client routed in from any other network is not trusted. The network is internal, so the app reaches nothing outside it: if it must (a database, an API), add a network to the app and narrow \`FORWARDED_ALLOW_IPS\` by hand, as every network the app is on would be trusted. Whatever you add to \`${PROXY_NETWORK}\` could forge the headers: keep it to the two.`,
    );
  }
  lines.push(
    '',
    '### The dev loop',
    '',
    '```sh',
    'docker compose watch',
    '```',
    '',
    `It builds and starts everything, then watches the files: an edit to ${o.layout === 'single' ? '`main.py`' : '`app/`'} is copied into the running container, which restarts with it (a second or two); an edit to ${toolOf(o).rebuildOn.map((file) => `\`${file}\``).join(' or ')} rebuilds the image. Stop it with Ctrl-C; \`docker compose down\` removes the containers.`,
    '',
    'Watch copies files in as the image\'s user, `10001:10001`. Docker Engines without the fix for moby/moby#34142 look that user up on the host instead of in the container and refuse the copy ("getent unable to find entry"); with one of those, add `user: root` to the `app` service while you develop.',
  );
  return `${lines.join('\n')}\n\n`;
}

export function kubernetesSection(o: Options): string {
  if (!o.kubernetes) return '';
  const name = kubeName(o);
  const lines = [
    '## Deploy to Kubernetes',
    '',
    '```sh',
    'kubectl apply -k k8s/                  # the Deployment, the Service' + (o.proxy ? ' and the Ingress' : ''),
    `kubectl rollout status deployment/${name}`,
    `kubectl port-forward service/${name} 8080:${SERVICE_PORT}   # then http://127.0.0.1:8080/docs`,
    '```',
    '',
    `The cluster must be able to pull \`${imageTag(o)}\`: push it to your registry and point \`k8s/kustomization.yaml\` at it (an \`images:\` entry), or load it into a local cluster (\`${shellCommand(['kind', 'load', 'docker-image', imageTag(o)])}\`).`,
    '',
    `- **Replicas and limits.** ${replicas(o)} replica${replicas(o) === 1 ? '' : 's'}; each pod gets ${sizingText(o, 'kubernetes')}.`,
    `- **Probes.** startup, readiness and liveness ask \`/health\`: no traffic before the app is ready, a restart if it stops answering.`,
    `- **Shutdown.** A preStop pause lets the Service drop the pod before SIGTERM; \`terminationGracePeriodSeconds\` covers it and the server's ${GRACEFUL_TIMEOUT_SECONDS} s graceful timeout.`,
    `- **Locked down.** uid and gid ${UID}, \`runAsNonRoot\`, the RuntimeDefault seccomp profile, a read-only root file system with an emptyDir on \`/tmp\`, no privilege escalation, every capability dropped.`,
    needsPortSysctl(o)
      ? `- **Port ${o.port}.** A non-root user cannot bind a port below 1024, so the pod sets the safe sysctl \`net.ipv4.ip_unprivileged_port_start=${o.port}\` (allowed by default since Kubernetes 1.22). A policy that forbids sysctls would reject the pod: then regenerate with \`--port 8000\`.`
      : `- **Port ${o.port}.** Unprivileged, so the non-root user binds it with no sysctl.`,
  ];
  if (o.proxy) {
    lines.push(
      `- **HTTPS.** \`k8s/ingress.yaml\` routes \`${o.domain}\` to the Service, with TLS from the Secret \`${tlsSecretName(o)}\` (cert-manager creates it when you annotate the Ingress with \`cert-manager.io/cluster-issuer\`; or \`kubectl create secret tls ${tlsSecretName(o)} --cert=… --key=…\`).`,
      `- **Trusted proxy.** The Ingress controller is a pod with no fixed address, so \`FORWARDED_ALLOW_IPS\` in the Deployment trusts \`${o.forwardedAllowIps}\`. Narrow it to your cluster's pod CIDR; to make it exact, add a NetworkPolicy that lets only the controller's namespace reach port ${o.port} of these pods, so that nothing else inside the cluster can send forged \`X-Forwarded-*\` headers.`,
    );
  }
  return `${lines.join('\n')}\n\n`;
}

/** "Previous steps before starting": prestart.sh, and where each setup runs it. */
export function prestartText(o: Options): string {
  const where = prestartAsService(o)
    ? 'With one process per container it must not run in every replica: `compose.yaml` runs it once in a one-off `prestart` service that the app waits for (`service_completed_successfully`).'
    : o.process === 'official-image'
      ? "The base image's start script runs `/app/prestart.sh` at each container start, before Gunicorn."
      : '`docker-entrypoint.sh` runs it at each container start, before the server.';
  const k8s = o.kubernetes
    ? ` On Kubernetes an init container runs it once per pod${prestartAsService(o) ? '' : `, and the app container skips it (\`PRE_START_PATH=${SKIP_PRESTART}\`)`}.`
    : '';
  return `\`prestart.sh\` is the place for migrations or waiting for a database; as generated it only prints a line. ${where}${k8s}`;
}

/** What the deployment files add to restarts and to memory. */
export const restartText = (o: Options): string =>
  o.compose
    ? ` \`compose.yaml\` sets the same restart policy, and a \`stop_grace_period\` of ${STOP_GRACE_PERIOD_SECONDS} s, longer than the server's ${GRACEFUL_TIMEOUT_SECONDS} s graceful timeout.`
    : '';

export const memoryText = (o: Options): string => {
  const files = [
    ...(o.compose ? [`\`compose.yaml\` sets ${sizingText(o, 'compose')}`] : []),
    ...(o.kubernetes ? [`\`k8s/deployment.yaml\` sets ${sizingText(o, 'kubernetes')}`] : []),
  ];
  if (!files.length) return '';
  const compose = o.compose
    ? ` The Compose limit is at most 1 CPU, which every machine has (Docker refuses a limit above the machine's CPUs); raise \`cpus\` on a bigger one${hasWorkerCount(o.process) || o.process === 'official-image' ? ', and the memory with it' : ''}.`
    : '';
  const follows = hasWorkerCount(o.process) && o.workers === undefined ? ' The worker count follows the CPU limit, so a higher limit needs more memory too.' : '';
  return ` ${files.join('; ')}.${compose}${follows}`;
};
