import { ensureRoot } from './rootfs.js';
import { cachePath } from './util.js';
const t = Date.now();
ensureRoot(cachePath('index-root'), process.argv.slice(2));
console.log('took', (Date.now()-t)/1000);
