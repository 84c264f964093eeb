#!/bin/sh
# The interactive tests drive the real terminal UI through tmux; the compose trust test builds a network namespace
# with ip (iproute2). Install what is missing where we can; otherwise say how.
missing=""
command -v tmux >/dev/null 2>&1 || missing="$missing tmux"
command -v ip >/dev/null 2>&1 || missing="$missing iproute2"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "missing:$missing; installing with apt-get (the tests need them)"
  # shellcheck disable=SC2086
  (apt-get install -y -qq $missing >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq $missing; }) && exit 0
fi
echo "error: the tests need$missing; install them (apt-get install$missing) and run npm test again" >&2
exit 1
