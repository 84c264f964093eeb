// Are a stack's pins exactly what its index lacks of the generator's defaults (src/versions.ts)?
import { DEFAULT_REQUIREMENTS } from '../../../src/versions.js';
import type { Stack } from './stacks.js';

const release = (v: string): number[] => (v.match(/^\d+(?:\.\d+)*/)?.[0] ?? '0').split('.').map(Number);

function compare(a: string, b: string): number {
  const x = release(a);
  const y = release(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return 0;
}

/** Whether a release version meets a comma-separated specifier of >=, >, <=, <, ==, != clauses. */
export function satisfies(version: string, specifier: string): boolean {
  return specifier.split(',').map((c) => c.trim()).filter(Boolean).every((clause) => {
    const m = /^(>=|<=|==|!=|>|<)\s*(\S+)$/.exec(clause);
    if (!m) throw new Error(`unsupported specifier clause ${clause}`);
    const c = compare(version, m[2] as string);
    return { '>=': c >= 0, '<=': c <= 0, '==': c === 0, '!=': c !== 0, '>': c > 0, '<': c < 0 }[m[1] as string];
  });
}

const split = (req: string) => {
  const m = /^([A-Za-z0-9._-]+)(\[[^\]]*\])?\s*(.*)$/.exec(req.trim());
  return { name: (m?.[1] ?? req).toLowerCase().replace(/[-_.]+/g, '-'), spec: m?.[3] ?? '' };
};

export const stackPins = (s: Stack): string[] => [...s.pins.all, ...s.pins.gunicorn, ...s.pins.poetry];

/**
 * Problems with a stack's pins, given the index's versions: a pin the index does not meet, a pin the
 * default would not need, or a default the index does not meet without a pin. Empty when all is right.
 */
export function pinProblems(stack: Stack, versions: Record<string, string>): string[] {
  const problems: string[] = [];
  const pins = stackPins(stack).map((p) => ({ text: p, ...split(p) }));
  for (const pin of pins) {
    const have = versions[pin.name];
    if (!have) problems.push(`--pin ${pin.text}: the ${stack.suite} index has no ${pin.name}`);
    else if (!satisfies(have, pin.spec)) problems.push(`--pin ${pin.text}: the ${stack.suite} index has ${pin.name} ${have}`);
  }
  for (const req of Object.values(DEFAULT_REQUIREMENTS)) {
    const { name, spec } = split(req);
    const have = versions[name];
    const pinned = pins.some((p) => p.name === name);
    if (have && satisfies(have, spec) && pinned) problems.push(`${name} ${have} meets the default ${req}: drop its pin`);
    if ((!have || !satisfies(have, spec)) && !pinned) problems.push(`the ${stack.suite} index has ${name} ${have ?? '(none)'}, short of the default ${req}: pin it`);
  }
  return problems;
}
