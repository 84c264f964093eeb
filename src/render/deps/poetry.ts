/** Poetry 2: pyproject.toml, exported to requirements.txt in a builder stage; Poetry never reaches the image. */
import { requirementText } from '../../options/grammar/pep508.js';
import type { Options } from '../../options/types.js';
import { from, workdir, workdirOf } from '../dockerfile/pieces.js';
import type { Step } from '../dockerfile/model.js';
import { type PyprojectTool, pyprojectToml } from '../pyproject.js';
import type { TomlTable } from '../toml.js';
import { buildToolRequirements } from '../requirements.js';
import { baseImageIgnores, unversionedIgnores } from '../dockerfile/lint-ignores.js';
import { indexSecret, pipIndexFlags, shellBlock } from './common.js';
import type { DependencyTool } from './tool.js';

export const BUILDER_STAGE = 'requirements-stage';

function pyprojectTool(o: Options): PyprojectTool {
  const tables: TomlTable[] = [
    {
      name: 'tool.poetry',
      comment: ['An application, not a library: Poetry manages its dependencies and builds no package.'],
      entries: [['package-mode', false]],
    },
  ];
  if (o.indexUrl) {
    tables.push({
      name: 'tool.poetry.source',
      array: true,
      comment: ["Resolve every package from this index only (Poetry ignores pip's settings)."],
      entries: [
        ['name', 'mirror'],
        ['url', o.indexUrl.url],
        ['priority', 'primary'],
      ],
    });
  }
  return {
    groupsComment: 'What the tests need (PEP 735 dependency groups: `poetry install` installs them, with Poetry 2.2 or newer).',
    tables,
  };
}

function exportStage(o: Options): Step[] {
  const requirements = buildToolRequirements(o);
  const tools = requirements.map(requirementText);
  return [
    from(
      o.baseImage?.ref ?? `python:${o.python}-slim`,
      BUILDER_STAGE,
      [
        'Stage 1 turns pyproject.toml (and poetry.lock, once you commit one) into requirements.txt.',
        'Poetry lives only here: the final image never contains it.',
      ],
      baseImageIgnores(o),
    ),
    workdir('/tmp'),
    {
      comment: ['Poetry 2 no longer bundles `poetry export`: the export plugin is installed beside it.'],
      ignores: unversionedIgnores(requirements),
      instruction: { op: 'RUN', secret: indexSecret(o), commands: [['pip', 'install', '--no-cache-dir', ...pipIndexFlags(o), ...tools]] },
    },
    {
      comment: ['poetry.lock* matches nothing until you run `poetry lock`; then the build exports exactly what you locked.'],
      instruction: { op: 'COPY', sources: ['./pyproject.toml', './poetry.lock*'], dest: '/tmp/' },
    },
    {
      instruction: {
        op: 'RUN',
        secret: indexSecret(o),
        commands: [['poetry', 'export', '--format', 'requirements.txt', '--output', 'requirements.txt', '--without-hashes']],
      },
    },
  ];
}

export const poetry: DependencyTool = {
  summary: 'Poetry 2 (pyproject.toml, multi-stage export)',
  files: (o) => [{ path: 'pyproject.toml', content: pyprojectToml(o, pyprojectTool(o)) }],
  requirements: { path: 'pyproject.toml', format: 'pyproject' },
  userLock: { path: 'poetry.lock', relock: 'poetry lock' },
  builderStages: (o) => [exportStage(o)],
  install: (o) => {
    const dir = workdirOf(o);
    return [
      {
        comment: ['Stage 2, the image itself. Only the exported requirements come over from stage 1.'],
        instruction: { op: 'COPY', from: BUILDER_STAGE, sources: ['/tmp/requirements.txt'], dest: `${dir}/requirements.txt` },
      },
      {
        comment: ['Poetry resolved every dependency already, so pip installs the list as it is (--no-deps).'],
        instruction: {
          op: 'RUN',
          secret: indexSecret(o),
          commands: [['pip', 'install', '--no-cache-dir', '--upgrade', '--no-deps', '-r', `${dir}/requirements.txt`]],
        },
      },
    ];
  },
  rebuildOn: ['pyproject.toml'],
  watchIgnore: [],
  devLoop: () =>
    [shellBlock('poetry install', 'poetry run pytest'), '', 'Commit `poetry.lock` after `poetry lock`: the image then installs exactly what you locked.'].join('\n'),
  indexSteps: 'Every pip and Poetry step',
};
