// The generated project's own pytest suite, run inside the image that was built from it: the test
// requirements are installed on top (from requirements-dev.txt, or the PEP 735 dev group), as root, in a
// throw-away container; the project is mounted read-only.
import { dockerAsync, runLabelArgs } from '../infra/index.js';

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
python -m pytest -q -p no:cacheprovider`;

export interface ProjectTests {
  ok: boolean;
  /** e.g. "pytest 9.1.1" */
  pytest: string;
  /** pytest's last line, e.g. "4 passed in 0.31s" */
  summary: string;
}

export async function runProjectTests(image: string, projectDir: string): Promise<ProjectTests> {
  const r = await dockerAsync(['run', '--rm', '--network', 'host', ...runLabelArgs(), '--user', '0', '--entrypoint', 'sh',
    '-v', `${projectDir}:/src:ro`, '-w', '/src', image, '-c', SCRIPT]);
  const lines = (r.stdout + r.stderr).trim().split('\n');
  const pytest = lines.find((l) => /^pytest \d/.test(l)) ?? '';
  const summary = r.stdout.trim().split('\n').at(-1) ?? '';
  return { ok: r.status === 0 && /^\d+ passed/.test(summary), pytest, summary: summary || (lines.at(-1) ?? '') };
}
