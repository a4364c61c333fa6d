#!/usr/bin/env bash
# Times hookproof against the stdlib idiom and standardwebhooks (see bench.py).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || { echo "no $ROOT/.venv: run bindings/python/build.sh first" >&2; exit 1; }
exec "$PY" "$HERE/bench.py" "$@"
