import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeProject } from '../src/io/write.js';
import { UsageError } from '../src/options/types.js';
import { listFiles, tempDir } from './helpers/run-cli.js';

const files = [
  { path: 'Dockerfile', content: 'FROM python:3.14-slim\n' },
  { path: 'app/main.py', content: 'app = None\n' },
  { path: 'docker-entrypoint.sh', content: '#!/bin/sh\nexec "$@"\n', mode: 0o755 },
];

describe('staged writes', () => {
  it('a new directory appears whole, and nothing else is left in its parent', async () => {
    const parent = tempDir();
    const result = await writeProject(join(parent, 'svc'), files);
    expect(result.created).toEqual(['Dockerfile', 'app/main.py', 'docker-entrypoint.sh']);
    expect(readdirSync(parent)).toEqual(['svc']);
    expect(listFiles(join(parent, 'svc'))).toEqual(['Dockerfile', 'app/main.py', 'docker-entrypoint.sh']);
  });

  it('a failure while staging leaves the target untouched and removes the staging directory', async () => {
    const parent = tempDir();
    const target = join(parent, 'svc');
    mkdirSync(target);
    writeFileSync(join(target, 'Dockerfile'), 'mine\n');
    const broken = [...files, { path: 'bad\0name', content: 'x' }];
    await expect(writeProject(target, broken)).rejects.toBeInstanceOf(UsageError);
    expect(readdirSync(parent)).toEqual(['svc']);
    expect(listFiles(target)).toEqual(['Dockerfile']);
    expect(readFileSync(join(target, 'Dockerfile'), 'utf8')).toBe('mine\n');
  });

  it('refuses when a directory stands where a generated file goes, before writing anything', async () => {
    const parent = tempDir();
    mkdirSync(join(parent, 'svc', 'Dockerfile'), { recursive: true });
    await expect(writeProject(join(parent, 'svc'), files)).rejects.toThrow(/cannot write Dockerfile in .*: a directory of that name is in the way/);
    expect(readdirSync(parent)).toEqual(['svc']);
    expect(existsSync(join(parent, 'svc', 'app'))).toBe(false);
  });

  it('identical files are replaced without a backup', async () => {
    const parent = tempDir();
    const target = join(parent, 'svc');
    await writeProject(target, files);
    const again = await writeProject(target, files);
    expect(again.replaced).toHaveLength(3);
    expect(again.backupDir).toBeUndefined();
  });
});
