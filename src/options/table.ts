import {
  BUILD_TOOLS,
  DEFAULT_FORWARDED_ALLOW_IPS,
  DEFAULT_PYTHON,
  OFFICIAL_IMAGE,
  OFFICIAL_IMAGE_PYTHONS,
  PYTHON_VERSIONS,
} from '../versions.js';
import {
  checkBaseImage,
  checkDirectory,
  checkDomain,
  checkForwardedAllowIps,
  checkIndexUrl,
  checkPin,
  checkPort,
  checkTag,
  checkWorkers,
  listWords,
  parseRequirement,
  tagFromDirectory,
} from './validators.js';

import type { OptionDef } from './option-def.js';
import { hasWorkerCount } from './types.js';

export { type Choice, type OptionDef, type ResolveEnv, checkRaw } from './option-def.js';

/** Sentences on separate lines, so a terminal frame can show them; plain output joins them into one. */
export const DEPRECATION_WARNING = [
  `${OFFICIAL_IMAGE} is deprecated: it gets no updates, its newest Python is 3.11,`,
  'and its maintainer recommends Uvicorn with --workers.',
  'Use --process gunicorn for the same auto-tuning in a Dockerfile you own.',
].join('\n');

export const OPTION_TABLE: readonly OptionDef[] = [
  {
    id: 'directory',
    flag: '[directory]',
    kind: 'text',
    valueName: 'DIR',
    help: 'where to create the service (default: fastapi-app)',
    question: 'Where should the service be created?',
    check: checkDirectory,
    default: () => 'fastapi-app',
  },
  {
    id: 'layout',
    flag: '--layout',
    kind: 'choice',
    help: 'app/__init__.py + app/main.py | one main.py | app/ with routers',
    question: 'How is the code laid out?',
    choices: () => [
      { value: 'package', label: 'app/ package', hint: 'app/__init__.py + app/main.py, as in the FastAPI docs' },
      { value: 'single', label: 'single main.py', hint: 'one file, for a small service' },
      { value: 'bigger', label: 'bigger app with routers', hint: "app/routers/, FastAPI's Bigger Applications" },
    ],
    default: () => 'package',
  },
  {
    id: 'deps',
    flag: '--deps',
    kind: 'choice',
    help: 'requirements.txt with version ranges | pyproject.toml (Poetry 2) with a multi-stage export',
    question: 'Which tool manages the dependencies?',
    choices: () => [
      { value: 'pip', label: 'pip', hint: 'requirements.txt; the simplest image' },
      { value: 'poetry', label: 'Poetry 2', hint: 'pyproject.toml + lock; Poetry runs in a builder stage only' },
    ],
    default: () => 'pip',
  },
  {
    id: 'process',
    flag: '--process',
    kind: 'choice',
    help: 'one Uvicorn per container | uvicorn --workers | Gunicorn + Uvicorn workers | deprecated official image',
    question: 'How many server processes run in each container?',
    choices: () => [
      { value: 'single', label: 'one Uvicorn process', hint: 'Kubernetes, Swarm, ECS: the cluster replicates containers' },
      { value: 'workers', label: 'Uvicorn with --workers', hint: 'one server or Compose: use every core in one container' },
      { value: 'gunicorn', label: 'Gunicorn + Uvicorn workers', hint: 'auto-tuned worker count, restarts dead workers' },
      {
        value: 'official-image',
        label: `${OFFICIAL_IMAGE} (deprecated)`,
        hint: 'old base image, Python 3.11 at most; prefer Gunicorn',
      },
    ],
    default: () => 'single',
    warning: (value) => (value === 'official-image' ? DEPRECATION_WARNING : undefined),
  },
  {
    id: 'workers',
    flag: '--workers',
    kind: 'text',
    valueName: 'N',
    optional: true,
    help: 'worker processes for workers/gunicorn (default: derived from the CPU count when the container starts)',
    question: 'How many worker processes? Leave blank to derive it from the CPUs when the container starts',
    appliesWhen: { test: (o) => hasWorkerCount(o.process), text: 'with --process workers or --process gunicorn' },
    check: checkWorkers,
    convert: Number,
    default: () => undefined,
  },
  {
    id: 'proxy',
    flag: '--proxy',
    kind: 'boolean',
    help: 'behind a TLS-terminating proxy (Traefik, Nginx, a load balancer): trust its X-Forwarded-* headers',
    question: 'Will it run behind a TLS-terminating proxy (Traefik, Nginx, a cloud load balancer)?',
    default: () => false,
  },
  {
    id: 'forwardedAllowIps',
    flag: '--forwarded-allow-ips',
    kind: 'text',
    valueName: 'LIST',
    help: 'proxies trusted for X-Forwarded-* (default: loopback and private networks; "*" trusts anyone who can reach the port)',
    question: 'Which proxy addresses are trusted? Private networks by default; anyone inside them could spoof the headers',
    appliesWhen: { test: (o) => o.proxy === true, text: 'with --proxy' },
    check: checkForwardedAllowIps,
    default: () => DEFAULT_FORWARDED_ALLOW_IPS,
  },
  {
    id: 'python',
    flag: '--python',
    kind: 'choice',
    valueName: 'X.Y',
    help: `Python of the base image: ${listWords(PYTHON_VERSIONS)} (default ${DEFAULT_PYTHON})`,
    question: 'Which Python version?',
    choices: (o) =>
      (o.process === 'official-image' && !o.baseImage ? OFFICIAL_IMAGE_PYTHONS : PYTHON_VERSIONS)
        .map((v) => ({ value: v, label: `Python ${v}`, hint: v === DEFAULT_PYTHON ? 'recommended' : '' })),
    default: (o) => (o.process === 'official-image' && !o.baseImage ? '3.11' : DEFAULT_PYTHON),
    crossCheck: (value, o) =>
      o.process === 'official-image' && !o.baseImage && !(OFFICIAL_IMAGE_PYTHONS as readonly string[]).includes(String(value))
        ? `accepts ${listWords(OFFICIAL_IMAGE_PYTHONS)} with --process official-image (${OFFICIAL_IMAGE} has no newer tags); use --process gunicorn, or --base-image`
        : undefined,
  },
  {
    id: 'port',
    flag: '--port',
    kind: 'text',
    valueName: 'N',
    help: 'port the server listens on inside the container (default 80)',
    question: 'Which port does the server listen on inside the container?',
    check: checkPort,
    convert: Number,
    default: () => 80,
  },
  // Deployment files (issue 9). Interactively, one multi-select "Deployment files?" is to ask compose and kubernetes
  // together (compose checked); until that question kind exists, they take their defaults when not given as flags.
  {
    id: 'compose',
    flag: '--compose',
    kind: 'boolean',
    help: 'write compose.yaml: restart, limits, prestart, `docker compose watch`; with --proxy a Caddy HTTPS proxy (default: yes)',
    default: () => true,
  },
  {
    id: 'kubernetes',
    flag: '--kubernetes',
    kind: 'boolean',
    help: 'write k8s/ (kustomization, Deployment, Service; an Ingress with --proxy) for `kubectl apply -k k8s/` (default: no)',
    default: () => false,
  },
  {
    id: 'domain',
    flag: '--domain',
    kind: 'text',
    valueName: 'NAME',
    help: "public host name for the TLS proxy and the Ingress (default: localhost, served by Caddy's internal CA)",
    question: 'Which public host name does HTTPS serve? localhost gets a certificate from Caddy\'s local CA',
    appliesWhen: { test: (o) => o.proxy === true, text: 'with --proxy' },
    check: checkDomain,
    default: () => 'localhost',
  },
  {
    id: 'baseImage',
    flag: '--base-image',
    kind: 'text',
    valueName: 'REF',
    optional: true,
    advanced: true,
    help: 'replace the default base image (for a private registry)',
    question: 'Base image (blank for the default)',
    check: checkBaseImage,
    default: () => undefined,
  },
  {
    id: 'tag',
    flag: '--tag',
    kind: 'text',
    valueName: 'NAME',
    advanced: true,
    help: 'image tag (default: derived from the directory name)',
    question: 'Image tag',
    check: checkTag,
    default: (o, env) => tagFromDirectory(o.directory ?? 'fastapi-app', env.cwdName),
  },
  {
    id: 'pins',
    flag: '--pin',
    kind: 'list',
    valueName: 'REQUIREMENT',
    advanced: true,
    help: 'repeatable; replaces the default requirement for that distribution, e.g. --pin "uvicorn>=0.32,<0.33"',
    question: 'Requirement pins, separated by spaces (blank for the defaults)',
    check: checkPin,
    default: () => [],
    crossCheck: (value, o) => {
      if (o.deps === 'poetry') return undefined;
      const tool = (value as string[]).map((pin) => parseRequirement(pin)?.name).find((n) => n && BUILD_TOOLS.includes(n));
      return tool ? `names ${tool}, which is used only with --deps poetry` : undefined;
    },
  },
  {
    id: 'indexUrl',
    flag: '--index-url',
    kind: 'text',
    valueName: 'URL',
    optional: true,
    advanced: true,
    help: 'package index for every pip and Poetry step (a company mirror)',
    question: 'Package index URL (blank for PyPI)',
    check: checkIndexUrl,
    default: () => undefined,
  },
  {
    id: 'build',
    flag: '--build',
    kind: 'boolean',
    help: 'run the first docker build after writing (default: no)',
    question: 'Run the first docker build now?',
    deferred: true,
    default: () => false,
  },
  {
    id: 'overwrite',
    flag: '--overwrite',
    kind: 'boolean',
    help: 'allow a non-empty directory: replace only the files this tool generates, delete nothing',
    default: () => false,
  },
];

/** Flags that steer the run rather than the generated project. */
export const META_FLAGS = [
  { flag: '--dry-run', help: 'show what would be written; write nothing' },
  { flag: '--yes', short: '-y', help: 'take the default for every question a flag did not answer' },
  { flag: '--interactive', help: 'ask questions (default: only when stdin is a TTY and CI is not set); --no-interactive never asks' },
  { flag: '--help', short: '-h', help: 'show this help' },
  { flag: '--version', short: '-v', help: 'show the version' },
] as const;
