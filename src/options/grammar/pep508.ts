/**
 * PEP 508 dependency specifiers: a hand-written scanner (linear time, no backtracking) that parses a requirement
 * into a tree, and `requirementText`, which writes the tree back in one canonical form.
 *
 * Beyond PEP 508, a few characters are refused so that the canonical text is safe as it is on a requirements-file
 * line (no `#` after a space, no `$`, no trailing `\`, no space-separated token starting with `-`): marker strings
 * take no spaces or quotes, and URLs are checked by `parseRequirementUrl`.
 */
import { OPERATORS, type Specifier, specifierProblem } from './pep440.js';
import { parseRequirementUrl } from './urls.js';

export type MarkerVariable = (typeof MARKER_VARIABLES)[number];
export type MarkerValue = { kind: 'variable'; name: MarkerVariable } | { kind: 'string'; value: string };
export type MarkerOp = (typeof MARKER_OPS)[number];
export type Marker =
  | { kind: 'compare'; left: MarkerValue; op: MarkerOp; right: MarkerValue }
  | { kind: 'and' | 'or'; left: Marker; right: Marker };

export interface Requirement {
  /** As written. */
  name: string;
  /** Normalized (PEP 503): what two pins of one distribution share. */
  key: string;
  /** undefined: none written; []: written as `name[]`, i.e. explicitly none. */
  extras: string[] | undefined;
  specifiers: Specifier[];
  url: string | undefined;
  marker: Marker | undefined;
}

export const MARKER_VARIABLES = [
  'python_version', 'python_full_version', 'os_name', 'sys_platform', 'platform_release', 'platform_system',
  'platform_version', 'platform_machine', 'platform_python_implementation', 'implementation_name',
  'implementation_version', 'extra',
] as const;
const MARKER_OPS = ['===', '~=', '==', '!=', '<=', '>=', '<', '>', 'in', 'not in'] as const;

/** Longest requirement we read; a longer value is refused before any scanning. */
export const MAX_REQUIREMENT_LENGTH = 1000;

const NAME_CHAR = /[A-Za-z0-9._-]/;
const ALNUM = /[A-Za-z0-9]/;
const VERSION_CHAR = /[A-Za-z0-9._*+!-]/;
const IDENT_CHAR = /[a-z_]/;
/** Marker string contents: PEP 508 allows more, but these are all real markers need, and all are inert everywhere. */
const MARKER_STRING_CHAR = /[A-Za-z0-9._+*!~,:/@-]/;

export const normalizeName = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

class Fail extends Error {}

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}
  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }
  done(): boolean {
    return this.pos >= this.text.length;
  }
  spaces(): number {
    const start = this.pos;
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
    return this.pos - start;
  }
  eat(literal: string): boolean {
    if (!this.text.startsWith(literal, this.pos)) return false;
    this.pos += literal.length;
    return true;
  }
  run(chars: RegExp): string {
    const start = this.pos;
    while (!this.done() && chars.test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }
  fail(expected: string): never {
    const at = this.done() ? 'at the end' : `at character ${this.pos + 1} (${JSON.stringify(this.peek())})`;
    throw new Fail(`expected ${expected} ${at}`);
  }
}

function name(s: Scanner, what: string): string {
  if (!ALNUM.test(s.peek())) s.fail(what);
  const value = s.run(NAME_CHAR);
  if (!ALNUM.test(value.at(-1) ?? '')) s.fail(`${what} ending in a letter or digit`);
  return value;
}

function extras(s: Scanner): string[] | undefined {
  if (!s.eat('[')) return undefined;
  const list: string[] = [];
  s.spaces();
  if (s.eat(']')) return list;
  for (;;) {
    list.push(name(s, 'an extra name'));
    s.spaces();
    if (s.eat(']')) return list;
    if (!s.eat(',')) s.fail('"," or "]"');
    s.spaces();
  }
}

function operator(s: Scanner): Specifier['op'] | undefined {
  return OPERATORS.find((op) => s.eat(op));
}

function specifiers(s: Scanner): Specifier[] {
  const list: Specifier[] = [];
  const parenthesized = s.eat('(');
  for (;;) {
    s.spaces();
    const op = operator(s);
    if (!op) {
      if (list.length === 0 && !parenthesized) return list;
      s.fail('a version operator (==, >=, <, ~=, …)');
    }
    s.spaces();
    const version = s.run(VERSION_CHAR);
    if (!version) s.fail('a version');
    const problem = specifierProblem({ op, version });
    if (problem) throw new Fail(problem);
    list.push({ op, version });
    // A comma continues the list only when an operator follows; otherwise it is not ours (a list of requirements).
    const mark = s.pos;
    s.spaces();
    const comma = s.eat(',');
    s.spaces();
    const next = s.pos;
    if (!comma || !operator(s)) {
      s.pos = mark;
      break;
    }
    s.pos = next;
  }
  if (parenthesized) {
    s.spaces();
    if (!s.eat(')')) s.fail('")"');
  }
  return list;
}

function markerValue(s: Scanner): MarkerValue {
  s.spaces();
  const quote = s.peek();
  if (quote === '"' || quote === "'") {
    s.pos++;
    const value = s.run(MARKER_STRING_CHAR);
    if (!s.eat(quote)) s.fail(`a closing ${quote} (marker strings take letters, digits and . _ + * ! ~ , : / @ -)`);
    return { kind: 'string', value };
  }
  const start = s.pos;
  const ident = s.run(IDENT_CHAR);
  const variable = MARKER_VARIABLES.find((v) => v === ident);
  if (!variable) s.pos = start;
  if (!variable) s.fail(`a marker variable (${MARKER_VARIABLES.slice(0, 3).join(', ')}, …) or a quoted string`);
  return { kind: 'variable', name: variable };
}

