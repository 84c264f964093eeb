/** Reads a project's answers file for --update: refused in one line when missing, unreadable or from a newer tool. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readPreset } from '../options/preset.js';
import { type Known, UsageError } from '../options/types.js';
import { ANSWERS_FILE, ANSWERS_FORMAT, type Answers, BASE_FILE } from '../render/answers.js';
import { codeOf } from './fs-errors.js';

export interface ReadAnswers {
  answers: Answers;
  /** The recorded options, read as a preset. */
  given: Known;
  /** The record's text (the answers file and the base file), as it was: its hash names the update's backup directory. */
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
  if (!answers || typeof answers !== 'object' || typeof answers.format !== 'number' || typeof answers.version !== 'string') {
    throw new UsageError(`${where} is not an answers file (it needs format, version, options and files); restore it from version control`);
  }
  if (answers.format > ANSWERS_FORMAT) {
    throw new UsageError(
      `${where} has format ${answers.format}, written by a newer create-fastapi-docker than this ${version} (which reads formats up to ${ANSWERS_FORMAT}); run npm create fastapi-docker@latest -- --update`,
    );
  }
  if (newer(answers.version, version)) {
    throw new UsageError(`${where} was written by create-fastapi-docker ${answers.version}, newer than this ${version}; run npm create fastapi-docker@latest`);
  }
  // Format 1 held the texts itself; format 2 keeps them in the base file beside it.
  let baseText = '';
  if (answers.format >= 2) {
    const baseWhere = `${shownDir === '.' ? '' : `${shownDir}/`}${BASE_FILE}`;
    try {
      baseText = readFileSync(join(directory, BASE_FILE), 'utf8');
      answers.files = (parse(baseText) as { files?: Answers['files'] } | null)?.files;
    } catch (error) {
      const why = codeOf(error) === 'ENOENT' ? 'is missing' : codeOf(error) ? `cannot be read (${(error as Error).message.split('\n')[0]})` : `does not parse as YAML (${(error as Error).message.split('\n')[0]})`;
      throw new UsageError(`${baseWhere}, the record of the generated files that --update merges against, ${why}; restore it from version control`);
    }
  }
  if (typeof answers.files !== 'object' || answers.files === null) {
    throw new UsageError(
      answers.format >= 2
        ? `${BASE_FILE} beside ${where} records no generated files; restore both from version control`
        : `${where} is not an answers file (it needs format, version, options and files); restore it from version control`,
    );
  }
  for (const [path, file] of Object.entries(answers.files)) {
    if (typeof file?.content !== 'string' || path.split('/').some((part) => part === '..' || part === '') || path.startsWith('/')) {
      throw new UsageError(`${where} lists a file it cannot hold (${JSON.stringify(path)}); restore it from version control`);
    }
  }
  return { answers: answers as Answers, given: readPreset(answers.options ?? {}, where), text: text + baseText, where };
}
