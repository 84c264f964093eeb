/**
 * Values a user gives reach the files that run them, read back by real parsers (dockerfile-ast for the Dockerfile,
 * YAML 1.1 as Kubernetes reads it): `--forwarded-allow-ips` in the image's ENV and the Deployment's env, and the pod
 * settings the README promises for every process model. Expected values are literals, not the generator's own.
 */
import { DockerfileParser, Env } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadTemplates } from '../src/io/templates.js';
import { PROCESSES } from '../src/options/choices.js';
import { render } from '../src/render/index.js';
import { optionsFromFlags } from './helpers/combos.js';

const templates = loadTemplates();
const rendered = async (flags: string[]) => render(await optionsFromFlags(['svc', '--kubernetes', ...flags]), templates);
const fileOf = (files: { path: string; content: string }[], path: string): string => {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`${path} was not rendered`);
  return file.content;
};

/** Every ENV variable of the final stage, as Docker reads it. */
function imageEnv(dockerfile: string): Record<string, string> {
  const instructions = DockerfileParser.parse(dockerfile).getInstructions();
  const lastFrom = instructions.findLastIndex((i) => i.getKeyword() === 'FROM');
  return Object.fromEntries(
    instructions
      .slice(lastFrom)
      .filter((i): i is Env => i instanceof Env)
      .flatMap((i) => i.getProperties().map((p) => [p.getName(), p.getValue() ?? ''])),
  );
}

/** The app container's env, and the pod spec, of k8s/deployment.yaml. */
function deployment(files: { path: string; content: string }[]) {
  const value = parse(fileOf(files, 'k8s/deployment.yaml'), { version: '1.1' });
  const pod = value.spec.template.spec;
  const app = pod.containers.find((c: { name: string }) => c.name === 'app');
  const env: Record<string, string> = Object.fromEntries((app.env ?? []).map((v: { name: string; value: string }) => [v.name, v.value]));
  return { pod, env };
}

/** The README's default, "loopback and private networks", written out. */
const LOOPBACK_AND_PRIVATE = '127.0.0.1,::1,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7';

describe('--forwarded-allow-ips reaches the image and the Deployment as given', () => {
  for (const { value: process } of PROCESSES) {
    for (const trusted of ['10.42.0.0/16', '*', '10.42.0.0/16,fd00:42::/64']) {
      it(`--process ${process} --proxy --forwarded-allow-ips ${trusted}`, async () => {
        const files = await rendered(['--process', process, '--proxy', '--forwarded-allow-ips', trusted]);
        expect(imageEnv(fileOf(files, 'Dockerfile')).FORWARDED_ALLOW_IPS).toBe(trusted);
        expect(deployment(files).env.FORWARDED_ALLOW_IPS).toBe(trusted);
      });
    }

    it(`--process ${process} --proxy without the flag: loopback and the private networks`, async () => {
      const files = await rendered(['--process', process, '--proxy']);
      expect(imageEnv(fileOf(files, 'Dockerfile')).FORWARDED_ALLOW_IPS).toBe(LOOPBACK_AND_PRIVATE);
      expect(deployment(files).env.FORWARDED_ALLOW_IPS).toBe(LOOPBACK_AND_PRIVATE);
    });
  }
});

describe('the pod does not get the Kubernetes API token it never uses', () => {
  for (const { value: process } of PROCESSES) {
    for (const proxy of ['--proxy', '--no-proxy']) {
      it(`--process ${process} ${proxy}: automountServiceAccountToken is false`, async () => {
        const { pod } = deployment(await rendered(['--process', process, proxy]));
        expect(pod.automountServiceAccountToken).toBe(false);
      });
    }
  }
});
