import { defineConfig } from 'vitest/config';

/**
 * `npm run test:install`: the published shape (test/pack.test.ts, also part of `npm test`) and the packed tarball
 * installed and run through npm, npx, pnpm, yarn and bun against a registry on 127.0.0.1.
 */
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/pack.test.ts', 'test/install/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
