/**
 * --update, file by file: old render (the answers file's record) → the user's file → new render. Pure: it decides
 * what becomes of each file from the three texts. Edits are merged line by line (node-diff3); where both sides
 * changed the same lines, the file gets git's conflict markers, each side labelled.
 */
import { diff3Merge } from 'node-diff3';
import type { GeneratedFile } from './types.js';

export type Outcome =
  /** Nothing to write: the user's file is already the new one, or the file is gone on both sides. */
  | { path: string; kind: 'unchanged' }
  | { path: string; kind: 'updated' | 'merged' | 'added'; content: string; mode?: number }
  | { path: string; kind: 'conflict'; content: string; mode?: number }
  /** No longer generated and untouched: removed. */
  | { path: string; kind: 'removed' }
  /** Left as the user has it, with the reason. */
  | { path: string; kind: 'kept'; note: string };

export interface Labels {
  /** The user's side, e.g. "your version". */
  yours: string;
  /** The new render's side, e.g. "create-fastapi-docker 0.3.0". */
  theirs: string;
}

const lines = (text: string): string[] => text.split('\n');

/**
 * Files that are lists of independent lines (requirements, ignore and attribute patterns): where both sides only
 * added lines at one place, both additions are kept (a .gitattributes of the user's own meets the generated one).
 */
const isRequirementList = (path: string): boolean => /(^|\/)requirements[^/]*\.txt$|(^|\/)\.(gitignore|dockerignore|gitattributes)$/.test(path);

/**
 * A three-way merge of whole texts, line by line (node-diff3), with git's markers (no base section) where the sides
 * overlap. In a requirements list, two additions at the same place are not a conflict: the new render's lines come
 * first, then yours.
 */
export function mergeText(base: string, yours: string, theirs: string, labels: Labels, path = ''): { conflict: boolean; content: string } {
  const out: string[] = [];
  let conflict = false;
  for (const region of diff3Merge(lines(yours), lines(base), lines(theirs))) {
    if (region.ok) {
      out.push(...region.ok);
      continue;
    }
    if (!region.conflict) continue;
    const { a, o, b } = region.conflict;
    if (isRequirementList(path) && o.length === 0) {
      out.push(...b, ...a.filter((line) => !b.includes(line)));
      continue;
    }
    conflict = true;
    out.push(`<<<<<<< ${labels.yours}`, ...a, '=======', ...b, `>>>>>>> ${labels.theirs}`);
  }
  return { conflict, content: out.join('\n') };
}

/** Whether a text still holds git's conflict markers, a merge the user has not finished. */
export const hasConflictMarkers = (text: string): boolean => /^<{7}( |$)/m.test(text) && /^>{7}( |$)/m.test(text);

export function planUpdate(
  base: ReadonlyMap<string, string>,
  current: ReadonlyMap<string, string | undefined>,
  next: readonly GeneratedFile[],
  labels: Labels,
): Outcome[] {
  const outcomes: Outcome[] = [];
  for (const file of next) {
    const old = base.get(file.path);
    const mine = current.get(file.path);
    const write = (kind: 'updated' | 'merged' | 'added', content: string): Outcome => ({ path: file.path, kind, content, mode: file.mode });
    if (mine === file.content) outcomes.push({ path: file.path, kind: 'unchanged' });
    else if (old === undefined && mine === undefined) outcomes.push(write('added', file.content));
    else if (mine === undefined) outcomes.push({ path: file.path, kind: 'kept', note: 'you deleted it, so it stays deleted' });
    else if (mine === old) outcomes.push(write('updated', file.content));
    else {
      const merged = mergeText(old ?? '', mine, file.content, labels, file.path);
      if (merged.conflict) outcomes.push({ path: file.path, kind: 'conflict', content: merged.content, mode: file.mode });
      else outcomes.push(merged.content === mine ? { path: file.path, kind: 'unchanged' } : write('merged', merged.content));
    }
  }
  const generated = new Set(next.map((f) => f.path));
  for (const [path, old] of base) {
    if (generated.has(path)) continue;
    const mine = current.get(path);
    if (mine === undefined) continue;
    outcomes.push(mine === old ? { path, kind: 'removed' } : { path, kind: 'kept', note: 'it is no longer generated, and you edited it, so it stays' });
  }
  return outcomes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
