/**
 * Where each option value came from. Values arrive in layers, later ones winning: the answers file < a preset <
 * the flags. A flag's value has no source label (messages name the flag itself); every other value keeps the label
 * of its layer ("the answers file .create-fastapi-docker.yml", "--preset team.yml"), so that a message about it says
 * where it came from, and so that a value a changed answer made inapplicable can be dropped (with a note) when it
 * came from a file, and refused when the user typed it.
 *
 * List semantics (pins): a later layer's pin of a distribution replaces an earlier layer's pin of the same
 * distribution; the other pins stay. A layer that clears an option (`--no-pin`, `--no-workers`) removes what the
 * earlier layers gave for it before adding its own.
 */
import type { Known, OptionId, Options } from './types.js';

export interface Layer {
  known: Known;
  /** Where these values came from; absent for the command line. */
  source?: string;
  /** Options this layer clears in the layers below it. */
  cleared?: ReadonlySet<OptionId>;
}

/** Source labels by option id, and by `pins:<distribution>` for each pin. Absent: a flag (or a default). */
export type Sources = ReadonlyMap<string, string>;

export const pinSourceKey = (key: string): string => `pins:${key}`;

export interface Layered {
  given: Known;
  sources: Map<string, string>;
}

export function layered(layers: readonly Layer[]): Layered {
  const given: Known = {};
  const sources = new Map<string, string>();
  const forget = (key: string) => sources.delete(key);
  for (const { known, source, cleared } of layers) {
    for (const id of cleared ?? []) {
      if (id === 'pins') for (const pin of given.pins ?? []) forget(pinSourceKey(pin.key));
      delete given[id];
      forget(id);
    }
    for (const [key, value] of Object.entries(known) as [OptionId, unknown][]) {
      if (value === undefined) continue;
      if (key === 'pins') {
        const later = value as Options['pins'];
        given.pins = [...(given.pins ?? []).filter((p) => !later.some((q) => q.key === p.key)), ...later];
        for (const pin of later) source === undefined ? forget(pinSourceKey(pin.key)) : sources.set(pinSourceKey(pin.key), source);
      } else {
        Object.assign(given, { [key]: value });
      }
      source === undefined ? forget(key) : sources.set(key, source);
    }
  }
  return { given, sources };
}
