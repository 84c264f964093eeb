/** URLs that reach generated files: the package index and `name @ URL` requirements. */
import { describe, expect, it } from 'vitest';
import { parseIndexUrl, parseRequirementUrl } from '../src/options/grammar/urls.js';

const INDEX_ACCEPTS = 'accepts the http:// or https:// URL of a PEP 503 simple index, like https://pypi.example.com/simple (no query or fragment)';

describe('parseIndexUrl', () => {
  it("writes the URL parser's own text, without credentials", () => {
    expect(parseIndexUrl('HTTPS://Pypi.Example.com:443/simple')).toEqual({ ok: true, value: { url: 'https://pypi.example.com/simple', host: 'pypi.example.com', credentials: undefined } });
    expect(parseIndexUrl('http://h:8443/a%20b/+x~y')).toEqual({ ok: true, value: { url: 'http://h:8443/a%20b/+x~y', host: 'h', credentials: undefined } });
    expect(parseIndexUrl('https://h')).toEqual({ ok: true, value: { url: 'https://h/', host: 'h', credentials: undefined } });
  });

  it('takes a user name, a password, or both, %-decoded', () => {
    expect(parseIndexUrl('https://token@h/simple')).toMatchObject({ ok: true, value: { url: 'https://h/simple', credentials: { username: 'token', password: '' } } });
    expect(parseIndexUrl('https://:pw@h/simple')).toMatchObject({ ok: true, value: { credentials: { username: '', password: 'pw' } } });
    expect(parseIndexUrl('https://u%40x:p%3Aw@h/simple')).toMatchObject({ ok: true, value: { credentials: { username: 'u@x', password: 'p:w' } } });
    expect(parseIndexUrl('https://u:%E0%A4%A@h/simple')).toEqual({ ok: false, problem: `${INDEX_ACCEPTS}; its user name or password has a malformed %-escape` });
  });

  it('refuses other schemes, any query or fragment, and path characters a requirements file would read', () => {
    for (const raw of ['ftp://h/simple', 'file:///simple', 'h/simple', 'https://h/simple?', 'https://h/simple#', 'https://h/simple?x=1', 'https://h/a;b', 'https://h/a@b', 'https://h/a:b', 'https://h/a,b', 'https://h/a b', 'https://h/$x', 'https://h/a\\b']) {
      expect(parseIndexUrl(raw), raw).toEqual({ ok: false, problem: INDEX_ACCEPTS });
    }
  });

  it('reads at most 2048 characters', () => {
    const url = `https://h/${'a'.repeat(2038)}`;
    expect(url).toHaveLength(2048);
    expect(parseIndexUrl(url).ok).toBe(true);
    expect(parseIndexUrl(`${url}a`)).toEqual({ ok: false, problem: INDEX_ACCEPTS });
  });
});

describe('parseRequirementUrl', () => {
  it('takes each scheme pip and Poetry fetch, written as the URL parser writes it', () => {
    const urls = ['https://h/x.whl', 'http://h/x', 'file:///w/a.whl', 'git+https://github.com/o/r@v1#egg=x', 'git+http://h/r', 'git+ssh://git@github.com/o/r', 'git+file:///r'];
    for (const raw of urls) expect(parseRequirementUrl(raw), raw).toEqual({ ok: true, value: raw });
    expect(parseRequirementUrl('HTTPS://H/x?q=1&r=(2)')).toEqual({ ok: true, value: 'https://h/x?q=1&r=(2)' });
  });

  it('names the schemes it takes when given another, or no URL', () => {
    for (const raw of ['ftp://h/x', 'not a url', '', 'https://h/a b', `https://h/${'a'.repeat(2039)}`]) {
      expect(parseRequirementUrl(raw), raw).toEqual({ ok: false, problem: 'expected a URL (https, http, file, git+https, git+http, git+ssh, git+file) after "@"' });
    }
  });

  it('refuses credentials, except the user of git+ssh', () => {
    for (const raw of ['https://u:p@h/x', 'https://u@h/x', 'git+https://u@h/r', 'git+ssh://git:p@github.com/o/r']) {
      expect(parseRequirementUrl(raw), raw).toEqual({ ok: false, problem: 'the URL carries credentials, which would be written into files; use --index-url with a build secret instead' });
    }
  });

  it('refuses what the URL parser writes outside RFC 3986: a host that maps to a backquote', () => {
    expect(parseRequirementUrl('https://h\u1fefx/a')).toEqual({ ok: false, problem: "the URL has characters outside RFC 3986 (or $ or ')" });
  });
});
