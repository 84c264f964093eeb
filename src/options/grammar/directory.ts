/**
 * The target directory. Its last part names the image and the Python project, cleaned (`My Service` → my-service),
 * as `.` and paths ending in `..` take the cleaned name of the directory they resolve to. A leading `~` is refused: the
 * shell did not expand it, and a directory literally called `~` is a trap.
 */
import { basename, resolve, sep } from 'node:path';
import type { ParseResult } from './pep508.js';

export const MAX_PATH_LENGTH = 4096;
const MAX_SEGMENT_BYTES = 255;
/**
 * The one rule for a directory's name, given or resolved from `.`: the project and image names are made from it
 * (lowercased, other characters as '-'; `My Service` → my-service), so it needs a letter or a digit; it may not start
 * with '-' (a flag) or '~' (an unexpanded home).
 */
const NAME = /^[^~-].*[A-Za-z0-9]|^[A-Za-z0-9]/;
const ACCEPTS = "accepts a path whose last part has a letter or digit and starts with neither '-' nor '~' (the project's names are made from it: lowercase, other characters as '-')";

export function parseDirectory(raw: string): ParseResult<string> {
  if (raw.trim() === '' || raw.length > MAX_PATH_LENGTH || /[\u0000-\u001f\u007f]/.test(raw)) return { ok: false, problem: ACCEPTS };
  if (raw === '~' || raw.startsWith('~/') || raw.startsWith(`~${sep}`)) {
    return { ok: false, problem: `accepts a path, and "~" was not expanded by a shell; write $HOME${raw.slice(1)} or a relative path` };
  }
  const segments = raw.split(/[\\/]+/).filter(Boolean);
  const last = segments.at(-1) ?? '';
  if (segments.some((s) => Buffer.byteLength(s) > MAX_SEGMENT_BYTES)) {
    return { ok: false, problem: `accepts path parts of at most ${MAX_SEGMENT_BYTES} bytes, which is what file systems allow` };
  }
  if (last === '.' || last === '..' || raw === '/') return { ok: true, value: raw };
  return NAME.test(last) ? { ok: true, value: raw } : { ok: false, problem: ACCEPTS };
}

/** The name the project takes from its directory: the last part of the resolved path. */
export const directoryName = (directory: string, cwd: string): string => basename(resolve(cwd, directory));

/** An image name from a directory name: lowercased, with anything Docker refuses turned into '-'. */
export function tagFromName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[._-]{2,}/g, '-');
  const trimmed = trimEnd(cleaned.slice(0, 128));
  return trimmed === '' ? 'fastapi-app' : trimmed;
}

/** Drops trailing separators (a loop: an end-anchored pattern would rescan the string from every position). */
function trimEnd(text: string): string {
  let end = text.length;
  while (end > 0 && !/[a-z0-9]/.test(text[end - 1] as string)) end--;
  return text.slice(0, end);
}
