/**
 * When an update changes the dependency tool (pip ↔ Poetry), the old requirements file is no longer generated, but
 * the requirements the user added or changed in it must not be lost: they become pins of the new render. Pure: it
 * compares the recorded file with the user's, by canonical requirement text.
 */
import { parse as parseToml } from 'smol-toml';
import { type Requirement, parseRequirement, requirementText } from '../options/grammar/pep508.js';
import type { Deps } from '../options/types.js';

/** Where each tool keeps the app's requirements. */
export const APP_REQUIREMENTS_FILE: Record<Deps, string> = { pip: 'requirements.txt', poetry: 'pyproject.toml' };

export interface RequirementEdits {
  /** Requirements the user added or changed, as pins for the new render. */
  pins: Requirement[];
  /** Lines that hold something other than a requirement (pip options, `-e .`): not carried over. */
  unread: string[];
}

function requirementLines(text: string, deps: Deps): string[] {
  if (deps === 'poetry') {
    try {
      const toml = parseToml(text) as { project?: { dependencies?: unknown } };
      const list = toml.project?.dependencies;
      return Array.isArray(list) ? list.filter((d): d is string => typeof d === 'string') : [];
    } catch {
      return [];
    }
  }
  return text
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean);
}

export function requirementEdits(recorded: string, yours: string, deps: Deps): RequirementEdits {
  const before = new Set(requirementLines(recorded, deps).map((line) => {
    const parsed = parseRequirement(line);
    return parsed.ok ? requirementText(parsed.value) : line;
  }));
  const pins: Requirement[] = [];
  const unread: string[] = [];
  for (const line of requirementLines(yours, deps)) {
    const parsed = parseRequirement(line);
    if (!parsed.ok) {
      if (!before.has(line)) unread.push(line);
      continue;
    }
    if (!before.has(requirementText(parsed.value))) pins.push(parsed.value);
  }
  return { pins, unread };
}
