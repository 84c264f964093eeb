/**
 * The answers file: what generated the project, committed at its root. It holds the tool's version and the options
 * chosen, as a preset (flag names, no credentials). Beside it, the base file holds the content of every generated
 * file as generated: the base that `--update` merges the user's edits against, so that an update needs no older
 * version of the tool (format 1 kept both in one file). Written by the yaml library; every file's text is a YAML
 * string, kept exactly (block scalars where they can be).
 */
import { Document, Scalar, isMap, isScalar } from 'yaml';
import { type Preset, toPreset } from '../options/preset.js';
import type { OptionId, Options } from '../options/types.js';
import type { GeneratedFile } from './types.js';

export { ANSWERS_FILE } from '../options/preset.js';
import { ANSWERS_FILE } from '../options/preset.js';

/**
 * The format this version writes; readers refuse a newer one. Bump only with a reader for the older ones.
 * 1: `options` held every value, derived or chosen, and `files` every text. 2: `options` holds only what the user
 * chose; the texts are in BASE_FILE.
 */
export const ANSWERS_FORMAT = 2;

export interface Answers {
  format: number;
  version: string;
  options: Preset;
  files: Record<string, { mode?: string; content: string }>;
}

/**
 * Where format 2 keeps the generated files' texts: a file of their own, which the generated .gitattributes keeps out
 * of diffs and reviews (`-diff linguist-generated`), so that an update's diff shows the project's changes and the
 * answers file's few lines of options, not every file's text twice. --update needs those texts (the base of its
 * three-way merge, with no older version of the tool at hand), so they stay in the repository.
 */
export const BASE_FILE = '.create-fastapi-docker.base.yml';

const HEADER = [
  ' What generated this project: commit this file, and do not edit it.',
  ' `npm create fastapi-docker@latest . -- --update` renders the project again from these options (with any flags',
  ` you add) and merges the result with your edits; ${BASE_FILE} holds what was generated last.`,
].join('\n');

const BASE_HEADER = [
  ' What create-fastapi-docker generated last, file by file: commit this file, and do not edit it.',
  ` --update merges your edits against it; .gitattributes keeps it out of diffs. The options are in ${ANSWERS_FILE}.`,
].join('\n');

export function answersOf(o: Options, files: readonly GeneratedFile[], version: string, chosen?: ReadonlySet<OptionId>): Answers {
  const generated: Answers['files'] = {};
  for (const file of files) {
    generated[file.path] = file.mode && file.mode !== 0o644 ? { mode: file.mode.toString(8), content: file.content } : { content: file.content };
  }
  return { format: ANSWERS_FORMAT, version, options: toPreset(o, chosen), files: generated };
}

const OPTIONS = { lineWidth: 0, blockQuote: 'literal' } as const;

/**
 * Whether a text reads back exactly from a block scalar: not with a line of only spaces or tabs, a tab starting a
 * line, or a carriage return or other line break YAML reads as one. (Found with fast-check; test/merge.test.ts keeps
 * checking that every text reads back, and the YAML parser stays out of the scaffolding path.)
 */
const blockKeeps = (text: string): boolean =>
  !/(^|\n)[ \t]+(\n|$)/.test(text) && !/[\r\u0085\u2028\u2029\ufeff]/.test(text) && !/(^|\n)\t/.test(text);

/** The answers file: the format, the tool's version and the options chosen. */
export function renderAnswers({ format, version, options }: Answers): GeneratedFile {
  const doc = new Document({ format, version, options });
  doc.commentBefore = HEADER;
  return { path: ANSWERS_FILE, content: doc.toString(OPTIONS) };
}

/** The base file: every generated file's text, exactly. */
export function renderBase({ files: generated }: Pick<Answers, 'files'>): GeneratedFile {
  const doc = new Document({ files: generated });
  doc.commentBefore = BASE_HEADER;
  // Each file's content as a block scalar where that keeps it exactly; as a double-quoted string otherwise.
  const files = doc.get('files');
  if (isMap(files)) {
    for (const entry of files.items) {
      const content = isMap(entry.value) ? entry.value.get('content', true) : undefined;
      if (isScalar(content) && typeof content.value === 'string' && !blockKeeps(content.value)) content.type = Scalar.QUOTE_DOUBLE;
    }
  }
  return { path: BASE_FILE, content: doc.toString(OPTIONS) };
}
