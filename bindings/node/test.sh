#!/usr/bin/env bash
# Runs every Node test with `node --test` (exits non-zero on a failure), and type-checks the
# hand-written declarations. Run build.sh first (./dev test does).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
test -f hookproof.node || { echo "hookproof.node is missing: run bindings/node/build.sh first" >&2; exit 1; }
export RUST_BACKTRACE=0 # the panic test prints a short note, not a backtrace
npx --no-install tsc -p test/tsconfig.json
node --test --test-reporter=spec test/*.test.js test/*.test.mjs
