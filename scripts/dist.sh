#!/usr/bin/env bash
# ./dev dist: every artifact users install, into dist/ (cleared first), from this checkout.
#
#   dist/python/   abi3 wheels (CPython >= 3.10): manylinux2014 x86_64 and aarch64, musllinux_1_2
#                  x86_64; the sdist (built from source here, to prove it builds)
#   dist/npm/      hookproof (its optionalDependencies naming the platform packages packed with
#                  it), @hookproof/linux-x64-gnu, -linux-x64-musl, -linux-arm64-gnu, @hookproof/wasm
#   dist/crates/   hookproof, hookproof-axum, hookproof-actix, hookproof-cli (`cargo publish
#                  --dry-run` passes for each)
#   dist/bin/      static musl `hookproof` CLI binaries, x86_64 and aarch64, and SHA256SUMS
#   dist/MANIFEST.json   every artifact with its size and tags
#
# Cross builds link with zig (ziglang from PyPI): maturin's --zig for the wheels, cargo-zigbuild
# for the napi addons and the CLI. macOS and Windows artifacts come from the release workflow
# (.github/workflows/release.yml): this machine cannot build them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
DIST="$ROOT/dist"
VENV="$ROOT/.venv"
say() { printf '\n\033[1m== dist: %s\033[0m\n' "$*"; }

# ---- tools (each installed only when missing or at another version) --------------------------
say "tools: rustup targets, ziglang, cargo-zigbuild, twine, auditwheel"
python3 scripts/check_versions.py
rustup target add x86_64-unknown-linux-musl aarch64-unknown-linux-gnu aarch64-unknown-linux-musl >/dev/null
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r scripts/requirements-dist.txt
ZIGBUILD_VERSION=0.21.8
if [ "$(cargo zigbuild --version 2>/dev/null | awk '{print $2}')" != "$ZIGBUILD_VERSION" ]; then
  cargo install --locked cargo-zigbuild --version "$ZIGBUILD_VERSION"
fi
# maturin and cargo-zigbuild find zig through the python3 on PATH.
export PATH="$VENV/bin:$PATH"

rm -rf "$DIST"
mkdir -p "$DIST/python" "$DIST/npm" "$DIST/crates" "$DIST/bin"

# ---- Python ----------------------------------------------------------------------------------
say "python: abi3 wheels and the sdist"
(
  cd bindings/python
  maturin build --release --locked --zig --compatibility manylinux2014 --target x86_64-unknown-linux-gnu --out "$DIST/python"
  maturin build --release --locked --zig --compatibility manylinux2014 --target aarch64-unknown-linux-gnu --out "$DIST/python"
  maturin build --release --locked --zig --compatibility musllinux_1_2 --target x86_64-unknown-linux-musl --out "$DIST/python"
  maturin sdist --out "$DIST/python"
)
"$VENV/bin/twine" check --strict "$DIST"/python/*
for wheel in "$DIST"/python/*.whl; do
  case "$wheel" in
    *musllinux*)
      # auditwheel analyses a musllinux wheel only on a musl system (on glibc it reads glibc's
      # libc.so linker script); check what it would: the library needs musl's libc alone and no
      # glibc symbol version.
      unpacked="$(mktemp -d)"
      (cd "$unpacked" && "$VENV/bin/python" -m zipfile -e "$wheel" .)
      needed="$(readelf -d "$unpacked"/hookproof/*.so | awk '/NEEDED/ {print $NF}' | tr -d '[]' | sort -u | tr '\n' ' ')"
      glibc="$(readelf -V "$unpacked"/hookproof/*.so | grep -c 'GLIBC_' || true)"
      rm -rf "$unpacked"
      [ "$needed" = "libc.so " ] && [ "$glibc" = 0 ] || { echo "$wheel: needs $needed, $glibc glibc symbol versions" >&2; exit 1; }
      echo "$(basename "$wheel"): needs only musl's libc.so, no glibc symbol versions (readelf)" | tee "$wheel.auditwheel.txt"
      ;;
    *)
      "$VENV/bin/auditwheel" show "$wheel" > "$wheel.auditwheel.txt"
      sed -n '1,4p' "$wheel.auditwheel.txt"
      ;;
  esac
done
# The sdist builds from source (here, with Rust; that is what an sdist install needs).
SDIST_CHECK="$(mktemp -d)"
"$VENV/bin/python" -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir "$SDIST_CHECK" "$DIST"/python/hookproof-*.tar.gz \
  || "$VENV/bin/python" -m pip wheel --quiet --no-deps --wheel-dir "$SDIST_CHECK" "$DIST"/python/hookproof-*.tar.gz
ls "$SDIST_CHECK"/hookproof-*.whl >/dev/null && echo "the sdist builds: $(basename "$SDIST_CHECK"/hookproof-*.whl)"
rm -rf "$SDIST_CHECK"

# ---- npm -------------------------------------------------------------------------------------
say "npm: the engines for linux-x64-gnu, linux-x64-musl, linux-arm64-gnu and the wasm module"
bash bindings/wasm/build.sh
bash bindings/node/build.sh
ADDONS="$CARGO_TARGET_DIR/dist-addons"
rm -rf "$ADDONS" && mkdir -p "$ADDONS"
(
  cd bindings/node
  for target in x86_64-unknown-linux-musl aarch64-unknown-linux-gnu; do
    npx --no-install napi build --platform --release --no-js --target "$target" --cross-compile --output-dir "$ADDONS"
  done
)
cp bindings/node/hookproof.linux-x64-gnu.node "$ADDONS/"
node bindings/js/pack.mjs --out "$DIST/npm" \
  --binary "x86_64-unknown-linux-gnu=$ADDONS/hookproof.linux-x64-gnu.node" \
  --binary "x86_64-unknown-linux-musl=$ADDONS/hookproof.linux-x64-musl.node" \
  --binary "aarch64-unknown-linux-gnu=$ADDONS/hookproof.linux-arm64-gnu.node" >/dev/null
ls -1 "$DIST/npm"

# ---- Rust ------------------------------------------------------------------------------------
say "rust: the crates (cargo publish --dry-run) and the static CLI binaries"
cargo publish --workspace --dry-run --locked --allow-dirty
cargo package --locked --allow-dirty --no-verify -p hookproof -p hookproof-axum -p hookproof-actix -p hookproof-cli >/dev/null # (verified above)
cp "$CARGO_TARGET_DIR"/package/hookproof-*.crate "$DIST/crates/"
VERSION="$(python3 scripts/check_versions.py --print)"
for target in x86_64-unknown-linux-musl aarch64-unknown-linux-musl; do
  cargo zigbuild --release --locked -p hookproof-cli --bin hookproof --target "$target"
  cp "$CARGO_TARGET_DIR/$target/release/hookproof" "$DIST/bin/hookproof-$VERSION-$target"
done
(cd "$DIST/bin" && sha256sum hookproof-* > SHA256SUMS && cat SHA256SUMS)

python3 scripts/dist_manifest.py "$DIST"
