import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'tsdown';

/**
 * The published package's code: src/ and every runtime library bundled into dist/, so the package has no
 * `dependencies` and `npm create` installs exactly one package (issue 4).
 *
 * - CommonJS on purpose: a CommonJS entry starts without Node's ESM loader, a few ms of a `node -e 0` on Node 20.
 * - dist/index.cjs is the whole scaffolder in one file; what only some runs need stays in lazy chunks behind dynamic
 *   imports, which become require()s on demand: @clack/prompts (interactive runs) and the Docker step (--build).
 * - dist/help.cjs is a second entry of the same build, for the --help text: a lone --help (routed by the bin shim)
 *   loads it and the option table's chunk, which index.cjs shares (a second copy of the table cost 8 kB packed).
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
  // smol-toml's reader in a chunk of its own: only --update reads TOML, and the bundler would otherwise hoist it into
  // index.cjs, which every run loads. (yaml's reader cannot move: its Document, which writes compose.yaml and the
  // answers file, is built on the same modules.)
  outputOptions: {
    codeSplitting: {
      groups: [
        { name: 'runtime', test: /rolldown\/runtime\.js/ },
        { name: 'toml-reader', test: /smol-toml\/dist\/(parse|extract|struct|primitive|date)\.js/ },
      ],
    },
  },
  deps: {
    // Bundle everything: devDependencies are the only dependencies, and none may be left as a require().
    alwaysBundle: [/./],
    onlyBundle: false,
  },
};

export default defineConfig([
  { ...common, entry: { index: 'src/index.ts', help: 'src/cli/help.ts' }, clean: true },
  // The guardian of a write into an existing directory (src/io/write.ts): a separate small process.
  { ...common, entry: { guard: 'src/io/guard.ts' }, clean: false },
]);
