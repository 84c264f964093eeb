/**
 * Where a hadolint rule does not hold for what the user asked, the piece that trips it carries an ignore with the
 * reason (printed as `# hadolint ignore=RULE # reason` above the instruction). Every generated Dockerfile of every
 * combination lints clean with hadolint's default rules (test/lint.test.ts), and every ignore is needed there.
 */
import type { Requirement } from '../../options/grammar/pep508.js';
import type { Options } from '../../options/types.js';
import type { LintIgnore } from './model.js';

/**
 * hadolint asks every FROM for a tag (DL3006) other than `latest` (DL3007), so that a rebuild gets the same base.
 * Our own base images have one; a --base-image given without (and without a digest) is written as given, and says so.
 */
export function baseImageIgnores(o: Options): LintIgnore[] {
  const ref = o.baseImage;
  if (!ref || ref.digest) return [];
  const pin = 'add a tag or an @sha256 digest to --base-image to pin it';
  if (ref.tag === undefined) return [{ rule: 'DL3006', reason: `--base-image names no tag, so Docker takes :latest as it is that day; ${pin}` }];
  if (ref.tag === 'latest') return [{ rule: 'DL3007', reason: `--base-image names :latest, which moves; ${pin}` }];
  return [];
}

/** hadolint wants a version on every `pip install NAME` (DL3013); a --pin without one asked for the newest release. */
export function unversionedIgnores(requirements: readonly Requirement[]): LintIgnore[] {
  const names = requirements.filter((r) => r.specifiers.length === 0 && r.url === undefined).map((r) => `--pin ${r.name}`);
  return names.length ? [{ rule: 'DL3013', reason: `${names.join(' and ')} named no version, so pip installs the newest; add one to pin it` }] : [];
}
