import { basename, resolve } from 'node:path';
import { isatty } from 'node:tty';
import { red } from 'kolorist';
import pkg from '../../package.json' with { type: 'json' };
import { inspectDirectory } from '../io/target.js';
import { loadTemplates } from '../io/templates.js';
import { writeProject } from '../io/write.js';
import { parseArgs } from '../options/parse-args.js';
import { CancelledError, type ResolveInput, askDeferred, resolveOptions } from '../options/resolve.js';
import { UsageError } from '../options/types.js';
import { render } from '../render/index.js';
import { helpText } from './help.js';
import { fileTree, nextSteps, summary } from './report.js';
import { type Ui, plainUi, terminalUi } from './ui.js';

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
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

/** Ask → render → write → build. Returns the exit code; never throws for a user's mistake. */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const say = (text: string) => io.stdout.write(`${text}\n`);
  let ui: Ui = plainUi(io);
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
      env: { cwdName: basename(io.cwd) },
      inspectDirectory: (dir) => inspectDirectory(resolve(io.cwd, dir)),
      warn: interactive ? (text) => ui.warn(text) : (text) => warnings.push(text),
    };
    const options = await resolveOptions(input);
    const files = render(options, loadTemplates());
    const target = resolve(io.cwd, options.directory);
    for (const warning of warnings) ui.warn(warning);

    if (args.dryRun) {
      say(`Dry run: nothing was written. ${files.length} files would go to ${target}:\n`);
      say(fileTree(files));
      say(`\nDockerfile:\n${files.find((f) => f.path === 'Dockerfile')?.content ?? ''}`);
      return 0;
    }
    ui.summary(summary(options));
    const result = await writeProject(target, files);
    ui.success(`Wrote ${files.length} files to ${target}${result.replaced.length ? ` (${result.replaced.length} replaced)` : ''}`);
    if (result.backupDir) ui.warn(`earlier versions of the replaced files that differed are in ${result.backupDir}/`);

    options.build = Boolean(await askDeferred('build', options, input));
    if (options.build) {
      say(`\nRunning docker build -t ${options.tag} ${target}\n`);
      const { runFirstBuild, BuildError } = await import('../io/docker.js');
      try {
        await runFirstBuild(target, options.tag);
      } catch (error) {
        if (!(error instanceof BuildError)) throw error;
        io.stderr.write(
          `${red('error')} ${error.message}. Your files are in ${target}; when Docker is ready, run: cd ${target} && docker build -t ${options.tag} .\n`,
        );
        return 1;
      }
    }
    ui.nextSteps(nextSteps(options, io.cwd, options.build));
    return 0;
  } catch (error) {
    if (error instanceof CancelledError) return ui.cancelled(), 1;
    if (error instanceof UsageError) return io.stderr.write(`${red('error')} ${error.message}\n`), 2;
    throw error;
  }
}
