#!/usr/bin/env bash
# Builds the `hookproof` npm package in place: the native engine for this machine's platform
# (napi-rs, release: hookproof.<platform>.node next to package.json, where the loader finds a
# local build) and the JavaScript layer (bindings/js/build.mjs -> dist/). Build
# bindings/wasm first: its module is the fallback engine. Idempotent; needs Node >= 20 (installed
# if missing) and Rust (rustup stable).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then . "$HOME/.cargo/env"; fi
command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup (https://rustup.rs)" >&2; exit 1; }
# shellcheck source=../js/deps.sh
. "$HERE/../js/deps.sh"
js_deps

cd "$HERE"
rm -f hookproof.*.node
npx --no-install napi build --platform --release --no-js --dts native.d.ts
ls hookproof.*.node >/dev/null
node ../js/build.mjs node
HOOKPROOF_ENGINE=native node -e "const h = require('hookproof'); if (h.engineName() !== 'native') process.exit(1)"
echo "built $(ls "$HERE"/hookproof.*.node) and the JavaScript layer"
