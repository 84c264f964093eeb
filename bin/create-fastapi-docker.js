#!/usr/bin/env node
// A tiny shim: check Node before loading anything that needs a newer one, then run the bundle.
// CommonJS (bin/package.json), like dist/: nothing here starts Node's ESM loader.
'use strict';
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 12)) {
  process.stderr.write(
    `create-fastapi-docker needs Node.js 20.12 or newer; this is ${process.version}. Install a current Node.js (https://nodejs.org) and run the command again.\n`,
  );
  process.exit(1);
}
require('../dist/index.cjs');
