#!/usr/bin/env python3
"""Benchmark: hookproof against the stdlib idiom and standardwebhooks, in one run.

    bindings/python/bench.sh            (or: .venv/bin/python bindings/python/bench.py)

Times, per call, on a 700-byte Print.one event and on a 1 MiB one (padded):
- stdlib idiom: hmac.compare_digest(base64.b64encode(hmac.new(secret, body, hashlib.sha256).digest()), sig)
- standardwebhooks: Webhook(secret).verify(body, headers) (prepared once; its scheme also signs an
  id and a timestamp, so it hashes ~40 more bytes)
- hookproof.verify(body, signature, secret): the one-shot call
- hookproof.Webhook(secret).verify(body, headers): prepared once, headers as a dict of 3 entries

Each figure is the best of several timeit repeats (the least disturbed by other processes); the
ratio is the stdlib idiom's time divided by the row's time (higher is faster). Goals: hookproof
>= 4x the stdlib idiom at 700 B, >= 1.0x at 1 MiB.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import hashlib
import hmac
import json
import platform
import sys
import time
import timeit

import hookproof

SECRET = "whk_3f9a1c7e5b2d4a6f"


def event_body(size: int) -> bytes:
    """A compact Print.one order_status_update event padded to exactly `size` bytes."""
    event = {
        "data": {
            "id": "ord_8f3kZ2",
            "status": "order_status_sent",
            "friendlyStatus": "Sent",
            "recipient": {"name": "Zoe Orsted", "address": "Keizersgracht 1", "city": "Amsterdam", "country": "NL"},
            "note": "",
        },
        "event": "order_status_update",
        "created_at": "2026-11-28T10:00:01.250Z",
    }
    base = len(json.dumps(event, separators=(",", ":")).encode())
    event["data"]["note"] = "x" * (size - base)
    body = json.dumps(event, separators=(",", ":")).encode()
    assert len(body) == size, len(body)
    return body


def candidates(body: bytes):
    key = SECRET.encode()
    sig = base64.b64encode(hmac.new(key, body, hashlib.sha256).digest())
    sig_text = sig.decode()
    headers = {"content-type": "application/json", "user-agent": "Print.one Webhook Service", "x-webhook-hmac-sha256": sig_text}
    prepared = hookproof.Webhook(SECRET)

    def stdlib():
        return hmac.compare_digest(base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()), sig)

    rows = [("stdlib hmac idiom", stdlib)]
    try:
        import standardwebhooks

        sw_secret = "whsec_" + base64.b64encode(key).decode()
        sw = standardwebhooks.Webhook(sw_secret)
        msg_id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
        now = int(time.time())
        sw_sig = sw.sign(msg_id, datetime.datetime.fromtimestamp(now, tz=datetime.timezone.utc), body.decode())
        sw_headers = {"webhook-id": msg_id, "webhook-timestamp": str(now), "webhook-signature": sw_sig}

        # json_parse=False: time the signature check only, as for the other rows.
        def standard():
            sw.verify(body, sw_headers, json_parse=False)
            return True

        rows.append(("standardwebhooks", standard))
    except ImportError:
        print("standardwebhooks is not installed: row skipped", file=sys.stderr)

    rows.append(("hookproof.verify", lambda: hookproof.verify(body, sig_text, SECRET)))
    rows.append(("hookproof.Webhook.verify", lambda: prepared.verify(body, headers)))
    for name, fn in rows:
        assert fn() in (True, None), name
    return rows


def best_time(fn, budget: float, repeats: int) -> float:
    """Seconds per call: the best of `repeats` runs of about `budget` seconds each."""
    timer = timeit.Timer(fn)
    number, elapsed = timer.autorange()
    number = max(1, int(number * budget / max(elapsed, 1e-9)))
    return min(timer.repeat(repeat=repeats, number=number)) / number


def human(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} µs"
    return f"{seconds * 1e3:.3f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description="hookproof Python benchmark")
    parser.add_argument("--budget", type=float, default=0.2, help="seconds per timed run (default 0.2)")
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per figure, best kept (default 7)")
    args = parser.parse_args()

    sizes = [("700 B event", event_body(700)), ("1 MiB event", event_body(1 << 20))]
    results = {}
    for label, body in sizes:
        for name, fn in candidates(body):
            results[(label, name)] = best_time(fn, args.budget, args.repeats)

    print(f"Python {platform.python_version()} on {platform.machine()}, hookproof {hookproof.__version__}")
    print()
    print("| body | implementation | time per call | vs stdlib idiom |")
    print("| --- | --- | ---: | ---: |")
    verdicts = []
    for label, _ in sizes:
        base = results[(label, "stdlib hmac idiom")]
        for (row_label, name), seconds in results.items():
            if row_label != label:
                continue
            print(f"| {label} | {name} | {human(seconds)} | {base / seconds:.2f}x |")
        goal = 4.0 if label.startswith("700") else 1.0
        for name in ("hookproof.verify", "hookproof.Webhook.verify"):
            ratio = base / results[(label, name)]
            verdicts.append(f"{label}: {name} {ratio:.3f}x (goal >= {goal:g}x) {'met' if ratio >= goal else 'MISSED'}")
    print()
    for line in verdicts:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
