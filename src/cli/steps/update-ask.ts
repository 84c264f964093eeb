/**
 * `--update` in a terminal: every question asked again, each offering the recorded answer (the answers file, then a
 * preset) as its default, and the flags given answering theirs. What the user answers becomes the flag layer of the
 * update, which then runs as it does without a terminal.
 */
import { homedir } from 'node:os';
import type { ParsedArgs } from '../../options/parse-args.js';
import { resolveOptions } from '../../options/resolve.js';
import { type Layer, layered } from '../../options/sources.js';
import type { Known, OptionId } from '../../options/types.js';
import { type Run, isCi } from '../context.js';
import { terminalUi } from '../ui.js';

/** Whether this update asks: a terminal, no --yes nor --no-interactive, and not a check or a preview. */
export const asksOnUpdate = (run: Run, args: ParsedArgs): boolean =>
  !args.yes && !args.check && !args.dryRun && (args.interactive ?? (run.io.stdinIsTTY && !isCi(run.io.env)));

/** Asks the questions, the recorded answers as defaults; returns the answers as a flag layer. */
export async function askUpdate(run: Run, args: ParsedArgs, recorded: Layer, preset: Layer, directory: string): Promise<Layer> {
  if (!run.ui.prompter) {
    run.ui = await terminalUi();
    run.ui.intro();
  }
  const earlier = layered([recorded, preset]);
  for (const id of args.cleared) {
    delete earlier.given[id];
    earlier.sources.delete(id);
  }
  const chosen = new Set<OptionId>();
  const options = await resolveOptions({
    given: { ...args.given, directory },
    defaults: earlier.given,
    sources: earlier.sources,
    chosen,
    interactive: true,
    prompter: run.ui.prompter,
    env: { cwd: run.io.cwd, home: run.io.env.HOME || homedir() },
    inspectDirectory: () => 'empty',
    warn: (text) => run.ui.warn(text),
    note: (text) => run.ui.warn(text),
    tell: (text) => run.ui.info(text),
  });
  const known: Known = {};
  for (const id of chosen) Object.assign(known, { [id]: options[id] });
  return { known };
}
