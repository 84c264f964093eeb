import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import { validate } from 'dockerfile-utils';

/** Ruff as the generated project's users would run it, with the import sorting of a project whose code is app/ or main.py. */
const ruff = new Workspace(
  {
    'line-length': 120,
    lint: { select: ['E', 'F', 'W', 'I', 'UP', 'B', 'SIM', 'RUF'], isort: { 'known-first-party': ['app', 'main'] } },
  },
  PositionEncoding.Utf16,
);

export function ruffProblems(source: string): string[] {
  const diagnostics = ruff.check(source) as { code: string | null; message: string; start_location: { row: number } }[];
  const problems = diagnostics.map((d) => `${d.start_location.row}: ${d.code ?? 'syntax'} ${d.message}`);
  if (ruff.format(source) !== source) problems.push('ruff format would change this file');
  return problems;
}

export function dockerfileProblems(source: string): string[] {
  return validate(source).map((d) => `${d.range.start.line + 1}: ${d.message}`);
}
