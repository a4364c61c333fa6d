#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 30) and prints how many inputs each executed.
#   bash fuzz/run.sh          # the short run CI does
#   bash fuzz/run.sh 700      # a longer one (about 10 M executions per target on one core)
#   bash fuzz/run.sh 700 verify construct_event   # only these targets
#   FUZZ_SANITIZER=none bash fuzz/run.sh 400      # without AddressSanitizer: ~6x the executions
#                                                 # (the default, address, is what CI runs)
# Needs the nightly toolchain (rustup) and cargo-fuzz, which it installs if missing.
set -euo pipefail
SECONDS_PER_TARGET="${1:-30}"
SANITIZER="${FUZZ_SANITIZER:-address}"
shift || true
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then . "$HOME/.cargo/env"; fi
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "0.13.2" ]; then
  cargo install --locked cargo-fuzz --version 0.13.2
fi
cargo +nightly fuzz build -O -s "$SANITIZER"
python3 seed.py "$HERE/corpus"
mkdir -p artifacts
status=0
TARGETS=("$@")
[ "${#TARGETS[@]}" -gt 0 ] || mapfile -t TARGETS < <(cargo +nightly fuzz list)
for target in "${TARGETS[@]}"; do
  log="$(mktemp)"
  mkdir -p "corpus/$target" # a target without seeds starts from nothing
  if cargo +nightly fuzz run -O -s "$SANITIZER" "$target" "corpus/$target" -- \
      -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 >"$log" 2>&1; then
    runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')"
    printf 'ok   %-24s %12s executions in %ss (sanitizer: %s)\n' "$target" "$runs" "$SECONDS_PER_TARGET" "$SANITIZER"
  else
    status=1
    printf 'FAIL %-24s (log below)\n' "$target"
    tail -n 40 "$log"
  fi
  rm -f "$log"
done
exit "$status"
