import { ensureIndex } from './package-index.js';
import { ensureBaseImages, missingRuntimeLibs } from './base-image.js';
let t = Date.now();
const idx = ensureIndex();
console.log('index', idx.built, (Date.now()-t)/1000, idx.runtimeLibPackages, Object.keys(idx.versions).length);
t = Date.now();
const b = ensureBaseImages();
console.log('base', b.built, (Date.now()-t)/1000, missingRuntimeLibs(b, idx.runtimeLibPackages));
