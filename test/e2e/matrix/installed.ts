// What got installed, against what should have: for every default requirement, the newest release the index offers
// inside its default range (computed from the index's file names by PyPA's packaging, infra/package-index.ts).
import { BUILD_TOOLS, DEFAULT_REQUIREMENTS, DEV_TOOLS } from '../../../src/versions.js';
import { dockerAsync, runLabelArgs } from '../infra/index.js';
import type { Verdict } from './verdict.js';

export type Versions = Record<string, string | null>;

/** Names of the default requirements (src/versions.ts) that an image of the app may hold. */
export const APP_DISTRIBUTIONS = Object.keys(DEFAULT_REQUIREMENTS).filter((n) => !BUILD_TOOLS.includes(n) && !DEV_TOOLS.includes(n));

/** A Python one-liner printing {name: version or None} from importlib.metadata. */
export const versionsScript = (names: readonly string[]): string =>
  `import importlib.metadata as m, json\ndef v(n):\n    try:\n        return m.version(n)\n    except m.PackageNotFoundError:\n        return None\nprint(json.dumps({n: v(n) for n in ${JSON.stringify(names)}}))`;

/** Versions of `names` installed in an image (importlib.metadata inside a throw-away container). */
export async function installedVersions(image: string, names: readonly string[]): Promise<Versions> {
  const r = await dockerAsync(['run', '--rm', '--network', 'none', ...runLabelArgs(), '--entrypoint', 'python', image, '-c', versionsScript(names)]);
  if (r.status !== 0) throw new Error(`could not read the installed versions in ${image}: ${r.stderr.trim().split('\n').at(-1)}`);
  return JSON.parse(r.stdout) as Versions;
}

/** One check per name: installed, and at the newest version inside its default range (`expected`, from the index). */
export function checkNewest(v: Verdict, installed: Versions, expected: Versions, names: readonly string[], where: string): void {
  for (const name of names) {
    const want = expected[name];
    v.check(Boolean(want) && installed[name] === want, `${where}: ${name} ${want ?? '(none in range)'}, the newest in the index inside ${DEFAULT_REQUIREMENTS[name as keyof typeof DEFAULT_REQUIREMENTS]}`, `installed: ${installed[name] ?? 'nothing'}`);
  }
}
