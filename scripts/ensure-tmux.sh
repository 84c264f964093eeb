#!/bin/sh
# The interactive tests drive the real terminal UI through tmux. Install it where we can; otherwise say how.
command -v tmux >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "tmux is missing; installing it with apt-get (the interactive tests need it)"
  (apt-get install -y -qq tmux >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq tmux; }) && exit 0
fi
echo "error: the interactive tests need tmux; install it (apt-get install tmux, brew install tmux) and run npm test again" >&2
exit 1
