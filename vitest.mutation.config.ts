import { defineConfig } from 'vitest/config';

/** The in-process tests, for mutation testing (stryker.config.mjs): each imports src/ directly. */
export default defineConfig({
  test: {
    include: [
      'test/options.test.ts', 'test/ask.test.ts', 'test/grammar.test.ts', 'test/render.test.ts', 'test/golden.test.ts',
      'test/guarantees.test.ts', 'test/write.test.ts', 'test/property.test.ts', 'test/write-faults.test.ts',
      'test/io-units.test.ts', 'test/merge.test.ts',
    ],
    testTimeout: 60_000,
    env: { CFD_MUTATION: '1', CFD_PROPERTY_RUNS: '40', CFD_PROPERTY_SEED: '7' },
  },
});
