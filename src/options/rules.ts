/**
 * Rules across options: each reads several answers and returns the one-line problem, naming the flag to change,
 * or undefined. Resolution applies them to the final options, and the interactive flow uses them to offer only
 * the answers that the flags already given allow (consistency.ts).
 */
import { BUILD_TOOLS, OFFICIAL_IMAGE, OFFICIAL_IMAGE_PYTHONS } from '../versions.js';
import { pythonOfImage } from './grammar/image-ref.js';
import { DEPS, type DepsChoice } from './choices.js';
import { listWords } from './option-def.js';
import type { Deps, Known } from './types.js';

const depsRow = (deps: Deps): DepsChoice => DEPS.find((d) => d.value === deps) as DepsChoice;

export type Rule = (o: Known) => string | undefined;

const OFFICIAL_NAME = OFFICIAL_IMAGE.split('/').at(-1) as string;

export const RULES: readonly Rule[] = [
  (o) =>
    o.process === 'official-image' && !o.baseImage && o.python !== undefined && !(OFFICIAL_IMAGE_PYTHONS as readonly string[]).includes(o.python)
      ? `--python accepts ${listWords(OFFICIAL_IMAGE_PYTHONS)} with --process official-image (${OFFICIAL_IMAGE} has no newer tags); use --process gunicorn, or --base-image; got "${o.python}"`
      : undefined,
  (o) =>
    o.process === 'official-image' && o.baseImage && o.baseImage.baseName !== OFFICIAL_NAME
      ? `--base-image accepts, with --process official-image, a copy of ${OFFICIAL_IMAGE} (its start script runs the app), named …/${OFFICIAL_NAME}; got "${o.baseImage.ref}"`
      : undefined,
  (o) => {
    const named = o.baseImage && pythonOfImage(o.baseImage);
    return named && o.python !== undefined && named !== o.python
      ? `--python ${o.python} disagrees with --base-image ${o.baseImage?.ref}, which is Python ${named}; give --python ${named}, or leave --python out`
      : undefined;
  },
  (o) => {
    const seen = new Set<string>();
    const twice = o.pins?.find((pin) => seen.size === seen.add(pin.key).size);
    return twice ? `--pin names ${twice.key} twice; give one pin per distribution` : undefined;
  },
  (o) => {
    if (o.deps === undefined) return undefined;
    const own: readonly string[] = depsRow(o.deps).buildTools;
    const tool = o.pins?.find((pin) => BUILD_TOOLS.includes(pin.key) && !own.includes(pin.key));
    if (!tool) return undefined;
    const users = DEPS.filter((d) => (d.buildTools as readonly string[]).includes(tool.key)).map((d) => `--deps ${d.value}`);
    return `--pin names ${tool.key}, which is used only with ${users.join(' or ')}`;
  },
  (o) => {
    if (o.deps === undefined || o.process === undefined) return undefined;
    const refused = depsRow(o.deps).refuses.find((r) => r.process === o.process);
    return refused ? `--deps ${o.deps} does not go with --process ${o.process}: ${refused.why}` : undefined;
  },
];
