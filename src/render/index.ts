import type { OptionId, Options } from '../options/types.js';
import { answersOf, renderAnswers, renderBase } from './answers.js';
import { toolOf } from './deps/index.js';
import { deployFiles } from './deploy/index.js';
import { renderDockerfile } from './dockerfile/compose.js';
import { renderReadme } from './readme.js';
import type { GeneratedFile, TemplateSet } from './types.js';

export type { GeneratedFile, TemplateSet } from './types.js';

/** Template files whose names npm or git would treat specially are stored with a leading underscore. */
const outputPath = (path: string): string => path.replace(/(^|\/)_(dockerignore|gitignore|gitattributes)$/, '$1.$2');

function overlay(templates: TemplateSet, prefix: string): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (const [path, content] of templates) {
    if (!path.startsWith(`${prefix}/`)) continue;
    const relative = outputPath(path.slice(prefix.length + 1));
    files.push({ path: relative, content, mode: relative.endsWith('.sh') ? 0o755 : 0o644 });
  }
  return files;
}

/** The one-file app: app/main.py in the package layout, main.py in the single layout (bigger has its own). */
function sharedApp(options: Options, templates: TemplateSet): GeneratedFile[] {
  const content = templates.get('shared/main.py') as string;
  if (options.layout === 'package') return [{ path: 'app/main.py', content }];
  if (options.layout === 'single') return [{ path: 'main.py', content }];
  return [];
}

/** The shared test imports the app from app.main; the single layout has it in main. */
function forLayout(file: GeneratedFile, options: Options): GeneratedFile {
  if (options.layout !== 'single' || !file.path.startsWith('tests/')) return file;
  return { ...file, content: file.content.replace(/^from app\.main import app$/m, 'from main import app') };
}

/**
 * Every file of the generated project, from the options alone: no I/O, no clock, no randomness.
 * Templates are real files under templates/: base/ and shared/, then one overlay per layout and per process model.
 */
export function render(options: Options, templates: TemplateSet): GeneratedFile[] {
  const files = [
    ...overlay(templates, 'base').map((file) => forLayout(file, options)),
    ...sharedApp(options, templates),
    ...overlay(templates, `layout/${options.layout}`),
    ...overlay(templates, `process/${options.process}`),
    { path: 'Dockerfile', content: renderDockerfile(options) },
    { path: 'README.md', content: renderReadme(options) },
    ...deployFiles(options),
    ...toolOf(options).files(options),
  ];
  return files.sort(byPath);
}

/**
 * The project as written: its files, and the answers file that records them (for --update) with the options the
 * user chose (all of them when `chosen` is not given).
 */
export function renderProject(options: Options, templates: TemplateSet, version: string, chosen?: ReadonlySet<OptionId>): GeneratedFile[] {
  const files = render(options, templates);
  const answers = answersOf(options, files, version, chosen);
  return [...files, renderAnswers(answers), renderBase(answers)].sort(byPath);
}

/**
 * Case-insensitive code-unit order: for these file names, the order localeCompare gave. Not localeCompare itself:
 * its first call builds ICU's collator, about 8 ms of every run (issue 4's startup budget).
 */
function byPath(a: GeneratedFile, b: GeneratedFile): number {
  const x = a.path.toLowerCase();
  const y = b.path.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
