/**
 * The escaping layer: one function per output format turns a value into safe text for that format. Render
 * pieces call these and never build such text by hand; each refuses (throws) what its format cannot hold, so a
 * value that slipped past validation stops the run instead of reaching a file.
 * TOML and YAML are not here: they are written by their libraries (smol-toml, yaml).
 */

class EscapeError extends Error {
  override name = 'EscapeError';
}

const CONTROL = /[\u0000-\u001f\u007f]/;

const refuseControl = (format: string, value: string): void => {
  if (CONTROL.test(value)) throw new EscapeError(`a control character cannot go into ${format}: ${JSON.stringify(value)}`);
};

/** Characters a POSIX shell reads literally outside quotes. */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One shell word: bare when every character is literal, else single-quoted ('\'' for a quote inside). */
export function shellWord(value: string): string {
  refuseControl('a shell word', value);
  if (SHELL_SAFE.test(value)) return value;
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/** A command line: each argument one shell word. */
export const shellCommand = (argv: readonly string[]): string => argv.map(shellWord).join(' ');

/** Exec form (JSON array): Docker runs it without a shell, so nothing in it is ever interpreted. */
export function execForm(argv: readonly string[]): string {
  for (const arg of argv) refuseControl('an exec-form argument', arg);
  return `[${argv.map((arg) => JSON.stringify(arg)).join(', ')}]`;
}

/** A Dockerfile ENV value. Only plain values are written (Docker expands $ and reads quotes in ENV). */
export function envValue(value: string): string {
  if (value === '') return '""';
  if (!/^[A-Za-z0-9_./:,*-]+$/.test(value)) throw new EscapeError(`not a plain ENV value: ${JSON.stringify(value)}`);
  return value;
}

/** A bare word of a Dockerfile instruction (a COPY path, a stage name, a flag): plain characters and the glob star. */
export function dockerWord(value: string): string {
  if (!/^[A-Za-z0-9_./*=:,-]+$/.test(value)) throw new EscapeError(`not a plain Dockerfile word: ${JSON.stringify(value)}`);
  return value;
}

/** An image reference in FROM: the reference grammar's characters only. */
export function imageRef(value: string): string {
  if (!/^[A-Za-z0-9._:/@-]+$/.test(value)) throw new EscapeError(`not an image reference: ${JSON.stringify(value)}`);
  return value;
}

/** The text of one comment line (in a Dockerfile, a shell script or a README code block). */
export function commentText(value: string): string {
  refuseControl('a comment line', value);
  return value;
}

/** One Caddyfile token: a bare word of plain characters, else a double-quoted string with \" and \\ escaped. */
export function caddyToken(value: string): string {
  refuseControl('a Caddyfile token', value);
  if (/^[A-Za-z0-9._:/-]+$/.test(value)) return value;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * A string Compose passes on as written: Compose interpolates `$VAR`, `${VAR}` and rejects `$(` in every value of
 * compose.yaml, and `$$` is its literal `$`. (The YAML library then quotes what YAML needs.)
 */
export const composeLiteral = (value: string): string => value.replaceAll('$', '$$$$');
