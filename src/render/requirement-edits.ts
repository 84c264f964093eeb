/**
 * When an update changes the dependency tool (pip ↔ Poetry ↔ uv), the old requirements file is no longer generated,
 * but the requirements the user added or changed in it must not be lost: they become pins of the new render. Pure:
 * it compares the recorded file with the user's, by canonical requirement text; the old tool's module says how its
 * file holds requirements (deps/*: requirementLines).
 */
import { type Requirement, parseRequirement, requirementText } from '../options/grammar/pep508.js';
import { parse as parseToml } from 'smol-toml';
import type { RequirementsFormat } from './deps/tool.js';

/** The requirement lines of a file's text (unparsed), one reader per format the tools use. */
const READERS: Record<RequirementsFormat, (text: string) => string[]> = {
  // A file checked out with CRLF endings reads as one without: a comment runs to the end of its line, not to the \r.
  'requirements-txt': (text) =>
    text
      .split(/\r?\n/)
      .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
      .filter(Boolean),
  // `[project] dependencies`; none when the file does not parse (the user's file may be anything).
  pyproject: (text) => {
    try {
      const toml = parseToml(text) as { project?: { dependencies?: unknown } };
      const list = toml.project?.dependencies;
      return Array.isArray(list) ? list.filter((d): d is string => typeof d === 'string') : [];
    } catch {
      return [];
    }
  },
};

export interface RequirementEdits {
  /** Requirements the user added or changed, as pins for the new render. */
  pins: Requirement[];
  /** Lines that hold something other than a requirement (pip options, `-e .`): not carried over. */
  unread: string[];
}

export function requirementEdits(recorded: string, yours: string, format: RequirementsFormat): RequirementEdits {
  const read = READERS[format];
  const before = new Set(read(recorded).map((line) => {
    const parsed = parseRequirement(line);
    return parsed.ok ? requirementText(parsed.value) : line;
  }));
  const pins: Requirement[] = [];
  const unread: string[] = [];
  for (const line of read(yours)) {
    const parsed = parseRequirement(line);
    if (!parsed.ok) {
      if (!before.has(line)) unread.push(line);
      continue;
    }
    if (!before.has(requirementText(parsed.value))) pins.push(parsed.value);
  }
  return { pins, unread };
}
