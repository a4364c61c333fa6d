"""The Python side of scripts/bench_limits.py: the same calls as the core's examples/limits.rs,
through the installed hookproof wheel, as JSON (ns per call, the best of many short runs).

Each call is timed as `timeit` times a statement: compiled into the timing loop, so that the
figure is the call's own cost and not also a lambda's frame (the Rust closure and the Node arrow
function of the other two benchmarks are inlined by their compilers)."""

import json
import sys
import timeit

import hookproof

SECRET = "whk_3f9a1c7e5b2d4a6f"
SIZES = [64, 256, 1024, 4096, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20, 16 << 20]


def event_body(size: int) -> bytes:
    head = b'{"data":{"id":"ord_8f3kZ2","status":"order_status_sent","note":"'
    tail = b'"},"event":"order_status_update","created_at":"2026-11-28T10:00:01.250Z"}'
    return head + b"x" * max(size - len(head) - len(tail), 0) + tail


def best(statement: str, names: dict, budget: float, runs: int) -> float:
    """The best time per call of `statement` over `runs` runs of about `budget` seconds each."""
    timer = timeit.Timer(statement, globals=names)
    batch = 1
    while timer.timeit(batch) < budget / 10 and batch <= 1 << 24:
        batch *= 2
    per_call = float("inf")
    for _ in range(runs):
        calls, spent = 0, 0.0
        while spent < budget:
            spent += timer.timeit(batch)
            calls += batch
        per_call = min(per_call, spent / calls)
    return per_call * 1e9


def main() -> None:
    quick = "--quick" in sys.argv
    # Many short runs, taking the best: a run that another process interrupted does not count.
    budget, runs = (0.02, 5) if quick else (0.02, 25)
    scaling_budget = 0.05 if quick else 0.2  # bodies up to 16 MiB: longer runs, fewer of them
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
    names = {"verify": hookproof.verify, "prepared": webhook.verify, "body": body, "signature": signature,
             "SECRET": SECRET, "plain": plain, "starlette": starlette, "django": django}
    result = {
        "one_shot_ns": best("verify(body, signature, SECRET)", names, budget, runs),
        "prepared_dict_ns": best("prepared(body, plain)", names, budget, runs),
        "prepared_starlette_ns": best("prepared(body, starlette)", names, budget, runs),
        "prepared_django_ns": best("prepared(body, django)", names, budget, runs),
        "scaling": [],
    }
    for size in SIZES:
        sized = event_body(size)
        names.update(sized=sized, headers={"x-webhook-hmac-sha256": hookproof.sign(sized, SECRET)})
        big = size >= 1 << 20
        result["scaling"].append([size, best("prepared(sized, headers)", names, scaling_budget * (2 if big else 1), 3)])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
