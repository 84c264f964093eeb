/**
 * Which answers fit together. The same checks serve the final options (every value known) and the interactive
 * flow, which asks questions while later options are still open: a check that reads an option nobody has
 * decided yet is skipped, except that an optional option nobody gave (a base image, an index) counts as absent,
 * since that is what it becomes when its question is not asked.
 */
import { presetKey } from './option-def.js';
import { type Named, RULES } from './rules.js';
import { type Sources, pinSourceKey } from './sources.js';
import { OPTION_TABLE, rowOf } from './table.js';
import type { Known, OptionId } from './types.js';

class Undecided extends Error {}

const OPTIONAL = new Set<string>(OPTION_TABLE.filter((d) => d.kind === 'text' && d.optional).map((d) => d.id));

/** Runs `check` on the known answers; undefined when it needed an answer that is still open. */
function decide<T>(check: (o: Known) => T, known: Known): { value: T } | undefined {
  const view = new Proxy(known, {
    get(target, key) {
      if (typeof key !== 'string' || key in target || OPTIONAL.has(key)) return Reflect.get(target, key);
      throw new Undecided(key);
    },
  });
  try {
    return { value: check(view) };
  } catch (error) {
    if (error instanceof Undecided) return undefined;
    throw error;
  }
}

/** How a message names a value: by its flag when a flag (or a default) gave it, else by its key and its source. */
export const namer =
  (sources: Sources): Named =>
  (id, text) => {
    const def = rowOf(id);
    const source = sources.get(id);
    return source === undefined ? `${def.flag} ${text}` : `${presetKey(def)} ${text} from ${source}`;
  };

/**
 * Every problem the known answers already show: a given flag whose option does not apply (or a pin that does not),
 * and every rule. `given` names the options that flags set (an option resolved to "not applicable" is not a
 * problem); `sources` says where the other values came from, for the messages.
 */
export function problemsOf(known: Known, given: ReadonlySet<OptionId>, sources: Sources = new Map()): string[] {
  const problems: string[] = [];
  for (const def of OPTION_TABLE) {
    if (def.appliesWhen && given.has(def.id) && decide(def.appliesWhen.test, known)?.value === false) problems.push(`${def.flag} applies only ${def.appliesWhen.text}`);
    // An item from a file that does not apply is dropped when resolved; one from a flag is refused.
    if (def.id === 'pins' && def.itemAppliesWhen) {
      const { test, problem } = def.itemAppliesWhen;
      for (const pin of known.pins ?? []) {
        if (!sources.has(pinSourceKey(pin.key)) && decide((o) => test(pin, o), known)?.value === false) problems.push(problem(pin));
      }
    }
  }
  const named = namer(sources);
  for (const rule of RULES) {
    const problem = decide((o) => rule(o, named), known)?.value;
    if (problem) problems.push(problem);
  }
  return problems;
}

/** Why answering `id` with `value` would contradict what is known, or undefined if it fits (problems the answer did not cause are not its). */
export function conflictOf(id: OptionId, value: unknown, known: Known, given: ReadonlySet<OptionId>, sources: Sources = new Map()): string | undefined {
  const before = new Set(problemsOf(known, given, sources));
  return problemsOf({ ...known, [id]: value }, new Set([...given, id]), sources).find((p) => !before.has(p));
}
