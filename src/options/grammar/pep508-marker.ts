/** PEP 508 environment markers: the tree, its reader (on the shared scanner) and its one canonical text. */
import { OPERATORS } from './pep440.js';
import type { Scanner } from './scanner.js';

export type MarkerVariable = (typeof MARKER_VARIABLES)[number];
export type MarkerValue = { kind: 'variable'; name: MarkerVariable } | { kind: 'string'; value: string };
export type MarkerOp = (typeof MARKER_OPS)[number];
export type Marker =
  | { kind: 'compare'; left: MarkerValue; op: MarkerOp; right: MarkerValue }
  | { kind: 'and' | 'or'; left: Marker; right: Marker };

export const MARKER_VARIABLES = [
  'python_version', 'python_full_version', 'os_name', 'sys_platform', 'platform_release', 'platform_system',
  'platform_version', 'platform_machine', 'platform_python_implementation', 'implementation_name',
  'implementation_version', 'extra',
] as const;
const MARKER_OPS = ['===', '~=', '==', '!=', '<=', '>=', '<', '>', 'in', 'not in'] as const;

const IDENT_CHAR = /[a-z_]/;
/** Marker string contents: PEP 508 allows more, but these are all real markers need, and all are inert everywhere. */
const MARKER_STRING_CHAR = /[A-Za-z0-9._+*!~,:/@-]/;

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
  if (s.peek() === '(') {
    if (s.depth === s.maxDepth) s.fail(`at most ${s.maxDepth} nested parentheses`);
    s.pos++;
    s.depth++;
    const inner = markerOr(s);
    s.spaces();
    if (!s.eat(')')) s.fail('")"');
    s.depth--;
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

/** A marker expression: `or` of `and`s of comparisons and parenthesized markers. */
export function markerOr(s: Scanner): Marker {
  let left = markerAnd(s);
  while (keyword(s, 'or')) left = { kind: 'or', left, right: markerAnd(s) };
  return left;
}

const valueText = (v: MarkerValue): string => (v.kind === 'variable' ? v.name : `"${v.value}"`);

export function markerText(m: Marker, parent?: Marker['kind']): string {
  if (m.kind === 'compare') return `${valueText(m.left)} ${m.op} ${valueText(m.right)}`;
  const text = `${markerText(m.left, m.kind)} ${m.kind} ${markerText(m.right, m.kind)}`;
  return parent === 'and' && m.kind === 'or' ? `(${text})` : text;
}
