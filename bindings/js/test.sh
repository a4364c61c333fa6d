#!/usr/bin/env bash
# Tests the JavaScript packages (`hookproof` and `@hookproof/wasm`): the declarations under tsc;
# the shared suite (test/suites/) on both engines under node:test; the engine tests (loader
# fallback, panics and traps, wasm memory and secret hygiene); the framework helpers on real
# servers (Express, Fastify, Hono, Koa, a Nest app, Lambda's event shapes, and a Next.js app
# under `next start`, installed from the packed tarballs); then the shared suite on every other runtime: Node 18 and 22, Bun and Deno (each on
# the engine the loader picks and on wasm), headless Chromium and workerd. Writes the runtime
# table to target/js-runtimes.md. Run bindings/wasm/build.sh and bindings/node/build.sh first
# (./dev test does). Exits non-zero on any failure.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=deps.sh
. "$HERE/deps.sh"
# shellcheck source=../wasm/scripts/toolchain.sh
. "$HERE/../wasm/scripts/toolchain.sh"
js_deps
apt_install chromium redis-server
test -f "$HERE/../wasm/pkg/hookproof_wasm_bg.wasm" || { echo "run bindings/wasm/build.sh first" >&2; exit 1; }
ls "$HERE"/../node/hookproof.*.node >/dev/null 2>&1 || { echo "run bindings/node/build.sh first" >&2; exit 1; }

# The other runtimes, from their npm packages, reinstalled only when their lock file changes.
RUNTIMES="$HERE/test/runtimes"
stamp="$RUNTIMES/node_modules/.hookproof-lock.sha256"
want="$(sha256sum "$RUNTIMES/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  (cd "$RUNTIMES" && npm ci --no-audit --no-fund)
  echo "$want" > "$stamp"
fi

cd "$HERE"
export RUST_BACKTRACE=0 # the panic tests print a short note, not a backtrace
echo "types: tsc --strict over test/types/usage.ts"
../node_modules/.bin/tsc -p test/types/tsconfig.json

for engine in native wasm; do
  echo "shared suite and framework helpers: Node $(node --version), $engine engine"
  HOOKPROOF_ENGINE=$engine node --test --test-reporter=spec test/run-node.mjs test/node/frameworks.test.mjs \
    test/node/frameworks-more.test.mjs test/node/redis.test.mjs
done
node --test --test-reporter=spec test/node/engines.test.mjs test/node/next.test.mjs

TABLE="$ROOT/target/js-runtimes.md"
mkdir -p "$ROOT/target"
{
  echo "| runtime | version | engine | cases passed |"
  echo "|---|---|---|---|"
} > "$TABLE.tmp"
record() { # record <summary JSON line>: one row of the table
  node -e 'const s = JSON.parse(process.argv[1]); console.log(`| ${s.runtime} | ${s.version} | ${s.engine} | ${s.passed} |`)' "$1" >> "$TABLE.tmp"
}
run_plain() { # run_plain <label> <command...>: the shared suite, its summary into the table
  local label="$1" out
  shift
  out="$("$@" test/run-plain.mjs)" || { printf '%s\n' "$out" | grep -v '^ok ' ; echo "$label: the shared suite failed" >&2; exit 1; }
  printf '%s\n' "$out" | tail -1
  record "$(printf '%s\n' "$out" | tail -1)"
}
canary() { # canary <command...>: a deliberately failing case must fail the run
  if "$@" test/run-plain.mjs --canary >/dev/null 2>&1; then echo "$*: a failing case went unnoticed" >&2; exit 1; fi
}

BIN="$RUNTIMES/node_modules/.bin"
declare -A RUNNERS=(
  [node20]="node"
  [node18]="$RUNTIMES/node_modules/node18/bin/node"
  [node22]="$RUNTIMES/node_modules/node22/bin/node"
  [bun]="$BIN/bun"
  [deno]="$BIN/deno run --allow-read --allow-env --allow-ffi --allow-sys --allow-net=127.0.0.1"
)
for name in node18 node20 node22 bun deno; do
  read -r -a runner <<< "${RUNNERS[$name]}"
  canary "${runner[@]}"
  run_plain "$name" "${runner[@]}"
  HOOKPROOF_ENGINE=wasm run_plain "$name (wasm)" "${runner[@]}"
done

echo "shared suite: headless Chromium"
out="$(node test/run-browser.mjs)" || { printf '%s\n' "$out"; exit 1; }
record "$(printf '%s\n' "$out" | tail -1)"
echo "shared suite: workerd"
out="$(WORKERD="$BIN/workerd" node test/run-workerd.mjs)" || { printf '%s\n' "$out"; exit 1; }
record "$(printf '%s\n' "$out" | tail -1)"

mv "$TABLE.tmp" "$TABLE"
cat "$TABLE"
