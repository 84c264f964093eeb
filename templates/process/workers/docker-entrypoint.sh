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

# CPUs this container may use, as whole CPUs:
#   1. its CPU quota (docker run --cpus, Kubernetes limits.cpu), rounded down, at least 1:
#      cgroup v2 /sys/fs/cgroup/cpu.max ("QUOTA PERIOD", or "max"), else cgroup v1
#      cpu.cfs_quota_us / cpu.cfs_period_us (-1: no quota);
#   2. never more than the CPUs it may run on (nproc: affinity, docker run --cpuset-cpus);
#   3. without either, the machine's CPU count.
# So --cpus 0.5 or 1 gives 1, --cpus 2.5 gives 2; a 1-CPU limit on a 64-core node is 1, not 64.
cpu_count() {
    cpus="$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)"
    quota=""
    period=""
    if [ -r /sys/fs/cgroup/cpu.max ]; then
        read -r quota period </sys/fs/cgroup/cpu.max
    else
        for dir in /sys/fs/cgroup/cpu /sys/fs/cgroup/cpu,cpuacct; do
            if [ -r "$dir/cpu.cfs_quota_us" ] && [ -r "$dir/cpu.cfs_period_us" ]; then
                quota="$(cat "$dir/cpu.cfs_quota_us")"
                period="$(cat "$dir/cpu.cfs_period_us")"
                break
            fi
        done
    fi
    case "$quota" in
        "" | max | -*) ;;
        *)
            limit=$((quota / period))
            [ "$limit" -ge 1 ] || limit=1
            [ "$limit" -ge "$cpus" ] || cpus="$limit"
            ;;
    esac
    echo "$cpus"
}

# Uvicorn reads WEB_CONCURRENCY as its --workers. Unless the image or `docker run -e` set it,
# start one worker per CPU this container may use (above).
if [ -z "${WEB_CONCURRENCY:-}" ]; then
    WEB_CONCURRENCY="$(cpu_count)"
    export WEB_CONCURRENCY
fi

# exec replaces this shell with the server: it becomes PID 1 and receives docker stop's SIGTERM.
exec "$@"
