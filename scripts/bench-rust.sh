#!/usr/bin/env bash
# Rust benchmarks: criterion (one-shot verify and prepared Webhook, 700 B and 1 MiB) beside
# `openssl speed -evp sha256` on the same machine, with the throughput ratio at 1 MiB.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
out="$(mktemp)"
cargo bench --locked -p hookproof --bench verify -- --output-format bencher | tee "$out"

openssl_kbs="$(openssl speed -evp sha256 -bytes 1048576 -seconds 3 2>/dev/null | awk '$1 == "sha256" { sub("k", "", $2); print $2 }')"
python3 - "$out" "$openssl_kbs" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
openssl = float(sys.argv[2]) * 1000  # bytes per second
print()
print(f"{'benchmark':38} {'time':>12} {'throughput':>14} {'vs OpenSSL':>11}")
for line in lines:
    m = re.match(r"test (\S+) \.\.\. bench:\s+([\d,]+) ns/iter", line)
    if not m:
        continue
    name, ns = m.group(1), int(m.group(2).replace(",", ""))
    size = 1 << 20 if name.endswith("1MiB") else 700
    rate = size / (ns / 1e9)
    ratio = f"{rate / openssl:.3f}x" if size == 1 << 20 else ""
    shown = f"{ns / 1000:.2f} us" if ns < 1e6 else f"{ns / 1e6:.3f} ms"
    print(f"{name:38} {shown:>12} {rate / 2**20:>9.0f} MiB/s {ratio:>11}")
print(f"{'openssl speed -evp sha256 (1 MiB)':38} {'':>12} {openssl / 2**20:>9.0f} MiB/s {'1.000x':>11}")
PY
