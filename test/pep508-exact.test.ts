/**
 * PEP 508 requirements, exactly: the canonical text each one is written as, and the one-line message (with its
 * position in the input) for each way a requirement can be wrong.
 */
import { describe, expect, it } from 'vitest';
import { parseRequirement, parseRequirementList, requirementText } from '../src/options/grammar/pep508.js';

const problem = (text: string): string => {
  const r = parseRequirement(text);
  return r.ok ? `accepted as ${requirementText(r.value)}` : r.problem;
};
const listProblem = (text: string): string => {
  const r = parseRequirementList(text);
  return r.ok ? `accepted as ${r.value.map(requirementText).join(' | ')}` : r.problem;
};

describe('marker parentheses', () => {
  it('a prompt answer nested deeper than a requirement can hold is one line, not a stack overflow', () => {
    expect(listProblem(`x; ${'('.repeat(5000)}`)).toBe('expected at most 500 nested parentheses at character 504 ("(")');
    expect(problem(`x; ${'('.repeat(600)}`)).toBe('expected at most 500 nested parentheses at character 504 ("(")');
    const nested = (depth: number) => `x; ${'('.repeat(depth)}extra == "a"${')'.repeat(depth)}`;
    expect(listProblem(nested(500))).toBe('a requirement is longer than 1000 characters');
    expect(listProblem(nested(501))).toBe('expected at most 500 nested parentheses at character 504 ("(")');
    expect(problem(nested(490))).toBe('accepted as x; extra == "a"');
    // depth counts open parentheses only: many groups side by side are as long as they are, not deep
    const wide = `x; ${Array.from({ length: 600 }, () => '(extra == "a")').join(' or ')}`;
    expect(listProblem(wide)).toBe('a requirement is longer than 1000 characters');
  });
});
