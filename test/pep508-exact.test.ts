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

describe('the canonical text', () => {
  const canonical: [string, string][] = [
    ['x', 'x'],
    ['  Foo.Bar__baz  ', 'Foo.Bar__baz'],
    ['x [ a , b ] ( >= 1 , < 2 )', 'x[a,b]>=1,<2'],
    ['x >= 1 , < 2', 'x>=1,<2'],
    ['x\t>=\t1\t,\t<2\t;\textra == "a"', 'x>=1,<2; extra == "a"'],
    ['x[]', 'x'],
    ['x[]>=1', 'x>=1'],
    ["x;extra=='a'", 'x; extra == "a"'],
    ["x; 'a' in extra", 'x; "a" in extra'],
    ['x; extra not  in "a"', 'x; extra not in "a"'],
    ['x; python_version>"3"and extra=="a"', 'x; python_version > "3" and extra == "a"'],
    ['x; python_version ~= "3.1" or python_version === "3.1"', 'x; python_version ~= "3.1" or python_version === "3.1"'],
    ['x; platform_version == "a.b_c+d*e!f~g,h:i/j@k-l"', 'x; platform_version == "a.b_c+d*e!f~g,h:i/j@k-l"'],
    ['x@https://e.com/a.whl', 'x @ https://e.com/a.whl'],
    ['x[s] @ https://e.com/a.whl ; (extra == "a")', 'x[s] @ https://e.com/a.whl ; extra == "a"'],
  ];
  for (const [text, written] of canonical) it(text, () => expect(problem(text)).toBe(`accepted as ${written}`));

  it('parenthesizes a marker only where "or" sits inside "and"', () => {
    const marker = (text: string) => problem(`x; ${text}`).replace('accepted as x; ', '');
    expect(marker('extra == "a" or extra == "b"')).toBe('extra == "a" or extra == "b"');
    expect(marker('extra == "a" and extra == "b" and extra == "c"')).toBe('extra == "a" and extra == "b" and extra == "c"');
    expect(marker('extra == "a" or extra == "b" and extra == "c"')).toBe('extra == "a" or extra == "b" and extra == "c"');
    expect(marker('(extra == "a" and extra == "b") or extra == "c"')).toBe('extra == "a" and extra == "b" or extra == "c"');
    expect(marker('(extra == "a" or extra == "b") and extra == "c"')).toBe('(extra == "a" or extra == "b") and extra == "c"');
    expect(marker('extra == "a" and (extra == "b" or extra == "c")')).toBe('extra == "a" and (extra == "b" or extra == "c")');
    expect(marker('((extra == "a"))')).toBe('extra == "a"');
  });

  it('reads the parts into the tree: name as written, the normalized key, extras, URL, marker values', () => {
    const r = parseRequirement("Foo.Bar__baz[s] @ https://e.com/a.whl ; 'a' in extra");
    expect(r.ok && r.value).toEqual({
      name: 'Foo.Bar__baz', key: 'foo-bar-baz', extras: ['s'], specifiers: [], url: 'https://e.com/a.whl',
      marker: { kind: 'compare', left: { kind: 'string', value: 'a' }, op: 'in', right: { kind: 'variable', name: 'extra' } },
    });
    const plain = parseRequirement('x');
    expect(plain.ok && plain.value).toEqual({ name: 'x', key: 'x', extras: undefined, specifiers: [], url: undefined, marker: undefined });
  });
});

