/**
 * `--forwarded-allow-ips`: `*`, or addresses and networks. Networks are strict, as Python's
 * `ipaddress.ip_network` is: `10.0.0.5/8` has host bits set, and Gunicorn refuses to start on it while
 * Uvicorn silently trusts nobody, so it is refused here with the network it probably meant.
 */
import { isIP } from 'node:net';
import { shown } from './display.js';
import type { ParseResult } from './pep508.js';

export const MAX_TRUST_LIST_LENGTH = 4096;

const ACCEPTS = "accepts '*' alone, or a comma-separated list of IP addresses and networks, like 10.0.0.0/8,127.0.0.1";

/** The address as bits (IPv4: 32, IPv6: 128), or undefined for a zone index or anything isIP refuses. */
function addressBits(address: string): { bits: bigint; width: number } | undefined {
  const family = isIP(address);
  if (family === 4) {
    const bits = address.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
    return { bits, width: 32 };
  }
  if (family !== 6 || address.includes('%')) return undefined;
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const low = addressBits(v4[1]);
    if (!low) return undefined;
    text = `${text.slice(0, -v4[1].length)}${(low.bits >> 16n).toString(16)}:${(low.bits & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : new Array(8 - headGroups.length - tailGroups.length).fill('0');
  const groups = [...headGroups, ...zeros, ...tailGroups];
  return { bits: groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n), width: 128 };
}

/** An address from its bits: dotted quad, or IPv6 groups with the longest run of zero groups as `::`. */
function addressText(bits: bigint, width: number): string {
  if (width === 32) return [24n, 16n, 8n, 0n].map((s) => (bits >> s) & 255n).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((bits >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.length && j - i > 1) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.start < 0) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}

function entryProblem(entry: string): string | undefined {
  const [address = '', prefix, extra] = entry.split('/');
  const parsed = addressBits(address);
  if (!parsed || extra !== undefined) return `${shown(entry)} is not an IP address or network`;
  if (prefix === undefined) return undefined;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > parsed.width) return `${shown(entry)} has a prefix length outside 0–${parsed.width}`;
  const hostBits = BigInt(parsed.width - Number(prefix));
  if ((parsed.bits & ((1n << hostBits) - 1n)) !== 0n) {
    const network = (parsed.bits >> hostBits) << hostBits;
    return `${shown(entry)} has host bits set; the network is ${addressText(network, parsed.width)}/${prefix}`;
  }
  return undefined;
}

export function parseTrustList(raw: string): ParseResult<string> {
  if (raw.length > MAX_TRUST_LIST_LENGTH) return { ok: false, problem: ACCEPTS };
  const entries = raw.split(',').map((e) => e.trim());
  if (entries.includes('*')) return entries.length === 1 ? { ok: true, value: '*' } : { ok: false, problem: `${ACCEPTS} ('*' already trusts everyone)` };
  for (const entry of entries) {
    const problem = entryProblem(entry);
    if (problem) return { ok: false, problem: `${ACCEPTS}; ${problem}` };
  }
  return { ok: true, value: entries.join(',') };
}
