import { basename, resolve } from 'node:path';
import * as p from '@clack/prompts';
import { bold, green, red } from 'kolorist';
import pkg from '../../package.json' with { type: 'json' };
import { inspectDirectory } from '../io/target.js';
import { loadTemplates } from '../io/templates.js';
import { writeProject } from '../io/write.js';
import { parseArgs } from '../options/parse-args.js';
import { CancelledError, type ResolveInput, askDeferred, resolveOptions } from '../options/resolve.js';
import { UsageError } from '../options/types.js';
import { render } from '../render/index.js';
import { helpText } from './help.js';
import { clackPrompter } from './prompter.js';
import { DEPRECATION_WARNING, fileTree, nextSteps, summary, warnLine } from './report.js';

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
  stdinIsTTY: Boolean(process.stdin.isTTY),
  env: process.env,
  cwd: process.cwd(),
});

/** Ask → render → write → build. Returns the exit code; never throws for a user's mistake. */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const say = (text: string) => io.stdout.write(`${text}\n`);
  let interactive = false;
  try {
    const args = parseArgs(argv);
    if (args.help) return say(helpText(pkg.version)), 0;
    if (args.version) return say(pkg.version), 0;
    if (args.yes && args.interactive === true) throw new UsageError('--yes and --interactive conflict; give one of them');
    if (args.dryRun && args.given.build === true) throw new UsageError('--dry-run and --build conflict: a dry run writes nothing to build');
    if (args.dryRun) args.given.build = false;
    const ci = Boolean(io.env.CI) && io.env.CI !== 'false' && io.env.CI !== '0';
    interactive = !args.yes && (args.interactive ?? (io.stdinIsTTY && !ci));

    if (interactive) p.intro(bold(' create-fastapi-docker '));
    const input: ResolveInput = {
      given: args.given,
      interactive,
      prompter: interactive ? clackPrompter : undefined,
      env: { cwdName: basename(io.cwd) },
      inspectDirectory: (dir) => inspectDirectory(resolve(io.cwd, dir)),
    };
    const options = await resolveOptions(input);
    const files = render(options, loadTemplates());
    const target = resolve(io.cwd, options.directory);
    const warn = (text: string) => (interactive ? p.log.warn(text) : io.stderr.write(`${warnLine(text)}\n`));
    if (options.process === 'official-image') warn(DEPRECATION_WARNING);

    if (args.dryRun) {
      say(`Dry run: nothing was written. ${files.length} files would go to ${target}:\n`);
      say(fileTree(files));
      say(`\nDockerfile:\n${files.find((f) => f.path === 'Dockerfile')?.content ?? ''}`);
      return 0;
    }
    if (interactive) p.note(summary(options), 'Your service');

    const result = await writeProject(target, files);
    const wrote = `Wrote ${files.length} files to ${target}` + (result.replaced.length ? ` (${result.replaced.length} replaced)` : '');
    if (interactive) p.log.success(wrote);
    else say(green(wrote));
    if (result.backupDir) warn(`earlier versions of the replaced files that differed are in ${result.backupDir}/`);

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
    const steps = nextSteps(options, io.cwd, options.build);
    if (interactive) {
      p.note(steps, 'Next steps');
      p.outro('Happy shipping!');
    } else {
      say(`\nNext steps:\n${steps.replace(/^(?=.)/gm, '  ')}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof CancelledError) {
      if (interactive) p.cancel('Operation cancelled; nothing was written.');
      else io.stderr.write('Operation cancelled; nothing was written.\n');
      return 1;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`${red('error')} ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
