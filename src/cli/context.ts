/** What every step of a run shares: the streams, the environment, and how paths and commands are shown. */
import { relative } from 'node:path';
import type { Options } from '../options/types.js';
import { buildCommand } from '../render/commands.js';
import { shellWord } from '../render/escape.js';
import type { Ui } from './ui.js';

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface Run {
  io: Io;
  ui: Ui;
  version: string;
  say: (text: string) => void;
}

/** A path as the user would type it from where they are ('.' for here). */
export const shownPath = (cwd: string, target: string): string => relative(cwd, target) || '.';

/** What to run to build once the files are written: go there, build. */
export function buildHint(o: Options, cwd: string, target: string): string {
  const dir = relative(cwd, target);
  return `${dir ? `cd ${shellWord(dir)} && ` : ''}${buildCommand(o)}`;
}

export const isCi = (env: NodeJS.ProcessEnv): boolean => Boolean(env.CI) && env.CI !== 'false' && env.CI !== '0';

export const SIGNAL_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
