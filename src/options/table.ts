/**
 * The option table: the single source of flags, --help, the questions, their choices, defaults, validation and
 * when each option applies. Cross-option rules that look at several answers are in rules.ts.
 */
import { BUILD_TOOLS, DEFAULT_FORWARDED_ALLOW_IPS, DEFAULT_PYTHON, OFFICIAL_IMAGE_PYTHONS } from '../versions.js';
import { DEFAULT_DEPS, DEPRECATION_WARNING, DEPS, type DepsChoice, LAYOUTS, PROCESSES, PYTHONS, type PythonVersion } from './choices.js';
import { directoryName, parseDirectory, tagFromName } from './grammar/directory.js';
import { parseHostName } from './grammar/hostname.js';
import { parseImageRef, pythonOfImage } from './grammar/image-ref.js';
import { parseTrustList } from './grammar/networks.js';
import { parseWhole } from './grammar/numbers.js';
import { type Requirement, parseRequirement, parseRequirementList, requirementText } from './grammar/pep508.js';
import { parseIndexUrl } from './grammar/urls.js';
import { type OptionDef, listWords, row } from './option-def.js';
import { type Known, hasWorkerCount } from './types.js';

export { type Choice, type OptionDef, type ResolveEnv, checkRaw, listWords } from './option-def.js';
export { DEPRECATION_WARNING } from './choices.js';

/** The distributions a dependency tool's builder stage installs (its choice row), so that a pin of one applies only there. */
const buildToolsOf = (deps: DepsChoice['value']): readonly string[] => (DEPS.find((d) => d.value === deps) as DepsChoice).buildTools;
/** `--deps poetry` (or several, joined): the tools whose builder stage installs any of these distributions. */
const toolsBuildingWith = (keys: readonly string[]): string =>
  DEPS.filter((d) => (d.buildTools as readonly string[]).some((t) => keys.includes(t))).map((d) => `--deps ${d.value}`).join(' or ');

const DEPLOYMENT_FILES = 'Deployment files?';
const PIN_ACCEPTS = 'accepts a PEP 508 requirement like "uvicorn>=0.32,<0.33" or "pkg @ https://…"';
const asPin = (problem: string) => `${PIN_ACCEPTS}; ${problem}`;

/**
 * A pin as text that reads back to the same pin. The canonical text writes `name[]` as `name` (the same requirement
 * to pip), but as a pin `[]` means "none of the default's extras", so it keeps its brackets here.
 */
const pinText = (pin: Requirement): string =>
  pin.extras?.length === 0 ? `${pin.name}[]${requirementText(pin).slice(pin.name.length)}` : requirementText(pin);

/** The Python a base image names in its tag, when it names one we support. */
const pythonOfBase = (o: Known): PythonVersion | undefined =>
  PYTHONS.find((p) => p.value === (o.baseImage ? pythonOfImage(o.baseImage) : undefined))?.value;

