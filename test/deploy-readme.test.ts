// The generated README's deployment sections, sentence by sentence, for each set of deployment files.
import { describe, expect, it } from 'vitest';
import { composeSection, kubernetesSection, memoryText, restartText } from '../src/render/deploy/readme.js';
import { optionsFromFlags } from './helpers/combos.js';

const options = (flags: string[]) => optionsFromFlags(['svc', ...flags]);
const headings = (text: string) => text.split('\n').filter((line) => line.startsWith('#'));

describe('the README deployment sections', () => {
  it('has a Compose section only with compose.yaml, a Kubernetes one only with k8s/', async () => {
    expect(composeSection(await options(['--no-compose']))).toBe('');
    expect(kubernetesSection(await options(['--no-kubernetes']))).toBe('');
    expect(headings(composeSection(await options([])))[0]).toBe('## Run it with Compose');
    expect(kubernetesSection(await options(['--kubernetes']))).toMatch(/^## /);
  });

  it('opens the app where Compose publishes it: Caddy with a proxy, else the port on the host', async () => {
    expect(composeSection(await options([]))).toContain('\nThen open http://127.0.0.1/items/5?q=somequery.\n');
    expect(composeSection(await options(['--port', '8000']))).toContain('\nThen open http://127.0.0.1:8000/items/5?q=somequery.\n');
    expect(composeSection(await options(['--proxy', '--port', '8000']))).toContain('\nThen open https://localhost/items/5?q=somequery.\n');
  });

  it("says how a local name gets its certificate, and what a public name needs", async () => {
    const local = composeSection(await options(['--proxy']));
    expect(local).toContain("For `localhost` it issues the certificate from its own local CA.");
    expect(local).not.toContain('point its DNS');
    const named = composeSection(await options(['--proxy', '--domain', 'api.example.com']));
    expect(named).toContain('For a public name, point its DNS at this machine and open ports 80 and 443');
    expect(named).not.toContain('local CA');
  });

  it('explains the port on Kubernetes: a sysctl below 1024, nothing from 1024 on', async () => {
    expect(kubernetesSection(await options(['--kubernetes']))).toContain('- **Port 80.** A non-root user cannot bind a port below 1024, so the pod sets the safe sysctl `net.ipv4.ip_unprivileged_port_start=80`');
    for (const port of ['1024', '8000']) {
      expect(kubernetesSection(await options(['--kubernetes', '--port', port]))).toContain(`- **Port ${port}.** Unprivileged, so the non-root user binds it with no sysctl.`);
    }
  });

  it('names the files that set the limits, and the restart policy only with compose.yaml', async () => {
    const gunicorn = ['--process', 'gunicorn'];
    expect(memoryText(await options([...gunicorn, '--compose', '--kubernetes']))).toMatch(/^ `compose\.yaml` sets 1 CPU and 384 MiB: .*; `k8s\/deployment\.yaml` sets 2 CPUs and 384 MiB: .* The worker count follows the CPU limit/);
    expect(memoryText(await options([...gunicorn, '--compose', '--no-kubernetes']))).toMatch(/^ `compose\.yaml` sets 1 CPU and 384 MiB: 2 workers.* at most 1 CPU, which every machine has/);
    expect(memoryText(await options([...gunicorn, '--no-compose', '--kubernetes']))).toMatch(/^ `k8s\/deployment\.yaml` sets 2 CPUs/);
    expect(memoryText(await options(['--no-compose', '--kubernetes']))).not.toContain('worker count');
    expect(memoryText(await options(['--no-compose', '--no-kubernetes']))).toBe('');
    expect(restartText(await options(['--no-compose']))).toBe('');
    expect(restartText(await options([]))).toMatch(/^ `compose\.yaml` sets the same restart policy, and a `stop_grace_period` of \d+ s/);
  });
});
