/**
 * TOML for pyproject.toml. Every value is written by smol-toml's own serializer; this file only lays the
 * tables out as people write them (one array entry per line, a comment above a table), which the library
 * cannot. Keys are the fixed names of the pyproject spec and Poetry, checked as bare keys.
 */
import { stringify } from 'smol-toml';

export type TomlValue = string | number | boolean | string[];

/** One value as TOML text, serialized by the library. */
export function tomlValue(value: Exclude<TomlValue, string[]>): string {
  return stringify({ v: value }).trimEnd().slice('v = '.length);
}

const key = (name: string): string => {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`not a bare TOML key: ${name}`);
  return name;
};

const entry = ([name, value]: [string, TomlValue]): string =>
  Array.isArray(value)
    ? `${key(name)} = [${value.length ? `\n${value.map((v) => `    ${tomlValue(v)},\n`).join('')}` : ''}]`
    : `${key(name)} = ${tomlValue(value)}`;

export interface TomlTable {
  /** Dotted name of the table; `array: true` writes an array-of-tables entry ([[name]]). */
  name: string;
  array?: boolean;
  comment?: string[];
  entries: [string, TomlValue][];
}

export function tomlDocument(tables: TomlTable[]): string {
  return tables
    .map((t) => {
      const header = t.array ? `[[${t.name.split('.').map(key).join('.')}]]` : `[${t.name.split('.').map(key).join('.')}]`;
      return [...(t.comment ?? []).map((c) => `# ${c.replace(/[\r\n]/g, ' ')}`), header, ...t.entries.map(entry)].join('\n');
    })
    .join('\n\n')
    .concat('\n');
}
