import { describe, expect, it } from 'vitest';
import { CANCEL, fakePrompter } from './helpers/fake-prompter.js';
import { plain, resolveWith, usageError } from './helpers/resolve.js';

const PROCESS_Q = 'How many server processes run in each container?';
const PYTHON_Q = 'Which Python version?';

describe('interactive resolution: asks what the flags left open', () => {
  it('asks every applicable question in order and skips what a flag answered', async () => {
    const fake = fakePrompter([
      ['Where', 'api'],
      ['How is the code', 'bigger'],
      ['How many server', 'workers'],
      ['How many worker', '3'],
      ['Will it run behind', true],
      ['Which proxy', '10.0.0.0/8'],
      ['Which Python', '3.13'],
      ['Which port', '8080'],
      ['Deployment files', ['compose', 'kubernetes']],
      ['Which public host name', 'api.example.com'],
      ['Customize advanced', true],
      ['Image tag', 'team/api:dev'],
      ['Requirement pins', 'fastapi>=0.115,<0.116 httpx >= 0.27'],
    ]);
    const o = await resolveWith(['--deps', 'poetry'], { prompter: fake });
    expect(fake.asked.map((q) => q.split(/[?(]/)[0])).toEqual([
      'Where should the service be created',
      'How is the code laid out',
      'How many server processes run in each container',
      'How many worker processes',
      'Will it run behind a TLS-terminating proxy ',
      'Which proxy addresses are trusted',
      'Which Python version',
      'Which port does the server listen on inside the container',
      'Deployment files',
      'Which public host name does HTTPS serve',
      'Customize advanced settings ',
      'Base image ',
      'Image tag',
      'Requirement pins, separated by spaces ',
      'Package index URL ',
    ]);
    expect(plain(o)).toMatchObject({
      directory: 'api', layout: 'bigger', deps: 'poetry', process: 'workers', workers: 3, proxy: true,
      forwardedAllowIps: '10.0.0.0/8', python: '3.13', port: 8080, domain: 'api.example.com', compose: true, kubernetes: true, tag: 'team/api:dev',
      pins: ['fastapi>=0.115,<0.116', 'httpx>=0.27'], baseImage: undefined, indexUrl: undefined, build: false,
    });
  });

  it('asks the deployment files in one multi-select: compose checked, k8s/ not; a flag takes its entry out', async () => {
    const fake = fakePrompter([['Deployment files', []]]);
    const none = await resolveWith(['--proxy'], { prompter: fake });
    expect(fake.offered['Deployment files?']).toEqual({ compose: '', kubernetes: '' });
    expect(fake.initials['Deployment files?']).toBe('compose');
    expect([none.compose, none.kubernetes, none.domain]).toEqual([false, false, undefined]);
    expect(fake.asked.some((q) => q.startsWith('Which public host name'))).toBe(false);

    const k8s = fakePrompter([['Deployment files', ['kubernetes']]]);
    const o = await resolveWith(['--no-compose', '--proxy'], { prompter: k8s });
    expect(k8s.offered['Deployment files?']).toEqual({ kubernetes: '' });
    expect(k8s.initials['Deployment files?']).toBe('');
    expect([o.compose, o.kubernetes, o.domain]).toEqual([false, true, 'localhost']);

    const flags = fakePrompter([]);
    await resolveWith(['--compose', '--kubernetes'], { prompter: flags });
    expect(flags.asked.some((q) => q.startsWith('Deployment files'))).toBe(false);
  });

  it('shows each deployment file with its hint, asks once, and reads the answer per file', async () => {
    const fake = fakePrompter([['Deployment files', ['kubernetes']]]);
    const o = await resolveWith(['--no-proxy'], { prompter: fake });
    expect(fake.entries['Deployment files?']).toEqual([
      'compose.yaml: one host: restart, limits, prestart, compose watch; Caddy for HTTPS with a proxy',
      'k8s/: a cluster: kustomization, Deployment, Service, and an Ingress with a proxy',
    ]);
    expect(fake.asked.filter((q) => q === 'Deployment files?')).toHaveLength(1);
    expect([o.compose, o.kubernetes, o.domain]).toEqual([false, true, undefined]);
    expect(fake.asked.indexOf('Deployment files?')).toBe(fake.asked.findIndex((q) => q.startsWith('Which port')) + 1);
  });

  it('shows each default at the prompt as its flag would take it: numbers as digits, image references as text', async () => {
    const fake = fakePrompter([['Customize advanced', true]]);
    await resolveWith(['api'], { prompter: fake });
    expect(fake.initials['Which port does the server listen on inside the container?']).toBe('80');
    expect(fake.initials['Image tag']).toBe('api');
    expect(fake.initials['Base image (blank for the default)']).toBe('');
  });

  it('a choice that only one answer fits is settled and said, with its label', async () => {
    const told: string[] = [];
    const fake = fakePrompter([]);
    const o = await resolveWith(['--base-image', 'python:3.12-slim'], { prompter: fake, told });
    expect(fake.asked).not.toContain(PYTHON_Q);
    expect(o.python).toBe('3.12');
    expect(told).toContain('Which Python version? Python 3.12: the only answer that fits the flags given');
  });

  it('skips the follow-ups that do not apply, and the advanced ones unless wanted', async () => {
    const fake = fakePrompter([['How many server', 'single']]);
    const o = await resolveWith([], { prompter: fake });
    expect(fake.asked.some((q) => q.startsWith('How many worker'))).toBe(false);
    expect(fake.asked.some((q) => q.startsWith('Which proxy'))).toBe(false);
    expect(fake.asked.some((q) => q.startsWith('Image tag'))).toBe(false);
    expect(o.tag.ref).toBe('fastapi-app');
  });

  it('with --workers given, offers only the process models that take a worker count, and defaults to one', async () => {
    const fake = fakePrompter([]);
    const o = await resolveWith(['--workers', '4'], { prompter: fake });
    const offered = fake.offered[PROCESS_Q] ?? {};
    expect(offered.workers).toBe('');
    expect(offered.gunicorn).toBe('');
    expect(offered.single).toMatch(/--workers applies only with --process workers or --process gunicorn/);
    expect(offered['official-image']).toMatch(/--workers applies only/);
    expect(fake.initials[PROCESS_Q]).toBe('workers');
    expect(o).toMatchObject({ process: 'workers', workers: 4 });
  });

  it('with --python 3.14 given, the deprecated image is offered disabled, with the reason', async () => {
    const fake = fakePrompter([]);
    await resolveWith(['--python', '3.14'], { prompter: fake });
    expect(fake.offered[PROCESS_Q]?.['official-image']).toMatch(/^--python 3\.14 is not one of 3\.10 or 3\.11, the Pythons of --process official-image/);
    const chosen = fakePrompter([[PROCESS_Q, 'official-image']]);
    await expect(resolveWith(['--python', '3.14'], { prompter: chosen })).rejects.toThrow(/disabled/);
  });

  it('once the deprecated image is chosen, offers only its Python versions, defaulting to 3.11', async () => {
    const fake = fakePrompter([[PROCESS_Q, 'official-image']]);
    const o = await resolveWith([], { prompter: fake });
    const open = Object.entries(fake.offered[PYTHON_Q] ?? {}).filter(([, why]) => !why).map(([v]) => v);
    expect(open).toEqual(['3.10', '3.11']);
    expect(fake.initials[PYTHON_Q]).toBe('3.11');
    expect(o.python).toBe('3.11');
  });

  it('the deprecation warning is on the choice itself, and said again once it is taken', async () => {
    const warned: string[] = [];
    const fake = fakePrompter([[PROCESS_Q, 'official-image']]);
    await resolveWith([], { prompter: fake, warned });
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(/^tiangolo\/uvicorn-gunicorn-fastapi is deprecated/);
    const { PROCESSES } = await import('../src/options/choices.js');
    expect(PROCESSES.find((c) => c.value === 'official-image')?.hint).toMatch(/^deprecated: .*choose Gunicorn/);
  });

  it('a boolean that only one answer fits is settled and said, not asked', async () => {
    const told: string[] = [];
    const fake = fakePrompter([]);
    const o = await resolveWith(['--forwarded-allow-ips', '10.0.0.0/8'], { prompter: fake, told });
    expect(fake.asked.some((q) => q.startsWith('Will it run behind'))).toBe(false);
    expect(o.proxy).toBe(true);
    expect(told.join('\n')).toMatch(/Will it run behind .* yes: the only answer that fits the flags given/);
  });

  it('refuses contradicting flags before asking anything', async () => {
    const fake = fakePrompter([]);
    await usageError(['--process', 'single', '--workers', '4'], /^--workers applies only with/, { prompter: fake });
    expect(fake.asked).toEqual([]);
  });

  it('expands ~ typed at the directory prompt, as a shell would for a flag', async () => {
    const fake = fakePrompter([['Where', '~/svc']]);
    expect((await resolveWith([], { prompter: fake })).directory).toBe('/home/user/svc');
  });

  it('refuses, at the prompt, a base image whose Python disagrees with the one chosen', async () => {
    const fake = fakePrompter([[PYTHON_Q, '3.14'], ['Customize advanced', true], ['Base image', 'python:3.12-slim']]);
    await expect(resolveWith([], { prompter: fake })).rejects.toThrow(/the prompt would refuse "python:3\.12-slim": --python 3\.14 disagrees/);
  });

  it('asks before touching a non-empty directory, and a no cancels', async () => {
    const yes = fakePrompter([['"x" is not empty', true]]);
    expect((await resolveWith(['x'], { prompter: yes, dir: 'non-empty' })).overwrite).toBe(true);
    const no = fakePrompter([['"x" is not empty', false]]);
    await expect(resolveWith(['x'], { prompter: no, dir: 'non-empty' })).rejects.toThrow(/left as it is/);
  });

  it('stops at a cancelled question', async () => {
    const fake = fakePrompter([['Which tool', CANCEL]]);
    await expect(resolveWith([], { prompter: fake })).rejects.toMatchObject({ name: 'CancelledError' });
    expect(fake.asked.at(-1)).toMatch(/^Which tool/);
  });
});
