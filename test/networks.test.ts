/**
 * --forwarded-allow-ips: `*` alone, or addresses and networks read as strictly as Python's ipaddress.ip_network;
 * a network with host bits set is refused with the network it probably meant (the texts below are Python's).
 */
import { describe, expect, it } from 'vitest';
import { parseTrustList } from '../src/options/grammar/networks.js';

const ACCEPTS = "accepts '*' alone, or a comma-separated list of IP addresses and networks, like 10.0.0.0/8,127.0.0.1";
const read = (raw: string): string => {
  const r = parseTrustList(raw);
  return r.ok ? `ok ${r.value}` : r.problem;
};

describe('what is trusted', () => {
  it('writes the list back trimmed, joined by commas', () => {
    expect(read(' 10.0.0.0/8 , ::1,fc00::/7 ')).toBe('ok 10.0.0.0/8,::1,fc00::/7');
    expect(read('127.0.0.1')).toBe('ok 127.0.0.1');
    expect(read(' * ')).toBe('ok *');
  });

  it('takes every prefix length up to the address width, and none beyond', () => {
    expect(read('0.0.0.0/0,10.0.0.1/32,::/0,::1/128,::ffff:10.20.30.40/128')).toBe('ok 0.0.0.0/0,10.0.0.1/32,::/0,::1/128,::ffff:10.20.30.40/128');
    expect(read('10.0.0.0/33')).toBe(`${ACCEPTS}; "10.0.0.0/33" has a prefix length outside 0–32`);
    expect(read('::/129')).toBe(`${ACCEPTS}; "::/129" has a prefix length outside 0–128`);
    for (const prefix of ['', 'x8', '8x', '0008', '-1']) {
      expect(read(`10.0.0.0/${prefix}`)).toBe(`${ACCEPTS}; "10.0.0.0/${prefix}" has a prefix length outside 0–32`);
    }
  });

  it('refuses what is no address: a zone index, a second slash, a name', () => {
    expect(read('fe80::1%eth0')).toBe(`${ACCEPTS}; "fe80::1%eth0" is not an IP address or network`);
    expect(read('10.0.0.0/8/8')).toBe(`${ACCEPTS}; "10.0.0.0/8/8" is not an IP address or network`);
    expect(read('10.0.0.1,localhost')).toBe(`${ACCEPTS}; "localhost" is not an IP address or network`);
  });

  it("refuses '*' beside anything else", () => {
    expect(read('*,10.0.0.1')).toBe(`${ACCEPTS} ('*' already trusts everyone)`);
    expect(read('*,*')).toBe(`${ACCEPTS} ('*' already trusts everyone)`);
  });

  it('reads at most 4096 characters', () => {
    const list = (length: number) => [`${'1'.repeat(length - 4095 + 1)}.1.1.1`, ...Array<string>(511).fill('1.1.1.1')].join(',');
    expect(list(4096)).toHaveLength(4096);
    expect(read(list(4096))).toBe(`ok ${list(4096)}`);
    expect(read(`${list(4096)},`)).toBe(ACCEPTS);
  });
});

describe('host bits set: the network meant, as Python writes it', () => {
  const meant: [string, string][] = [
    ['10.0.0.5/8', '10.0.0.0/8'],
    ['10.0.0.1/31', '10.0.0.0/31'],
    ['10.0.0.1/0', '0.0.0.0/0'],
    ['255.255.255.255/31', '255.255.255.254/31'],
    ['fd00::1/8', 'fd00::/8'],
    ['1:0:0:0:0:0:0:1/64', '1::/64'],
    // the first of two equally long runs of zero groups is the one shortened
    ['1:0:0:2:0:0:3:4/112', '1::2:0:0:3:0/112'],
    // the longest run, wherever it stands
    ['0:0:1:0:0:0:1:1/127', '0:0:1::1:0/127'],
    ['0:0:0:1:2:3:4:5/127', '::1:2:3:4:4/127'],
    ['1:2:3:4:5:6:0:1/127', '1:2:3:4:5:6::/127'],
    // a single zero group stays as it is
    ['1:0:3:4:5:6:7:9/127', '1:0:3:4:5:6:7:8/127'],
    ['1:2:3:4:5:6:7:9/127', '1:2:3:4:5:6:7:8/127'],
    ['::12/124', '::10/124'],
    ['::ffff:10.20.30.40/120', '::ffff:a14:1e00/120'],
  ];
  for (const [entry, network] of meant) {
    it(entry, () => expect(read(`127.0.0.1,${entry}`)).toBe(`${ACCEPTS}; "${entry}" has host bits set; the network is ${network}`));
  }
});
