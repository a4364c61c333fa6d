#!/usr/bin/env python3
"""Writes a seed corpus for every fuzz target from the shared vectors (tests/vectors/*.json),
in the input framing of fuzz/src/lib.rs (a mode byte, then length-prefixed pieces), plus every
input in fuzz/regressions/<target>/ (inputs that once found a bug)."""

import base64
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORPUS = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "fuzz" / "corpus"
KNOWN = ["x-webhook-hmac-sha256", "x-printone-hmac-sha256", "webhook-id", "webhook-timestamp",
         "webhook-signature", "svix-id", "svix-timestamp", "svix-signature", "stripe-signature",
         "x-hub-signature-256", "x-shopify-hmac-sha256", "x-slack-signature", "x-slack-request-timestamp"]


def piece(raw: bytes) -> bytes:
    raw = raw[:255]
    return bytes([len(raw)]) + raw


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def main():
    printone = json.loads((ROOT / "tests/vectors/printone.json").read_text())["vectors"]
    providers = json.loads((ROOT / "tests/vectors/providers.json").read_text())["vectors"]
    for v in printone:
        if "body_base64" not in v:
            continue
        body = base64.b64decode(v["body_base64"])
        secret, sig = v["secret"].encode(), v["signature"].encode()
        write("verify", v["name"], b"\x01" + piece(secret) + piece(sig) + body)
        write("verify", v["name"] + "_signed", b"\x00" + piece(secret) + piece(b"") + body)
        write("construct_event", v["name"], body)
        write("scheme_printone", v["name"], b"\x01" + piece(body) + b"\x00" + piece(sig))
    for v in providers:
        body = base64.b64decode(v["body_base64"])
        framed = b"\x01" + piece(body)
        for name, value in v["headers"]:
            lower = name.lower()
            pick = KNOWN.index(lower) if lower in KNOWN else 255
            framed += bytes([pick]) + (piece(lower.encode()) if pick == 255 else b"") + piece(value.encode())
        write(f"scheme_{v['scheme']}", v["name"], framed)
    for scheme in ["printone", "standard", "stripe", "github", "shopify", "slack"]:
        write(f"scheme_{scheme}", "signed_untouched", b"\x80" + piece(b'{"event":"x"}'))
    # Trigger filters: the sender's config as the README shows it (the target also parses its
    # input as TOML).
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("# webhooks.toml")
    write("filters", "readme_config", readme[start:readme.index("```", start)].encode())
    # Lambda events: each documented shape (the mode byte), the body plain and base64-encoded.
    for shape in range(4):
        for encoded in (0, 1):
            write("lambda_event", f"shape{shape}_{encoded}",
                  bytes([shape, encoded]) + piece(b'{"event":"order_status_update"}') + b"\x00" + piece(b"sig"))
    # Inputs that once failed a target stay in its corpus for good.
    for found in (ROOT / "fuzz" / "regressions").glob("*/*"):
        write(found.parent.name, "regression-" + found.name, found.read_bytes())
    print(f"seeded {CORPUS}")


if __name__ == "__main__":
    main()
