/**
 * --update: render the project again from its answers file (plus a preset and flags), then merge, file by file,
 * old render → the user's file → new render (render/merge.ts), and write the result as one transaction, every
 * changed file backed up. Conflicts get git's markers, are listed, and make the exit code 1. Works offline and gives
 * the same result on any machine at any time (the backup directory is named after the answers file's content).
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { bold, red, yellow } from 'kolorist';
import { readAnswers } from '../../io/answers.js';
import { readProjectFiles } from '../../io/project-files.js';
import { loadTemplates } from '../../io/templates.js';
import { recoverInterrupted, writeProject } from '../../io/write.js';
import type { ParsedArgs } from '../../options/parse-args.js';
import { layerGiven } from '../../options/preset.js';
import { resolveOptions } from '../../options/resolve.js';
import { DEFAULT_DEPS } from '../../options/choices.js';
import type { Known } from '../../options/types.js';
import { ANSWERS_FILE } from '../../render/answers.js';
import { unifiedDiff } from '../../render/diff.js';
import { render, renderProject } from '../../render/index.js';
import { type Outcome, planUpdate } from '../../render/merge.js';
import { DEPENDENCY_TOOLS } from '../../render/deps/index.js';
import { requirementEdits } from '../../render/requirement-edits.js';
import { type Run, shownPath } from '../context.js';
import { lockHint, lockStep } from './lock.js';

export async function update(run: Run, args: ParsedArgs, preset: Known): Promise<number> {
  const { io, say } = run;
  const directory = args.given.directory ?? '.';
  const target = resolve(io.cwd, directory);
  const shownDir = shownPath(io.cwd, target);
  if (!args.dryRun) recoverInterrupted(target, shownDir);
  const { answers, given: recorded, text } = readAnswers(target, shownDir, run.version);
  const base = new Map(Object.entries(answers.files).map(([path, file]) => [path, file.content]));
  const given = layerGiven(recorded, preset, args.given, { directory });

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

  const options = await resolveOptions({
    given,
    interactive: false,
    env: { cwd: io.cwd, home: io.env.HOME || homedir() },
    inspectDirectory: () => 'empty',
  });
  const next = render(options, loadTemplates());
  const current = readProjectFiles(target, new Set([...base.keys(), ...next.map((f) => f.path)]), shownDir);
  const outcomes = planUpdate(base, current, next, { yours: 'your version', theirs: `create-fastapi-docker ${run.version}` });
  const answersFile = renderProject(options, loadTemplates(), run.version).find((f) => f.path === ANSWERS_FILE);
  if (!answersFile) throw new Error('the answers file was not rendered');

  // A tool that locks outside the build (uv): its lock is made again when the requirements file changed, or is missing.
  const lock = DEPENDENCY_TOOLS[options.deps].lock;
  const requirementsChanged = outcomes.some((o) => o.path === DEPENDENCY_TOOLS[options.deps].requirements.path && o.kind !== 'unchanged');
  const relock = lock && (requirementsChanged || readProjectFiles(target, [lock.path], shownDir).get(lock.path) === undefined) ? lock : undefined;
  const oldLock = DEPENDENCY_TOOLS[oldDeps].lock;
  if (oldLock && oldLock.path !== relock?.path && oldLock.path !== lock?.path) {
    notes.set(DEPENDENCY_TOOLS[oldDeps].requirements.path, [notes.get(DEPENDENCY_TOOLS[oldDeps].requirements.path), `${oldLock.path} is no longer used: delete it`].filter(Boolean).join('; '));
  }

  if (args.dryRun) {
    say(`Dry run: nothing was written. --update would change ${shownDir} as follows.\n`);
    for (const o of outcomes) {
      if (o.kind === 'unchanged' || o.kind === 'kept') continue;
      say(unifiedDiff(o.path, current.get(o.path), 'content' in o ? o.content : undefined));
    }
    say(report(outcomes, notes).join('\n'));
    if (relock) say(`  relock    ${relock.path}: the real run runs ${lockHint(options, '.')}`);
    return 0;
  }

  const writes = outcomes.flatMap((o) => ('content' in o ? [{ path: o.path, content: o.content, mode: o.mode }] : []));
  const deletions = outcomes.filter((o) => o.kind === 'removed').map((o) => o.path);
  const stamp = `update-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
  const result = await writeProject(target, [...writes, answersFile], { shown: shownDir, deletions, stamp });
  say(`Updated ${shownDir}, generated by create-fastapi-docker ${answers.version}, with ${run.version}:`);
  say(report(outcomes, notes).join('\n'));
  if (result.backupDir) say(`Every file it changed or removed, as it was, is in ${result.backupDir}/`);
  const conflicts = outcomes.filter((o) => o.kind === 'conflict').map((o) => o.path);
  let code = 0;
  if (conflicts.length) {
    io.stderr.write(`${red('conflict')} ${conflicts.length === 1 ? 'one file needs' : `${conflicts.length} files need`} your merge (<<<<<<< markers): ${conflicts.join(', ')}\n`);
    code = 1;
  }
  // With a conflict in pyproject.toml there is nothing sound to lock yet: the user merges, then locks.
  const requirementsConflict = conflicts.includes(DEPENDENCY_TOOLS[options.deps].requirements.path);
  if (relock && !requirementsConflict) {
    const locked = await lockStep(run, options, target);
    if (locked?.kind === 'locked') say(`  relocked  ${relock.path}`);
    else {
      const why = locked?.kind === 'no-tool' ? `${locked.program} is not on PATH` : locked?.reason;
      io.stderr.write(`${red('error')} ${relock.path} must be made again (${why}); the build refuses a stale lock. Run: ${lockHint(options, shownDir)}\n`);
      code = 1;
    }
  } else if (relock) {
    io.stderr.write(`${yellow('relock')} after merging ${DEPENDENCY_TOOLS[options.deps].requirements.path}, make ${relock.path} again: ${lockHint(options, shownDir)}\n`);
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
