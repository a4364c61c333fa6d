# Sourced by build.sh (and test.sh / bench.sh through it). Installs, idempotently, what the wasm
# build needs on Debian 12, preferring rustup and falling back to Debian's Rust.

: "${ROOT:?}" "${HERE:?}"
# shellcheck source=../../../scripts/lib/apt.sh
. "$ROOT/scripts/lib/apt.sh"

ensure_rustup_cargo() {
  if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
  fi
  if ! command -v rustup >/dev/null 2>&1; then
    apt_install curl ca-certificates
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
  fi
}

# Sets WASM_CARGO and the environment for a wasm32-unknown-unknown build with -Zbuild-std.
wasm_toolchain() {
  ensure_rustup_cargo
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
  local want="${HOOKPROOF_WASM_TOOLCHAIN:-auto}"
  # Preferred: rustup's own wasm32 std, plus rust-src because we rebuild std for size.
  if [ "$want" != debian ] &&
    rustup target add wasm32-unknown-unknown >/dev/null 2>&1 &&
    rustup component add rust-src >/dev/null 2>&1; then
    WASM_CARGO="cargo"
    echo "wasm toolchain: rustup $(rustc --version)"
    return 0
  fi
  [ "$want" = rustup ] && { echo "rustup cannot provide wasm32-unknown-unknown here" >&2; return 1; }
  # Fallback: Debian's Rust built for wasm (rustc-web) with its std sources (rust-web-src),
  # linked with rustup's rust-lld (Debian's rustc-web has no wasm linker of its own).
  echo "wasm toolchain: Debian rustc-web (rustup cannot provide the wasm32 std and rust-src here, or HOOKPROOF_WASM_TOOLCHAIN=debian)"
  apt_install rustc-web cargo-web rust-web-src
  local lld
  lld="$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"
  [ -x "$lld" ] || { echo "rust-lld not found at $lld" >&2; return 1; }
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$lld"
  export RUSTC=/usr/bin/rustc
  # A different compiler in the shared target dir would invalidate everyone's build: give the
  # Debian rustc its own target dir.
  export CARGO_TARGET_DIR="$ROOT/target/debian-rustc"
  WASM_CARGO=/usr/bin/cargo
  echo "wasm toolchain: $($RUSTC --version)"
}

# wasm-bindgen-cli at exactly the wasm-bindgen version Cargo.lock resolved (the two must match).
wasm_bindgen_cli() {
  local version
  version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$ROOT/Cargo.lock")"
  [ -n "$version" ] || { echo "wasm-bindgen is not in Cargo.lock" >&2; return 1; }
  if command -v wasm-bindgen >/dev/null 2>&1 && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$version" ]; then
    return 0
  fi
  echo "installing wasm-bindgen-cli $version"
  # Its own temporary target dir (not the shared one), rustup's toolchain.
  # --locked first; if the registry lacks a locked dependency (seen here: webpki-roots 1.0.11),
  # resolve afresh within wasm-bindgen-cli's own semver ranges.
  env -u CARGO_TARGET_DIR -u RUSTC cargo install --locked wasm-bindgen-cli --version "$version" ||
    env -u CARGO_TARGET_DIR -u RUSTC cargo install wasm-bindgen-cli --version "$version"
}
