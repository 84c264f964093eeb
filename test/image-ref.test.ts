/** Docker image references, part by part: domain, path, tag, digest, and the length limits. */
import { describe, expect, it } from 'vitest';
import { parseImageRef, pythonOfImage } from '../src/options/grammar/image-ref.js';

const NAME_ONLY = 'accepts an image name like my-service or registry.example.com/team/my-service:1.0 (lowercase name, optional :tag)';
const WITH_DIGEST = 'accepts an image reference like python:3.14-slim or registry.example.com/python:3.14-slim@sha256:…';
const DIGEST = `sha256:${'a'.repeat(64)}`;
const ok = (raw: string, digest = true) => parseImageRef(raw, { digest }).ok;

describe('the parts of a reference', () => {
  it('splits off the tag and digest and names the last path part', () => {
    expect(parseImageRef('svc', { digest: false })).toEqual({ ok: true, value: { ref: 'svc', name: 'svc', baseName: 'svc', tag: undefined, digest: undefined } });
    expect(parseImageRef('registry.example.com:5000/team/svc:1.0', { digest: false })).toEqual({
      ok: true,
      value: { ref: 'registry.example.com:5000/team/svc:1.0', name: 'registry.example.com:5000/team/svc', baseName: 'svc', tag: '1.0', digest: undefined },
    });
    expect(parseImageRef(`python:3.14-slim@${DIGEST}`, { digest: true })).toEqual({
      ok: true,
      value: { ref: `python:3.14-slim@${DIGEST}`, name: 'python', baseName: 'python', tag: '3.14-slim', digest: DIGEST },
    });
  });

  it('takes a digest only where one is allowed, and only a sha256 of 64 hex digits', () => {
    expect(parseImageRef(`svc@${DIGEST}`, { digest: false })).toEqual({ ok: false, problem: NAME_ONLY });
    expect(parseImageRef(`svc@sha256:${'a'.repeat(63)}`, { digest: true })).toEqual({ ok: false, problem: WITH_DIGEST });
    expect(ok(`svc@sha256:${'A'.repeat(64)}`)).toBe(false);
    expect(ok(`svc@sha512:${'a'.repeat(64)}`)).toBe(false);
    expect(ok(`@${DIGEST}`)).toBe(false);
  });
});

describe('the first part is a registry when it has a dot or a port, or is localhost', () => {
  it('takes a registry where a path part would not fit', () => {
    for (const raw of ['Example.com/x', 'localhost:5000/x', 'localhost/x', 'my-host:5000/x', 'a.b-c.d/x/y', '1.2.3.4:65535/x']) expect(ok(raw), raw).toBe(true);
  });

  it('reads any other first part as a path part', () => {
    for (const raw of ['a_b/c', 'a__b/c', 'team/svc']) expect(ok(raw), raw).toBe(true);
    expect(ok('Team/svc')).toBe(false);
  });

  it('refuses a registry with a bad name or port', () => {
    for (const raw of ['-bad.com/x', 'bad-.com/x', 'ok.-b/x', 'a..b/x', 'h:x5/x', 'h:5000x/x', 'h:x5000/x', 'h:123456/x', 'h:1:2/x', 'h:/x', 'h_1.com/x']) {
      expect(ok(raw), raw).toBe(false);
    }
  });
});

describe('path parts and tags', () => {
  it('takes lowercase path parts joined by one separator', () => {
    for (const raw of ['a.b', 'a_b', 'a__b', 'a--b', 'a-b-c', 'x/y/z', '0']) expect(ok(raw), raw).toBe(true);
    for (const raw of ['A', 'a//b', 'a___b', 'a..b', '-a', 'a-', '_a', 'a/', '/a', '']) expect(ok(raw), raw).toBe(false);
  });

  it('takes a tag of a word character and up to 127 more', () => {
    for (const tag of ['1', '_x', 'latest', 'v1.0-rc_2', 'T'.repeat(128)]) expect(ok(`svc:${tag}`), tag).toBe(true);
    for (const tag of ['', '-1', '.x', 'a b', 'T'.repeat(129), 'a:b']) expect(ok(`svc:${tag}`), tag).toBe(false);
  });
});

describe('lengths', () => {
  const name = (length: number) => `r.io/${'a'.repeat(length - 5)}`;

  it('takes a name of up to 255 characters', () => {
    expect(ok(name(255))).toBe(true);
    expect(parseImageRef(name(256), { digest: false })).toEqual({ ok: false, problem: NAME_ONLY });
  });

  it('takes the longest reference there is: that name, a 128-character tag and a digest', () => {
    const longest = `${name(255)}:${'t'.repeat(128)}@${DIGEST}`;
    expect(longest).toHaveLength(456);
    expect(parseImageRef(longest, { digest: true })).toMatchObject({ ok: true, value: { tag: 't'.repeat(128), digest: DIGEST } });
    expect(ok(`${name(255)}:${'t'.repeat(129)}@${DIGEST}`)).toBe(false);
  });
});

describe('pythonOfImage', () => {
  const pythonOf = (raw: string) => {
    const r = parseImageRef(raw, { digest: true });
    return r.ok ? pythonOfImage(r.value) : 'refused';
  };

  it('reads the Python version a tag starts with', () => {
    expect(pythonOf('python:3.12-slim')).toBe('3.12');
    expect(pythonOf('python:3.12')).toBe('3.12');
    expect(pythonOf('python:3.12.4-bookworm')).toBe('3.12');
    expect(pythonOf('tiangolo/uvicorn-gunicorn-fastapi:python3.11-slim')).toBe('3.11');
  });

  it('finds none where the tag does not start with one', () => {
    for (const raw of ['python', 'python:latest', 'python:slim-3.12', 'python:3.123', 'python:py3.12', 'python:2.7']) expect(pythonOf(raw), raw).toBeUndefined();
  });
});
