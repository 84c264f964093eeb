/** Reads a project's answers file for --update: refused in one line when missing, unreadable or from a newer tool. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readPreset } from '../options/preset.js';
import { type Known, UsageError } from '../options/types.js';
import { ANSWERS_FILE, ANSWERS_FORMAT, type Answers } from '../render/answers.js';
import { codeOf } from './fs-errors.js';

export interface ReadAnswers {
  answers: Answers;
  /** The recorded options, read as a preset. */
  given: Known;
  /** The file's text, as it was (its hash names the update's backup directory). */
  text: string;
  /** The file as messages name it (`.create-fastapi-docker.yml`, `svc/.create-fastapi-docker.yml`). */
  where: string;
}

/** a.b.c as numbers; a version we cannot read counts as newer than any. */
const newer = (a: string, b: string): boolean => {
  const pa = a.split(/[.-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.-]/).slice(0, 3).map(Number);
  if (pa.some(Number.isNaN)) return true;
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0);
  return false;
};

export function readAnswers(directory: string, shownDir: string, version: string): ReadAnswers {
  const where = `${shownDir === '.' ? '' : `${shownDir}/`}${ANSWERS_FILE}`;
  let text: string;
  try {
    text = readFileSync(join(directory, ANSWERS_FILE), 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') {
      throw new UsageError(`--update needs ${where}, which create-fastapi-docker writes into every project it generates; "${shownDir}" has none`);
    }
    throw new UsageError(`--update cannot read ${where}: ${(error as Error).message.split('\n')[0]}`);
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new UsageError(`${where} does not parse as YAML (${(error as Error).message.split('\n')[0]}); restore it from version control`);
  }
  const answers = data as Partial<Answers> | null;
  if (!answers || typeof answers !== 'object' || typeof answers.format !== 'number' || typeof answers.version !== 'string' || typeof answers.files !== 'object' || answers.files === null) {
    throw new UsageError(`${where} is not an answers file (it needs format, version, options and files); restore it from version control`);
  }
  if (answers.format > ANSWERS_FORMAT || !Number.isInteger(answers.format) || answers.format < 1) {
    throw new UsageError(
      `${where} has format ${answers.format}, written by a newer create-fastapi-docker than this ${version} (which reads formats up to ${ANSWERS_FORMAT}); run npm create fastapi-docker@latest -- --update`,
    );
  }
  if (newer(answers.version, version)) {
    throw new UsageError(`${where} was written by create-fastapi-docker ${answers.version}, newer than this ${version}; run npm create fastapi-docker@latest`);
  }
  for (const [path, file] of Object.entries(answers.files)) {
    if (typeof file?.content !== 'string' || path.split('/').some((part) => part === '..' || part === '') || path.startsWith('/')) {
      throw new UsageError(`${where} lists a file it cannot hold (${JSON.stringify(path)}); restore it from version control`);
    }
  }
  return { answers: answers as Answers, given: readPreset(answers.options ?? {}, where), text, where };
}
