/**
 * PEP 440 version specifiers, as PEP 508 requirements use them. Each version is a short token that the
 * requirement scanner has already cut (a bounded run of [A-Za-z0-9._*+!-]); these patterns are anchored and
 * have no nested repetition over the same characters, so they run in time linear in the token.
 */
const EPOCH_RELEASE = 'v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*';
const PRE = '(?:[-_.]?(?:alpha|a|beta|b|preview|pre|c|rc)[-_.]?[0-9]*)?';
const POST = '(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?';
const DEV = '(?:[-_.]?dev[-_.]?[0-9]*)?';
const LOCAL = '(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?';

const PUBLIC = `${EPOCH_RELEASE}${PRE}${POST}${DEV}`;
/** == and !=: a full version (local allowed), or a release prefix ending in .* */
const EQUALITY = new RegExp(`^(?:${PUBLIC}${LOCAL}|${EPOCH_RELEASE}\\.\\*)$`, 'i');
/** ~=: no local version, no wildcard, and at least two release segments. */
const COMPATIBLE = new RegExp(`^v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)+${PRE}${POST}${DEV}$`, 'i');
/** <, <=, >, >=: no local version, no wildcard. */
const ORDERED = new RegExp(`^${PUBLIC}$`, 'i');
const ARBITRARY = /^[^\s;)]+$/;

export const OPERATORS = ['===', '~=', '==', '!=', '<=', '>=', '<', '>'] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Specifier {
  op: Operator;
  version: string;
}

/** Whether the version fits the operator, following PEP 440's rules for each. */
export function specifierProblem({ op, version }: Specifier): string | undefined {
  const ok =
    op === '===' ? ARBITRARY.test(version)
    : op === '==' || op === '!=' ? EQUALITY.test(version)
    : op === '~=' ? COMPATIBLE.test(version)
    : ORDERED.test(version);
  if (ok) return undefined;
  if (op === '~=') return `"${op}${version}" needs a version with at least two parts and no local label, like ~=1.4`;
  return `"${op}${version}" is not a PEP 440 version specifier`;
}
