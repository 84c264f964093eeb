import { DEPS as DEPS_CHOICES } from '../../src/options/choices.js';
import { parseArgs } from '../../src/options/parse-args.js';
import { resolveOptions } from '../../src/options/resolve.js';
import type { Options } from '../../src/options/types.js';

export const LAYOUTS = ['package', 'single', 'bigger'] as const;
/** Every dependency tool of the option table: a new one is in every combination test at once. */
export const DEPS = DEPS_CHOICES.map((d) => d.value);
export const PROCESSES = ['single', 'workers', 'gunicorn', 'official-image'] as const;
export const PROXIES = [false, true] as const;

export interface Combo {
  name: string;
  flags: string[];
  layout: (typeof LAYOUTS)[number];
  deps: (typeof DEPS)[number];
  process: (typeof PROCESSES)[number];
  proxy: boolean;
}

/** A process model the tool's row refuses (uv with the deprecated official image) is no combination. */
const refused = (deps: (typeof DEPS)[number], process: string): boolean =>
  DEPS_CHOICES.some((d) => d.value === deps && d.refuses.some((r: { process: string }) => r.process === process));

/**
 * Every combination of the four axes that the rules allow: 3 layouts × (pip and Poetry with 4 process models, uv with
 * the 3 it builds) × 2 = 66. Each also writes every deployment file (compose and k8s/).
 */
export const COMBOS: Combo[] = LAYOUTS.flatMap((layout) =>
  DEPS.flatMap((deps) =>
    PROCESSES.filter((process) => !refused(deps, process)).flatMap((process) =>
      PROXIES.map((proxy) => ({
        name: `${layout}-${deps}-${process}-${proxy ? 'proxy' : 'direct'}`,
        flags: ['--layout', layout, '--deps', deps, '--process', process, proxy ? '--proxy' : '--no-proxy', '--kubernetes'],
        layout,
        deps,
        process,
        proxy,
      })),
    ),
  ),
);

/** Options exactly as the CLI resolves them from flags, without a terminal. */
export async function optionsFromFlags(argv: string[]): Promise<Options> {
  const args = parseArgs(argv);
  return resolveOptions({
    given: args.given,
    interactive: false,
    env: { cwd: '/work/workspace', home: '/home/user' },
    inspectDirectory: () => 'missing',
  });
}
