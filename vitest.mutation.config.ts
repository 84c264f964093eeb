import { defineConfig } from 'vitest/config';

/** The in-process tests, for mutation testing (stryker.config.mjs): each imports src/ directly. */
export default defineConfig({
  test: {
    setupFiles: ['test/helpers/clean-temp.ts'],
    include: [
      'test/options.test.ts', 'test/ask.test.ts', 'test/grammar.test.ts', 'test/render.test.ts', 'test/golden.test.ts',
      'test/guarantees.test.ts', 'test/write.test.ts', 'test/property.test.ts', 'test/write-faults.test.ts',
      'test/io-units.test.ts',
      'test/pep508-exact.test.ts', 'test/pep440.test.ts', 'test/networks.test.ts', 'test/display.test.ts', 'test/image-ref.test.ts',
      'test/directory.test.ts', 'test/urls.test.ts', 'test/parse-args.test.ts',
      'test/resolve.test.ts', 'test/rules.test.ts', 'test/escape.test.ts', 'test/names.test.ts',
      'test/requirements.test.ts', 'test/preset.test.ts', 'test/merge.test.ts', 'test/merge-text.test.ts', 'test/diff.test.ts',
      'test/requirement-edits.test.ts', 'test/answers.test.ts', 'test/render-files.test.ts',
      'test/deploy-compose.test.ts', 'test/deploy-k8s.test.ts', 'test/hostname.test.ts', 'test/deploy-readme.test.ts', 'test/yaml-print.test.ts',
      'test/docker-step.test.ts', 'test/answers-file.test.ts', 'test/preset-file.test.ts', 'test/project-files.test.ts',
      'test/io-recovery.test.ts', 'test/write-guardian.test.ts', 'test/write-plan.test.ts', 'test/server-command.test.ts',
      'test/index-secret.test.ts', 'test/update-precedence.test.ts', 'test/deploy-values.test.ts',
    ],
    testTimeout: 60_000,
    env: { CFD_MUTATION: '1', CFD_PROPERTY_RUNS: '40', CFD_PROPERTY_SEED: '7' },
  },
});
