/**
 * The choices of the option table, with the hints the questions show. Each list is `as const`, so the value types
 * of the layout, deps, process and python options are the unions of these values: a misspelt choice anywhere
 * fails to compile.
 */
import { DEFAULT_PYTHON, OFFICIAL_IMAGE, PYTHON_VERSIONS } from '../versions.js';

export interface Choice<V extends string = string> {
  readonly value: V;
  readonly label: string;
  readonly hint: string;
}

export const LAYOUTS = [
  { value: 'package', label: 'app/ package', hint: 'app/__init__.py + app/main.py, as in the FastAPI docs' },
  { value: 'single', label: 'single main.py', hint: 'one file, for a small service' },
  { value: 'bigger', label: 'bigger app with routers', hint: "app/routers/, FastAPI's Bigger Applications" },
] as const satisfies readonly Choice[];

/**
 * A dependency tool's row: what the question shows, and what options/rules.ts needs to know about it (render/deps/
 * holds the rest, one module per tool). `buildTools` are distributions only its builder stage installs, so a pin of
 * one means nothing with another tool; `refuses` names process models it does not build, and why.
 */
export interface DepsChoice extends Choice {
  readonly buildTools: readonly string[];
  readonly refuses: readonly { readonly process: ProcessModel; readonly why: string }[];
}

export const DEPS = [
  { value: 'pip', label: 'pip', hint: 'requirements.txt; the simplest image', buildTools: [], refuses: [] },
  {
    value: 'poetry',
    label: 'Poetry 2',
    hint: 'pyproject.toml + lock; Poetry runs in a builder stage only',
    buildTools: ['poetry', 'poetry-plugin-export'],
    refuses: [],
  },
  {
    value: 'uv',
    label: 'uv',
    hint: "Astral's fast Python package manager: pyproject.toml + uv.lock; uv runs in a builder stage only",
    buildTools: [],
    refuses: [
      {
        process: 'official-image',
        why: "the deprecated image runs the Gunicorn of its own Python, not a uv virtual environment; use --process gunicorn (the same auto-tuning), or --deps pip",
      },
    ],
  },
] as const satisfies readonly DepsChoice[];

export const DEFAULT_DEPS: Deps = 'pip';

/** Sentences on separate lines, so a terminal frame can show them; plain output joins them into one. */
export const DEPRECATION_WARNING = [
  `${OFFICIAL_IMAGE} is deprecated: it gets no updates, its newest Python is 3.11,`,
  'and its maintainer recommends Uvicorn with --workers.',
  'Use --process gunicorn for the same auto-tuning in a Dockerfile you own.',
].join('\n');

export const PROCESSES = [
  { value: 'single', label: 'one Uvicorn process', hint: 'Kubernetes, Swarm, ECS: the cluster replicates containers' },
  { value: 'workers', label: 'Uvicorn with --workers', hint: 'one server or Compose: use every core in one container' },
  { value: 'gunicorn', label: 'Gunicorn + Uvicorn workers', hint: 'auto-tuned worker count, restarts dead workers' },
  {
    value: 'official-image',
    label: `${OFFICIAL_IMAGE} (deprecated)`,
    hint: 'deprecated: no updates, Python 3.11 at most; choose Gunicorn for the same auto-tuning',
  },
] as const satisfies readonly Choice[];

export const PYTHONS = PYTHON_VERSIONS.map((v) => ({
  value: v,
  label: `Python ${v}`,
  hint: v === DEFAULT_PYTHON ? 'recommended' : '',
}));

export type Layout = (typeof LAYOUTS)[number]['value'];
export type Deps = (typeof DEPS)[number]['value'];
export type ProcessModel = (typeof PROCESSES)[number]['value'];
export type PythonVersion = (typeof PYTHON_VERSIONS)[number];
