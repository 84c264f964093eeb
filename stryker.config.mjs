// npm run test:mutation: which tests would let a wrong change through? Mutates the layers below the CLI and runs
// the tests that load them in-process (tests of the built bin cannot see a mutant, so they are not run here).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['src/options/**/*.ts', 'src/render/**/*.ts', 'src/io/**/*.ts', '!src/io/guard.ts'],
  coverageAnalysis: 'perTest',
  // Mutants in module-level constants (the option table's texts, the default requirements) need every test for
  // each one; they are counted as ignored, and the tests that read those texts run in npm test.
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 30000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: 85 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
