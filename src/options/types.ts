import type { Deps, Layout, ProcessModel, PythonVersion } from './choices.js';
import type { ImageRef } from './grammar/image-ref.js';
import type { Requirement } from './grammar/pep508.js';
import type { IndexUrl } from './grammar/urls.js';

export type { Deps, Layout, ProcessModel, PythonVersion } from './choices.js';
export type { ImageRef } from './grammar/image-ref.js';
export type { Requirement } from './grammar/pep508.js';
export type { IndexUrl } from './grammar/urls.js';

/**
 * Everything the generated project depends on: the output of option resolution, the input of render().
 * The choice unions come from the option table's choice lists; every value is already parsed (requirements,
 * image references, URLs), so nothing downstream parses or pastes raw text.
 */
export interface Options {
  directory: string;
  layout: Layout;
  deps: Deps;
  process: ProcessModel;
  /** Explicit worker count; undefined means "derived from the CPUs when the container starts". */
  workers: number | undefined;
  proxy: boolean;
  /** Addresses trusted to send X-Forwarded-*; set only with proxy. */
  forwardedAllowIps: string | undefined;
  python: PythonVersion;
  port: number;
  /** Write compose.yaml: the service, its limits and prestart, the watch dev loop, and with proxy a Caddy TLS proxy. */
  compose: boolean;
  /** Write k8s/: kustomization.yaml, deployment.yaml, service.yaml, and with proxy ingress.yaml. */
  kubernetes: boolean;
  /** Public host name for the TLS proxy (Caddy) and the Ingress; set only with proxy. */
  domain: string | undefined;
  baseImage: ImageRef | undefined;
  tag: ImageRef;
  pins: Requirement[];
  /** Without credentials in its text; credentials, if given, are only for the first build. */
  indexUrl: IndexUrl | undefined;
  /** The index needs a login (from ~/.netrc, passed to the build as a secret); set only with an index. */
  indexLogin: boolean | undefined;
  build: boolean;
  overwrite: boolean;
}

export type OptionId = keyof Options;

/** Options known so far during resolution: from flags, answers and defaults. */
export type Known = Partial<Options>;

/** Process models with a worker count of their own: Uvicorn's --workers and Gunicorn (hence --workers applies). */
export const hasWorkerCount = (process: ProcessModel | undefined): boolean => process === 'workers' || process === 'gunicorn';

/** Process models where Gunicorn, with the uvicorn-worker class, runs the app. */
export const runsGunicorn = (process: ProcessModel | undefined): boolean => process === 'gunicorn' || process === 'official-image';

/** A bad flag or value: one line for the user, exit code 2, nothing written. */
export class UsageError extends Error {
  override name = 'UsageError';
}
