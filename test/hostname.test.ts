import { describe, expect, it } from 'vitest';
import { parseHostName } from '../src/options/grammar/hostname.js';

const problem = (raw: string) => {
  const parsed = parseHostName(raw);
  return parsed.ok ? undefined : parsed.problem;
};

describe('--domain: an RFC 1123 host name, read in one pass', () => {
  const good = ['localhost', 'api.example.com', 'a', 'x-1.example.co', '1password.com', `${'a'.repeat(63)}.example.com`, `${'a.'.repeat(125)}ab`,
    `${'a.'.repeat(125)}abc`, '123.example.com', 'a0.b9.z', 'z'];
  const bad = [
    '', '.', 'example.com.', '.example.com', 'a..b', '-api.example.com', 'api-.example.com', 'api_v1.example.com', '\u212aelvin.example.com',
    'api.example.com:443', 'https://api.example.com', '*.example.com', 'api example.com', 'ápi.example.com', '10.0.0.1', 'host.123',
    `${'a'.repeat(64)}.example.com`, `${'a.'.repeat(126)}ab`, 'api.example.com\n', 'x\u0000', '123', '0', '9', 'a.0', 'a/b', 'a:b', 'a`b', 'a{b',
  ];
  it.each(good)('accepts %s', (name) => expect(parseHostName(name)).toEqual({ ok: true, value: name }));
  it('lowercases ASCII letters (host names are case-insensitive), and only those', () => {
    expect(parseHostName('API.Example.COM')).toEqual({ ok: true, value: 'api.example.com' });
  });
  it.each(bad)('refuses %j', (name) => expect(problem(name)).toMatch(/^accepts a host name/));

  it('stays linear on inputs that make backtracking patterns explode (a catastrophic regex takes seconds on these)', () => {
    // At most 253 characters get past the length check, so the worst cases are that long: runs of label-like text
    // that fail only at the last character.
    const hostile = [`${'a-'.repeat(126)}!`, `${`${'a'.repeat(62)}.`.repeat(4).slice(0, 252)}-`, `${'a.'.repeat(126)}-`, `${'0.'.repeat(126)}0`];
    for (const input of hostile) expect(input.length).toBeLessThanOrEqual(253);
    for (const input of hostile) expect(problem(input)).toBeDefined();
    // Against valid names of the same length, timed in the same run (so a slow or instrumented machine scales both):
    // linear reading costs about the same; backtracking costs thousands of times more.
    const valid = `${'a'.repeat(62)}.`.repeat(4).slice(0, 251);
    expect(parseHostName(valid).ok).toBe(true);
    const time = (inputs: string[]) => {
      const started = performance.now();
      for (let i = 0; i < 2_000; i++) for (const input of inputs) parseHostName(input);
      return performance.now() - started;
    };
    time([valid]);
    const anchor = time(hostile.map(() => valid));
    expect(time(hostile)).toBeLessThan(anchor * 5 + 20);
  });
});
