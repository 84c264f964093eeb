/** mergeText and planUpdate beyond the everyday cases: requirement lists, edits that already hold the update, order. */
import { describe, expect, it } from 'vitest';
import { mergeText, planUpdate } from '../src/render/merge.js';

const labels = { yours: 'your version', theirs: 'create-fastapi-docker 9.9.9' };
const bothAdd = (path: string) => mergeText('a\nb\n', 'a\nb\nx\nmine\n', 'a\nb\nx\nnew\n', labels, path);

describe('mergeText in a requirements list', () => {
  it('keeps both additions at one place, the new render\'s first, a line both added once', () => {
    for (const path of ['requirements.txt', 'requirements-dev.txt', 'sub/requirements-prod.txt']) {
      expect(bothAdd(path), path).toEqual({ conflict: false, content: 'a\nb\nx\nnew\nmine\n' });
    }
  });

  it('is a conflict anywhere else, and where both changed a line already there', () => {
    const conflict = 'a\nb\n<<<<<<< your version\nx\nmine\n=======\nx\nnew\n>>>>>>> create-fastapi-docker 9.9.9\n';
    for (const path of ['requirements/x.txt', 'myrequirements.txt', 'requirements.txt.bak', 'Dockerfile', '']) {
      expect(bothAdd(path), path).toEqual({ conflict: true, content: conflict });
    }
    expect(mergeText('a\nb\nc\n', 'a\nB1\nc\n', 'a\nB2\nc\n', labels, 'requirements.txt')).toEqual({
      conflict: true,
      content: 'a\n<<<<<<< your version\nB1\n=======\nB2\n>>>>>>> create-fastapi-docker 9.9.9\nc\n',
    });
  });
});

describe('planUpdate', () => {
  it('leaves a file alone that nobody changed', () => {
    expect(planUpdate(new Map([['f', 'a\n']]), new Map([['f', 'a\n']]), [{ path: 'f', content: 'a\n' }], labels)).toEqual([{ path: 'f', kind: 'unchanged' }]);
  });

  it('leaves a file alone when your edits already hold the update', () => {
    const [o] = planUpdate(new Map([['f', 'a\nb\nc\nd\ne']]), new Map([['f', 'A\nb\nc\nd\nE']]), [{ path: 'f', content: 'a\nb\nc\nd\nE' }], labels);
    expect(o).toEqual({ path: 'f', kind: 'unchanged' });
  });

  it('keeps the new mode on a merged or conflicting file', () => {
    const merged = planUpdate(new Map([['s', 'a\nb\nc\n']]), new Map([['s', 'A\nb\nc\n']]), [{ path: 's', content: 'a\nb\nC\n', mode: 0o755 }], labels);
    expect(merged).toEqual([{ path: 's', kind: 'merged', content: 'A\nb\nC\n', mode: 0o755 }]);
    const conflict = planUpdate(new Map([['s', 'a\n']]), new Map([['s', 'A\n']]), [{ path: 's', content: 'B\n', mode: 0o755 }], labels);
    expect(conflict).toEqual([{ path: 's', kind: 'conflict', content: '<<<<<<< your version\nA\n=======\nB\n>>>>>>> create-fastapi-docker 9.9.9\n', mode: 0o755 }]);
  });

  it('lists the outcomes by path, removed and kept files among them', () => {
    const base = new Map([['b', 'b'], ['d', 'd'], ['z', 'z']]);
    const current = new Map<string, string | undefined>([['a', undefined], ['b', 'b'], ['d', 'D'], ['z', 'z']]);
    const outcomes = planUpdate(base, current, [{ path: 'z', content: 'Z' }, { path: 'a', content: 'a' }], labels);
    expect(outcomes).toEqual([
      { path: 'a', kind: 'added', content: 'a', mode: undefined },
      { path: 'b', kind: 'removed' },
      { path: 'd', kind: 'kept', note: 'it is no longer generated, and you edited it, so it stays' },
      { path: 'z', kind: 'updated', content: 'Z', mode: undefined },
    ]);
  });
});