function markerOp(s: Scanner): MarkerOp {
  s.spaces();
  const symbol = OPERATORS.find((op) => s.eat(op));
  if (symbol) return symbol;
  if (s.eat('in')) return 'in';
  if (s.eat('not')) {
    if (!s.spaces() || !s.eat('in')) s.fail('"not in"');
    return 'not in';
  }
  return s.fail('a marker operator (==, <, in, not in, …)');
}

function markerAtom(s: Scanner): Marker {
  s.spaces();
  if (s.eat('(')) {
    const inner = markerOr(s);
    s.spaces();
    if (!s.eat(')')) s.fail('")"');
    return inner;
  }
  const left = markerValue(s);
  const op = markerOp(s);
  const right = markerValue(s);
  return { kind: 'compare', left, op, right };
}

function keyword(s: Scanner, word: 'and' | 'or'): boolean {
  const mark = s.pos;
  s.spaces();
  if (s.eat(word) && !IDENT_CHAR.test(s.peek())) return true;
  s.pos = mark;
  return false;
}

function markerAnd(s: Scanner): Marker {
  let left = markerAtom(s);
  while (keyword(s, 'and')) left = { kind: 'and', left, right: markerAtom(s) };
  return left;
}

function markerOr(s: Scanner): Marker {
  let left = markerAnd(s);
  while (keyword(s, 'or')) left = { kind: 'or', left, right: markerAnd(s) };
  return left;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problem: string };

/** One requirement read from `s`, which is left just after it. */
function requirement(s: Scanner): Requirement {
  s.spaces();
  const written = name(s, 'a distribution name');
  s.spaces();
  const extraList = extras(s);
  s.spaces();
  let url: string | undefined;
  let specs: Specifier[] = [];
  if (s.eat('@')) {
    s.spaces();
    const token = s.run(/\S/);
    const parsed = parseRequirementUrl(token);
    if (!parsed.ok) throw new Fail(parsed.problem);
    url = parsed.value;
  } else {
    specs = specifiers(s);
  }
  let marker: Marker | undefined;
  const mark = s.pos;
  const spaced = s.spaces() > 0;
  if (s.eat(';')) {
    if (url !== undefined && !spaced) s.fail('a space between the URL and ";"');
    marker = markerOr(s);
  } else {
    s.pos = mark;
  }
  return { name: written, key: normalizeName(written), extras: extraList, specifiers: specs, url, marker };
}

/** Parses exactly one requirement (surrounding spaces allowed). */
export function parseRequirement(text: string): ParseResult<Requirement> {
  if (text.length > MAX_REQUIREMENT_LENGTH) return { ok: false, problem: `it is longer than ${MAX_REQUIREMENT_LENGTH} characters` };
  const s = new Scanner(text);
  try {
    const value = requirement(s);
    s.spaces();
    if (!s.done()) s.fail('the end of the requirement');
    return { ok: true, value };
  } catch (error) {
    if (error instanceof Fail) return { ok: false, problem: error.message };
    throw error;
  }
}

/**
 * Parses requirements separated by spaces or commas, as typed at a prompt: `fastapi>=0.1,<1 uvicorn >= 0.32`.
 * A comma continues a version list when a version operator follows it, and separates requirements otherwise.
 */
export function parseRequirementList(text: string): ParseResult<Requirement[]> {
  const s = new Scanner(text);
  const list: Requirement[] = [];
  try {
    for (;;) {
      while (s.peek() === ' ' || s.peek() === '\t' || s.peek() === ',') s.pos++;
      if (s.done()) return { ok: true, value: list };
      const start = s.pos;
      const value = requirement(s);
      if (s.pos - start > MAX_REQUIREMENT_LENGTH) throw new Fail(`a requirement is longer than ${MAX_REQUIREMENT_LENGTH} characters`);
      list.push(value);
      if (!s.done() && !/[ \t,]/.test(s.peek())) s.fail('a space or a comma between requirements');
    }
  } catch (error) {
    if (error instanceof Fail) return { ok: false, problem: error.message };
    throw error;
  }
}

const valueText = (v: MarkerValue): string => (v.kind === 'variable' ? v.name : `"${v.value}"`);

function markerText(m: Marker, parent?: Marker['kind']): string {
  if (m.kind === 'compare') return `${valueText(m.left)} ${m.op} ${valueText(m.right)}`;
  const text = `${markerText(m.left, m.kind)} ${m.kind} ${markerText(m.right, m.kind)}`;
  return parent === 'and' && m.kind === 'or' ? `(${text})` : text;
}

/** The canonical text of a requirement: the one way a parsed requirement is ever written. */
export function requirementText(r: Requirement): string {
  const extrasText = r.extras?.length ? `[${r.extras.join(',')}]` : '';
  const head = `${r.name}${extrasText}`;
  if (r.url !== undefined) return `${head} @ ${r.url}${r.marker ? ` ; ${markerText(r.marker)}` : ''}`;
  const spec = r.specifiers.map((x) => `${x.op}${x.version}`).join(',');
  return `${head}${spec}${r.marker ? `; ${markerText(r.marker)}` : ''}`;
}
