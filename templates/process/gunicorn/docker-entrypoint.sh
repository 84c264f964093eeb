#!/bin/sh
# Runs at every container start, before the server.
set -e

# Previous steps before starting (migrations, waiting for a database): prestart.sh, next to the Dockerfile.
# PRE_START_PATH names another script; k8s/deployment.yaml points it at no file, as its init container
# runs prestart.sh once per pod instead.
PRE_START_PATH="${PRE_START_PATH:-/code/prestart.sh}"
if [ -f "$PRE_START_PATH" ]; then
    echo "Running $PRE_START_PATH"
    # shellcheck source=/dev/null # which script runs is known only at start; shellcheck checks prestart.sh on its own
    . "$PRE_START_PATH"
fi

# exec replaces this shell with the server: it becomes PID 1 and receives docker stop's SIGTERM.
exec "$@"
