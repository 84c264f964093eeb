"""Gunicorn settings of the uvicorn-gunicorn-fastapi stand-in, from its documented contract.

Every setting comes from an environment variable (empty counts as unset):
WORKERS_PER_CORE (1), MAX_WORKERS, WEB_CONCURRENCY, HOST (0.0.0.0), PORT (80), BIND,
LOG_LEVEL (info), GRACEFUL_TIMEOUT (120), TIMEOUT (120), KEEP_ALIVE (5),
ACCESS_LOG (-), ERROR_LOG (-).

Workers: WEB_CONCURRENCY when set; otherwise max(int(WORKERS_PER_CORE * cores), 2),
capped by MAX_WORKERS when that is set.
"""
import json
import multiprocessing
import os


def _env(name, default=None):
    value = os.getenv(name)
    return value if value not in (None, "") else default


cores = multiprocessing.cpu_count()
workers_per_core = float(_env("WORKERS_PER_CORE", "1"))
max_workers = _env("MAX_WORKERS")
web_concurrency_env = _env("WEB_CONCURRENCY")

if web_concurrency_env:
    web_concurrency = int(web_concurrency_env)
    if web_concurrency <= 0:
        raise ValueError("WEB_CONCURRENCY must be a positive integer")
else:
    web_concurrency = max(int(workers_per_core * cores), 2)
    if max_workers:
        web_concurrency = min(web_concurrency, int(max_workers))

host = _env("HOST", "0.0.0.0")
port = _env("PORT", "80")

# Gunicorn settings
loglevel = _env("LOG_LEVEL", "info")
workers = web_concurrency
bind = _env("BIND", f"{host}:{port}")
errorlog = os.getenv("ERROR_LOG", "-") or None
accesslog = os.getenv("ACCESS_LOG", "-") or None
worker_tmp_dir = "/dev/shm"
graceful_timeout = int(_env("GRACEFUL_TIMEOUT", "120"))
timeout = int(_env("TIMEOUT", "120"))
keepalive = int(_env("KEEP_ALIVE", "5"))

# Printed at start-up, so that tests (and people) can see what was chosen.
print(json.dumps({
    "loglevel": loglevel,
    "workers": workers,
    "bind": bind,
    "graceful_timeout": graceful_timeout,
    "timeout": timeout,
    "keepalive": keepalive,
    "errorlog": errorlog,
    "accesslog": accesslog,
    "workers_per_core": workers_per_core,
    "max_workers": max_workers,
    "host": host,
    "port": port,
}), flush=True)
