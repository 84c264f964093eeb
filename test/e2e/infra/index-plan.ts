// What the e2e's index holds: every requirement set the tool writes, read from the tool itself (every dependency
// tool x every process model: the app, the app with the dev group, the builder's tools), so that a new default in
// src/versions.ts flows in; as pip download commands for one CPython.
import { requirementText } from '../../../src/options/grammar/pep508.js';
import { DEPS, PROCESSES } from '../../../src/options/choices.js';
import { parseArgs } from '../../../src/options/parse-args.js';
import { resolveOptions } from '../../../src/options/resolve.js';
import { appRequirements, buildToolRequirements, devRequirements } from '../../../src/render/requirements.js';
import { UV_VERSION } from '../../../src/versions.js';

/** What the suite itself adds to a generated project, as a user would (the update story's requirements.txt line). */
export const SUITE_ADDS = ['email-validator>=2'] as const;

export interface Download {
  what: string;
  args: string[];
  /** A download that may find nothing (a release beside the newest that does not exist). */
  optional: boolean;
}

/** pip's target flags for CPython X.Y on one platform family. */
export type Platform = 'linux' | 'windows' | 'macos';

export function targetFlags(python: string, platform: Platform): string[] {
  const cp = `cp${python.replace('.', '')}`;
  const platforms = {
    // The stand-in bases are Debian sid and trixie (glibc 2.41 and later): every manylinux wheel up to 2_28 runs.
    linux: ['manylinux_2_28_x86_64', 'manylinux_2_17_x86_64', 'manylinux2014_x86_64'],
    windows: ['win_amd64'],
    macos: ['macosx_11_0_arm64'],
  }[platform];
  return ['--only-binary=:all:', '--python-version', python, '--implementation', 'cp', '--abi', cp, '--abi', 'abi3', '--abi', 'none',
    ...platforms.flatMap((p) => ['--platform', p]), '--platform', 'any'];
}

/** Every distinct requirement set the tool writes, as requirement lines, sorted. */
export async function requirementSets(): Promise<string[][]> {
  const sets = new Map<string, string[]>();
  const add = (lines: string[]) => lines.length && sets.set(lines.join(' '), lines);
  // The update story (trust/update-story.ts) adds a requirement as a user would.
  add([...SUITE_ADDS]);
  for (const row of DEPS) {
    const deps = row.value;
    // A pair the CLI refuses (the row's `refuses`: uv on the official image) has no requirements to download.
    for (const process of PROCESSES.map((p) => p.value).filter((p) => !row.refuses.some((r: { process: string }) => r.process === p))) {
      const o = await resolveOptions({
        given: parseArgs(['svc', '--deps', deps, '--process', process, '--yes']).given,
        interactive: false,
        env: { cwd: '/tmp', home: '/root' },
        inspectDirectory: () => 'missing',
      });
      const app = appRequirements(o).map(requirementText);
      add(app);
      add([...app, ...devRequirements(o).map(requirementText)]);
      add(buildToolRequirements(o).map(requirementText));
    }
  }
  return [...sets.values()].sort((a, b) => a.join(' ').localeCompare(b.join(' ')));
}

/**
 * The downloads of one stack's index: each requirement set for Linux (each resolved alone, as the image installs
 * it), and the uv wheel (its binaries make the ghcr.io/astral-sh/uv stand-in). What Windows and macOS add
 * (colorama, pywin32-ctypes, xattr...: a lock for every platform needs them) follows from the wheels' own
 * requirements (assets/missing_for_platforms.py), since pip download evaluates markers for the host only.
 */
export async function downloadPlan(python: string): Promise<Download[]> {
  const sets = await requirementSets();
  return [
    ...sets.map((set) => ({ what: `linux: ${set.join(' ')}`, args: [...targetFlags(python, 'linux'), ...set], optional: false })),
    { what: `uv ${UV_VERSION}`, args: [...targetFlags(python, 'linux'), '--no-deps', `uv==${UV_VERSION}`], optional: false },
    // The musl build: static binaries, the very ones ghcr.io/astral-sh/uv holds (pip on glibc never picks it).
    { what: `uv ${UV_VERSION} (musl)`, args: ['--only-binary=:all:', '--platform', 'musllinux_1_1_x86_64', '--python-version', python, '--implementation', 'cp', '--abi', 'none', '--no-deps', `uv==${UV_VERSION}`], optional: false },
  ];
}
