import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'tsdown';

/**
 * The published package's code: src/ and every runtime library bundled into dist/, so the package has no
 * `dependencies` and `npm create` installs exactly one package (issue 4).
 *
 * - CommonJS on purpose: a CommonJS entry starts without Node's ESM loader, a few ms of a `node -e 0` on Node 20.
 * - dist/index.cjs is the whole scaffolder in one file; what only some runs need stays in lazy chunks behind dynamic
 *   imports, which become require()s on demand: @clack/prompts (interactive runs) and the Docker step (--build).
 * - dist/help.cjs is a second, self-contained bundle of the --help text, so that a lone --help (routed by the bin
 *   shim) loads only the option table it is derived from. It repeats a few kB of index.cjs; sharing them would put a
 *   shared chunk on every scaffold's path instead.
 */
const common: UserConfig = {
  format: 'cjs',
  platform: 'node',
  target: 'node20.12',
  outDir: 'dist',
  dts: false,
  minify: true,
  // import.meta.url (the templates/ lookup) in CommonJS output.
  shims: true,
  // yaml's ES module build, which the bundler can tree-shake: its Node entry is CommonJS, kept whole (48 kB against 112 kB).
  alias: { yaml: fileURLToPath(new URL('node_modules/yaml/browser/dist/index.js', import.meta.url)) },
  // The bundler's runtime helpers in a chunk of their own: left to itself, it puts them into the clack chunk, and every
  // run would load @clack/prompts to reach them.
  outputOptions: { codeSplitting: { groups: [{ name: 'runtime', test: /rolldown\/runtime\.js/ }] } },
  deps: {
    // Bundle everything: devDependencies are the only dependencies, and none may be left as a require().
    alwaysBundle: [/./],
    onlyBundle: false,
  },
};

export default defineConfig([
  { ...common, entry: { index: 'src/index.ts' }, clean: true },
  { ...common, entry: { help: 'src/cli/help.ts' }, clean: false },
  // The guardian of a write into an existing directory (src/io/write.ts): a separate small process.
  { ...common, entry: { guard: 'src/io/guard.ts' }, clean: false },
]);
