// A healthy start logs no error: the words a Python server writes when something went wrong.
import type { Verdict } from './verdict.js';

/** Lines of a log that name an error: Python's logging levels ERROR and CRITICAL, or a traceback. */
export const logProblems = (log: string): string[] => log.split('\n').filter((line) => /\b(ERROR|CRITICAL)\b|Traceback/.test(line));

/** One check: `log` (a container's logs at `when`) has no ERROR, CRITICAL or Traceback line. */
export function checkLogs(v: Verdict, log: string, when: string): boolean {
  const problems = logProblems(log);
  return v.check(problems.length === 0, `no ERROR, CRITICAL or Traceback in the logs ${when}`, problems.slice(0, 3).join(' | '));
}
