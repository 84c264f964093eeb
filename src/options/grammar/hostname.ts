import type { ParseResult } from './pep508.js';

const ACCEPTS =
  'accepts a host name like api.example.com (RFC 1123: dot-separated labels of letters, digits and inner hyphens, 63 characters each and 253 in all, not an IP address)';

/**
 * An RFC 1123 host name, in the lowercase form a Kubernetes Ingress requires (--domain). One pass over the characters
 * and no regular expression, so the time is linear in the length whatever the input. The last label may not be all
 * digits, so an IPv4 address is refused (RFC 1123 2.1: a top-level label is alphabetic).
 */
export function parseHostName(given: string): ParseResult<string> {
  // Host names are case-insensitive (RFC 4343); the Ingress wants them lowercase, so they are written lowercase.
  const raw = given.replace(/[A-Z]/g, (c) => c.toLowerCase()); // ASCII only: U+212A (Kelvin) must not become k
  const refused = { ok: false as const, problem: ACCEPTS };
  if (raw.length > 253) return refused; // an empty name fails below: its one label is empty
  let labelStart = 0;
  let labelAllDigits = true;
  for (let i = 0; i <= raw.length; i++) {
    const code = i < raw.length ? raw.charCodeAt(i) : 0x2e; // the end closes the last label like a dot
    if (code === 0x2e) {
      const length = i - labelStart;
      if (length < 1 || length > 63 || raw.charCodeAt(i - 1) === 0x2d) return refused;
      if (i === raw.length && labelAllDigits) return refused;
      labelStart = i + 1;
      labelAllDigits = true;
      continue;
    }
    const digit = code >= 0x30 && code <= 0x39;
    const letter = code >= 0x61 && code <= 0x7a;
    const hyphen = code === 0x2d;
    if (!digit && !letter && !hyphen) return refused;
    if (hyphen && i === labelStart) return refused;
    if (!digit) labelAllDigits = false;
  }
  return { ok: true, value: raw };
}
