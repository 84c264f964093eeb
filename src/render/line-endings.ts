/**
 * Line endings as a checkout holds them. Git on Windows with core.autocrlf checks files out with CRLF; the record of
 * what was generated has LF. An update compares and merges in LF and writes a file back with the endings it had.
 */
export type LineEnding = 'lf' | 'crlf';

/** CRLF when every line break of the text is one (and there is at least one); LF otherwise. */
export function lineEndingOf(text: string): LineEnding {
  const crlf = text.split('\r\n').length - 1;
  return crlf > 0 && crlf === text.split('\n').length - 1 ? 'crlf' : 'lf';
}

export const toLf = (text: string): string => text.replace(/\r\n/g, '\n');

export const withLineEnding = (text: string, ending: LineEnding): string => (ending === 'crlf' ? text.replace(/\n/g, '\r\n') : text);