export const OPTION_TABLE: readonly OptionDef[] = [
  row('directory', {
    flag: '[directory]',
    kind: 'text',
    valueName: 'DIR',
    help: 'where to create the service (default: fastapi-app)',
    question: 'Where should the service be created?',
    parse: parseDirectory,
    format: String,
    fromAnswer: (answer, env) => (answer === '~' || answer.startsWith('~/') ? `${env.home}${answer.slice(1)}` : answer),
    default: () => 'fastapi-app',
  }),
  row('layout', {
    flag: '--layout',
    kind: 'choice',
    help: 'app/__init__.py + app/main.py | one main.py | app/ with routers',
    question: 'How is the code laid out?',
    choices: LAYOUTS,
    default: () => 'package',
  }),
  row('deps', {
    flag: '--deps',
    kind: 'choice',
    help: 'requirements.txt with version ranges | pyproject.toml (Poetry 2) with a multi-stage export | uv: pyproject.toml (PEP 621, dependency groups) locked in uv.lock, installed with uv sync',
    question: 'Which tool manages the dependencies?',
    choices: DEPS,
    default: () => DEFAULT_DEPS,
  }),
  row('process', {
    flag: '--process',
    kind: 'choice',
    help: 'one Uvicorn per container | uvicorn --workers | Gunicorn + Uvicorn workers | deprecated official image',
    question: 'How many server processes run in each container?',
    choices: PROCESSES,
    default: () => 'single',
    warning: (value) => (value === 'official-image' ? DEPRECATION_WARNING : undefined),
  }),
  row('workers', {
    flag: '--workers',
    kind: 'text',
    valueName: 'N',
    optional: true,
    help: 'worker processes for workers/gunicorn (default: derived from the CPU quota when the container starts)',
    question: 'How many worker processes? Leave blank to derive it from the CPUs when the container starts',
    appliesWhen: { test: (o) => hasWorkerCount(o.process), text: 'with --process workers or --process gunicorn' },
    parse: parseWhole(1, 512),
    format: String,
    default: () => undefined,
  }),
  row('proxy', {
    flag: '--proxy',
    kind: 'boolean',
    help: 'behind a TLS-terminating proxy (Traefik, Nginx, a load balancer): trust its X-Forwarded-* headers',
    question: 'Will it run behind a TLS-terminating proxy (Traefik, Nginx, a cloud load balancer)?',
    default: () => false,
  }),
  row('forwardedAllowIps', {
    flag: '--forwarded-allow-ips',
    kind: 'text',
    valueName: 'LIST',
    help: 'proxies trusted for X-Forwarded-* (default: loopback and private networks; "*" trusts anyone who can reach the port)',
    question: 'Which proxy addresses are trusted? Private networks by default; anyone inside them could spoof the headers',
    appliesWhen: { test: (o) => o.proxy === true, text: 'with --proxy' },
    parse: parseTrustList,
    format: String,
    default: () => DEFAULT_FORWARDED_ALLOW_IPS,
  }),
  row('python', {
    flag: '--python',
    kind: 'choice',
    valueName: 'X.Y',
    help: `Python of the base image: ${listWords(PYTHONS.map((p) => p.value))} (default ${DEFAULT_PYTHON}, or the one --base-image names)`,
    question: 'Which Python version?',
    choices: PYTHONS,
    default: (o) => pythonOfBase(o) ?? (o.process === 'official-image' && !o.baseImage ? OFFICIAL_IMAGE_PYTHONS.at(-1) : undefined) ?? DEFAULT_PYTHON,
  }),
  row('port', {
    flag: '--port',
    kind: 'text',
    valueName: 'N',
    help: 'port the server listens on inside the container (default 80)',
    question: 'Which port does the server listen on inside the container?',
    parse: parseWhole(1, 65535),
    format: String,
    default: () => 80,
  }),
  // Deployment files (issue 9): asked together, as one multi-select.
  row('compose', {
    flag: '--compose',
    kind: 'boolean',
    help: 'write compose.yaml: restart, limits, prestart, `docker compose watch`; with --proxy a Caddy HTTPS proxy (default: yes)',
    question: DEPLOYMENT_FILES,
    together: { label: 'compose.yaml', hint: 'one host: restart, limits, prestart, compose watch; Caddy for HTTPS with a proxy' },
    default: () => true,
  }),
  row('kubernetes', {
    flag: '--kubernetes',
    kind: 'boolean',
    help: 'write k8s/ (kustomization, Deployment, Service; an Ingress with --proxy) for `kubectl apply -k k8s/` (default: no)',
    question: DEPLOYMENT_FILES,
    together: { label: 'k8s/', hint: 'a cluster: kustomization, Deployment, Service, and an Ingress with a proxy' },
    default: () => false,
  }),
  row('domain', {
    flag: '--domain',
    kind: 'text',
    valueName: 'NAME',
    help: "public host name for the TLS proxy and the Ingress (default: localhost, served by Caddy's internal CA)",
    question: "Which public host name does HTTPS serve? localhost gets a certificate from Caddy's local CA",
    appliesWhen: { test: (o) => o.proxy === true && (o.compose === true || o.kubernetes === true), text: 'with --proxy and --compose or --kubernetes' },
    parse: parseHostName,
    format: String,
    default: () => 'localhost',
  }),
  row('baseImage', {
    flag: '--base-image',
    kind: 'text',
    valueName: 'REF',
    optional: true,
    advanced: true,
    help: 'replace the default base image (a private registry\'s copy); its tag sets the Python version',
    question: 'Base image (blank for the default)',
    parse: (raw) => parseImageRef(raw, { digest: true }),
    format: (ref) => ref.ref,
    default: () => undefined,
  }),
  row('tag', {
    flag: '--tag',
    kind: 'text',
    valueName: 'NAME',
    advanced: true,
    help: 'image name and tag (default: derived from the directory name)',
    question: 'Image tag',
    parse: (raw) => parseImageRef(raw, { digest: false }),
    format: (ref) => ref.ref,
    default: (o, env) => {
      const parsed = parseImageRef(tagFromName(directoryName(o.directory ?? 'fastapi-app', env.cwd)), { digest: false });
      if (!parsed.ok) throw new Error(`a derived tag failed its own grammar: ${parsed.problem}`);
      return parsed.value;
    },
  }),
  row('pins', {
    flag: '--pin',
    kind: 'list',
    valueName: 'REQUIREMENT',
    advanced: true,
    help: 'repeatable; replaces the default requirement of that distribution (keeping its extras unless it names its own, "uvicorn[]" for none) or adds one, e.g. --pin "uvicorn>=0.32,<0.33"',
    question: 'Requirement pins, separated by spaces (blank for the defaults)',
    parse: (raw) => {
      const parsed = parseRequirement(raw);
      return parsed.ok ? parsed : { ok: false, problem: asPin(parsed.problem) };
    },
    format: pinText,
    itemAppliesWhen: {
      test: (pin, o) => !BUILD_TOOLS.includes(pin.key) || (o.deps !== undefined && buildToolsOf(o.deps).includes(pin.key)),
      text: `with ${toolsBuildingWith(BUILD_TOOLS)}`,
      problem: (pin) => `--pin names ${pin.key}, which is used only with ${toolsBuildingWith([pin.key])}`,
    },
    parseAnswer: (raw) => {
      const parsed = parseRequirementList(raw);
      return parsed.ok ? parsed : { ok: false, problem: asPin(parsed.problem) };
    },
    default: () => [],
  }),
  row('indexUrl', {
    flag: '--index-url',
    kind: 'text',
    valueName: 'URL',
    optional: true,
    advanced: true,
    help: 'package index for every pip and Poetry step (a company mirror); credentials in it are passed as a build secret, never written',
    question: 'Package index URL (blank for PyPI)',
    parse: parseIndexUrl,
    format: (index) => index.url,
    default: () => undefined,
  }),
  row('indexLogin', {
    flag: '--index-login',
    kind: 'boolean',
    advanced: true,
    help: 'the index needs a login: kept in ~/.netrc, passed to the build as a BuildKit secret (default: yes when --index-url carries credentials)',
    question: 'Does the package index need a login (from your ~/.netrc, passed to the build as a secret)?',
    appliesWhen: { test: (o) => o.indexUrl !== undefined, text: 'with --index-url' },
    defaultIsChoice: (o) => o.indexUrl?.credentials !== undefined,
    default: (o) => o.indexUrl?.credentials !== undefined,
  }),
  row('build', {
    flag: '--build',
    kind: 'boolean',
    help: 'run the first docker build after writing (default: no)',
    question: 'Run the first docker build now?',
    deferred: true,
    default: () => false,
  }),
  row('overwrite', {
    flag: '--overwrite',
    kind: 'boolean',
    help: 'allow a non-empty directory: replace only the files this tool generates (backing up what differs), delete nothing',
    default: () => false,
  }),
];

