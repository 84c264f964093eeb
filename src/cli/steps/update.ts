/**
 * --update: render the project again from its answers file (plus a preset and flags), then merge, file by file,
 * old render → the user's file → new render (render/merge.ts), and write the result as one transaction, every
 * changed file backed up. Conflicts get git's markers, are listed, and make the exit code 1. Works offline and gives
 * the same result on any machine at any time (the backup directory is named after the answers file's content).
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bold, red, yellow } from 'kolorist';
import { readAnswers } from '../../io/answers.js';
import { readProjectFiles } from '../../io/project-files.js';
import { loadTemplates } from '../../io/templates.js';
import { recoverInterrupted, writeProject } from '../../io/write.js';
import type { ParsedArgs } from '../../options/parse-args.js';
import { isDefault, layerGiven } from '../../options/preset.js';
import { type Layer, layered } from '../../options/sources.js';
import { resolveOptions } from '../../options/resolve.js';
import { DEFAULT_DEPS } from '../../options/choices.js';
import type { OptionId } from '../../options/types.js';
import { UsageError } from '../../options/types.js';
import { ANSWERS_FILE, BASE_FILE } from '../../render/answers.js';
import { DEPENDENCY_TOOLS } from '../../render/deps/index.js';
import { lineEndingOf, toLf, withLineEnding } from '../../render/line-endings.js';
import { staleLock } from '../../render/lock-files.js';
import { unifiedDiff } from '../../render/diff.js';
import { render, renderProject } from '../../render/index.js';
import { type Outcome, hasConflictMarkers, planUpdate } from '../../render/merge.js';
import { requirementEdits } from '../../render/requirement-edits.js';
import { type Run, shownPath } from '../context.js';
import { lockHint, lockStep } from './lock.js';
import { askUpdate, asksOnUpdate } from './update-ask.js';

export async function update(run: Run, args: ParsedArgs, preset: Layer): Promise<number> {
  const { io, say } = run;
  const directory = args.given.directory ?? '.';
  const target = resolve(io.cwd, directory);
  const shownDir = shownPath(io.cwd, target);
  if (!args.dryRun) recoverInterrupted(target, shownDir);
  const { answers, given: recorded, text, where } = readAnswers(target, shownDir, run.version);
  const base = new Map(Object.entries(answers.files).map(([path, file]) => [path, file.content]));
  const fromAnswers = `the answers file ${where}`;
  const answersLayer: Layer = { known: recorded, source: fromAnswers };
  // In a terminal, the questions again, the recorded answers as defaults: the answers then stand as flags.
  const flags: Layer = asksOnUpdate(run, args) ? { ...(await askUpdate(run, args, answersLayer, preset, directory)), cleared: args.cleared } : { known: args.given, cleared: args.cleared };
  const { given, sources } = layered([answersLayer, preset, flags, { known: { directory } }]);

  // A change of dependency tool: what the user added to the old requirements file becomes pins of the new one.
  const notes = new Map<string, string>();
  const oldDeps = recorded.deps ?? DEFAULT_DEPS;
  if (given.deps && given.deps !== oldDeps) {
    const from = DEPENDENCY_TOOLS[oldDeps];
    const file = from.requirements.path;
    const mine = readProjectFiles(target, [file], shownDir).get(file);
    const edits = requirementEdits(base.get(file) ?? '', mine ?? '', from.requirements.format);
    given.pins = layerGiven({ pins: edits.pins }, { pins: given.pins ?? [] }).pins;
    const moved = edits.pins.length ? `; your requirements moved into ${DEPENDENCY_TOOLS[given.deps].requirements.path}: ${edits.pins.map((p) => p.name).join(', ')}` : '';
    const left = edits.unread.length ? `; not carried over: ${edits.unread.join(' | ')}` : '';
    if (moved || left) notes.set(file, `${moved.slice(2)}${left}`);
  }

  const env = { cwd: io.cwd, home: io.env.HOME || homedir() };
  const chosen = new Set<OptionId>();
  const options = await resolveOptions({ given, sources, chosen, note: (text) => run.ui.warn(text), interactive: false, env, inspectDirectory: () => 'empty' });
  // Format 1 recorded every value, derived or chosen: one equal to its default is taken as not chosen.
  if (answers.format === 1) for (const id of [...chosen]) if (sources.get(id) === fromAnswers && isDefault(id, options, env)) chosen.delete(id);
  const next = render(options, loadTemplates());
  const paths = new Set([...base.keys(), ...next.map((f) => f.path)]);
  const onDisk = readProjectFiles(target, paths, shownDir);
  // Compared and merged in LF, whatever the checkout's line endings; written back with each file's own.
  const current = new Map([...onDisk].map(([path, text]) => [path, text === undefined ? undefined : toLf(text)]));
  const unfinished = [...current].find(([, text]) => text !== undefined && hasConflictMarkers(text))?.[0];
  if (unfinished) throw new UsageError(`${unfinished} still has conflict markers (<<<<<<<) from an earlier update; resolve them, then run --update again`);
  const outcomes = planUpdate(base, current, next, { yours: 'your version', theirs: `create-fastapi-docker ${run.version}` }).map((o) => {
    const mine = onDisk.get(o.path);
    return 'content' in o && mine !== undefined ? { ...o, content: withLineEnding(o.content, lineEndingOf(mine)) } : o;
  });
  // The record: the answers file and the base file, written whole (they are the tool's, not the user's).
  const record = renderProject(options, loadTemplates(), run.version, chosen).filter((f) => f.path === ANSWERS_FILE || f.path === BASE_FILE);
  if (record.length !== 2) throw new Error('the answers and base files were not rendered');
  const conflicts = outcomes.filter((o) => o.kind === 'conflict').map((o) => o.path);
  const conflictLine = () =>
    io.stderr.write(`${red('conflict')} ${conflicts.length === 1 ? 'one file needs' : `${conflicts.length} files need`} your merge (<<<<<<< markers): ${conflicts.join(', ')}\n`);
  const changing = outcomes.filter((o) => o.kind !== 'unchanged' && o.kind !== 'kept');
  const changed = new Set(changing.map((o) => o.path));
  const lock = staleLock(DEPENDENCY_TOOLS[options.deps], changed, (path) => existsSync(join(target, path)));
  const relockLine = () => lock && io.stderr.write(`${yellow('relock')} ${lock.manifest} changed, so ${lock.lock} no longer matches it and the image will not build: run ${lock.relock}, then commit ${lock.lock}\n`);

  // A tool that locks outside the build (uv): its lock is made again when the requirements file changed, or is missing.
  const tool = DEPENDENCY_TOOLS[options.deps];
  const relock = tool.lock && (changed.has(tool.requirements.path) || !existsSync(join(target, tool.lock.path))) ? tool.lock : undefined;
  const oldLock = DEPENDENCY_TOOLS[oldDeps].lock;
  if (oldLock && oldLock.path !== tool.lock?.path) {
    const file = DEPENDENCY_TOOLS[oldDeps].requirements.path;
    notes.set(file, [notes.get(file), `${oldLock.path} is no longer used: delete it`].filter(Boolean).join('; '));
  }

  if (args.check) {
    if (!changing.length) return say(`${shownDir} is up to date with create-fastapi-docker ${run.version}.`), 0;
    say(`${shownDir} is not up to date with create-fastapi-docker ${run.version}; --update would change:`);
    say(report(outcomes, notes).join('\n'));
    return 1;
  }
  if (args.dryRun) {
    // The patch alone on stdout (`> update.patch`, then `git apply`); what it means on stderr.
    io.stderr.write(`Dry run: nothing was written. The patch below is what --update would do to ${shownDir}.\n`);
    const patches = changing.map((o) => unifiedDiff(o.path, onDisk.get(o.path), 'content' in o ? o.content : undefined, 'mode' in o ? o.mode : modeOf(join(target, o.path))));
    const before = readProjectFiles(target, [ANSWERS_FILE, BASE_FILE], shownDir);
    for (const file of record) patches.push(unifiedDiff(file.path, before.get(file.path), file.content, 0o644));
    const patch = patches.filter(Boolean).join('\n');
    if (patch) say(patch);
    io.stderr.write(`${report(outcomes, notes).join('\n')}\n`);
    relockLine();
    if (relock) io.stderr.write(`  relock    ${relock.path}: the real run runs ${lockHint(options, '.')}\n`);
    if (conflicts.length) return conflictLine(), 1;
    return 0;
  }

  const writes = outcomes.flatMap((o) => ('content' in o ? [{ path: o.path, content: o.content, mode: o.mode }] : []));
  const deletions = outcomes.filter((o) => o.kind === 'removed').map((o) => o.path);
  const stamp = `update-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
  const result = await writeProject(target, [...writes, ...record], { shown: shownDir, deletions, stamp });
  say(`Updated ${shownDir}, generated by create-fastapi-docker ${answers.version}, with ${run.version}:`);
  say(report(outcomes, notes).join('\n'));
  if (result.backupDir) say(`Every file it changed or removed, as it was, is in ${result.backupDir}/`);
  relockLine();
  let code = lock ? 3 : 0;
  if (conflicts.length) {
    conflictLine();
    code = 1;
  }
  // With a conflict in the requirements file there is nothing sound to lock yet: the user merges, then locks.
  if (relock && !conflicts.includes(tool.requirements.path)) {
    const locked = await lockStep(run, options, target);
    if (locked?.kind === 'locked') say(`  relocked  ${relock.path}`);
    else if (locked?.kind === 'no-tool') {
      // Exit 3, as for a lock the user makes: the files are updated, and the project needs one step before it builds.
      io.stderr.write(`${yellow('relock')} ${relock.path} must be made again (${locked.program} is not on PATH); the build refuses a stale lock. Run: ${lockHint(options, shownDir)}\n`);
      if (code === 0) code = 3;
    } else {
      io.stderr.write(`${red('error')} ${relock.path} must be made again (${locked?.reason}); the build refuses a stale lock. Run: ${lockHint(options, shownDir)}\n`);
      code = 1;
    }
  } else if (relock) {
    io.stderr.write(`${yellow('relock')} after merging ${tool.requirements.path}, make ${relock.path} again: ${lockHint(options, shownDir)}\n`);
  }
  return code;
}

const LABELS: Record<Outcome['kind'], string> = {
  unchanged: 'unchanged',
  updated: 'updated',
  merged: 'merged',
  added: 'added',
  conflict: 'CONFLICT',
  removed: 'removed',
  kept: 'kept',
};

function report(outcomes: Outcome[], notes: ReadonlyMap<string, string>): string[] {
  return outcomes
    .filter((o) => o.kind !== 'unchanged')
    .map((o) => {
      const note = [o.kind === 'kept' ? o.note : undefined, o.kind === 'merged' ? 'your edits kept' : undefined, notes.get(o.path)].filter(Boolean).join('; ');
      const label = o.kind === 'conflict' ? red(bold(LABELS[o.kind].padEnd(9))) : o.kind === 'kept' ? yellow(LABELS[o.kind].padEnd(9)) : LABELS[o.kind].padEnd(9);
      return `  ${label} ${o.path}${note ? `: ${note}` : ''}`;
    });
}

/** The mode of a file about to be removed, for the patch's `deleted file mode`. */
const modeOf = (path: string): number | undefined => {
  try {
    return statSync(path).mode;
  } catch {
    return undefined;
  }
};
