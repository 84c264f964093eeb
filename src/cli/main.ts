import { homedir } from 'node:os';
import { relative, resolve } from 'node:path';
import { isatty } from 'node:tty';
import { red } from 'kolorist';
import pkg from '../../package.json' with { type: 'json' };
import { WriteError } from '../io/fs-errors.js';
import { planWrite } from '../io/plan.js';
import { inspectDirectory } from '../io/target.js';
import { loadTemplates } from '../io/templates.js';
import { writeProject } from '../io/write.js';
import { parseArgs } from '../options/parse-args.js';
import { CancelledError, type ResolveInput, askDeferred, resolveOptions } from '../options/resolve.js';
import { type Options, UsageError } from '../options/types.js';
import { buildCommand } from '../render/commands.js';
import { shellWord } from '../render/escape.js';
import { imageTag } from '../render/names.js';
import { render } from '../render/index.js';
import { helpText } from './help.js';
import { dryRunReport, nextSteps, summary } from './report.js';
import { type Ui, plainUi, terminalUi } from './ui.js';

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const defaultIo = (): Io => ({
  stdout: process.stdout,
  stderr: process.stderr,
  // isatty(0), not process.stdin.isTTY: creating process.stdin for a file or pipe loads a dozen fs stream modules.
  stdinIsTTY: isatty(0),
  env: process.env,
  cwd: process.cwd(),
});

const isCi = (env: NodeJS.ProcessEnv): boolean => Boolean(env.CI) && env.CI !== 'false' && env.CI !== '0';

const SIGNAL_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** Ask → render → write → build. Returns the exit code; never throws for a user's mistake or a failed write. */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const say = (text: string) => io.stdout.write(`${text}\n`);
  let ui: Ui = plainUi(io);
  /** Set once files are on disk: a cancel after that must not say "nothing was written". */
  let written: { target: string; options: Options } | undefined;
  try {
    const args = parseArgs(argv);
    if (args.help) return say(helpText(pkg.version)), 0;
    if (args.version) return say(pkg.version), 0;
    if (args.yes && args.interactive === true) throw new UsageError('--yes and --interactive conflict; give one of them');
    if (args.dryRun && args.given.build === true) throw new UsageError('--dry-run and --build conflict: a dry run writes nothing to build');
    if (args.dryRun) args.given.build = false;
    if (args.interactive === true && !io.stdinIsTTY) throw new UsageError('--interactive needs a terminal, and stdin is not one; leave it out to take the defaults');
    const interactive = !args.yes && (args.interactive ?? (io.stdinIsTTY && !isCi(io.env)));
    if (interactive) ui = await terminalUi();

    ui.intro();
    // A terminal shows warnings as the answers come; plain output holds them until the options are valid,
    // so that bad input still gets exactly one line.
    const warnings: string[] = [];
    const input: ResolveInput = {
      given: args.given,
      interactive,
      prompter: ui.prompter,
      env: { cwd: io.cwd, home: io.env.HOME || homedir() },
      inspectDirectory: (dir) => inspectDirectory(resolve(io.cwd, dir)),
      warn: interactive ? (text) => ui.warn(text) : (text) => warnings.push(text),
      tell: (text) => ui.info(text),
      dryRun: args.dryRun,
    };
    const options = await resolveOptions(input);
    const files = render(options, loadTemplates());
    const target = resolve(io.cwd, options.directory);
    for (const warning of warnings) ui.warn(warning);

    const shownTarget = relative(io.cwd, target) || '.';
    if (args.dryRun) {
      say(dryRunReport(planWrite(target, files, shownTarget), options.overwrite));
      return 0;
    }
    ui.summary(summary(options));
    const result = await writeProject(target, files, { shown: shownTarget });
    written = { target, options };
    ui.success(`Wrote ${files.length} files to ${shownTarget}${result.replaced.length ? ` (${result.replaced.length} replaced)` : ''}`);
    if (result.backupDir) ui.warn(`earlier versions of the replaced files that differed are in ${result.backupDir}/`);
    if (options.indexUrl?.credentials) ui.warn('the index credentials were written to no file; the build takes them as a secret (see the README)');
    if (result.interrupted) {
      io.stderr.write(`${red('interrupted')} the files were written to ${shownTarget}, and nothing else was done. To build: ${buildHint(options, io.cwd, target)}\n`);
      return SIGNAL_CODES[result.interrupted] ?? 130;
    }

    options.build = await askDeferred('build', options, input);
    if (options.build) {
      say(`\nRunning docker build -t ${imageTag(options)} ${shownTarget}\n`);
      const { runFirstBuild, BuildError } = await import('../io/docker.js');
      try {
        await runFirstBuild({ directory: target, tag: imageTag(options), index: options.indexUrl });
      } catch (error) {
        if (!(error instanceof BuildError)) throw error;
        io.stderr.write(`${red('error')} ${error.message}. Your files are in ${shownTarget}; when Docker is ready, run: ${buildHint(options, io.cwd, target)}\n`);
        return 1;
      }
    }
    ui.nextSteps(nextSteps(options, io.cwd, options.build));
    return 0;
  } catch (error) {
    if (error instanceof CancelledError) {
      if (written) {
        const where = relative(io.cwd, written.target) || '.';
        return ui.cancelledAfterWrite(`The files are written in ${where}. To build: ${buildHint(written.options, io.cwd, written.target)}`), 1;
      }
      return ui.cancelled(), 1;
    }
    if (error instanceof UsageError) return io.stderr.write(`${red('error')} ${error.message}\n`), 2;
    if (error instanceof WriteError) return io.stderr.write(`${red('error')} ${error.message}\n`), 1;
    throw error;
  }
}

/** What to run to build once the files are written: go there, build. */
function buildHint(o: Options, cwd: string, target: string): string {
  const dir = relative(cwd, target);
  return `${dir ? `cd ${shellWord(dir)} && ` : ''}${buildCommand(o)}`;
}
