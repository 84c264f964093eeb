// The trust and update proofs of the e2e run: index credentials in a real build, and --update as a user lives it.
import { freePort } from '../infra/index.js';
import type { StandinContext } from '../matrix/generate.js';
import type { Verdict } from '../matrix/verdict.js';
import { secretProof } from './secret.js';
import { updateStory } from './update-story.js';

export async function trustProofs(ctx: StandinContext): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  for (const deps of ['pip', 'poetry'] as const) verdicts.push(await secretProof(deps, ctx, await freePort()));
  verdicts.push(await updateStory(ctx, await freePort()));
  for (const v of verdicts) console.log(`${v.passed ? 'PASS' : 'FAIL'} ${v.name} (${v.checks} checks)${v.failures.map((f) => `\n  ✗ ${f}`).join('')}`);
  return verdicts;
}
