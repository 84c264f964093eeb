/**
 * URLs that reach generated files: the package index (`--index-url`) and URL requirements (`pkg @ https://…`).
 * Each is parsed with the WHATWG `URL` parser and written back from its parts, so what lands in a file is the
 * parser's own serialization, limited to characters that are inert on a requirements-file line and in a TOML string.
 */
import type { ParseResult } from './pep508.js';

/** Longest URL we read; a longer value is refused before parsing. */
export const MAX_URL_LENGTH = 2048;

/** Credentials taken out of an index URL: they are passed at build time as a secret and never written. */
export interface IndexCredentials {
  username: string;
  password: string;
}

export interface IndexUrl {
  /** The URL as written into files: no credentials, no query, no fragment. */
  url: string;
  host: string;
  credentials: IndexCredentials | undefined;
}

/** Control characters, spaces, and what is no URL character at all (the URL parser would turn `\\` into `/`). */
const NOT_URL = /[\u0000-\u0020\u007f-\u009f\\"'`<>{}|^$]/;
const PATH = /^[A-Za-z0-9._~/%+-]*$/;
/** RFC 3986 characters without `$` and `'` (pip expands ${VAR} in requirements files; quotes end shell words). */
const URL_CHARS = /^[A-Za-z0-9._~:/?#[\]@!&()*+,;=%-]+$/;
const REQUIREMENT_SCHEMES = ['https:', 'http:', 'file:', 'git+https:', 'git+http:', 'git+ssh:', 'git+file:'];

const parse = (raw: string): URL | undefined => {
  if (raw.length > MAX_URL_LENGTH || NOT_URL.test(raw)) return undefined;
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
};

const INDEX_ACCEPTS = 'accepts the http:// or https:// URL of a PEP 503 simple index, like https://pypi.example.com/simple (no query or fragment)';

export function parseIndexUrl(raw: string): ParseResult<IndexUrl> {
  const url = parse(raw);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return { ok: false, problem: INDEX_ACCEPTS };
  if (url.search || url.hash || raw.includes('?') || raw.includes('#') || !PATH.test(url.pathname)) {
    return { ok: false, problem: INDEX_ACCEPTS };
  }
  let credentials: IndexCredentials | undefined;
  try {
    credentials = url.username || url.password ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : undefined;
  } catch {
    return { ok: false, problem: `${INDEX_ACCEPTS}; its user name or password has a malformed %-escape` };
  }
  return { ok: true, value: { url: `${url.protocol}//${url.host}${url.pathname}`, host: url.hostname, credentials } };
}

/** The URL of a `name @ URL` requirement, as written back: pip and Poetry fetch it at build time, so no secrets. */
export function parseRequirementUrl(raw: string): ParseResult<string> {
  const url = parse(raw);
  if (!url || !REQUIREMENT_SCHEMES.includes(url.protocol)) {
    return { ok: false, problem: `expected a URL (${REQUIREMENT_SCHEMES.map((s) => s.slice(0, -1)).join(', ')}) after "@"` };
  }
  if (url.password || (url.username && url.protocol !== 'git+ssh:')) {
    return { ok: false, problem: 'the URL carries credentials, which would be written into files; use --index-url with a build secret instead' };
  }
  if (!URL_CHARS.test(url.href)) return { ok: false, problem: "the URL has characters outside RFC 3986 (or $ or ')" };
  return { ok: true, value: url.href };
}
