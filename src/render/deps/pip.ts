/** pip: requirements.txt with version ranges, installed straight into the image's Python. */
import { workdirOf } from '../dockerfile/pieces.js';
import { requirementsDevTxt, requirementsTxt } from '../requirements.js';
import { indexSecret, shellBlock } from './common.js';
import type { DependencyTool } from './tool.js';

export const pip: DependencyTool = {
  summary: 'pip (requirements.txt)',
  files: (o) => [
    { path: 'requirements.txt', content: requirementsTxt(o) },
    { path: 'requirements-dev.txt', content: requirementsDevTxt(o) },
  ],
  requirements: { path: 'requirements.txt', format: 'requirements-txt' },
  builderStages: () => [],
  install: (o) => {
    const dir = workdirOf(o);
    return [
      {
        comment: ['Requirements first, code later: this layer and the install below stay cached until requirements.txt changes.'],
        instruction: { op: 'COPY', sources: ['./requirements.txt'], dest: `${dir}/requirements.txt` },
      },
      {
        instruction: {
          op: 'RUN',
          secret: indexSecret(o),
          commands: [['pip', 'install', '--no-cache-dir', '--upgrade', '-r', `${dir}/requirements.txt`]],
        },
      },
    ];
  },
  rebuildOn: ['requirements.txt'],
  watchIgnore: [],
  devLoop: () => shellBlock('python -m venv .venv && . .venv/bin/activate', 'pip install -r requirements-dev.txt', 'pytest'),
  indexSteps: 'Every pip step',
};
