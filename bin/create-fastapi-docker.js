#!/usr/bin/env node
// A tiny shim: check Node before loading anything that needs a newer one.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 12)) {
  process.stderr.write(`create-fastapi-docker needs Node.js 20.12 or newer; this is ${process.version}.\n`);
  process.exit(1);
}
import('../dist/index.mjs');
