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
