/** The create run: ask → render → write → build. */
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { red } from 'kolorist';
import { planWrite } from '../../io/plan.js';
import { inspectDirectory } from '../../io/target.js';
import { loadTemplates } from '../../io/templates.js';
import { writeProject } from '../../io/write.js';
import type { ParsedArgs } from '../../options/parse-args.js';
import { type ResolveInput, askDeferred, resolveOptions } from '../../options/resolve.js';
import type { Layered } from '../../options/sources.js';
import type { OptionId, Options } from '../../options/types.js';
import { buildCommand } from '../../render/commands.js';
import { toolOf } from '../../render/deps/index.js';
import { imageTag } from '../../render/names.js';
import { needsBuildKit } from '../../render/dockerfile/compose.js';
import { renderProject } from '../../render/index.js';
import { type Run, SIGNAL_CODES, buildHint, shownPath } from '../context.js';
import { dryRunReport, nextSteps, summary } from '../report.js';
import { lockHint, lockStep } from './lock.js';

export interface Written {
  target: string;
  options: Options;
}

/** Runs the flow; `onWritten` learns when files are on disk (a cancel after that must say so). */
export async function create(run: Run, args: ParsedArgs, { given, sources }: Layered, interactive: boolean, onWritten: (w: Written) => void): Promise<number> {
  const { io, ui, say } = run;
  ui.intro();
  // A terminal shows warnings as the answers come; plain output holds them until the options are valid,
  // so that bad input still gets exactly one line.
  const warnings: string[] = [];
  const chosen = new Set<OptionId>();
  const input: ResolveInput = {
    given,
    sources,
    chosen,
    note: interactive ? (text) => ui.warn(text) : (text) => warnings.push(text),
    interactive,
    prompter: ui.prompter,
    env: { cwd: io.cwd, home: io.env.HOME || homedir() },
    inspectDirectory: (dir) => inspectDirectory(resolve(io.cwd, dir)),
    warn: interactive ? (text) => ui.warn(text) : (text) => warnings.push(text),
    tell: (text) => ui.info(text),
    dryRun: args.dryRun,
  };
  const options = await resolveOptions(input);
  const files = renderProject(options, loadTemplates(), run.version, chosen);
  const target = resolve(io.cwd, options.directory);
  const shownTarget = shownPath(io.cwd, target);
  for (const warning of warnings) ui.warn(warning);

  if (args.dryRun) {
    say(dryRunReport(planWrite(target, files, shownTarget), options.overwrite));
    return 0;
  }
  ui.summary(summary(options));
  const result = await writeProject(target, files, { shown: shownTarget });
  onWritten({ target, options });
  ui.success(`Wrote ${files.length} files to ${shownTarget}${result.replaced.length ? ` (${result.replaced.length} replaced)` : ''}`);
  if (result.backupDir) ui.warn(`earlier versions of the replaced files that differed are in ${result.backupDir}/`);
  if (options.indexUrl?.credentials) ui.warn('the index credentials were written to no file; the build takes them as a secret (see the README)');
  if (result.interrupted) {
    io.stderr.write(`${red('interrupted')} the files were written to ${shownTarget}, and nothing else was done. To build: ${buildHint(options, io.cwd, target)}\n`);
    return SIGNAL_CODES[result.interrupted] ?? 130;
  }

  const lock = await lockStep(run, options, target);
  const toolLock = toolOf(options).lock;
  const lockFile = toolLock?.path;
  if (lock?.kind === 'failed') {
    io.stderr.write(`${red('error')} ${lockFile} was not written: ${lock.reason}. Your files are in ${shownTarget}; to lock: ${lockHint(options, shownTarget)}\n`);
    return 1;
  }
  if (lock?.kind === 'no-tool') ui.warn(`${lock.program} is not on PATH, so ${lockFile} was not written; the build needs it: ${lockHint(options, shownTarget)}`);

  options.build = await askDeferred('build', options, input);
  if (options.build && lock?.kind === 'no-tool') {
    io.stderr.write(`${red('error')} the build needs ${lockFile}, and ${lock.program} is not on PATH to make it. Install ${toolLock?.install.name} (${toolLock?.install.url}), then: ${lockHint(options, shownTarget)} && ${buildCommand(options)}\n`);
    return 1;
  }
  if (options.build) {
    say(`\nRunning docker build -t ${imageTag(options)} ${shownTarget}\n`);
    const { runFirstBuild, BuildError } = await import('../../io/docker.js');
    try {
      await runFirstBuild({ directory: target, tag: imageTag(options), index: options.indexUrl, buildKit: needsBuildKit(options) });
    } catch (error) {
      if (!(error instanceof BuildError)) throw error;
      const hint = buildHint(options, io.cwd, target);
      if (error.kind === 'interrupted') {
        io.stderr.write(`${red('interrupted')} ${error.message}. The files are in ${shownTarget}; to build: ${hint}\n`);
        return 130;
      }
      const next = { docker: 'when Docker is ready, run', requirements: 'after fixing, run', build: 'to build again' }[error.kind];
      io.stderr.write(`${red('error')} ${error.message}. Your files are in ${shownTarget}; ${next}: ${hint}\n`);
      return 1;
    }
  }
  ui.nextSteps(nextSteps(options, io.cwd, options.build, lock?.kind === 'no-tool'));
  return 0;
}
