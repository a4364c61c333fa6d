"""The Python side of scripts/bench_limits.py: the same calls as the core's examples/limits.rs,
through the installed hookproof wheel, as JSON (ns per call, the best of several runs)."""

import json
import sys
import time

import hookproof

SECRET = "whk_3f9a1c7e5b2d4a6f"
SIZES = [64, 256, 1024, 4096, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20, 16 << 20]


def event_body(size: int) -> bytes:
    head = b'{"data":{"id":"ord_8f3kZ2","status":"order_status_sent","note":"'
    tail = b'"},"event":"order_status_update","created_at":"2026-11-28T10:00:01.250Z"}'
    return head + b"x" * max(size - len(head) - len(tail), 0) + tail


def best(fn, budget: float, runs: int) -> float:
    batch = 1
    while True:
        started = time.perf_counter()
        for _ in range(batch):
            fn()
        if time.perf_counter() - started > budget / 10 or batch > 1 << 24:
            break
        batch *= 2
    per_call = float("inf")
    for _ in range(runs):
        calls, started = 0, time.perf_counter()
        while time.perf_counter() - started < budget:
            for _ in range(batch):
                fn()
            calls += batch
        per_call = min(per_call, (time.perf_counter() - started) / calls)
    return per_call * 1e9


def main() -> None:
    quick = "--quick" in sys.argv
    budget, runs = (0.05, 3) if quick else (0.2, 5)
    from django.conf import settings

    settings.configure()
    from django.http.request import HttpHeaders
    from starlette.datastructures import Headers

    body = event_body(700)
    signature = hookproof.sign(body, SECRET)
    webhook = hookproof.Webhook(SECRET)
    plain = {"content-type": "application/json", "user-agent": "Print.one Webhook Service", "x-webhook-hmac-sha256": signature}
    starlette = Headers(raw=[(k.encode(), v.encode()) for k, v in plain.items()])
    django = HttpHeaders({"CONTENT_TYPE": "application/json", "HTTP_USER_AGENT": "Print.one Webhook Service",
                          "HTTP_X_WEBHOOK_HMAC_SHA256": signature})
    verify, prepared = hookproof.verify, webhook.verify
    result = {
        "one_shot_ns": best(lambda: verify(body, signature, SECRET), budget, runs),
        "prepared_dict_ns": best(lambda: prepared(body, plain), budget, runs),
        "prepared_starlette_ns": best(lambda: prepared(body, starlette), budget, runs),
        "prepared_django_ns": best(lambda: prepared(body, django), budget, runs),
        "scaling": [],
    }
    for size in SIZES:
        sized = event_body(size)
        headers = {"x-webhook-hmac-sha256": hookproof.sign(sized, SECRET)}
        result["scaling"].append([size, best(lambda: prepared(sized, headers), budget * (2 if size >= 1 << 20 else 1), min(runs, 3))])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
