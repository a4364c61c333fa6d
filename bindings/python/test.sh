#!/usr/bin/env bash
# Runs the Python binding's whole test suite against the wheel that build.sh installed:
# the type stubs against the compiled module (mypy stubtest), the package under mypy --strict,
# then pytest.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || { echo "no $ROOT/.venv: run bindings/python/build.sh first" >&2; exit 1; }
# Run from the tests folder so `import hookproof` is the installed wheel, not the source tree.
# shellcheck source=../../scripts/lib/apt.sh
. "$ROOT/scripts/lib/apt.sh"
apt_install redis-server # the replay tests start their own on a loopback port
cd "$HERE/tests"
export HOOKPROOF_ROOT="$ROOT"
echo "stubs: mypy.stubtest hookproof._hookproof"
"$PY" -m mypy.stubtest hookproof._hookproof
echo "types: mypy --strict -p hookproof"
"$PY" -m mypy --strict --ignore-missing-imports --no-incremental -p hookproof
exec "$PY" -m pytest -q -p no:cacheprovider "$@"
