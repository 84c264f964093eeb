import { isIP } from 'node:net';
import { basename } from 'node:path';

/**
 * Each validator returns undefined for a good value, or the phrase "accepts …" naming what is
 * accepted, which the CLI prefixes with the flag and the prompt shows as it is.
 */
export type Check = (raw: string) => string | undefined;

export const parseIntStrict = (raw: string): number | undefined =>
  /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined;

export const checkPort: Check = (raw) => {
  const n = parseIntStrict(raw);
  return n !== undefined && n >= 1 && n <= 65535 ? undefined : 'accepts a whole number from 1 to 65535';
};

export const checkWorkers: Check = (raw) => {
  const n = parseIntStrict(raw);
  return n !== undefined && n >= 1 && n <= 512 ? undefined : 'accepts a whole number from 1 to 512';
};

export const checkOneOf =
  (values: readonly string[]): Check =>
  (raw) =>
    values.includes(raw) ? undefined : `accepts ${listWords(values)}`;

export const listWords = (values: readonly string[]): string =>
  values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;

const NAME_SEGMENT = /^[A-Za-z0-9._-]+$/;

/** A directory: any path whose last segment is a plain name (it becomes the image tag and a Python project name). */
export const checkDirectory: Check = (raw) => {
  const accepts = "accepts a path whose last part uses only letters, digits, '.', '_' and '-'";
  if (raw.trim() === '' || /[\0-\x1f]/.test(raw)) return accepts;
  const name = basename(raw.replace(/[\\/]+$/, '')) || raw;
  if (name === '.' ) return undefined;
  if (name === '..' || !NAME_SEGMENT.test(name) || /^[.-]/.test(name)) return accepts;
  return undefined;
};

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REGISTRY = '(?:(?:[a-zA-Z0-9-]+\\.)*[a-zA-Z0-9-]+(?::[0-9]+)?/)?';
const REFERENCE = new RegExp(`^${REGISTRY}${COMPONENT}(?:/${COMPONENT})*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$`);
const DIGEST = /@sha256:[a-f0-9]{64}$/;

export const checkTag: Check = (raw) =>
  REFERENCE.test(raw) && raw.length <= 255
    ? undefined
    : 'accepts an image name like my-service or registry.example.com/team/my-service:1.0 (lowercase name, optional :tag)';

export const checkBaseImage: Check = (raw) => {
  const withoutDigest = raw.replace(DIGEST, '');
  return REFERENCE.test(withoutDigest) && withoutDigest.length > 0
    ? undefined
    : 'accepts an image reference like python:3.14-slim or registry.example.com/python:3.14-slim@sha256:…';
};

export const checkIndexUrl: Check = (raw) => {
  try {
    const url = new URL(raw);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !/\s/.test(raw)) return undefined;
  } catch {
    // fall through
  }
  return 'accepts an http:// or https:// URL of a PEP 503 simple index, like https://pypi.example.com/simple';
};

const isNetwork = (item: string): boolean => {
  const [address, bits, extra] = item.split('/');
  if (extra !== undefined || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const n = parseIntStrict(bits);
  return n !== undefined && n <= (family === 4 ? 32 : 128);
};

export const checkForwardedAllowIps: Check = (raw) => {
  const items = raw.split(',').map((item) => item.trim());
  const ok = items.length > 0 && items.every((item) => item === '*' || isNetwork(item));
  return ok && !(items.includes('*') && items.length > 1)
    ? undefined
    : "accepts '*' or a comma-separated list of IP addresses and CIDR networks, like 10.0.0.0/8,127.0.0.1";
};

const DOMAIN_ACCEPTS =
  'accepts a lowercase host name like api.example.com (RFC 1123: dot-separated labels of letters, digits and inner hyphens, 63 characters each and 253 in all, not an IP address)';

/**
 * An RFC 1123 host name, in the lowercase form a Kubernetes Ingress requires. One pass over the characters and no
 * regular expression, so the time is linear in the length whatever the input. The last label may not be all digits,
 * so an IPv4 address is refused (RFC 1123 2.1: a top-level label is alphabetic).
 */
export const checkDomain: Check = (raw) => {
  if (raw.length === 0 || raw.length > 253) return DOMAIN_ACCEPTS;
  let labelStart = 0;
  let labelAllDigits = true;
  for (let i = 0; i <= raw.length; i++) {
    const code = i < raw.length ? raw.charCodeAt(i) : 0x2e; // the end closes the last label like a dot
    if (code === 0x2e) {
      const length = i - labelStart;
      if (length < 1 || length > 63 || raw.charCodeAt(i - 1) === 0x2d) return DOMAIN_ACCEPTS;
      if (i === raw.length && labelAllDigits) return DOMAIN_ACCEPTS;
      labelStart = i + 1;
      labelAllDigits = true;
      continue;
    }
    const digit = code >= 0x30 && code <= 0x39;
    const letter = code >= 0x61 && code <= 0x7a;
    const hyphen = code === 0x2d;
    if (!digit && !letter && !hyphen) return DOMAIN_ACCEPTS;
    if (hyphen && i === labelStart) return DOMAIN_ACCEPTS;
    if (!digit) labelAllDigits = false;
  }
  return undefined;
};

const SPEC = '(?:===|==|!=|~=|<=|>=|<|>)\\s*[A-Za-z0-9.*+!_-]+';
const REQUIREMENT = new RegExp(
  `^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(\\[\\s*[A-Za-z0-9._-]+(?:\\s*,\\s*[A-Za-z0-9._-]+)*\\s*\\])?\\s*(${SPEC}(?:\\s*,\\s*${SPEC})*)?\\s*(;\\s*\\S.*)?$`,
);

export interface Requirement {
  /** Normalized distribution name (PEP 503). */
  name: string;
  text: string;
  specifier: string;
}

export const normalizeName = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

export const parseRequirement = (raw: string): Requirement | undefined => {
  const match = REQUIREMENT.exec(raw.trim());
  if (!match || !match[1]) return undefined;
  return { name: normalizeName(match[1]), text: raw.trim(), specifier: (match[3] ?? '').replace(/\s+/g, '') };
};

export const checkPin: Check = (raw) =>
  parseRequirement(raw) ? undefined : 'accepts a PEP 508 requirement like "uvicorn>=0.32,<0.33"';

/** The image tag derived from a directory: its last segment, lowercased, with anything Docker rejects turned into '-'. */
export const tagFromDirectory = (directory: string, cwdName: string): string => {
  const name = basename(directory.replace(/[\\/]+$/, '')) || directory;
  const raw = name === '.' ? cwdName : name;
  const cleaned = raw
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .replace(/[._-]{2,}/g, '-');
  return cleaned === '' ? 'fastapi-app' : cleaned;
};
