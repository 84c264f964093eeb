/** The character scanner under the hand-written grammars: one position, moved forward, never backtracking far. */

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problem: string };

/** A parse failure with its sentence; the parsers turn it into `{ ok: false, problem }`. */
export class Fail extends Error {}

export class Scanner {
  pos = 0;
  /** Parentheses open at pos. */
  depth = 0;
  /** @param maxDepth the deepest nesting of parentheses read (each level is one recursion). */
  constructor(
    readonly text: string,
    readonly maxDepth = Number.POSITIVE_INFINITY,
  ) {}
  peek(): string {
    return this.text[this.pos] ?? '';
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
