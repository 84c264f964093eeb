// The generated project's own pytest suite, run inside the image that was built from it: the test
// requirements are installed on top (from requirements-dev.txt, or the PEP 735 dev group), as root, in a
// throw-away container; the project is mounted read-only.
import { DEV_TOOLS } from '../../../src/versions.js';
import { dockerAsync, runLabelArgs } from '../infra/index.js';
import { type Versions, versionsScript } from './installed.js';

const SCRIPT = `set -e
if [ -f requirements-dev.txt ]; then
  pip install --no-cache-dir -q -r requirements-dev.txt
else
  python - >/tmp/dev-requirements.txt <<'PY'
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))
for source in project["tool"]["poetry"].get("source", [])[:1]:
    print("--index-url", source["url"])
for requirement in project["dependency-groups"]["dev"]:
    print(requirement)
PY
  pip install --no-cache-dir -q -r /tmp/dev-requirements.txt
fi
python -m pytest --version
echo "VERSIONS $(python -c "$VERSIONS")"
python -m pytest -q -p no:cacheprovider`;

export interface ProjectTests {
  ok: boolean;
  /** e.g. "pytest 9.1.1" */
  pytest: string;
  /** pytest's last line, e.g. "4 passed in 0.31s" */
  summary: string;
  /** The dev tools' versions installed (importlib.metadata). */
  versions: Versions;
}

export async function runProjectTests(image: string, projectDir: string): Promise<ProjectTests> {
  const r = await dockerAsync(['run', '--rm', '--network', 'host', ...runLabelArgs(), '--user', '0', '--entrypoint', 'sh', '-e', `VERSIONS=${versionsScript(DEV_TOOLS)}`,
    '-v', `${projectDir}:/src:ro`, '-w', '/src', image, '-c', SCRIPT]);
  const lines = (r.stdout + r.stderr).trim().split('\n');
  const pytest = lines.find((l) => /^pytest \d/.test(l)) ?? '';
  const summary = r.stdout.trim().split('\n').at(-1) ?? '';
  const versions = JSON.parse(lines.find((l) => l.startsWith('VERSIONS '))?.slice(9) || '{}') as Versions;
  return { ok: r.status === 0 && /^\d+ passed/.test(summary), pytest, summary: summary || (lines.at(-1) ?? ''), versions };
}
