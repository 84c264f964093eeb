#!/bin/sh
# Runs at every container start, before the server.
set -e

# Previous steps before starting (waiting for a database, migrations): put them in prestart.sh
# next to the Dockerfile. With several replicas, prefer a one-off job or an init container.
if [ -f /code/prestart.sh ]; then
    echo "Running /code/prestart.sh"
    . /code/prestart.sh
fi

# Uvicorn reads WEB_CONCURRENCY as its --workers. Unless the image or `docker run -e` set it,
# start one worker per CPU this container may use.
if [ -z "${WEB_CONCURRENCY:-}" ]; then
    WEB_CONCURRENCY="$(nproc)"
    export WEB_CONCURRENCY
fi

# exec replaces this shell with the server: it becomes PID 1 and receives docker stop's SIGTERM.
exec "$@"
