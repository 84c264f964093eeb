/** Reads a --preset file: JSON or YAML (by extension; anything else is read as YAML, which JSON is a subset of). */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { readPreset } from '../options/preset.js';
import { type Known, UsageError } from '../options/types.js';
import { adviceFor } from './fs-errors.js';

export function readPresetFile(path: string, absolute: string): Known {
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new UsageError(`--preset ${path} cannot be read: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : adviceFor(error)}`);
  }
  let data: unknown;
  try {
    data = path.endsWith('.json') ? JSON.parse(text) : parse(text);
  } catch (error) {
    throw new UsageError(`--preset ${path} does not parse as ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`);
  }
  // An answers file (.create-fastapi-docker.yml) is a preset too: its options part.
  const answers = data as { format?: unknown; options?: unknown; files?: unknown } | null;
  const options = answers && typeof answers === 'object' && typeof answers.format === 'number' && 'options' in answers ? (answers.options ?? {}) : data;
  return readPreset(options, `--preset ${path}`);
}
