// The deployment proofs (issue 9), offline, with the real tools: one entry for test/e2e/run.ts.
//   compose: for every process model, with and without --proxy (Caddy stand-in), then `compose watch`;
//   k8s/: `kubectl kustomize`, then `podman kube play` of what it renders.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ProcessModel } from '../../../src/options/types.js';
import { ensureAptPackages } from '../infra/apt.js';
import { engineOfThisRun } from '../infra/engine.js';
import { baseImageTags } from '../infra/stacks.js';
import { Verdict } from '../matrix/verdict.js';
import { ensureCaddyStandin } from './caddy-standin.js';
import { composeSecretProof, sideBySideProof } from './compose-host-proofs.js';
import { type ComposeFigures, composeProof } from './compose-proofs.js';
import { oneCpuEngine } from './one-cpu.js';
import { type KubeFigures, kustomize, playProof } from './kube-proofs.js';
import { PodmanSession } from './podman.js';
import { type DeployContext, type Project, compose, generateProject, writeOverride } from './project.js';
import { ensureDeployTools } from './tools.js';
import { watchProof } from './watch.js';

export type { DeployContext } from './project.js';

const PROCESSES: ProcessModel[] = ['single', 'workers', 'gunicorn', 'official-image'];
const s = (n: number | undefined) => (n === undefined ? '-' : `${n.toFixed(1)} s`);

async function pool<T>(items: T[], jobs: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  }));
}

function report(v: Verdict): string {
  return `${v.passed ? 'PASS' : 'FAIL'} ${v.name} (${v.checks} checks)${v.failures.map((f) => `\n  ✗ ${f}`).join('')}${v.notes.map((n) => `\n  · ${n}`).join('')}`;
}

/** Runs every proof; prints each verdict and the figures for the closing note as it goes, and returns the verdicts. */
export async function runDeployProofs(ctx: DeployContext, say: (line: string) => void = console.log): Promise<Verdict[]> {
  const started = Date.now();
  ensureAptPackages(['curl', 'iproute2']);
  const tools = await ensureDeployTools();
  const caddy = ensureCaddyStandin(tools.caddyBinary, ctx.stack);
  say(`deploy: tools in ${s(tools.setupSeconds)}${tools.cold ? ' (cold: the trixie root was made)' : ''}: docker compose ${tools.versions.compose}, caddy ${caddy.version} (stand-in ${caddy.image}, ${caddy.built ? 'built' : 'cached'}), kubectl ${tools.versions.kubectl}, podman ${tools.versions.podman}; projects on the Python ${ctx.stack.python} stand-ins (Debian ${ctx.stack.suite})`);
  const projects: Project[] = [];
  for (const process of PROCESSES) for (const proxy of [false, true]) projects.push(await generateProject(process, proxy, ctx));
  const verdicts = new Map(projects.map((p) => [p, new Verdict(`compose ${p.process} ${p.proxy ? 'behind Caddy' : 'direct'}`)]));
  const results: Verdict[] = [];
  // The compose phase on an engine that sees one CPU, as a 1-vCPU server.
  const engine = engineOfThisRun();
  const oneCpu = new Verdict('compose: the engine sees one CPU (restarted on CPU 0 with taskset)');
  const pinned = engine ? await oneCpuEngine(oneCpu, baseImageTags(ctx.stack)[0] as string) : undefined;
  oneCpu.check(Boolean(engine), 'this run knows its engine');
  say(`${report(oneCpu)}\n  NCPU ${pinned?.ncpuBefore ?? '?'} before, ${pinned?.ncpu ?? '?'} on CPU 0`);
  results.push(oneCpu);
  try {
    const builds = new Map<Project, number>();
    await pool(projects, 2, async (p) => {
      writeOverride(p, {});
      const t = Date.now();
      const r = await compose(p, ['build']);
      builds.set(p, (Date.now() - t) / 1000);
      verdicts.get(p)?.check(r.status === 0, 'docker compose build', r.stderr.trim().split('\n').slice(-2).join(' | '));
    });
    // Two at a time, proxied projects side by side too: nothing in compose.yaml is pinned.
    await pool(projects, 2, async (p) => {
      const v = verdicts.get(p) as Verdict;
      const figures: ComposeFigures = v.passed ? await composeProof(p, v) : {};
      say(`${report(v)}\n  build ${s(builds.get(p))}, up --wait ${s(figures.upSeconds)}, down ${s(figures.downSeconds)}`);
      results.push(v);
    });
    const proxied = projects.filter((p) => p.proxy && verdicts.get(p)?.passed);
    const [first, second] = [proxied.find((p) => p.process === 'single'), proxied.find((p) => p.process === 'gunicorn')];
    if (first && second) {
      const t = Date.now();
      const side = await sideBySideProof(first, second);
      say(`${report(side)}\n  both up, served and down in ${s((Date.now() - t) / 1000)}`);
      results.push(side);
    }
    const secretVerdict = await composeSecretProof(ctx);
    say(report(secretVerdict));
    results.push(secretVerdict);

    await pinned?.release();
    say(`deploy: compose phase (build and prove 8 projects, 2 at a time; two proxied at once; the login index) on one CPU took ${s((Date.now() - started) / 1000)} so far; the engine has its CPUs back`);
    const watchStarted = Date.now();
    const watched = projects.find((p) => p.process === 'single' && p.proxy) as Project;
    const wv = new Verdict('compose watch (single, behind Caddy)');
    const watch = await watchProof({ ...watched, composeProject: `${watched.composeProject}-watch` }, wv);
    say(`${report(wv)}\n  watch serving after ${s(watch.startSeconds)}; after the save: syncing at ${s(watch.syncSeconds)}, the container restarted at ${s(watch.restartedSeconds)}, Uvicorn ready at ${s(watch.serverUpSeconds)}, the edit served at ${s(watch.editSeconds)}`);
    results.push(wv);
    say(`deploy: compose watch took ${s((Date.now() - watchStarted) / 1000)}`);
    const kubeStarted = Date.now();

    const session = await PodmanSession.start(tools.root);
    const fields: Record<string, string> = {};
    try {
      for (const p of projects.filter((x) => x.proxy)) {
        const kv = new Verdict(`k8s ${p.process} (kubectl kustomize, podman kube play)`);
        const figures: KubeFigures = { fields };
        const rendered = kustomize(p, tools.root, kv, figures);
        if (rendered) await kv.step('podman kube play', () => playProof(p, session, rendered, kv, figures));
        say(`${report(kv)}\n  kustomize ${s(figures.kustomizeSeconds)}, kube play to JSON ${s(figures.playSeconds)}, pod stop ${s(figures.podStopSeconds)}`);
        results.push(kv);
      }
    } finally {
      await session.stop();
    }
    say(`deploy: the k8s proofs took ${s((Date.now() - kubeStarted) / 1000)}`);
    say('podman kube play, field by field (what stays unproven without a cluster is what it ignores):');
    for (const [field, what] of Object.entries(fields)) say(`  ${field}: ${what}`);
  } finally {
    await pinned?.release();
    for (const p of projects) rmSync(dirname(p.dir), { recursive: true, force: true });
  }
  say(`deploy: ${results.filter((v) => v.passed).length}/${results.length} proofs passed in ${s((Date.now() - started) / 1000)}`);
  return results;
}
