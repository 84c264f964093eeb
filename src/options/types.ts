export type Layout = 'package' | 'single' | 'bigger';
export type Deps = 'pip' | 'poetry';
export type ProcessModel = 'single' | 'workers' | 'gunicorn' | 'official-image';

/** Everything the generated project depends on: the output of option resolution, the input of render(). */
export interface Options {
  directory: string;
  layout: Layout;
  deps: Deps;
  process: ProcessModel;
  /** Explicit worker count; undefined means "derived from the CPU count when the container starts". */
  workers: number | undefined;
  proxy: boolean;
  /** Addresses trusted to send X-Forwarded-* headers; set only with proxy. */
  forwardedAllowIps: string | undefined;
  python: string;
  port: number;
  /** Write compose.yaml: the service, its limits and prestart, the watch dev loop, and with proxy a Caddy TLS proxy. */
  compose: boolean;
  /** Write k8s/: kustomization.yaml, deployment.yaml, service.yaml, and with proxy ingress.yaml. */
  kubernetes: boolean;
  /** Public host name for the TLS proxy (Caddy) and the Ingress; set only with proxy. */
  domain: string | undefined;
  baseImage: string | undefined;
  tag: string;
  pins: string[];
  indexUrl: string | undefined;
  build: boolean;
  overwrite: boolean;
}

export type OptionId = keyof Options;

/** Process models with a worker count of their own: Uvicorn's --workers and Gunicorn (hence --workers applies). */
export const hasWorkerCount = (process: ProcessModel | undefined): boolean => process === 'workers' || process === 'gunicorn';

/** Process models where Gunicorn, with the uvicorn-worker class, runs the app. */
export const runsGunicorn = (process: ProcessModel | undefined): boolean => process === 'gunicorn' || process === 'official-image';

/** A bad flag or value: one line for the user, exit code 2, nothing written. */
export class UsageError extends Error {
  override name = 'UsageError';
}
