// The two stacks the e2e suite proves: the default (Python 3.14, base stand-in from Debian sid) and a smoke set on
// Python 3.13 (base stand-in from Debian trixie). Each has its own stand-in base images, its own index of PyPI's
// wheels for its CPython (cp314, cp313) and its own official-image stand-in.
import { DEFAULT_PYTHON } from '../../../src/versions.js';

export interface Stack {
  /** The `--python` it stands in for. */
  python: string;
  /** The Debian suite its base root is bootstrapped from (the stand-in for python:X.Y-slim). */
  suite: 'sid' | 'trixie';
  /** True when the generated projects on it run with their default --python (no flag). */
  isDefault: boolean;
  /**
   * Debian packages in the base image besides python3/pip/venv: passwd (groupadd/useradd) and coreutils (nproc),
   * which generated files use. No C libraries: PyPI's manylinux wheels carry (or statically link) their own.
   */
  baseExtra: string[];
}

export const STACKS: Record<'default' | 'smoke', Stack> = {
  default: { python: DEFAULT_PYTHON, suite: 'sid', isDefault: true, baseExtra: ['passwd', 'coreutils'] },
  smoke: { python: '3.13', suite: 'trixie', isDefault: false, baseExtra: ['passwd', 'coreutils'] },
};

/** The stand-in tags of one stack: python:X.Y-slim and python:X.Y. */
export const baseImageTags = (s: Stack): [string, string] => [`python:${s.python}-slim`, `python:${s.python}`];

/** Cache subdirectory names for a stack's base root and index. */
export const stackPath = (s: Stack, what: 'base-root' | 'index'): string => (what === 'index' ? `wheels-cp${s.python.replace('.', '')}` : `${what}-${s.suite}`);
