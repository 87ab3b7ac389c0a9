#!/usr/bin/env bash
# Prints the path of a uv executable, installing uv into the cache first when the machine has none.
COMPONENT=uv
# shellcheck source=deploy/local/lib.sh
source "$(dirname "$0")/lib.sh"
UV_VERSION="${UV_VERSION:-0.9.0}"

if command -v uv >/dev/null 2>&1; then command -v uv; exit 0; fi
tool="$MENTORING_CACHE/uv/bin/uv"
if [ ! -x "$tool" ]; then
  need python3 "Install Python 3.11 (the platform's Python) and run this again."
  say "installing uv into $MENTORING_CACHE/uv (once per machine)"
  python3 -m venv "$MENTORING_CACHE/uv" >&2
  "$MENTORING_CACHE/uv/bin/pip" install --quiet --disable-pip-version-check "uv>=$UV_VERSION" >&2
fi
echo "$tool"
