import { resolve } from 'node:path';
import { isatty } from 'node:tty';
import { red } from 'kolorist';
import pkg from '../../package.json' with { type: 'json' };
import { WriteError } from '../io/fs-errors.js';
import { parseArgs } from '../options/parse-args.js';
import { type Layer, layered } from '../options/sources.js';
import { CancelledError, UpdateInstead } from '../options/resolve.js';
import { UsageError } from '../options/types.js';
import { type Io, type Run, buildHint, isCi, shownPath } from './context.js';
import { helpText } from './help.js';
import { type Written, create } from './steps/create.js';
import { plainUi, terminalUi } from './ui.js';

export type { Io } from './context.js';

const defaultIo = (): Io => ({
  stdout: process.stdout,
  stderr: process.stderr,
  // isatty(0), not process.stdin.isTTY: creating process.stdin for a file or pipe loads a dozen fs stream modules.
  stdinIsTTY: isatty(0),
  env: process.env,
  cwd: process.cwd(),
});

/** Reads the arguments and runs a step: create (ask → render → write → build) or update. Returns the exit code. */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const run: Run = { io, ui: plainUi(io), version: pkg.version, say: (text) => io.stdout.write(`${text}\n`) };
  /** Set once files are on disk: a cancel after that must not say "nothing was written". */
  let written: Written | undefined;
  try {
    const args = parseArgs(argv);
    if (args.help) return run.say(helpText(pkg.version)), 0;
    if (args.version) return run.say(pkg.version), 0;
    if (args.yes && args.interactive === true) throw new UsageError('--yes and --interactive conflict; give one of them');
    if (args.dryRun && args.given.build === true) throw new UsageError('--dry-run and --build conflict: a dry run writes nothing to build');
    if (args.dryRun) args.given.build = false;
    if (args.check && !args.update) throw new UsageError('--check applies only with --update: it tells whether an update would change the project');
    if (args.interactive === true && !io.stdinIsTTY) throw new UsageError('--interactive needs a terminal, and stdin is not one; leave it out to take the defaults');
    // Presets and updates read YAML and merge files: their code loads only when they are asked for.
    const preset = args.preset === undefined ? {} : (await import('../io/preset-file.js')).readPresetFile(args.preset, resolve(io.cwd, args.preset));
    const presetLayer: Layer = { known: preset, source: `--preset ${args.preset}` };
    const flagLayer: Layer = { known: args.given, cleared: args.cleared };
    if (args.update) return await (await import('./steps/update.js')).update(run, args, presetLayer);
    const given = layered([presetLayer, flagLayer]);
    const interactive = !args.yes && (args.interactive ?? (io.stdinIsTTY && !isCi(io.env)));
    if (interactive) run.ui = await terminalUi();
    try {
      return await create(run, args, given, interactive, (w) => (written = w));
    } catch (error) {
      // Asked in a generated project, the user chose --update.
      if (!(error instanceof UpdateInstead)) throw error;
      return await (await import('./steps/update.js')).update(run, { ...args, given: { ...args.given, directory: error.directory } }, presetLayer);
    }
  } catch (error) {
    if (error instanceof CancelledError) {
      // Ctrl-C at a prompt ends the run as SIGINT would: 130.
      const code = error.interrupted ? 130 : 1;
      if (written) {
        const hint = `The files are written in ${shownPath(io.cwd, written.target)}. To build: ${buildHint(written.options, io.cwd, written.target)}`;
        return run.ui.cancelledAfterWrite(hint), code;
      }
      return run.ui.cancelled(), code;
    }
    if (error instanceof UsageError) return io.stderr.write(`${red('error')} ${error.message}\n`), 2;
    if (error instanceof WriteError) return io.stderr.write(`${red('error')} ${error.message}\n`), 1;
    throw error;
  }
}
