import type { ParseResult } from './pep508.js';

/** A whole number in [min, max], written in plain digits (no sign, no exponent, no spaces around). */
export const parseWhole =
  (min: number, max: number) =>
  (raw: string): ParseResult<number> => {
    const n = /^[0-9]{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
    return n >= min && n <= max ? { ok: true, value: n } : { ok: false, problem: `accepts a whole number from ${min} to ${max}` };
  };
