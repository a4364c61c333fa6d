#!/usr/bin/env bash
# Builds the `hookproof` abi3 wheel with maturin and installs it, with the test and benchmark
# dependencies, into $ROOT/.venv. Idempotent: on a fresh Debian 12 machine (python3 + pip,
# rustup stable) it installs what is missing from the registries; on a warm one it only rebuilds.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="$ROOT/.venv"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
WHEELS="$CARGO_TARGET_DIR/wheels/python"

if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
  . "$HOME/.cargo/env"
fi
command -v cargo >/dev/null 2>&1 || { echo "cargo not found: install Rust with rustup" >&2; exit 1; }

# The virtualenv (Debian ships `venv` separately as python3-venv).
if [ ! -x "$VENV/bin/python" ]; then
  if ! python3 -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    else
      echo "python3 -m venv failed: install python3-venv" >&2
      exit 1
    fi
    python3 -m venv "$VENV"
  fi
fi
PY="$VENV/bin/python"

# Pinned tools; pip skips what is already installed at that version.
"$PY" -m pip install --quiet --disable-pip-version-check -r "$HERE/requirements-dev.txt"

# The wheel: release build, abi3 (CPython >= 3.10), into a clean folder so exactly one is found.
rm -rf "$WHEELS"
(cd "$HERE" && "$VENV/bin/maturin" build --release --out "$WHEELS" --interpreter "$PY")
WHEEL="$(ls "$WHEELS"/hookproof-*.whl 2>/dev/null | head -n 1)"
[ -n "$WHEEL" ] || { echo "maturin produced no wheel" >&2; exit 1; }
"$PY" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall "$WHEEL"
"$PY" -c 'import hookproof, sys; print(f"hookproof {hookproof.__version__} installed from '"$(basename "$WHEEL")"' into {sys.prefix}")'
