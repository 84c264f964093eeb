/**
 * The lock step: a dependency tool that locks outside the build (uv) gets its lock file written by its own command,
 * in the project's directory, right after the files. Credentials of the index go to the command in its environment
 * (UV_INDEX_<NAME>_USERNAME/_PASSWORD), never into a file. Loaded lazily: only runs that lock load it.
 */
import { spawn } from 'node:child_process';
import type { IndexUrl } from '../options/types.js';
import type { LockFile } from '../render/deps/tool.js';

export type LockResult =
  | { kind: 'locked' }
  /** The tool is not on PATH: nothing was run. */
  | { kind: 'no-tool'; program: string }
  /** It ran and failed: its own words (uv's `error:` and `hint:` lines), or how it ended. */
  | { kind: 'failed'; reason: string };

export interface LockRequest {
  directory: string;
  lock: LockFile;
  index: IndexUrl | undefined;
  /** The run's environment; `CFD_UV` (tests) names the program in place of the command's first word. */
  env: NodeJS.ProcessEnv;
}

/** uv's own diagnosis: its `error:` line and what follows it (the `hint:`), one line each. */
function diagnosis(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const at = lines.findIndex((l) => l.startsWith('error'));
  const picked = at >= 0 ? lines.slice(at) : lines.slice(-2);
  return picked.join(' ').slice(0, 600);
}

export function runLock({ directory, lock, index, env }: LockRequest): Promise<LockResult> {
  const [first, ...args] = lock.command;
  const program = env.CFD_UV || (first as string);
  const childEnv: NodeJS.ProcessEnv = { ...env };
  if (index?.credentials) {
    childEnv[lock.credentialsEnv.username] = index.credentials.username;
    childEnv[lock.credentialsEnv.password] = index.credentials.password;
  }
  return new Promise((resolve) => {
    const child = spawn(program, args, { cwd: directory, env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (data: Buffer) => (stderr += data));
    child.on('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'ENOENT' ? { kind: 'no-tool', program } : { kind: 'failed', reason: `${program} could not start (${error.code ?? error.message})` }),
    );
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ kind: 'locked' });
      else resolve({ kind: 'failed', reason: diagnosis(stderr) || (signal ? `ended by ${signal}` : `exit code ${code}`) });
    });
  });
}
