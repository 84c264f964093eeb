import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { Service } from 'kubernetes-models/v1/Service';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadTemplates } from '../src/io/templates.js';
import { hasWorkerCount } from '../src/options/types.js';
import { kubeName } from '../src/render/deploy/common.js';
import { deploymentYaml } from '../src/render/deploy/k8s-deployment.js';
import { ingressYaml, kustomizationYaml, serviceYaml } from '../src/render/deploy/k8s-network.js';
import { printYaml } from '../src/render/deploy/yaml.js';
import { render } from '../src/render/index.js';
import { GRACEFUL_TIMEOUT_SECONDS, PRESTOP_SLEEP_SECONDS } from '../src/runtime-limits.js';
import { PROCESSES, optionsFromFlags } from './helpers/combos.js';
import { LIMITS } from './helpers/limits.js';

const ROOT = resolve(import.meta.dirname, '..');
const templates = loadTemplates();
const renderFlags = async (flags: string[]) => {
  const options = await optionsFromFlags(['svc', '--kubernetes', ...flags]);
  return { options, files: render(options, templates) };
};

/** Each k8s/ file read back as Kubernetes reads it (YAML 1.1); the YAML 1.2 reading must agree. */
function manifests(files: { path: string; content: string }[]) {
  const k8s = files.filter((f) => f.path.startsWith('k8s/'));
  return Object.fromEntries(
    k8s.map((f) => {
      const value = parse(f.content, { version: '1.1' });
      expect(parse(f.content)).toEqual(value);
      return [f.path.slice(4), value];
    }),
  );
}

describe('k8s/, for every process model with and without --proxy', () => {
  for (const process of PROCESSES) {
    for (const proxy of [false, true]) {
      it(`${process}, ${proxy ? 'with an Ingress' : 'Service only'}`, async () => {
        const { options, files } = await renderFlags(['--process', process, proxy ? '--proxy' : '--no-proxy']);
        const m = manifests(files);
        const names = ['deployment.yaml', 'kustomization.yaml', 'service.yaml', ...(proxy ? ['ingress.yaml'] : [])].sort();
        expect(Object.keys(m).sort()).toEqual(names);
        expect(m['kustomization.yaml']).toEqual({
          apiVersion: 'kustomize.config.k8s.io/v1beta1',
          kind: 'Kustomization',
          resources: ['deployment.yaml', 'service.yaml', ...(proxy ? ['ingress.yaml'] : [])],
        });

        // Every object validates against the Kubernetes schema.
        new Deployment(m['deployment.yaml']).validate();
        new Service(m['service.yaml']).validate();
        if (proxy) new Ingress(m['ingress.yaml']).validate();

        const deployment = m['deployment.yaml'];
        const pod = deployment.spec.template.spec;
        const [app] = pod.containers;
        const [init] = pod.initContainers;
        expect(deployment.spec.replicas).toBe(process === 'single' ? 2 : 1);
        expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);

        // Requests and limits fit the process model.
        const limits = LIMITS.kubernetes[process];
        expect(app.resources).toEqual({
          requests: { cpu: `${limits.requestMilliCpu}m`, memory: `${limits.memoryMiB}Mi` },
          limits: { cpu: String(limits.cpus), memory: `${limits.memoryMiB}Mi` },
        });

        // Probes on /health, through the container's named port.
        const port = app.ports.find((p: { name: string }) => p.name === 'http');
        expect(port.containerPort).toBe(80);
        for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
          expect(app[probe].httpGet).toEqual({ path: '/health', port: 'http' });
        }

        // Shutdown: a preStop pause, then the graceful timeout, inside the grace period.
        expect(app.lifecycle.preStop.exec.command).toEqual(['sleep', String(PRESTOP_SLEEP_SECONDS)]);
        expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(PRESTOP_SLEEP_SECONDS + GRACEFUL_TIMEOUT_SECONDS);

        // The locked-down pod, and port 80 made bindable for uid 10001 by the pod's safe sysctl.
        expect(pod.securityContext).toEqual({
          runAsNonRoot: true,
          runAsUser: 10001,
          runAsGroup: 10001,
          seccompProfile: { type: 'RuntimeDefault' },
          sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '80' }],
        });
        for (const container of [app, init]) {
          expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
          expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
          expect(container.image).toBe('svc');
        }
        expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);

        // The init container runs prestart.sh; the entrypoints then skip it.
        expect(init.command).toEqual(['sh', process === 'official-image' ? '/app/prestart.sh' : '/code/prestart.sh']);
        const env = Object.fromEntries((app.env ?? []).map((v: { name: string; value: string }) => [v.name, v.value]));
        expect(env.PRE_START_PATH).toBe(hasWorkerCount(process) || process === 'official-image' ? '/dev/null' : undefined);
        expect(env.WEB_CONCURRENCY).toBe(process === 'official-image' ? '2' : undefined);
        expect(env.FORWARDED_ALLOW_IPS).toBe(proxy ? options.forwardedAllowIps : undefined);

        // The Service selects the pods and targets the named port; the Ingress routes the domain to it.
        const service = m['service.yaml'];
        expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels);
        expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http' }]);
        if (proxy) {
          const ingress = m['ingress.yaml'];
          expect(ingress.spec.tls).toEqual([{ hosts: ['localhost'], secretName: 'svc-tls' }]);
          expect(ingress.spec.rules).toEqual([
            { host: 'localhost', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: service.metadata.name, port: { name: 'http' } } } }] } },
          ]);
        }
      });
    }
  }
});

