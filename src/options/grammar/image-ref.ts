/**
 * Docker image references (distribution/reference): `[host[:port]/]path[:tag][@sha256:…]`.
 * The name is split on `/` and each part checked on its own, after a length check, so no pattern ever runs
 * over more than one short component.
 */
import type { ParseResult } from './pep508.js';

export const MAX_NAME_LENGTH = 255;

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

export interface ImageRef {
  /** The whole reference, as given. */
  ref: string;
  /** Everything before the tag: registry host and path. */
  name: string;
  /** The last path component: what a container is named after. */
  baseName: string;
  tag: string | undefined;
  digest: string | undefined;
}

const isDomain = (part: string): boolean => {
  const [host = '', port, extra] = part.split(':');
  if (extra !== undefined || (port !== undefined && !/^[0-9]{1,5}$/.test(port))) return false;
  return host.split('.').every((c) => DOMAIN_COMPONENT.test(c));
};

export function parseImageRef(raw: string, options: { digest: boolean }): ParseResult<ImageRef> {
  const accepts = options.digest
    ? 'accepts an image reference like python:3.14-slim or registry.example.com/python:3.14-slim@sha256:…'
    : 'accepts an image name like my-service or registry.example.com/team/my-service:1.0 (lowercase name, optional :tag)';
  const fail = { ok: false as const, problem: accepts };
  if (raw.length > MAX_NAME_LENGTH + 200) return fail;
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!options.digest || !DIGEST.test(digest)) return fail;
  }
  const parts = rest.split('/');
  const last = parts.pop() ?? '';
  const colon = last.indexOf(':');
  const tag = colon >= 0 ? last.slice(colon + 1) : undefined;
  const baseName = colon >= 0 ? last.slice(0, colon) : last;
  if (tag !== undefined && !TAG.test(tag)) return fail;
  const first = parts[0];
  const hasDomain = first !== undefined && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasDomain && !isDomain(first)) return fail;
  const path = [...(hasDomain ? parts.slice(1) : parts), baseName];
  if (!path.every((c) => PATH_COMPONENT.test(c))) return fail;
  const name = [...parts, baseName].join('/');
  if (name.length > MAX_NAME_LENGTH) return fail;
  return { ok: true, value: { ref: raw, name, baseName, tag, digest } };
}

/** The Python version an image's tag names, as in python:3.12-slim or …:python3.11-slim; undefined if none. */
export function pythonOfImage(ref: ImageRef): string | undefined {
  const match = /^(?:python)?(3\.\d{1,2})(?:$|[-.])/.exec(ref.tag ?? '');
  return match?.[1];
}
