import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';

export const BIN = resolve(import.meta.dirname, '../../bin/create-fastapi-docker.js');

export { tempDir } from './temp-dirs.js';

/** Runs the built bin as a user would, without a terminal (stdin is not a TTY). */
export async function runCli(args: string[], options: { cwd: string; env?: Record<string, string>; user?: string }) {
  // No test reaches a real uv by accident (it would lock against the network): a test that wants one names it in CFD_UV.
  const env = { CFD_UV: '/nonexistent/cfd-test-uv', ...options.env, FORCE_COLOR: '0', NO_COLOR: '1' };
  const command = options.user ? ['setpriv', '--reuid', options.user, '--regid', options.user, '--clear-groups', process.execPath, BIN] : [process.execPath, BIN];
  const result = await execa(command[0] as string, [...command.slice(1), ...args], {
    cwd: options.cwd,
    env,
    reject: false,
    stdin: 'ignore',
    timeout: 20_000,
  });
  return { code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr), timedOut: result.timedOut };
}

/** Every file below a directory, as sorted relative paths. */
export function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}