describe('k8s/ details', () => {
  it('each manifest parses back to exactly the object it was printed from', async () => {
    for (const flags of [[], ['--proxy', '--process', 'gunicorn', '--port', '8000']]) {
      const { options } = await renderFlags(flags);
      const files = [deploymentYaml(options), serviceYaml(options), kustomizationYaml(options), ...(options.proxy ? [ingressYaml(options)] : [])];
      expect(files).toHaveLength(options.proxy ? 4 : 3);
      for (const file of files) {
        expect(parse(printYaml(file), { version: '1.1' })).toEqual(file.value);
      }
    }
  });

  it('an unprivileged --port needs no sysctl; --domain reaches the Ingress', async () => {
    const m = manifests((await renderFlags(['--port', '8000', '--proxy', '--domain', 'api.example.com'])).files);
    const pod = m['deployment.yaml'].spec.template.spec;
    expect(pod.securityContext.sysctls).toBeUndefined();
    const at1024 = manifests((await renderFlags(['--port', '1024'])).files)['deployment.yaml'].spec.template.spec;
    expect(at1024.securityContext.sysctls).toBeUndefined();
    const at1023 = manifests((await renderFlags(['--port', '1023'])).files)['deployment.yaml'].spec.template.spec;
    expect(at1023.securityContext.sysctls).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '1023' }]);
    expect(pod.containers[0].ports).toEqual([{ name: 'http', containerPort: 8000 }]);
    expect(m['ingress.yaml'].spec.rules[0].host).toBe('api.example.com');
  });

  it('object names are DNS-1035 labels whatever the image tag', async () => {
    for (const [tag, name] of [['svc', 'svc'], ['9lives', 'app-9lives'], ['registry.example.com:5000/team/billing_api:1.0', 'billing-api'], [`${'x'.repeat(70)}`, 'x'.repeat(63)],
      ['a__b.c', 'a-b-c'], [`${'a'.repeat(62)}-b`, 'a'.repeat(62)]]) {
      const options = await optionsFromFlags(['svc', '--tag', tag as string]);
      expect(kubeName(options)).toBe(name);
      expect(kubeName(options)).toMatch(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/);
    }
  });

  it('the schema validation does fail on a broken object (so passing means something)', async () => {
    const m = manifests((await renderFlags([])).files);
    const broken = structuredClone(m['deployment.yaml']);
    broken.spec.replicas = 'two';
    expect(() => new Deployment(broken).validate()).toThrow(/replicas must be integer/);
    broken.spec.replicas = 2;
    delete broken.spec.template.spec.containers[0].name;
    expect(() => new Deployment(broken).validate()).toThrow(/containers\/0 must have required property name/);
  });

  it('--no-kubernetes (the default) writes no k8s/', async () => {
    const files = render(await optionsFromFlags(['svc', '--proxy']), templates);
    expect(files.some((f) => f.path.startsWith('k8s/'))).toBe(false);
  });

  it('the README explains the manifests, the port decision and the trusted Ingress controller', async () => {
    const readme = (await renderFlags(['--proxy'])).files.find((f) => f.path === 'README.md')?.content as string;
    expect(readme).toContain('## Deploy to Kubernetes\n');
    expect(readme).toContain('kubectl apply -k k8s/');
    expect(readme).toContain('net.ipv4.ip_unprivileged_port_start=80');
    expect(readme).toMatch(/\*\*Trusted proxy\.\*\* The Ingress controller is a pod with no fixed address/);
  });
});

// Not in the mutation run: the compiler sees the source, not a mutant.
describe.skipIf(process.env.CFD_MUTATION)('field names: the manifests are typed with kubernetes-models interfaces, and the compiler checks them', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  /** A scratch directory under node_modules/, where the compiler finds kubernetes-models; removed afterwards. */
  const scratch = (prefix: string) => {
    const dir = mkdtempSync(join(ROOT, 'node_modules', prefix));
    made.push(dir);
    return dir;
  };
  const compile = (files: string[]) => {
    const dir = scratch('.cfd-tsc-');
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(ROOT, 'tsconfig.json'), compilerOptions: { types: ['node'] }, include: [], files }));
    return spawnSync(process.execPath, [tsc, '--noEmit', '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  };

  it('the renderers compile, and a misspelled field does not', () => {
    const renderers = ['src/render/deploy/k8s-deployment.ts', 'src/render/deploy/k8s-network.ts'].map((f) => join(ROOT, f));
    const good = compile(renderers);
    expect(good.stdout + good.stderr).toBe('');
    expect(good.status).toBe(0);
    const typo = join(scratch('.cfd-typo-'), 'typo.ts');
    writeFileSync(typo, "import type { IContainer } from 'kubernetes-models/v1/Container';\nexport const c: IContainer = { name: 'app', readinesProbe: {} };\n");
    const bad = compile([typo]);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/'readinesProbe' does not exist in type 'IContainer'/);
  }, 60_000);
});