/** Flags that steer the run rather than the generated project. */
export const META_FLAGS = [
  { flag: '--preset', valueName: 'FILE', help: 'option values from a JSON or YAML file (keys: the flags without --, e.g. index-url); flags override it' },
  { flag: '--update', help: 'bring a generated project up to date: render it again from its .create-fastapi-docker.yml and any flags given, and merge in your edits' },
  { flag: '--dry-run', help: 'show what would be written, replaced and backed up (with --update: a patch for git apply on stdout, exit 1 if it would conflict); write nothing' },
  { flag: '--check', help: 'with --update: exit 1 if the update would change a file, 0 if the project is up to date (for CI); write nothing' },
  { flag: '--yes', short: '-y', help: 'take the default for every question a flag did not answer' },
  { flag: '--interactive', help: 'ask questions (default: only when stdin is a TTY and CI is not set); --no-interactive never asks' },
  { flag: '--help', short: '-h', help: 'show this help' },
  { flag: '--version', short: '-v', help: 'show the version' },
] as const;

/** The row of one option. */
export function rowOf<K extends OptionDef['id']>(id: K): Extract<OptionDef, { id: K }> {
  const def = OPTION_TABLE.find((d): d is Extract<OptionDef, { id: K }> => d.id === id);
  if (!def) throw new Error(`no row for option ${id}`);
  return def;
}
