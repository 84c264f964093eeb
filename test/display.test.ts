/** How a value the user gave is quoted back in a one-line message: escaped, credentials masked, long values cut. */
import { describe, expect, it } from 'vitest';
import { maskCredentials, shown } from '../src/options/grammar/display.js';

describe('maskCredentials', () => {
  it('masks the user-info of every URL, and only that', () => {
    expect(maskCredentials('https://user:pass@host/x')).toBe('https://***@host/x');
    expect(maskCredentials('a https://u@h1/p and git+ssh://git:t@h2 end')).toBe('a https://***@h1/p and git+ssh://***@h2 end');
    expect(maskCredentials('://u:p@x')).toBe('://***@x');
  });

  it('leaves a URL without user-info as it is, even with an @ after its host', () => {
    for (const text of ['see https://host/simple then', 'https://host/p@x', 'https://host?x=@y', 'https://host#@y', 'https://u p@host', 'https://host', 'no url', '']) {
      expect(maskCredentials(text), text).toBe(text);
    }
    expect(maskCredentials('https://h/a https://u:p@h/b')).toBe('https://h/a https://***@h/b');
  });
});

describe('shown', () => {
  it('quotes and escapes the value, so a newline cannot break the line', () => {
    expect(shown('a\nb"c')).toBe('"a\\nb\\"c"');
    expect(shown('')).toBe('""');
  });

  it('shows up to 80 characters whole, and cuts a longer value, saying how long it was', () => {
    expect(shown('x'.repeat(80))).toBe(`"${'x'.repeat(80)}"`);
    expect(shown('x'.repeat(81))).toBe(`"${'x'.repeat(80)}…" (81 characters)`);
  });

  it('masks before cutting, and counts the characters given', () => {
    expect(shown(`https://${'u'.repeat(100)}@h`)).toBe('"https://***@h"');
    expect(shown(`https://u:p@h/${'x'.repeat(80)}`)).toBe(`"${`https://***@h/${'x'.repeat(80)}`.slice(0, 80)}…" (94 characters)`);
  });
});
