#!/bin/sh
# Runs at every container start, before the server.
set -e

# Previous steps before starting (waiting for a database, migrations): put them in prestart.sh
# next to the Dockerfile. With several replicas, prefer a one-off job or an init container.
if [ -f /code/prestart.sh ]; then
    echo "Running /code/prestart.sh"
    . /code/prestart.sh
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
