#!/usr/bin/env bash
# The @hookproof/wasm benchmark: one page run in Debian's headless Chromium, hookproof's verify
# against WebCrypto at 700 B and 1 MiB, plus the gzipped .wasm size. Builds first if needed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=scripts/toolchain.sh
. "$HERE/scripts/toolchain.sh"
# shellcheck source=../js/deps.sh
. "$HERE/../js/deps.sh"

[ -f "$HERE/pkg/hookproof_wasm_bg.wasm" ] || bash "$HERE/build.sh"
js_deps
apt_install chromium
node "$HERE/bench/run.mjs"
