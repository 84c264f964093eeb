// The TEST image of a combination: the generated image plus assets/cfd_e2e_probe.py in site-packages
// (loaded by a .pth file), which adds /_e2e/runtime and /_e2e/slow to the app at start-up. Built FROM the
// generated image, so CMD, entrypoint, user, environment and healthcheck are the generated ones.
import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dockerAsync, dockerBuild } from '../infra/index.js';

const PROBE = join(dirname(fileURLToPath(import.meta.url)), 'assets', 'cfd_e2e_probe.py');

/** Builds `${tag}-probe` from `tag`; resolves to its tag. */
export async function buildProbeImage(tag: string): Promise<string> {
  const user = (await dockerAsync(['image', 'inspect', '-f', '{{.Config.User}}', tag])).stdout.trim();
  const dir = mkdtempSync(join(tmpdir(), 'cfd-e2e-probe-'));
  try {
    copyFileSync(PROBE, join(dir, 'cfd_e2e_probe.py'));
    const install = [
      'import shutil, site',
      'target = site.getsitepackages()[0]',
      'shutil.copy("/tmp/cfd_e2e_probe.py", target)',
      'open(target + "/zz_cfd_e2e_probe.pth", "w").write("import cfd_e2e_probe\\n")',
    ].join('; ');
    const dockerfile = [
      `FROM ${tag}`,
      'USER root',
      'COPY cfd_e2e_probe.py /tmp/cfd_e2e_probe.py',
      `RUN python -c '${install}' && rm /tmp/cfd_e2e_probe.py`,
      ...(user ? [`USER ${user}`] : []),
      '',
    ].join('\n');
    writeFileSync(join(dir, 'Dockerfile'), dockerfile);
    const probe = `${tag}-probe`;
    await dockerBuild(dir, { tag: probe }, dockerfile);
    return probe;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
