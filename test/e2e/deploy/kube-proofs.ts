// k8s/ checked by real tools: `kubectl kustomize` renders it, and `podman kube play` runs what it renders.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { PORT_NAME } from '../../../src/render/deploy/k8s-deployment.js';
import { workdirOf } from '../../../src/render/dockerfile/pieces.js';
import { kubeName } from '../../../src/render/deploy/common.js';
import { sizing } from '../../../src/render/deploy/resources.js';
import { PRESTOP_SLEEP_SECONDS } from '../../../src/runtime-limits.js';
import { sleep, tryRun } from '../infra/util.js';
import { checkLogs } from '../matrix/logs.js';
import type { Verdict } from '../matrix/verdict.js';
import { PRESTART_LINE, SERVER_START, count } from './checks.js';
import type { PodmanSession } from './podman.js';
import type { Project } from './project.js';
import { imageTag } from '../../../src/render/names.js';

export interface KubeFigures {
  kustomizeSeconds?: number;
  /** podman kube play until the JSON answers. */
  playSeconds?: number;
  podStopSeconds?: number;
  /** What podman did with each field we could observe: "applied …" or "ignored …". */
  fields: Record<string, string>;
}

type Manifest = Record<string, any>;

/** The value with every object's keys sorted, so that comparing ignores the order kustomize prints them in. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, canonical(x)]))
      : value;

/** `kubectl kustomize k8s/` in the root: the rendered objects must be the files' own, unchanged. */
export function kustomize(p: Project, root: string, v: Verdict, figures: KubeFigures): { text: string; objects: Manifest[] } | undefined {
  const dir = join(root, 'tmp', `cfd-kustomize-${p.name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    cpSync(join(p.dir, 'k8s'), join(dir, 'k8s'), { recursive: true });
    const started = Date.now();
    const r = tryRun('chroot', [root, 'kubectl', 'kustomize', `/tmp/${dir.split('/').at(-1)}/k8s`]);
    figures.kustomizeSeconds = (Date.now() - started) / 1000;
    if (!v.check(r.status === 0, 'kubectl kustomize k8s/', r.stderr.trim())) return undefined;
    const rendered = parseAllDocuments(r.stdout).map((d) => d.toJS() as Manifest);
    const files = readdirSync(join(p.dir, 'k8s')).filter((f) => f !== 'kustomization.yaml');
    const own = files.map((f) => parse(readFileSync(join(p.dir, 'k8s', f), 'utf8'), { version: '1.1' }) as Manifest);
    const byKind = (list: Manifest[]) => canonical(Object.fromEntries(list.map((m) => [m.kind, m])));
    v.equal(byKind(rendered), byKind(own), `kubectl kustomize renders ${files.length} objects, unchanged`);
    return { text: r.stdout, objects: rendered };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const status = (session: PodmanSession, name: string, format: string) => session.podman(['inspect', name, '-f', format]).stdout.trim();

/** Runs the rendered objects with podman kube play and checks the pod as Kubernetes would run it. */
export async function playProof(p: Project, session: PodmanSession, rendered: { text: string; objects: Manifest[] }, v: Verdict, figures: KubeFigures): Promise<void> {
  const deployment = rendered.objects.find((m) => m.kind === 'Deployment') as Manifest;
  const app = deployment.spec.template.spec.containers[0];
  const pod = `${kubeName(p.options)}-pod`;
  const file = `/tmp/cfd-play-${p.name}.yaml`;
  const log = `/var/log/cfd-${p.name}.log`;
  writeFileSync(join(session.root, file), rendered.text);
  rmSync(join(session.root, log), { force: true });
  session.loadImage(imageTag(p.options));
  const started = Date.now();
  const play = session.podman(['kube', 'play', '--log-driver', 'k8s-file', '--log-opt', `path=${log}`, file]);
  if (!v.check(play.status === 0, 'podman kube play', play.stderr.trim().split('\n').at(-1))) return;
  const ctr = `${pod}-app`;
  const ip = status(session, ctr, '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}');
  const port = app.ports.find((x: Manifest) => x.name === PORT_NAME).containerPort as number;
  const get = (path: string) => session.inNetwork('curl', ['-sS', '--max-time', '3', '-o', '-', '-w', '\n%{http_code}', `http://${ip}:${port}${path}`]).stdout;
  let answer = '';
  for (let i = 0; i < 120 && !answer.startsWith('{"item_id":5'); i++) {
    answer = get('/items/5?q=podman');
    if (!answer.startsWith('{"item_id":5')) await sleep(500);
  }
  figures.playSeconds = (Date.now() - started) / 1000;
  v.equal(answer.split('\n')[0], JSON.stringify({ item_id: 5, q: 'podman' }), 'the JSON answers from the pod');

  // Every probe of the manifest, sent as the kubelet sends it: an HTTP GET to the pod's port from the node.
  for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
    const { path, port: named } = app[probe].httpGet;
    const code = Number(get(path).split('\n').at(-1));
    v.check(named === PORT_NAME && code >= 200 && code < 400, `${probe} passes (GET ${path} on port ${named})`, String(code));
  }

  const pid = Number(status(session, ctr, '{{.State.Pid}}'));
  const proc = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(proc)?.[1]?.split(/\s+/)[0];
  v.equal([field('Uid'), field('Gid')], ['10001', '10001'], 'the app runs as uid and gid 10001');
  v.equal(field('CapEff'), '0000000000000000', 'no capabilities (drop: [ALL])');
  v.equal(field('NoNewPrivs'), '1', 'no privilege escalation');
  const code = workdirOf(p.options);
  const readOnly = session.inContainer(pid, ['sh', '-c', `touch ${code}/.probe 2>&1; touch /tmp/.probe && echo tmp-writable`]);
  v.check(/Read-only file system/.test(readOnly.stdout) && /tmp-writable/.test(readOnly.stdout), 'a read-only root with a writable /tmp', readOnly.stdout.trim());
  const wanted = deployment.spec.template.spec.securityContext.sysctls?.[0]?.value;
  const inPod = tryRun('nsenter', ['-t', String(pid), '-n', 'cat', '/proc/sys/net/ipv4/ip_unprivileged_port_start']).stdout.trim();
  if (wanted) v.equal(inPod, wanted, "the pod's sysctl, which lets uid 10001 bind its port");
  figures.fields.sysctls = wanted ? `applied (net.ipv4.ip_unprivileged_port_start=${inPod} in the pod)` : 'not used';

  // prestart: the init container printed its line, once, before the server started; the app did not run it again.
  const lines = readFileSync(join(session.root, log), 'utf8').split('\n');
  const at = lines.findIndex((l) => l.includes(PRESTART_LINE));
  v.equal(count(lines, PRESTART_LINE), 1, 'the init container ran prestart.sh, and the app container skipped it');
  v.check(at >= 0 && lines.findIndex((l) => SERVER_START.test(l)) > at, 'prestart ran before the server started');
  checkLogs(v, lines.join('\n'), 'of the pod (read-only root, no home) after the requests');

  const s = sizing(p.options, 'kubernetes');
  v.equal(status(session, ctr, '{{.HostConfig.Memory}} {{.HostConfig.CpuQuota}}'), `${s.memoryMiB * 1024 * 1024} ${s.cpus * 100000}`, 'limits.memory and limits.cpu');
  observe(session, ctr, play.stderr, deployment.spec.replicas, figures);
  const stopStarted = Date.now();
  session.podman(['pod', 'stop', pod]);
  figures.podStopSeconds = (Date.now() - stopStarted) / 1000;
  figures.fields['lifecycle.preStop'] = figures.podStopSeconds < PRESTOP_SLEEP_SECONDS
    ? `ignored (the pod stopped in ${figures.podStopSeconds.toFixed(1)} s, no ${PRESTOP_SLEEP_SECONDS} s pause)`
    : `possibly applied (the pod took ${figures.podStopSeconds.toFixed(1)} s to stop)`;
  session.podman(['pod', 'rm', '--force', pod]);
}

