#!/usr/bin/env bash
# Runs the Python binding's whole test suite against the wheel that build.sh installed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || { echo "no $ROOT/.venv: run bindings/python/build.sh first" >&2; exit 1; }
# Run from the tests folder so `import hookproof` is the installed wheel, not the source tree.
cd "$HERE/tests"
export HOOKPROOF_ROOT="$ROOT"
exec "$PY" -m pytest -q -p no:cacheprovider "$@"
