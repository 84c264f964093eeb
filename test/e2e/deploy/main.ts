// The deployment proofs alone, for working on them: npx tsx test/e2e/deploy/main.ts
// (npm run test:e2e runs them after the matrix.) Same set-up and clean-up as test/e2e/run.ts.
import { STACKS, runE2E, setup, startIndex } from '../infra/index.js';
import { runDeployProofs } from './index.js';

async function main(): Promise<number> {
  const infra = await setup({ stacks: [STACKS.default], log: (line) => console.log(`setup: ${line}`) });
  const stack = infra.stacks[0];
  if (!stack) throw new Error('the default stack was not set up');
  const index = await startIndex({ dir: stack.index.dir });
  try {
    const verdicts = await runDeployProofs({ stack: stack.stack, indexUrl: index.url, officialStandin: stack.official.image });
    return verdicts.every((v) => v.passed) ? 0 : 1;
  } finally {
    await index.stop();
  }
}

runE2E('deploy proofs', main);
