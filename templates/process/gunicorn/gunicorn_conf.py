"""Gunicorn settings, read each time the container starts.

The auto-tuning of the deprecated tiangolo/uvicorn-gunicorn-fastapi image, written out so that it
is yours to read and change. Every knob is an environment variable, so `docker run -e` adjusts it:

- WEB_CONCURRENCY: the number of workers; when set, it wins.
- WORKERS_PER_CORE (default 1) and MAX_WORKERS: otherwise workers = max(2, CPUs x WORKERS_PER_CORE),
  capped at MAX_WORKERS. CPUs are those this container may use (see _cpu_count): with `--cpus 1` or
  `--cpus 0.5` that is 1, so 2 workers, not one per core of the node. Mind the memory: each worker
  holds its own copy of the app.
- GRACEFUL_TIMEOUT (default 8): after SIGTERM, requests in flight may finish within it; Gunicorn
  kills any worker still running at the deadline (see post_worker_init). It fits inside
  `docker stop`'s 10 s and Kubernetes' 30 s.
- LOG_LEVEL, TIMEOUT, KEEP_ALIVE.
- FORWARDED_ALLOW_IPS: the proxies whose X-Forwarded-* headers are trusted (empty: none).
- CONTROL_SOCKET: where Gunicorn's control socket listens (unset: no control socket; see below).
"""

import os
from pathlib import Path


def _cpu_quota() -> float | None:
    """The CPU quota of this container's cgroup in CPUs (cgroup v2 cpu.max, else v1 CFS), or None."""
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        pass
    for directory in ("/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct"):
        try:
            quota_us = int(Path(directory, "cpu.cfs_quota_us").read_text())
            period_us = int(Path(directory, "cpu.cfs_period_us").read_text())
        except (OSError, ValueError):
            continue
        return quota_us / period_us if quota_us > 0 else None
    return None


def _cpu_count() -> int:
    """Whole CPUs this container may use: the quota rounded down (at least 1), within its affinity."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 1
    quota = _cpu_quota()
    return min(cpus, max(1, int(quota))) if quota else cpus


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
graceful_timeout = int(os.environ.get("GRACEFUL_TIMEOUT", "8"))
keepalive = int(os.environ.get("KEEP_ALIVE", "5"))
accesslog = "-"
errorlog = "-"
# The control socket (Gunicorn 25.1 and later) is a Unix socket through which `gunicornc` shows the workers, adds
# or removes them, and reloads or stops the server. Gunicorn opens it by default in $XDG_RUNTIME_DIR or
# $HOME/.gunicorn/, which fails in this image (the app user has no home; Kubernetes mounts the root read-only) and
# logs "[ERROR] Control server error" at every start, so it stays off unless you ask for it. To turn it on, give it
# a writable path: `docker run -e CONTROL_SOCKET=/tmp/gunicorn.ctl ...` (on Kubernetes /tmp is an emptyDir), then
# `docker exec CONTAINER gunicornc -s /tmp/gunicorn.ctl -c "show workers"`.
if os.environ.get("CONTROL_SOCKET"):
    control_socket = os.environ["CONTROL_SOCKET"]
else:
    control_socket_disable = True


def post_worker_init(worker) -> None:
    """Hand the graceful timeout to Uvicorn in each worker (uvicorn-worker does not pass it on).

    On SIGTERM a worker then finishes its in-flight requests, cancels what still runs one second
    before Gunicorn's own deadline, and runs the app's shutdown, instead of being killed.
    """
    config = getattr(worker, "config", None)
    if config is not None:
        config.timeout_graceful_shutdown = max(graceful_timeout - 1, 1)