/** What podman made of the fields it does not prove by the checks above. */
function observe(session: PodmanSession, ctr: string, playLog: string, replicas: number, figures: KubeFigures): void {
  const f = figures.fields;
  if (replicas > 1) {
    const pods = session.podman(['pod', 'ps', '-q']).stdout.trim().split('\n').filter(Boolean).length;
    const warning = /Limiting replica count to 1[^"\n]*/.exec(playLog)?.[0];
    f.replicas = pods === 1 ? `ignored (${replicas} asked, one pod made${warning ? `: "${warning}"` : ''})` : `${pods} pods for ${replicas} replicas`;
  }
  f.terminationGracePeriodSeconds = `applied (stop timeout ${status(session, ctr, '{{.Config.StopTimeout}}')} s)`;
  const health = status(session, ctr, '{{json .Config.Healthcheck.Test}}');
  const startup = status(session, ctr, '{{if .Config.StartupHealthCheck}}{{json .Config.StartupHealthCheck.Test}}{{end}}');
  f.livenessProbe = `turned into a healthcheck ${health} (podman runs it with curl inside the container, which the image has not; no timer runs it without systemd)`;
  f.startupProbe = startup ? `turned into a startup healthcheck ${startup}, likewise not run here` : 'ignored';
  f.readinessProbe = 'ignored (no trace in the container\'s configuration)';
  f['resources.requests'] = `memory applied as a reservation (${status(session, ctr, '{{.HostConfig.MemoryReservation}}')} bytes); cpu ignored (cpu shares ${status(session, ctr, '{{.HostConfig.CpuShares}}')})`;
  f['securityContext.seccompProfile'] = `ignored as a field; podman applies its own default profile (Seccomp mode ${/Seccomp:\s*(\d)/.exec(readFileSync(`/proc/${status(session, ctr, '{{.State.Pid}}')}/status`, 'utf8'))?.[1]})`;
  f['securityContext.runAsNonRoot'] = 'ignored (podman documents it unsupported; the image\'s own user is 10001, so nothing here tells)';
  f.automountServiceAccountToken = 'ignored (podman has no service accounts)';
  const tmp = status(session, ctr, '{{range .Mounts}}{{if eq .Destination "/tmp"}}{{.Type}} {{.Options}}{{end}}{{end}}');
  f['volumes.emptyDir.sizeLimit'] = `ignored (/tmp is a ${tmp} with no size limit)`;
  f['Service, Ingress'] = 'ignored (kube play creates nothing for them)';
}
