/**
 * Rules across options: each reads several answers and returns the one-line problem, naming the flag to change,
 * or undefined. Resolution applies them to the final options, and the interactive flow uses them to offer only
 * the answers that the flags already given allow (consistency.ts).
 */
import { OFFICIAL_IMAGE, OFFICIAL_IMAGE_PYTHONS } from '../versions.js';
import { pythonOfImage } from './grammar/image-ref.js';
import { DEPS, type DepsChoice } from './choices.js';
import { listWords } from './option-def.js';
import type { Deps, Known, OptionId } from './types.js';

const depsRow = (deps: Deps): DepsChoice => DEPS.find((d) => d.value === deps) as DepsChoice;

/**
 * Names a value in a message by where it came from: `--python 3.14` for a flag (or a default), `base-image X from
 * the answers file .create-fastapi-docker.yml` for a value read from a file.
 */
export type Named = (id: OptionId, text: string) => string;

export type Rule = (o: Known, named: Named) => string | undefined;

const OFFICIAL_NAME = OFFICIAL_IMAGE.split('/').at(-1) as string;

export const RULES: readonly Rule[] = [
  (o, named) =>
    o.process === 'official-image' && !o.baseImage && o.python !== undefined && !(OFFICIAL_IMAGE_PYTHONS as readonly string[]).includes(o.python)
      ? `${named('python', o.python)} is not one of ${listWords(OFFICIAL_IMAGE_PYTHONS)}, the Pythons of ${named('process', 'official-image')} (${OFFICIAL_IMAGE} has no newer tags); use --process gunicorn, or --base-image`
      : undefined,
  (o, named) =>
    o.process === 'official-image' && o.baseImage && o.baseImage.baseName !== OFFICIAL_NAME
      ? `${named('baseImage', o.baseImage.ref)} is not a copy of ${OFFICIAL_IMAGE} (its start script runs the app), named …/${OFFICIAL_NAME}, which ${named('process', 'official-image')} needs`
      : undefined,
  (o, named) => {
    const python = o.baseImage && pythonOfImage(o.baseImage);
    return python && o.python !== undefined && python !== o.python
      ? `${named('python', o.python)} disagrees with ${named('baseImage', o.baseImage?.ref ?? '')}, which is Python ${python}; give --python ${python}, or another --base-image, or --no-base-image`
      : undefined;
  },
  (o) => {
    const seen = new Set<string>();
    const twice = o.pins?.find((pin) => seen.size === seen.add(pin.key).size);
    return twice ? `--pin names ${twice.key} twice; give one pin per distribution` : undefined;
  },
  (o, named) => {
    if (o.deps === undefined || o.process === undefined) return undefined;
    const refused = depsRow(o.deps).refuses.find((r) => r.process === o.process);
    return refused ? `${named('deps', o.deps)} does not go with ${named('process', o.process)}: ${refused.why}` : undefined;
  },
];
