#!/usr/bin/env bash
# Tests @hookproof/wasm: Node (vectors, every body/header shape and error, the provider vectors and
# the providers' npm libraries, the bad-input matrix, panics, secret hygiene), edge-style (the ES
# module initialised from a WebAssembly.Module, verifyRequest on real Fetch Requests) and a real
# headless Chromium (Debian's, driven by playwright-core) verifying every vector and surviving a
# panic.
# Builds first if pkg/ is missing. Exits non-zero on any failure.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=scripts/toolchain.sh
. "$HERE/scripts/toolchain.sh"

[ -f "$HERE/pkg/hookproof_wasm_bg.wasm" ] || bash "$HERE/build.sh"
node_deps
apt_install chromium
cd "$HERE"
node_modules/.bin/tsc -p tsconfig.json  # the TypeScript declarations type-check real usage
node --test test/node.test.mjs test/providers.test.mjs test/matrix.test.mjs test/panic.test.mjs \
  test/hygiene.test.mjs test/memory.test.mjs test/edge.test.mjs test/browser.test.mjs test/receiver.test.mjs
