import { defineConfig } from 'tsdown';

/**
 * One bundle for the published package: src/ and every runtime library end up in dist/, so the package has no
 * `dependencies` and `npm create` installs exactly one package.
 *
 * CommonJS on purpose: a CommonJS entry starts without Node's ESM loader (about 4 ms of a 60 ms `node -e 0` on
 * Node 20), which is most of the --help/--version budget. Libraries that only some runs need (@clack/prompts for
 * interactive runs, execa for --build) stay in their own chunks behind dynamic imports, which become lazy require()s.
 */
export default defineConfig({
  entry: ['src/index.ts'],
  format: 'cjs',
  platform: 'node',
  target: 'node20.12',
  outDir: 'dist',
  clean: true,
  dts: false,
  minify: true,
  // import.meta.url (templates/ lookup) in CommonJS output.
  shims: true,
  deps: {
    // Bundle everything: devDependencies are the only dependencies, and none may be left as an import.
    alwaysBundle: [/./],
    onlyBundle: false,
  },
});
