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
// A lone --version or --help needs none of the scaffolder: answer it from package.json or the small help bundle,
// with the same text dist/index.cjs prints for them (test/pack.test.ts compares the two).
const args = process.argv.slice(2);
const only = args.length === 1 ? args[0] : undefined;
if (only === '--version' || only === '-v') {
  process.stdout.write(`${require('../package.json').version}\n`);
} else if (only === '--help' || only === '-h') {
  process.stdout.write(`${require('../dist/help.cjs').helpText(require('../package.json').version)}\n`);
} else {
  require('../dist/index.cjs');
}
