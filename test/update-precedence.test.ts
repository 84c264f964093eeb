/**
 * `--update --preset P --flags`: every value has one winner, the flag over the preset, the preset over the answers
 * file, and the answers file over the defaults. Each case starts from its own freshly generated project and reads
 * what the update wrote (the Dockerfile's EXPOSE, requirements.txt), in-process so mutation testing sees it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { tempDir } from './helpers/run-cli.js';

async function cli(argv: string[], cwd: string): Promise<{ code: number; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stderr = '';
  out.resume();
  err.on('data', (d) => (stderr += d));
  const code = await main(argv, { stdout: out, stderr: err, stdinIsTTY: false, env: { CI: '1', NO_COLOR: '1' }, cwd });
  return { code, stderr };
}

/** A project made with --port 8000 and a uvicorn pin, and a preset that sets both differently. */
async function project(): Promise<{ dir: string; preset: string }> {
  const cwd = tempDir('cfd-precedence-');
  const created = await cli(['svc', '--process', 'gunicorn', '--port', '8000', '--pin', 'uvicorn>=0.40,<0.41'], cwd);
  expect(created, created.stderr).toMatchObject({ code: 0 });
  const preset = join(cwd, 'team.yml');
  writeFileSync(preset, 'port: 9000\npin:\n  - uvicorn>=0.50,<0.51\n');
  return { dir: join(cwd, 'svc'), preset };
}

/** What the project says now: the port the Dockerfile exposes, the uvicorn line, and whether Gunicorn is still there. */
function state(dir: string) {
  const expose = DockerfileParser.parse(readFileSync(join(dir, 'Dockerfile'), 'utf8'))
    .getInstructions()
    .filter((i) => i.getKeyword() === 'EXPOSE')
    .map((i) => i.getArgumentsContent());
  const requirements = readFileSync(join(dir, 'requirements.txt'), 'utf8').split('\n');
  return {
    expose,
    uvicorn: requirements.find((l) => l.startsWith('uvicorn[') || l.startsWith('uvicorn>')),
    gunicorn: requirements.some((l) => l.startsWith('gunicorn>')),
  };
}

async function update(extra: string[]) {
  const { dir, preset } = await project();
  const r = await cli(['.', '--update', ...extra.map((a) => (a === 'PRESET' ? preset : a))], dir);
  expect(r, r.stderr).toMatchObject({ code: 0 });
  return state(dir);
}

describe('--update layers its sources: flags over the preset over the answers file', () => {
  it('as generated: the recorded answers', async () => {
    const { dir } = await project();
    expect(state(dir)).toEqual({ expose: ['8000'], uvicorn: 'uvicorn[standard]>=0.40,<0.41', gunicorn: true });
  });

  it('--update alone keeps every recorded answer', async () => {
    expect(await update([])).toEqual({ expose: ['8000'], uvicorn: 'uvicorn[standard]>=0.40,<0.41', gunicorn: true });
  });

  it('--update --preset P: the preset wins over the answers file, which still gives what the preset does not set', async () => {
    expect(await update(['--preset', 'PRESET'])).toEqual({ expose: ['9000'], uvicorn: 'uvicorn[standard]>=0.50,<0.51', gunicorn: true });
  });

  it('--update --preset P --port N --pin: the flags win over the preset', async () => {
    expect(await update(['--preset', 'PRESET', '--port', '7000', '--pin', 'uvicorn>=0.60,<0.61'])).toEqual({
      expose: ['7000'],
      uvicorn: 'uvicorn[standard]>=0.60,<0.61',
      gunicorn: true,
    });
  });

  it('--update --port N (no preset): the flag wins over the answers file', async () => {
    expect(await update(['--port', '7000'])).toEqual({ expose: ['7000'], uvicorn: 'uvicorn[standard]>=0.40,<0.41', gunicorn: true });
  });
});
