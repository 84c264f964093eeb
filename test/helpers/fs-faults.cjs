// Loaded with `node --require` in front of the bin, never in the guardian (execArgv is not inherited).
// Counts the file-system changes a run makes and, at the Nth, acts as CFD_FAULT says:
//   kill:N          SIGKILL this process just before the Nth change (nothing after it runs)
//   signal:N        send SIGINT to this process just before the Nth change, and carry on
//   errno:CODE:N    make the Nth change fail with that error code (ENOSPC, EROFS, EACCES…)
// CFD_FAULT_LOG=FILE appends one line per change (the operation and its path), to count them.
'use strict';
const fs = require('node:fs');

const [mode, a, b] = (process.env.CFD_FAULT || '').split(':');
const at = Number(mode === 'errno' ? b : a);
const log = process.env.CFD_FAULT_LOG;
let count = 0;
const appendLine = fs.writeFileSync.bind(fs);
let inside = false;

for (const name of ['mkdirSync', 'writeFileSync', 'renameSync', 'rmSync', 'rmdirSync', 'unlinkSync', 'chmodSync']) {
  const original = fs[name];
  fs[name] = function patched(...args) {
    // Node's own fs functions may call each other (appendFileSync → writeFileSync): count only the outer call.
    if (inside) return original.apply(this, args);
    count++;
    if (log) {
      inside = true;
      appendLine(log, `${name} ${String(args[0])}\n`, { flag: 'a' });
      inside = false;
    }
    if (count === at) {
      if (mode === 'kill') process.kill(process.pid, 'SIGKILL');
      if (mode === 'signal') process.kill(process.pid, 'SIGINT');
      if (mode === 'errno') {
        const error = new Error(`${a}: injected failure, ${name} '${String(args[0])}'`);
        error.code = a;
        throw error;
      }
    }
    inside = true;
    try {
      return original.apply(this, args);
    } finally {
      inside = false;
    }
  };
}
