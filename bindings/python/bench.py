#!/usr/bin/env python3
"""Benchmark: hookproof against the stdlib idioms and the providers' own libraries, in one run.

    bindings/python/bench.sh            (or: .venv/bin/python bindings/python/bench.py)
    bindings/python/bench.sh --json     (machine-readable results, for scripts/bench_report.py)

Times, per call, on a 700-byte Print.one event and on a 1 MiB one (padded):
- stdlib idiom: hmac.compare_digest(base64.b64encode(hmac.new(secret, body, hashlib.sha256).digest()), sig)
- stdlib idiom with ==: the same with `==` on str (Print.one's JavaScript idiom, in Python)
- standardwebhooks: Webhook(secret).verify(body, headers) (prepared once; its scheme also signs an
  id and a timestamp, so it hashes ~40 more bytes)
- stripe: WebhookSignature.verify_header(body, stripe_signature, secret, tolerance=300), on its own
  `t=..,v1=..` signature of the same body (it hashes `{t}.{body}`)
- slack-sdk: SignatureVerifier(secret).is_valid(body, timestamp, signature), on its own `v0=`
  signature of the same body (it hashes `v0:{t}:{body}`)
- hookproof.verify(body, signature, secret): the one-shot call
- hookproof.Webhook(secret).verify(body, headers): prepared once, headers as a dict of 3 entries
- hookproof.Webhook(secret, scheme="stripe" / "slack").verify: the same formats as those two peers
Peers that are not installed are skipped (with a note on stderr).

Each figure is the best of several timeit repeats (the least disturbed by other processes), the
candidates taking turns repeat after repeat so that a burst of load elsewhere hits them alike; the
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

    def stdlib_eq():
        return base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode() == sig_text

    rows = [("stdlib hmac idiom", stdlib), ("stdlib hmac idiom with ==", stdlib_eq)]
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

    now = int(time.time())
    try:
        import stripe

        stripe_header = stripe.WebhookSignature.generate_signature_header(body.decode(), SECRET, timestamp=now)

        def stripe_verify():
            return stripe.WebhookSignature.verify_header(body, stripe_header, SECRET, tolerance=300)

        rows.append(("stripe WebhookSignature.verify_header", stripe_verify))
    except ImportError:
        print("stripe is not installed: row skipped", file=sys.stderr)
    try:
        from slack_sdk.signature import SignatureVerifier

        slack = SignatureVerifier(SECRET)
        slack_sig = slack.generate_signature(timestamp=str(now), body=body)
        rows.append(("slack-sdk SignatureVerifier.is_valid", lambda: slack.is_valid(body, str(now), slack_sig)))
    except ImportError:
        print("slack-sdk is not installed: row skipped", file=sys.stderr)

    rows.append(("hookproof.verify", lambda: hookproof.verify(body, sig_text, SECRET)))
    rows.append(("hookproof.Webhook.verify", lambda: prepared.verify(body, headers)))
    for scheme in ("stripe", "slack"):
        same = hookproof.Webhook(SECRET, scheme=scheme)
        same_headers = dict(same.sign(body, timestamp=now))
        rows.append((f"hookproof.Webhook(scheme={scheme!r}).verify", lambda w=same, h=same_headers: w.verify(body, h)))
    for name, fn in rows:
        assert fn() in (True, None), name
    return rows


def best_times(fns, budget: float, repeats: int) -> list:
    """Seconds per call for each fn: the best of `repeats` runs of about `budget` seconds each,
    the fns taking turns run after run."""
    timers = []
    for fn in fns:
        timer = timeit.Timer(fn)
        number, elapsed = timer.autorange()
        timers.append((timer, max(1, int(number * budget / max(elapsed, 1e-9)))))
    best = [float("inf")] * len(timers)
    for _ in range(repeats):
        for i, (timer, number) in enumerate(timers):
            best[i] = min(best[i], timer.timeit(number) / number)
    return best


def human(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} µs"
    return f"{seconds * 1e3:.3f} ms"


def package_versions() -> dict:
    from importlib import metadata

    out = {}
    for dist in ("hookproof", "standardwebhooks", "stripe", "slack-sdk"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            pass
    return out


def json_report(sizes, results, args) -> dict:
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "machine": platform.machine(),
        "packages": package_versions(),
        "method": f"timeit, best of {args.repeats} runs of ~{args.budget:g} s each, candidates taking turns",
        "results": [
            {"size": label, "bytes": len(body), "name": name, "seconds": results[(label, name)]}
            for label, body in sizes
            for (row_label, name) in results
            if row_label == label
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="hookproof Python benchmark")
    parser.add_argument("--budget", type=float, default=0.2, help="seconds per timed run (default 0.2)")
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per figure, best kept (default 7)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of the table")
    args = parser.parse_args()

    sizes = [("700 B event", event_body(700)), ("1 MiB event", event_body(1 << 20))]
    results = {}
    for label, body in sizes:
        rows = candidates(body)
        for (name, _), seconds in zip(rows, best_times([fn for _, fn in rows], args.budget, args.repeats)):
            results[(label, name)] = seconds

    if args.json:
        print(json.dumps(json_report(sizes, results, args), indent=1))
        return 0

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
