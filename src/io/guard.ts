/**
 * The guardian of one write into an existing directory (see write.ts): started detached, it waits until the
 * writer closes its stdin, which happens when the writer finishes or dies in any way (kill -9 included), then
 * finishes a committed write or rolls back an uncommitted one. A finished writer leaves nothing to do.
 */
import { recover } from './journal.js';

const tmp = process.argv[2];
if (tmp) {
  process.stdin.resume();
  process.stdin.on('end', () => {
    try {
      recover(tmp);
    } catch {
      // the next run in that directory recovers it (write.ts: recoverStale)
    }
    process.exit(0);
  });
  process.stdin.on('error', () => process.stdin.emit('end'));
}
