/**
 * How a value the user gave is quoted back in a one-line message: control characters escaped (a newline would
 * break the line), credentials in URLs masked, and long values cut, so that a 100 kB value gives a short line.
 */
const MAX_SHOWN = 80;

/** Masks the user-info of every `scheme://user:pass@host` in the text, in one pass. */
export function maskCredentials(text: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const start = text.indexOf('://', i);
    if (start < 0) return out + text.slice(i);
    const hostStart = start + 3;
    let j = hostStart;
    while (j < text.length && !'/@?#'.includes(text[j] as string) && !/\s/.test(text[j] as string)) j++;
    if (text[j] === '@') {
      out += `${text.slice(i, hostStart)}***@`;
      i = j + 1;
    } else {
      out += text.slice(i, j);
      i = j;
    }
  }
}

export function shown(raw: string): string {
  const masked = maskCredentials(raw);
  const cut = masked.length > MAX_SHOWN ? `${masked.slice(0, MAX_SHOWN)}…` : masked;
  const escaped = JSON.stringify(cut);
  return masked.length > MAX_SHOWN ? `${escaped} (${raw.length} characters)` : escaped;
}
