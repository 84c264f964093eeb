/** Names derived from the options, and the docker commands built from them. */
import { describe, expect, it } from 'vitest';
import { buildCommand, runCommand } from '../src/render/commands.js';
import { containerName, imageTag, localUrl, projectName } from '../src/render/names.js';
import { optionsFromFlags } from './helpers/combos.js';

describe('names', () => {
  it('names the container after the image, giving a one-letter name a suffix', async () => {
    expect(containerName(await optionsFromFlags(['--tag', 'reg.example.com/team/a:1']))).toBe('a-app');
    expect(containerName(await optionsFromFlags(['--tag', 'ab']))).toBe('ab');
    expect(containerName(await optionsFromFlags(['--tag', 'team/svc:2']))).toBe('svc');
  });

  it('takes the project name from the image name, PEP 503-normalized', async () => {
    const o = await optionsFromFlags(['--tag', 'reg.example.com/team/my_svc.api:1']);
    expect(projectName(o)).toBe('my-svc-api');
    expect(imageTag(o)).toBe('reg.example.com/team/my_svc.api:1');
  });

  it('leaves the default port out of the local URL', async () => {
    expect(localUrl(await optionsFromFlags([]))).toBe('http://127.0.0.1');
    expect(localUrl(await optionsFromFlags(['--port', '8000']))).toBe('http://127.0.0.1:8000');
  });
});

describe('commands', () => {
  it('builds with the netrc secret only when there is an index', async () => {
    expect(buildCommand(await optionsFromFlags(['--tag', 'team/svc:1']))).toBe('docker build -t team/svc:1 .');
    expect(buildCommand(await optionsFromFlags(['--index-url', 'https://u:p@pypi.example.com/simple']))).toBe(
      'docker build --secret id=netrc,src=$HOME/.netrc -t fastapi-app .',
    );
  });

  it('runs detached, named, restarted and published on the port', async () => {
    expect(runCommand(await optionsFromFlags(['--tag', 'x', '--port', '8000']))).toBe(
      'docker run -d --name x-app --restart unless-stopped -p 8000:8000 x',
    );
  });
});
