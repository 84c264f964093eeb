/**
 * The one table of default requirements, current in November 2026.
 * Ranges follow FastAPI's advice on versions: allow patch releases, hold the minor (0.x) or major line.
 * `--pin` replaces any entry by distribution name.
 */
export const DEFAULT_REQUIREMENTS = {
  fastapi: 'fastapi>=0.163,<0.164',
  uvicorn: 'uvicorn[standard]>=0.54,<0.55',
  gunicorn: 'gunicorn>=27,<28',
  'uvicorn-worker': 'uvicorn-worker>=0.4,<0.5',
  pytest: 'pytest>=9,<10',
  httpx: 'httpx>=0.28,<0.29',
  poetry: 'poetry>=2.5,<3',
  'poetry-plugin-export': 'poetry-plugin-export>=1.10,<2',
} as const;

export type KnownDistribution = keyof typeof DEFAULT_REQUIREMENTS;

/** Distributions that only build the image (the Poetry builder stage), never the app. */
export const BUILD_TOOLS: readonly string[] = ['poetry', 'poetry-plugin-export'];

/** Distributions the tests need, never the image. */
export const DEV_TOOLS: readonly string[] = ['pytest', 'httpx'];

/** Python versions with an official `python:X.Y-slim` image that FastAPI supports. */
export const PYTHON_VERSIONS = ['3.10', '3.11', '3.12', '3.13', '3.14', '3.15'] as const;
export const DEFAULT_PYTHON = '3.14';

/** The deprecated tiangolo/uvicorn-gunicorn-fastapi image stopped at Python 3.11 (3.8 and 3.9 are past end of life). */
export const OFFICIAL_IMAGE = 'tiangolo/uvicorn-gunicorn-fastapi';
export const OFFICIAL_IMAGE_PYTHONS = ['3.10', '3.11'] as const satisfies readonly (typeof PYTHON_VERSIONS)[number][];

/**
 * Default proxies trusted for X-Forwarded-*: loopback and the private ranges where Docker networks,
 * Compose and most Kubernetes pod networks put a reverse proxy. Spoofed headers from public
 * addresses are ignored; anything inside these networks that reaches the port can still set them.
 */
export const DEFAULT_FORWARDED_ALLOW_IPS = '127.0.0.1,::1,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7';

/**
 * The uv release a `--deps uv` Dockerfile copies its binary from (`ghcr.io/astral-sh/uv:UV_VERSION`), pinned
 * as uv's Docker guide advises; the newest on PyPI in December 2026.
 */
export const UV_VERSION = '0.13.9';
