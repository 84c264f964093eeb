"""Gunicorn settings, read each time the container starts.

The auto-tuning of the deprecated tiangolo/uvicorn-gunicorn-fastapi image, written out so that it
is yours to read and change. Every knob is an environment variable, so `docker run -e` adjusts it:

- WEB_CONCURRENCY: the number of workers; when set, it wins.
- WORKERS_PER_CORE (default 1) and MAX_WORKERS: otherwise workers = max(2, cores x WORKERS_PER_CORE),
  capped at MAX_WORKERS. Mind the memory: each worker holds its own copy of the app.
- LOG_LEVEL, TIMEOUT, GRACEFUL_TIMEOUT, KEEP_ALIVE.
- FORWARDED_ALLOW_IPS: the proxies whose X-Forwarded-* headers are trusted (empty: none).
"""

import os


def _cpu_count() -> int:
    """CPUs this container may run on (honours --cpuset-cpus)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _workers() -> int:
    explicit = os.environ.get("WEB_CONCURRENCY")
    if explicit:
        return max(int(explicit), 1)
    per_core = float(os.environ.get("WORKERS_PER_CORE", "1"))
    count = max(int(per_core * _cpu_count()), 2)
    cap = os.environ.get("MAX_WORKERS")
    return max(min(count, int(cap)), 1) if cap else count


workers = _workers()
# uvicorn.workers is deprecated; the uvicorn-worker package carries the worker class now.
worker_class = "uvicorn_worker.UvicornWorker"
loglevel = os.environ.get("LOG_LEVEL", "info")
timeout = int(os.environ.get("TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("KEEP_ALIVE", "5"))
accesslog = "-"
errorlog = "-"
