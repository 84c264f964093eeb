import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20.12',
  outDir: 'dist',
  clean: true,
  dts: false,
  minify: true,
  // Bundle every runtime library: the published package has no dependencies.
  noExternal: [/.*/],
});
