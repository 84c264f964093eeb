/**
 * PEP 508 dependency specifiers: a hand-written scanner (linear time, no backtracking) that parses a requirement
 * into a tree, and `requirementText`, which writes the tree back in one canonical form.
 *
 * Beyond PEP 508, a few characters are refused so that the canonical text is safe as it is on a requirements-file
 * line (no `#` after a space, no `$`, no trailing `\`, no space-separated token starting with `-`): marker strings
 * take no spaces or quotes, and URLs are checked by `parseRequirementUrl`.
 */
import { OPERATORS, type Specifier, specifierProblem } from './pep440.js';
import { type Marker, markerOr, markerText } from './pep508-marker.js';
import { Fail, type ParseResult, Scanner } from './scanner.js';
import { parseRequirementUrl } from './urls.js';

export type { Marker, MarkerOp, MarkerValue, MarkerVariable } from './pep508-marker.js';
export { MARKER_VARIABLES } from './pep508-marker.js';
export type { ParseResult } from './scanner.js';

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

/** Longest requirement we read; a longer value is refused before any scanning. */
export const MAX_REQUIREMENT_LENGTH = 1000;
/**
 * Deepest nesting of marker parentheses: as deep as a requirement of MAX_REQUIREMENT_LENGTH can hold. The marker
 * reader recurses once per level, and a list of requirements (a prompt answer) has no length cap before scanning.
 */
const MAX_MARKER_DEPTH = MAX_REQUIREMENT_LENGTH / 2;

const NAME_CHAR = /[A-Za-z0-9._-]/;
const ALNUM = /[A-Za-z0-9]/;
const VERSION_CHAR = /[A-Za-z0-9._*+!-]/;

export const normalizeName = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

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

/** One requirement read from `s`, which is left just after it. */
function requirement(s: Scanner): Requirement {
  s.spaces();
  const written = name(s, 'a distribution name');
  // Where the requirement read so far ends: spaces after it belong to it only if more of it follows.
  let end = s.pos;
  s.spaces();
  const extraList = extras(s);
  if (extraList) end = s.pos;
  s.spaces();
  let url: string | undefined;
  let specs: Specifier[] = [];
  if (s.eat('@')) {
    s.spaces();
    const token = s.run(/\S/);
    const parsed = parseRequirementUrl(token);
    if (!parsed.ok) throw new Fail(parsed.problem);
    url = parsed.value;
    end = s.pos;
  } else {
    specs = specifiers(s);
    if (specs.length > 0) end = s.pos;
  }
  s.pos = end;
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
  const s = new Scanner(text, MAX_MARKER_DEPTH);
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
  const s = new Scanner(text, MAX_MARKER_DEPTH);
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

/** The canonical text of a requirement: the one way a parsed requirement is ever written. */
export function requirementText(r: Requirement): string {
  const extrasText = r.extras?.length ? `[${r.extras.join(',')}]` : '';
  const head = `${r.name}${extrasText}`;
  if (r.url !== undefined) return `${head} @ ${r.url}${r.marker ? ` ; ${markerText(r.marker)}` : ''}`;
  const spec = r.specifiers.map((x) => `${x.op}${x.version}`).join(',');
  return `${head}${spec}${r.marker ? `; ${markerText(r.marker)}` : ''}`;
}
