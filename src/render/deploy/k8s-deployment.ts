// Types only, erased from the bundle: the compiler checks every field name and type against Kubernetes' own schema.
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import { type Options, hasWorkerCount } from '../../options/types.js';
import { GRACEFUL_TIMEOUT_SECONDS, PRESTOP_SLEEP_SECONDS, TERMINATION_GRACE_PERIOD_SECONDS } from '../../runtime-limits.js';
import { UID } from '../dockerfile/pieces.js';
import { kubeName, prestartCommand } from './common.js';
import { pinnedWorkers, sizing, sizingText } from './resources.js';
import type { Path, YamlFile } from './yaml.js';
import { imageTag } from '../names.js';

/** k8s/deployment.yaml: replicas, limits, probes, graceful shutdown, a locked-down pod, and prestart in an init container. */

export const HEALTH_PATH = '/health';
export const PORT_NAME = 'http';
/** Where prestart.sh is pointed when an init container ran it already: not a regular file, so the hook is skipped. */
export const SKIP_PRESTART = '/dev/null';

export const replicas = (o: Options): number => (o.process === 'single' ? 2 : 1);

/** Whether the port needs the unprivileged-port sysctl: the server runs as uid 10001, which may not bind below 1024. */
export const needsPortSysctl = (o: Options): boolean => o.port < 1024;

export const appLabels = (o: Options): Record<string, string> => ({ 'app.kubernetes.io/name': kubeName(o) });

const probe = (periodSeconds: number, failureThreshold: number, timeoutSeconds: number): IProbe => ({
  httpGet: { path: HEALTH_PATH, port: PORT_NAME },
  periodSeconds,
  timeoutSeconds,
  failureThreshold,
});

const containerSecurity: ISecurityContext = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

function resources(o: Options): IResourceRequirements {
  const s = sizing(o, 'kubernetes');
  return {
    requests: { cpu: `${s.requestMilliCpu}m`, memory: `${s.memoryMiB}Mi` },
    limits: { cpu: String(s.cpus), memory: `${s.memoryMiB}Mi` },
  };
}

function env(o: Options): IEnvVar[] {
  const vars: IEnvVar[] = [];
  if (hasWorkerCount(o.process) || o.process === 'official-image') vars.push({ name: 'PRE_START_PATH', value: SKIP_PRESTART });
  const workers = pinnedWorkers(o, 'kubernetes');
  if (workers !== undefined) vars.push({ name: 'WEB_CONCURRENCY', value: String(workers) });
  if (o.proxy) vars.push({ name: 'FORWARDED_ALLOW_IPS', value: o.forwardedAllowIps as string });
  return vars;
}

const envComments = (o: Options): string[][] =>
  env(o).map(({ name }) => {
    if (name === 'PRE_START_PATH') return ['The init container ran prestart.sh: the entrypoint skips it (no file there).'];
    if (name === 'WEB_CONCURRENCY') return ["The deprecated image counts the node's cores, not the CPU limit: the worker count is set to fit it."];
    return [
      'The Ingress controller runs inside the cluster at no fixed address, so the trust covers the pod network.',
      'Narrow it to your pod CIDR; a NetworkPolicy that admits only the controller makes it exact (README).',
    ];
  });

export function deploymentYaml(o: Options): YamlFile {
  const name = kubeName(o);
  const labels = appLabels(o);
  const tmp = [{ name: 'tmp', mountPath: '/tmp' }];
  const common = { image: imageTag(o), imagePullPolicy: 'IfNotPresent' } as const;
  const podSecurity: IPodSecurityContext = {
    runAsNonRoot: true,
    runAsUser: Number(UID),
    runAsGroup: Number(UID),
    seccompProfile: { type: 'RuntimeDefault' },
  };
  if (needsPortSysctl(o)) podSecurity.sysctls = [{ name: 'net.ipv4.ip_unprivileged_port_start', value: String(o.port) }];
  const vars = env(o);
  const container: IContainer = {
    name: 'app',
    ...common,
    ports: [{ name: PORT_NAME, containerPort: o.port }],
    ...(vars.length ? { env: vars } : {}),
    resources: resources(o),
    startupProbe: probe(2, 30, 2),
    readinessProbe: probe(5, 2, 2),
    livenessProbe: probe(15, 3, 3),
    lifecycle: { preStop: { exec: { command: ['sleep', String(PRESTOP_SLEEP_SECONDS)] } } },
    securityContext: containerSecurity,
    volumeMounts: tmp,
  };
  const prestart: IContainer = {
    name: 'prestart',
    ...common,
    command: prestartCommand(o),
    resources: resources(o),
    securityContext: containerSecurity,
    volumeMounts: tmp,
  };
  const value: IDeployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas: replicas(o),
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: TERMINATION_GRACE_PERIOD_SECONDS,
          securityContext: podSecurity,
          initContainers: [prestart],
          containers: [container],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };
  const pod: Path = ['spec', 'template', 'spec'];
  const app: Path = [...pod, 'containers', 0];
  const comments: [Path, string[]][] = [
    [
      ['spec', 'replicas'],
      o.process === 'single'
        ? ['One process per container: scale by replicas (kubectl scale, or a HorizontalPodAutoscaler).']
        : ['Several worker processes per pod already; more replicas multiply them.'],
    ],
    [[...pod, 'automountServiceAccountToken'], ['The app does not call the Kubernetes API.']],
    [
      [...pod, 'terminationGracePeriodSeconds'],
      [`Holds the preStop pause (${PRESTOP_SLEEP_SECONDS} s) and the server's ${GRACEFUL_TIMEOUT_SECONDS} s graceful timeout, then SIGKILL.`],
    ],
    [[...pod, 'securityContext', 'runAsNonRoot'], [`The image's user ${UID}; the kubelet refuses to start it as root.`]],
    [[...pod, 'initContainers'], ['Runs prestart.sh (migrations, waiting for a database) before the app starts, once per pod.']],
    [[...app, 'resources'], [`${sizingText(o, 'kubernetes')}.`, 'Memory is requested as limited: a pod is never scheduled where it could be OOM-killed for room.']],
    [[...app, 'startupProbe'], ['Up to 60 s to start; readiness and liveness wait for it. All three ask /health, as the HEALTHCHECK does.']],
    [[...app, 'readinessProbe'], ['Out of the Service while failing: no traffic, no restart.']],
    [[...app, 'livenessProbe'], ['Restarted after 3 failures in a row (45 s).']],
    [[...app, 'lifecycle'], [`A pause before SIGTERM, so that Services and the Ingress stop sending requests first.`]],
    [[...app, 'securityContext'], ['Nothing in the image is writable; /tmp is an emptyDir for Gunicorn and Python temp files.']],
  ];
  if (needsPortSysctl(o)) {
    comments.push([
      [...pod, 'securityContext', 'sysctls'],
      [
        `Port ${o.port} is privileged and user ${UID} may not bind it. This safe sysctl (allowed by default since`,
        `Kubernetes 1.22) makes ports from ${o.port} up unprivileged, in this pod's network namespace only.`,
      ],
    ]);
  }
  envComments(o).forEach((lines, i) => comments.push([[...app, 'env', i], lines]));
  const header = [`Deployment of ${imageTag(o)}, generated by create-fastapi-docker. Apply with: kubectl apply -k k8s/`];
  return { header, value, comments };
}
