import { bold, dim } from 'kolorist';
import { clearForm } from '../options/option-def.js';
import { META_FLAGS, OPTION_TABLE, type OptionDef } from '../options/table.js';

const usage = (def: OptionDef): string => {
  switch (def.kind) {
    case 'choice':
      if (def.valueName) return `${def.flag} ${def.valueName}, ${clearForm(def)}`;
      return `${def.flag} ${def.choices.map((c) => c.value).join('|')}, ${clearForm(def)}`;
    case 'boolean':
      return def.question || ['proxy', 'compose', 'kubernetes'].includes(def.id) ? `${def.flag}, --no-${def.flag.slice(2)}` : def.flag;
    default:
      return `${def.flag} ${def.valueName}, ${clearForm(def)}`;
  }
};

/** --help, derived from the option table like everything else. */
export function helpText(version: string): string {
  const rows: [string, string][] = OPTION_TABLE.filter((def) => !def.flag.startsWith('[')).map((def) => [
    usage(def),
    def.help + (def.appliesWhen ? ` (${def.appliesWhen.text})` : ''),
  ]);
  const meta: [string, string][] = META_FLAGS.map((m) => [
    'short' in m ? `${m.short}, ${m.flag}` : 'valueName' in m ? `${m.flag} ${m.valueName}` : m.flag === '--interactive' ? '--interactive, --no-interactive' : m.flag,
    m.help,
  ]);
  const width = 30;
  const format = ([left, right]: [string, string]) =>
    left.length < width - 1 ? `  ${left.padEnd(width)}${right}` : `  ${left}\n  ${''.padEnd(width)}${right}`;
  return [
    `${bold('create-fastapi-docker')} ${dim(`v${version}`)}: a FastAPI service with a production-minded Dockerfile.`,
    '',
    'Usage:',
    '  npm create fastapi-docker@latest [directory] -- [flags]',
    '  create-fastapi-docker [directory] [flags]',
    '',
    'Flags:',
    ...rows.map(format),
    '',
    ...meta.map(format),
    '',
    'Without a TTY (or with CI set) nothing is asked: unanswered options take their defaults.',
    '--no-<flag> clears a value the answers file (on --update) or a preset gave: the default applies again.',
    'Example: npm create fastapi-docker@latest my-service -- --process gunicorn --proxy --deps poetry',
    '',
  ].join('\n');
}
