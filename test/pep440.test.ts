/**
 * PEP 440 specifiers, operator by operator: what each accepts and refuses (the same answers packaging 26 gives),
 * and the message for each kind of refusal.
 */
import { describe, expect, it } from 'vitest';
import { type Operator, specifierProblem } from '../src/options/grammar/pep440.js';

const cases: [Operator, string[], string[]][] = [
  ['===', ['foo', '1.0+x', '1.*'], ['a;b', 'a)', 'a b']],
  ['==', ['1.0', '1.*', '1.0+local', '1!2.0', 'v1.0', '1.0a1', '1.0.post1', '1.0.dev1', '1.0-1', '1.0RC1'], ['1.*.1', '1.0+', '*', 'a', '1.0+local.*', '1.0a1.*']],
  ['!=', ['1.*', '1.0+l', '2!1.0'], ['x', '1.*.1', '1.0+']],
  ['~=', ['1.4', '1.4.5', '1!1.4a1', 'v1.4.post2.dev3'], ['1', '1.*', '1.4+local', '1!1']],
  ['<', ['1', '1.0a1', '1.0rc1-1'], ['1.*', '1.0+local', 'x']],
  ['<=', ['1', '1.0.dev0'], ['1.*', '1.0+local']],
  ['>', ['1', '1.0b2'], ['1.*', '1.0+local']],
  ['>=', ['2!1', '1.0'], ['1.0+local', '1.*']],
];

describe('each operator takes the versions PEP 440 gives it', () => {
  for (const [op, accepted, refused] of cases) {
    it(op, () => {
      for (const version of accepted) expect(specifierProblem({ op, version }), `${op}${version}`).toBeUndefined();
      for (const version of refused) expect(specifierProblem({ op, version }), `${op}${version}`).toBeDefined();
    });
  }
});

describe('the message', () => {
  it('~= asks for two release parts and no local label', () => {
    expect(specifierProblem({ op: '~=', version: '1' })).toBe('"~=1" needs a version with at least two parts and no local label, like ~=1.4');
  });

  it('every other operator says the specifier is not PEP 440', () => {
    expect(specifierProblem({ op: '<', version: '1.*' })).toBe('"<1.*" is not a PEP 440 version specifier');
    expect(specifierProblem({ op: '==', version: '1.0+' })).toBe('"==1.0+" is not a PEP 440 version specifier');
    expect(specifierProblem({ op: '===', version: 'a b' })).toBe('"===a b" is not a PEP 440 version specifier');
  });
});