describe('one line for each mistake, naming where it is', () => {
  const wrong: [string, string][] = [
    ['', 'expected a distribution name at the end'],
    ['-x', 'expected a distribution name at character 1 ("-")'],
    ['x-', 'expected a distribution name ending in a letter or digit at the end'],
    ['x[', 'expected an extra name at the end'],
    ['x[-a]', 'expected an extra name at character 3 ("-")'],
    ['x[a-]', 'expected an extra name ending in a letter or digit at character 5 ("]")'],
    ['x[a,]', 'expected an extra name at character 5 ("]")'],
    ['x[a b]', 'expected "," or "]" at character 5 ("b")'],
    ['x()', 'expected a version operator (==, >=, <, ~=, …) at character 3 (")")'],
    ['x(', 'expected a version operator (==, >=, <, ~=, …) at the end'],
    ['x(>=1', 'expected ")" at the end'],
    ['x(>=1 x', 'expected ")" at character 7 ("x")'],
    ['x>=', 'expected a version at the end'],
    ['x>= ;', 'expected a version at character 5 (";")'],
    ['x>=1,', 'expected the end of the requirement at character 5 (",")'],
    ['x>=1 <2', 'expected the end of the requirement at character 6 ("<")'],
    ['x y', 'expected the end of the requirement at character 3 ("y")'],
    ['x; foo == "a"', 'expected a marker variable (python_version, python_full_version, os_name, …) or a quoted string at character 4 ("f")'],
    ['x; extras == "a"', 'expected a marker variable (python_version, python_full_version, os_name, …) or a quoted string at character 4 ("e")'],
    ["x; os_name == 'nt' or", 'expected a marker variable (python_version, python_full_version, os_name, …) or a quoted string at the end'],
    ['x; extra nope "a"', 'expected a marker operator (==, <, in, not in, …) at character 10 ("n")'],
    ['x; extra notin "a"', 'expected "not in" at character 13 ("i")'],
    ['x; extra not "a"', 'expected "not in" at character 14 ("\\"")'],
    ['x; extra == "a', 'expected a closing " (marker strings take letters, digits and . _ + * ! ~ , : / @ -) at the end'],
    ['x; extra == \'a"', "expected a closing ' (marker strings take letters, digits and . _ + * ! ~ , : / @ -) at character 15 (\"\\\"\")"],
    ['x; extra == "a b"', 'expected a closing " (marker strings take letters, digits and . _ + * ! ~ , : / @ -) at character 15 (" ")'],
    ['x; (extra == "a"', 'expected ")" at the end'],
    ['x; extra == "a" andextra == "b"', 'expected the end of the requirement at character 17 ("a")'],
    ['x; extra == "a" orextra == "b"', 'expected the end of the requirement at character 17 ("o")'],
    ['x @ https://e.com/a.whl; extra == "a"', 'expected the end of the requirement at character 26 ("e")'],
  ];
  for (const [text, message] of wrong) it(text || '(empty)', () => expect(problem(text)).toBe(message));

  it('refuses a requirement longer than 1000 characters before reading it', () => {
    expect(problem(`x==${'1'.repeat(997)}`)).toBe(`accepted as x==${'1'.repeat(997)}`);
    expect(problem(`x==${'1'.repeat(998)}`)).toBe('it is longer than 1000 characters');
    expect(problem(`-${'1'.repeat(1000)}`)).toBe('it is longer than 1000 characters');
  });
});

describe('a list of requirements, as typed at the prompt', () => {
  it('separates requirements by spaces, tabs and commas; a comma before an operator continues the versions', () => {
    expect(listProblem('')).toBe('accepted as ');
    expect(listProblem(' ,\t, ')).toBe('accepted as ');
    expect(listProblem(',a,b\tc  d,')).toBe('accepted as a | b | c | d');
    expect(listProblem('uvicorn[standard] httpx')).toBe('accepted as uvicorn[standard] | httpx');
    expect(listProblem('x>=1,y')).toBe('accepted as x>=1 | y');
    expect(listProblem('x>=1 ,< 2,y>1')).toBe('accepted as x>=1,<2 | y>1');
    expect(listProblem('x>=1 <2')).toBe('expected a distribution name at character 6 ("<")');
  });

  it('names what is missing between two requirements', () => {
    expect(listProblem('x[a]y')).toBe('expected a space or a comma between requirements at character 5 ("y")');
    expect(listProblem('a b>=')).toBe('expected a version at the end');
  });

  it('refuses one requirement longer than 1000 characters, wherever it stands in the list', () => {
    expect(listProblem(`y ${'a'.repeat(1000)}`)).toBe(`accepted as y | ${'a'.repeat(1000)}`);
    expect(listProblem(`y ${'a'.repeat(1001)}`)).toBe('a requirement is longer than 1000 characters');
  });
});
