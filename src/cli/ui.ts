import { green, red } from 'kolorist';
import type { Prompter } from '../options/resolve.js';
import { warnLine } from './report.js';

/** How a run talks to the user: framed prompts in a terminal, plain lines otherwise. */
export interface Ui {
  prompter: Prompter | undefined;
  intro(): void;
  warn(text: string): void;
  /** Something decided for the user, said in passing. */
  info(text: string): void;
  success(text: string): void;
  summary(body: string): void;
  nextSteps(body: string): void;
  cancelled(): void;
  /** Cancelled after the files were written: say where they are and what to run. */
  cancelledAfterWrite(text: string): void;
}

export interface Streams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export const plainUi = ({ stdout, stderr }: Streams): Ui => ({
  prompter: undefined,
  intro: () => undefined,
  warn: (text) => stderr.write(`${warnLine(text.replace(/\n/g, ' '))}\n`),
  info: () => undefined,
  success: (text) => stdout.write(`${green(text)}\n`),
  summary: () => undefined,
  nextSteps: (body) => stdout.write(`\nNext steps:\n${body.replace(/^(?=.)/gm, '  ')}\n`),
  cancelled: () => stderr.write(`${red('Operation cancelled; nothing was written.')}\n`),
  cancelledAfterWrite: (text) => stderr.write(`${red('Cancelled.')} ${text}\n`),
});

/** The terminal UI, loaded only when a run is interactive, so that flag-driven runs never import @clack/prompts. */
export const terminalUi = async (): Promise<Ui> => (await import('./clack-ui.js')).clackUi;
