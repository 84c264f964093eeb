/**
 * Runs the shell a generated project holds, with every program replaced by a recorder: the Dockerfile's RUN lines
 * under sh (as Docker runs them), the README's sh blocks under bash (as a user pastes them). What the shell really
 * executed, word for word, is then compared with what was meant, and a value that broke out of its quoting shows
 * up as a program nobody wrote (touch, id, rm from the hostile fragments) or as different words.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { tempDir } from './temp-dirs.js';

const UNIT = '\u001f';
const CALL = '\u001e';
const GROUP = '\u001d';
/** Each call as `name US arg US arg … RS`, appended to $RECORD; only shell builtins are used. */
const RECORDER = `{ printf '%s' "\${0##*/}"; for a in "$@"; do printf '\\037%s' "$a"; done; printf '\\036'; } >> "$RECORD"`;

/** Programs the RUN lines call, and the ones an injection from the hostile fragments would call. */
const STUBS = ['pip', 'poetry', 'uv', 'groupadd', 'useradd', 'touch', 'id', 'rm'];
export const INJECTED = new Set(['touch', 'id', 'rm']);

let stubDir: string | undefined;
function stubs(): string {
  if (stubDir) return stubDir;
  stubDir = join(tempDir('cfd-stubs-'), 'bin');
  mkdirSync(stubDir);
  for (const name of STUBS) {
    writeFileSync(join(stubDir, name), `#!/bin/sh\n${RECORDER}\n`);
    chmodSync(join(stubDir, name), 0o755);
  }
  return stubDir;
}

const parse = (text: string): string[][][] =>
  text.split(GROUP).map((group) => group.split(CALL).filter((c) => c !== '').map((c) => c.split(UNIT)));

/** Runs each command under sh, one after the other in one scratch directory; the calls each made, per command. */
export function runUnderSh(commands: string[]): string[][][] {
  const dir = tempDir('cfd-run-');
  const record = join(dir, 'record');
  writeFileSync(record, '');
  const script = commands.map((c) => `${c}\nprintf '\\035' >> "$RECORD"`).join('\n');
  spawnSync('/bin/sh', ['-c', script], { cwd: dir, env: { PATH: stubs(), RECORD: record, HOME: '/home/user' }, stdio: 'ignore' });
  return parse(readFileSync(record, 'utf8')).slice(0, commands.length);
}

/** The lines of the README's ```sh blocks. */
export const readmeShellLines = (readme: string): string[] =>
  [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap((m) => (m[1] ?? '').split('\n').filter((l) => l.trim() !== ''));

/** Runs lines under bash with no program reachable: every command it would start is recorded instead. */
export function runUnderBash(lines: string[]): string[][] {
  const dir = tempDir('cfd-run-');
  const record = join(dir, 'record');
  writeFileSync(record, '');
  const handler = `command_not_found_handle() { ${RECORDER.replace('"${0##*/}"', '"$1"').replace('for a in "$@"', 'shift; for a in "$@"')}; }`;
  spawnSync('/bin/bash', ['--noprofile', '--norc', '-c', `${handler}\n${lines.join('\n')}`], {
    cwd: dir,
    env: { PATH: '/nonexistent', RECORD: record, HOME: '/home/user' },
    stdio: 'ignore',
  });
  return parse(readFileSync(record, 'utf8')).flat();
}
