#!/usr/bin/env bash
# Builds the `hookproof` npm package in place: installs the npm dev dependencies from the committed
# package-lock.json (npm ci, only when they changed) and builds the native addon in release mode
# with @napi-rs/cli. Idempotent; needs node >= 18 with npm, and Rust (rustup stable).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$HERE"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then . "$HOME/.cargo/env"; fi
command -v node >/dev/null || { echo "node not found: install Node.js >= 18 with npm" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm not found: install npm" >&2; exit 1; }
command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup (https://rustup.rs)" >&2; exit 1; }

# npm ci only when package-lock.json changed since the last install.
stamp="node_modules/.hookproof-lock.sha256"
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi

# Release build of the addon -> ./hookproof.node (and native.d.ts, the generated declarations of
# the raw native layer; the public index.d.ts is written by hand).
npx --no-install napi build --release --dts native.d.ts
test -f hookproof.node
node -e "require('./index.js')" 
echo "built $HERE/hookproof.node"
