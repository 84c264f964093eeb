#!/bin/sh
# Previous steps before starting: database migrations, waiting for a database, loading data.
#
# It runs before the server starts, once per deployment where it can:
# - Compose, one process per container: a one-off "prestart" service, before the app;
# - Compose, several processes per container: the entrypoint, at each container start;
# - Kubernetes: an init container, before each pod's app container.
# Keep it idempotent, as it may run again after a restart. A failure stops the start. The entrypoint
# sources it with ".", so end it normally rather than with "exit 0".
#
# Examples, to uncomment and adapt:
#   alembic upgrade head
#   python -m app.wait_for_database
set -e

echo "prestart: nothing to run yet (edit prestart.sh)"
