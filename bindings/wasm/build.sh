#!/usr/bin/env bash
# Builds @hookproof/wasm in place: the module into pkg/ and the JavaScript layer into dist/ (both
# gitignored). Idempotent; on a fresh Debian 12 machine it installs everything it needs from the
# registries (apt, crates.io, npm) first.
#
#   bash bindings/wasm/build.sh          toolchain + build
#   HOOKPROOF_WASM_TOOLCHAIN=debian ...  force the Debian-rustc fallback (to test it)
#
# The toolchain logic lives in scripts/toolchain.sh; this file only builds.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=scripts/toolchain.sh
. "$HERE/scripts/toolchain.sh"

wasm_toolchain          # sets WASM_CARGO and exports RUSTC / CARGO_TARGET_DIR / linker as needed
wasm_bindgen_cli        # wasm-bindgen at exactly the version in Cargo.lock
# shellcheck source=../js/deps.sh
. "$HERE/../js/deps.sh"
js_deps                 # node 20 + the npm workspace (binaryen's wasm-opt, esbuild)

cd "$ROOT"
# Size flags for the .wasm only (RUSTFLAGS apply to --target artifacts, not to build scripts):
# - std is rebuilt (-Zbuild-std) with the wasm-release profile (opt-level z, fat LTO), and
#   panics abort at once without formatting a message (nobody could read it on
#   wasm32-unknown-unknown anyway; a panic still ends in a trap, never in JavaScript);
# - reference types off: wasm-bindgen then keeps JS objects in a JS-side slab instead of an
#   externref table, which is smaller here;
# - simd128: sha2 uses its wasm SIMD backend (every browser since 2021-2023, Node >= 16.4, workerd).
# RUSTC_BOOTSTRAP=1 unlocks -Z flags on a stable compiler (both toolchains below are stable).
export RUSTC_BOOTSTRAP=1
export RUSTFLAGS="${HOOKPROOF_WASM_RUSTFLAGS:--Zunstable-options -Cpanic=immediate-abort -Ctarget-feature=-reference-types,+simd128}"
# HOOKPROOF_WASM_FEATURES: extra cargo flags (`--no-default-features`: the light build without
# Ed25519, measured by scripts/bench_limits.py); HOOKPROOF_WASM_OUT: build the module there
# instead of pkg/ (and leave the JavaScript layer alone).
# shellcheck disable=SC2086
"$WASM_CARGO" build --locked -Zbuild-std=std,panic_abort --target wasm32-unknown-unknown \
  --profile wasm-release -p hookproof-wasm ${HOOKPROOF_WASM_FEATURES:-}
unset RUSTFLAGS RUSTC_BOOTSTRAP

RAW="$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/hookproof_wasm.wasm"
OUT="${HOOKPROOF_WASM_OUT:-$HERE/pkg}"
rm -rf "$OUT.tmp" && mkdir -p "$OUT.tmp"
# One ES module (--target web) serves browsers, bundlers, edge runtimes and Node: the package's
# entry points differ only in how they hand the .wasm bytes to it (see js/).
# --experimental-reset-state-function: the glue gets `__wbg_reset_state()`, which replaces the
# instance with a fresh one from the same compiled module, and it tags every object with the
# instance it lives in. js/api.js calls it after a trap (a panic is `unreachable` here): a trapped
# instance is never called again (see README, "Panics and traps").
wasm-bindgen --target web --experimental-reset-state-function --out-dir "$OUT.tmp" \
  --out-name hookproof_wasm "$RAW"
"$HERE/../node_modules/.bin/wasm-opt" -Oz --strip-debug --strip-producers \
  "$OUT.tmp/hookproof_wasm_bg.wasm" -o "$OUT.tmp/hookproof_wasm_bg.opt.wasm"
mv "$OUT.tmp/hookproof_wasm_bg.opt.wasm" "$OUT.tmp/hookproof_wasm_bg.wasm"
rm -rf "$OUT" && mv "$OUT.tmp" "$OUT"

[ -n "${HOOKPROOF_WASM_OUT:-}" ] || node "$HERE/../js/build.mjs" wasm

raw=$(stat -c %s "$OUT/hookproof_wasm_bg.wasm")
gz=$(gzip -9c "$OUT/hookproof_wasm_bg.wasm" | wc -c)
echo "@hookproof/wasm: pkg/hookproof_wasm_bg.wasm ${raw} bytes, ${gz} bytes gzipped (-9)"
