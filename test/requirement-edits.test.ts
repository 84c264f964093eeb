/** A change of dependency tool: the requirements you added or changed become pins; other lines are named. */
import { describe, expect, it } from 'vitest';
import { requirementText } from '../src/options/grammar/pep508.js';
import { DEPENDENCY_TOOLS } from '../src/render/deps/index.js';
import { requirementEdits } from '../src/render/requirement-edits.js';

const RECORDED = '# header\n--index-url https://h/simple\nfastapi>=0.163,<0.164\nuvicorn[standard]>=0.54,<0.55\n';
const edits = (recorded: string, yours: string, deps: keyof typeof DEPENDENCY_TOOLS) => {
  const e = requirementEdits(recorded, yours, DEPENDENCY_TOOLS[deps].requirements.format);
  return { pins: e.pins.map(requirementText), unread: e.unread };
};

describe('requirementEdits from requirements.txt', () => {
  it('carries added and changed requirements, compared by canonical text', () => {
    const yours = `${RECORDED}fastapi >= 0.163 , < 0.164\norjson>=3.10  # fast JSON\nuvicorn>=0.54\n`;
    expect(edits(RECORDED, yours, 'pip')).toEqual({ pins: ['orjson>=3.10', 'uvicorn>=0.54'], unread: [] });
  });

  it('reads a # only after a space as a comment, so a URL fragment stays', () => {
    const yours = `${RECORDED}pkg @ https://h/p.whl#sha256=ab  # pinned\n   # just a note\n`;
    expect(edits(RECORDED, yours, 'pip')).toEqual({ pins: ['pkg @ https://h/p.whl#sha256=ab'], unread: [] });
  });

  it('reads a file with CRLF line endings as one without', () => {
    const yours = `${RECORDED}orjson>=3.10  # fast JSON\n`.replaceAll('\n', '\r\n');
    expect(edits(RECORDED, yours, 'pip')).toEqual({ pins: ['orjson>=3.10'], unread: [] });
  });

  it('skips blank lines and whole-line comments, wherever they are', () => {
    expect(edits('fastapi>=1', 'fastapi>=1\n\n# a note\n  \norjson\n', 'pip')).toEqual({ pins: ['orjson'], unread: [] });
  });

  it('names the lines that are no requirement and were not there before', () => {
    const yours = `${RECORDED}-e ./lib\n--extra-index-url https://x/simple\n`;
    expect(edits(RECORDED, yours, 'pip')).toEqual({ pins: [], unread: ['-e ./lib', '--extra-index-url https://x/simple'] });
  });

  it('carries nothing from an untouched file', () => {
    expect(edits(RECORDED, RECORDED, 'pip')).toEqual({ pins: [], unread: [] });
  });
});

describe('requirementEdits from pyproject.toml', () => {
  const toml = (deps: string) => `[project]\nname = "x"\ndependencies = ${deps}\n`;

  it('reads [project] dependencies', () => {
    expect(edits(toml('["fastapi>=0.163,<0.164"]'), toml('["fastapi>=0.163,<0.165", "sqlmodel>=0.0.22", 3]'), 'poetry')).toEqual({
      pins: ['fastapi>=0.163,<0.165', 'sqlmodel>=0.0.22'],
      unread: [],
    });
  });

  it('finds none in a file that does not parse, or has no dependency list', () => {
    expect(edits(toml('["a"]'), '[project\n', 'poetry')).toEqual({ pins: [], unread: [] });
    expect(edits(toml('["a"]'), toml('"b"'), 'poetry')).toEqual({ pins: [], unread: [] });
    expect(edits(toml('["a"]'), '[tool.poetry]\n', 'poetry')).toEqual({ pins: [], unread: [] });
    expect(edits('[project\n', toml('["a"]'), 'poetry')).toEqual({ pins: ['a'], unread: [] });
  });
});

