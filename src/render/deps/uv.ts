/**
 * uv: pyproject.toml (PEP 621, a PEP 735 dev group) locked in uv.lock, built the way uv's Docker guide builds: the
 * pinned uv binary copied from uv's own image into a builder stage, `uv sync --locked` into a virtual environment
 * with the lock bind-mounted and uv's cache in a cache mount, and only that environment copied into the image.
 */
import type { Options } from '../../options/types.js';
import { UV_VERSION } from '../../versions.js';
import { from, workdir, workdirOf } from '../dockerfile/pieces.js';
import { baseImageIgnores } from '../dockerfile/lint-ignores.js';
import type { Step } from '../dockerfile/model.js';
import { type PyprojectTool, pyprojectToml } from '../pyproject.js';
import type { TomlTable } from '../toml.js';
import { indexSecret, shellBlock } from './common.js';
import type { DependencyTool } from './tool.js';

export const UV_STAGE = 'uv-stage';
export const UV_IMAGE = `ghcr.io/astral-sh/uv:${UV_VERSION}`;
export const UV_LOCK = 'uv.lock';
/** The name of the index in [[tool.uv.index]]; uv reads its credentials from UV_INDEX_MIRROR_USERNAME/_PASSWORD. */
export const UV_INDEX_NAME = 'mirror';
const UV_CACHE = '/root/.cache/uv';

const venvOf = (o: Options): string => `${workdirOf(o)}/.venv`;

function pyprojectTool(o: Options): PyprojectTool {
  const tables: TomlTable[] = [
    {
      name: 'tool.uv',
      comment: ['An application, not a library: uv installs its dependencies into .venv and builds no package of it.'],
      entries: [['package', false]],
    },
  ];
  if (o.indexUrl) {
    tables.push({
      name: 'tool.uv.index',
      array: true,
      comment: [
        'Resolve every package from this index only (default = true replaces PyPI). Its login comes from ~/.netrc',
        'or UV_INDEX_MIRROR_USERNAME / UV_INDEX_MIRROR_PASSWORD, never from this file.',
      ],
      entries: [
        ['name', UV_INDEX_NAME],
        ['url', o.indexUrl.url],
        ['default', true],
      ],
    });
  }
  return { groupsComment: 'What the tests need (PEP 735): `uv sync` installs the dev group, the image does not (--no-dev).', tables };
}

function syncStage(o: Options): Step[] {
  return [
    from(
      o.baseImage?.ref ?? `python:${o.python}-slim`,
      UV_STAGE,
      [
        'Stage 1 installs exactly what uv.lock pins into a virtual environment; only that environment reaches the image.',
        'It starts from the same image as stage 2, so the environment\'s python is the image\'s own, at the same path.',
      ],
      baseImageIgnores(o),
    ),
    {
      comment: ['uv, pinned: its two static binaries, copied from uv\'s own image (no installer script). They stay in this stage.'],
      instruction: { op: 'COPY', from: UV_IMAGE, sources: ['/uv', '/uvx'], dest: '/bin/' },
    },
    {
      comment: [
        'Bytecode compiled now, not at every start; files copied out of the cache mount, not hard-linked to it;',
        'and the image\'s Python, never one uv would download.',
      ],
      instruction: {
        op: 'ENV',
        vars: [
          ['UV_COMPILE_BYTECODE', '1'],
          ['UV_LINK_MODE', 'copy'],
          ['UV_PYTHON_DOWNLOADS', 'never'],
        ],
      },
    },
    workdir(workdirOf(o)),
    {
      comment: [
        'The dependencies alone (--no-install-project), without the dev group, in their own layer: it is rebuilt only',
        'when uv.lock or pyproject.toml change, and the cache mount keeps the downloads between builds.',
        '--locked installs uv.lock exactly: a pyproject.toml changed without `uv lock` stops the build here, and uv',
        'says to run `uv lock`. No uv.lock yet ("uv.lock: not found")? Run `uv lock` and commit the file.',
      ],
      instruction: {
        op: 'RUN',
        mounts: [
          { type: 'cache', target: UV_CACHE },
          { type: 'bind', source: UV_LOCK, target: UV_LOCK },
          { type: 'bind', source: 'pyproject.toml', target: 'pyproject.toml' },
        ],
        secret: indexSecret(o),
        commands: [['uv', 'sync', '--locked', '--no-install-project', '--no-dev']],
      },
    },
  ];
}

export const uv: DependencyTool = {
  summary: `uv ${UV_VERSION} (pyproject.toml + uv.lock, uv sync in a builder stage)`,
  files: (o) => [{ path: 'pyproject.toml', content: pyprojectToml(o, pyprojectTool(o)) }],
  requirements: { path: 'pyproject.toml', format: 'pyproject' },
  builderStages: (o) => [syncStage(o)],
  install: (o) => [
    {
      comment: [
        'Stage 2, the image itself. Only the virtual environment comes over from stage 1, not uv. The project is',
        'no package (tool.uv.package = false): its code is copied below, last, as with pip.',
      ],
      instruction: { op: 'COPY', from: UV_STAGE, sources: [venvOf(o)], dest: venvOf(o) },
    },
    {
      comment: ["The environment's programs (uvicorn, gunicorn, python) come first on PATH."],
      instruction: { op: 'ENV', vars: [['PATH', { prepend: `${venvOf(o)}/bin`, to: 'PATH' }]] },
    },
  ],
  rebuildOn: ['pyproject.toml', UV_LOCK],
  watchIgnore: ['.venv/'],
  devLoop: (o) =>
    [
      shellBlock(
        'uv sync                # .venv with the app and the dev group, exactly as uv.lock pins them',
        'uv run pytest',
        `uv run uvicorn ${o.layout === 'single' ? 'main:app' : 'app.main:app'} --reload   # the app on http://127.0.0.1:8000, restarting on edits`,
      ),
      '',
      '`uv run uvicorn --reload` rather than `uv run fastapi dev`: `fastapi dev` comes with `fastapi[standard]` (FastAPI CLI), which this project does not install, and Uvicorn is the server the image runs.',
      '',
      '`uv.lock` pins every package the image installs: commit it. Change the dependencies with `uv add NAME` / `uv remove NAME`, or edit `pyproject.toml` and run `uv lock`: the build installs the lock with `--locked` and stops, saying to run `uv lock`, when `pyproject.toml` no longer matches it. If this project came without `uv.lock` (uv was not on your PATH when it was generated), `uv lock` makes it; the build needs it.',
    ].join('\n'),
  indexSteps: 'Every uv step (the lock, `uv sync` in the build)',
  lock: {
    path: UV_LOCK,
    command: ['uv', 'lock'],
    install: { name: 'uv', url: 'https://docs.astral.sh/uv/' },
    credentialsEnv: { username: `UV_INDEX_${UV_INDEX_NAME.toUpperCase()}_USERNAME`, password: `UV_INDEX_${UV_INDEX_NAME.toUpperCase()}_PASSWORD` },
  },
};
