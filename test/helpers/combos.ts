import { parseArgs } from '../../src/options/parse-args.js';
import { resolveOptions } from '../../src/options/resolve.js';
import type { Options } from '../../src/options/types.js';

export const LAYOUTS = ['package', 'single', 'bigger'] as const;
export const DEPS = ['pip', 'poetry'] as const;
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

/** Every combination of the four axes: 3 × 2 × 4 × 2 = 48. Each also writes every deployment file (compose and k8s/). */
export const COMBOS: Combo[] = LAYOUTS.flatMap((layout) =>
  DEPS.flatMap((deps) =>
    PROCESSES.flatMap((process) =>
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
