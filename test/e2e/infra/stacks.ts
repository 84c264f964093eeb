// The two stacks the e2e suite proves: the default (Python 3.14, from Debian sid) and a smoke set
// on Python 3.13 (Debian trixie). Each has its own stand-in base images, index and official-image stand-in.
import { DEFAULT_PYTHON } from '../../../src/versions.js';

export interface Stack {
  /** The `--python` it stands in for. */
  python: string;
  /** The Debian suite its roots are bootstrapped from. */
  suite: 'sid' | 'trixie';
  /** True when the generated projects on it run with their default --python (no flag). */
  isDefault: boolean;
  /**
   * Debian packages in the base image besides python3/pip/venv: passwd (groupadd/useradd) and
   * coreutils (nproc), which generated files use, and the shared libraries that the index's compiled
   * wheels link (real wheels bundle them; Debian's builds link the system's). Setup checks the list
   * against what the wheels declare (Requires-External).
   */
  baseExtra: string[];
  /** Debian packages whose Python distributions (and what they pull in) become the index. */
  indexPackages: string[];
  /**
   * What the index lacks of src/versions.ts's defaults, pinned one release down with the CLI's own --pin.
   * Setup checks that each pin is needed and met (pins.ts).
   */
  pins: { all: string[]; gunicorn: string[]; poetry: string[] };
  /** Whether `uvicorn[standard]` (uvloop, httptools) is installable, so the suite checks they are in use. */
  standard: boolean;
  /** The major version of pytest the generated tests must run on. */
  pytestMajor: number;
  /** Whether its Gunicorn accepts networks in forwarded_allow_ips (24.1.1 and later). */
  gunicornTakesNetworks: boolean;
}

const COMMON_INDEX = [
  'python3-fastapi', 'python3-pydantic', 'python3-pydantic-settings', 'python3-starlette',
  'python3-uvicorn', 'python3-gunicorn', 'python3-httpx', 'python3-pytest', 'python3-pytest-asyncio',
  'python3-poetry', 'python3-poetry-plugin-export', 'python3-python-multipart', 'python3-email-validator',
  'python3-jinja2', 'python3-dotenv', 'python3-yaml', 'python3-uvloop', 'python3-websockets',
  'python3-watchfiles', 'python3-requests', 'python3-anyio',
  // Poetry resolves for every platform: Windows-only deps it meets (click -> colorama) and pbs-installer's zstandard.
  'python3-colorama', 'python3-zstandard', 'python3-tomli',
  'python3-cffi', 'python3-pip', 'python3-setuptools', 'python3-wheel',
];

export const STACKS: Record<'default' | 'smoke', Stack> = {
  default: {
    python: DEFAULT_PYTHON,
    suite: 'sid',
    isDefault: true,
    baseExtra: ['passwd', 'coreutils', 'libuv1t64', 'libyaml-0-2', 'libllhttp9.4', 'libhttp-parser2.9'],
    indexPackages: [...COMMON_INDEX, 'python3-httptools'],
    pins: {
      // A pin keeps the default's extras: uvicorn[standard] (the suite checks uvloop and httptools serve).
      all: ['fastapi>=0.162,<0.163', 'uvicorn>=0.53,<0.54'],
      gunicorn: ['gunicorn>=26,<27'],
      poetry: ['poetry>=2.3,<3'],
    },
    standard: true,
    pytestMajor: 9,
    gunicornTakesNetworks: true,
  },
  smoke: {
    python: '3.13',
    suite: 'trixie',
    isDefault: false,
    baseExtra: ['passwd', 'coreutils', 'libuv1t64', 'libyaml-0-2'],
    // Backports Poetry meets when requires-python reaches below 3.11 (sid has dropped them).
    indexPackages: [...COMMON_INDEX, 'python3-exceptiongroup', 'python3-importlib-metadata'],
    pins: {
      // trixie's httptools is older than uvicorn[standard] asks for: plain uvicorn (`[]` drops the extras).
      all: ['fastapi>=0.115,<0.116', 'uvicorn[]>=0.32,<0.33', 'pytest>=8,<9'],
      gunicorn: ['gunicorn>=23,<24'],
      poetry: ['poetry>=2.1,<2.2', 'poetry-plugin-export>=1.9,<1.10'],
    },
    standard: false,
    pytestMajor: 8,
    gunicornTakesNetworks: false,
  },
};

/** The stand-in tags of one stack: python:X.Y-slim and python:X.Y. */
export const baseImageTags = (s: Stack): [string, string] => [`python:${s.python}-slim`, `python:${s.python}`];

/** Cache subdirectory names for a stack's roots and index. */
export const stackPath = (s: Stack, what: 'base-root' | 'index-root' | 'index'): string => `${what}-${s.suite}`;
