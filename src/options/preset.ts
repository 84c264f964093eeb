/**
 * Option values as a map keyed by flag name (`port: 8000`, `index-url: …`, `pin: [ … ]`): the format of a
 * `--preset` file and of the options recorded in the answers file. Read with the same table and the same parsers as
 * flags, so a preset is validated exactly as flags are; errors name the file and the key.
 */
import { shown } from './grammar/display.js';
import { type OptionDef, type ResolveEnv, parseRaw, presetKey } from './option-def.js';
import { OPTION_TABLE } from './table.js';
import { layered } from './sources.js';
import { type Known, type OptionId, type Options, UsageError } from './types.js';

/** The answers file every generated project holds at its root (render/answers.ts writes it). */
export const ANSWERS_FILE = '.create-fastapi-docker.yml';

export type PresetValue = string | number | boolean | string[];
export type Preset = Record<string, PresetValue>;

/** Options a preset may set: everything about the project, not where it goes nor how this run behaves. */
const PRESET_ROWS = OPTION_TABLE.filter((d) => !d.flag.startsWith('[') && d.id !== 'overwrite' && d.id !== 'build');

export { presetKey } from './option-def.js';

export const PRESET_KEYS: readonly string[] = PRESET_ROWS.map(presetKey);

/** Reads a preset (already parsed from JSON or YAML) into option values; `source` names it in every error. */
export function readPreset(data: unknown, source: string): Known {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`${source} holds no map of options; write one key per flag, like port: 8000`);
  }
  const known: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const def = PRESET_ROWS.find((d) => presetKey(d) === key);
    const where = `${source}: key ${shown(key)}`;
    if (!def) throw new UsageError(`${where} is not an option; the keys are the flags without --: ${PRESET_KEYS.join(', ')}`);
    known[def.id] = readValue(def, value, where);
  }
  return known as Known;
}

function readValue(def: OptionDef, value: unknown, where: string): unknown {
  if (def.kind === 'boolean') {
    if (typeof value !== 'boolean') throw new UsageError(`${where} accepts true or false; got ${shown(String(value))}`);
    return value;
  }
  const items = def.kind === 'list' && Array.isArray(value) ? value : [value];
  if (def.kind !== 'list' && Array.isArray(value)) throw new UsageError(`${where} takes one value, not a list`);
  const parsed = items.map((item) => {
    if (typeof item !== 'string' && typeof item !== 'number') throw new UsageError(`${where} takes text; got ${shown(JSON.stringify(item) ?? String(item))}`);
    const result = parseRaw(def, String(item));
    if (!result.ok) {
      const quote = typeof item === 'number' ? ' (a number in the file: quote it to keep it as written)' : '';
      throw new UsageError(`${where} ${result.problem}; got ${shown(String(item))}${quote}`);
    }
    return result.value;
  });
  return def.kind === 'list' ? parsed : parsed[0];
}

/**
 * The options as a preset: what `readPreset` reads back to the same options. Only values that are set and, when
 * `chosen` is given, only the options the user chose (the answers file records choices, never derived values).
 */
export function toPreset(o: Options, chosen?: ReadonlySet<OptionId>): Preset {
  const preset: Preset = {};
  for (const def of PRESET_ROWS) {
    const value = o[def.id];
    if (value === undefined || (chosen && !chosen.has(def.id))) continue;
    const key = presetKey(def);
    if (def.kind === 'boolean' || def.kind === 'choice') preset[key] = value as boolean | string;
    else if (def.kind === 'list') {
      const items = (value as Parameters<typeof def.format>[0][]).map((item) => def.format(item));
      if (items.length) preset[key] = items;
    }
    else preset[key] = (def.format as (v: unknown) => string)(value);
  }
  return preset;
}

/**
 * Option values from several sources, later ones winning (answers file < preset < flags). Pins merge by
 * distribution: a later pin of a package replaces an earlier one, and the others stay (sources.ts).
 */
export const layerGiven = (...layers: Known[]): Known => layered(layers.map((known) => ({ known }))).given;

/** Whether an option's value is the one its default gives (as the answers file would write both). */
export function isDefault(id: OptionId, o: Options, env: ResolveEnv): boolean {
  const def = OPTION_TABLE.find((d) => d.id === id);
  if (!def) return false;
  const only = new Set([id]);
  const preset = toPreset({ ...o, [id]: def.default(o, env) } as Options, only);
  return JSON.stringify(preset) === JSON.stringify(toPreset(o, only));
}
