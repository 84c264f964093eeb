/**
 * File-system failures as one sentence each, naming the path and saying what to do. Raw Node errors (EACCES,
 * ENOTDIR, ENAMETOOLONG…) never reach the user. A failure to write is exit code 1; 2 is kept for bad input.
 */
export class WriteError extends Error {
  override name = 'WriteError';
}

const ADVICE: Record<string, string> = {
  EACCES: 'permission denied; run as a user who may write there, or choose another directory',
  EPERM: 'the operation is not permitted; check the ownership and attributes of the directory, or choose another one',
  EROFS: 'the file system is read-only; choose a directory on a writable one',
  ENOSPC: 'no space is left on the device; free some space and run again',
  EDQUOT: 'your disk quota is used up; free some space and run again',
  ENAMETOOLONG: 'a path is too long for the file system; choose a shorter directory name',
  ENOTDIR: 'a part of the path is a file, not a directory; move it away or choose another directory',
  EISDIR: 'a directory stands where a file goes; move it away or choose another directory',
  EEXIST: 'something appeared there while writing; run again',
  ENOTEMPTY: 'something appeared there while writing; run again',
  ELOOP: 'the path has too many symbolic links; choose a directory without a link loop',
  EMFILE: 'too many files are open; close some programs and run again',
  ENFILE: 'too many files are open on the system; run again later',
  EIO: 'the device reported an input/output error; check the disk',
  EBUSY: 'a file is busy; close what uses it and run again',
  EXDEV: 'the directory spans two file systems; choose a directory on one',
};

export const codeOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;

/** The sentence for a file-system error; unknown codes still get one line, never a stack trace. */
export function adviceFor(error: unknown): string {
  const code = codeOf(error);
  return (code && ADVICE[code]) ?? `the file system refused (${code ?? (error as Error)?.message ?? 'unknown error'})`;
}

/** Ends the run with one line: what could not be done, where, and what to do. */
export function cannotWrite(where: string, error: unknown): never {
  if (error instanceof WriteError) throw error;
  throw new WriteError(`cannot write ${where}: ${adviceFor(error)}`);
}
