#!/usr/bin/env python3
"""The demo: the reference sender plays Print.one's Webhook Service against hookproof receivers.

1. Receivers in every language (the local `hookproof listen`, Python/FastAPI, Node/Express,
   Rust/axum, the WebAssembly engine behind a Fetch handler) get the four Print.one events, then
   one with a tampered signature: each answers 2xx to the first four and refuses the fifth.
2. Answer first: a handler that takes 1.5 s behind a sender that gives up after 1 s still gets a
   successful delivery, because the helper answered before running it.
3. Trigger filters: two webhooks with different filters; each gets only the events that match.

Run through `./dev demo`, which builds everything first. Receivers are started exactly as the
round-trip tests start them.
"""

import json
import pathlib
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests" / "roundtrip"))
import harness  # noqa: E402  (the round-trip harness owns how receivers start)

SHOWN = ["hookproof-listen", "python-fastapi", "node-express", "rust-axum", "wasm-fetch"]


def bold(text: str) -> str:
    return f"\n\033[1m{text}\033[0m" if sys.stdout.isatty() else f"\n{text}"


def run(binary: str, *args: str) -> int:
    print("$ hookproof " + " ".join(a if " " not in a else repr(a) for a in args))
    return subprocess.run([binary, *args]).returncode


def main() -> int:
    binary = harness.hookproof_bin()
    specs = {s["name"]: s for s in json.loads((harness.ROOT / "tests/roundtrip/receivers.json").read_text())["receivers"]}
    work = pathlib.Path(tempfile.mkdtemp(prefix="hookproof-demo-"))
    secret_file = work / "secret"
    secret_file.write_text(harness.SECRET + "\n")
    problems = 0

    print(bold("1. The four Print.one events, then a forged signature, to a receiver in each language"))
    for name in SHOWN:
        spec = dict(specs[name])
        if name == "hookproof-listen":  # show its own verdict lines
            spec["command"] = [a for a in spec["command"] if a != "--quiet"]
        receiver = harness.Receiver(spec, binary, work)
        print(bold(f"── {name}: {receiver.url('/events')}"))
        try:
            if not receiver.start():
                print(f"{name} did not start; its log:\n{receiver.tail()}")
                problems += 1
                continue
            url = receiver.url("/events")
            problems += run(binary, "send", "--url", url, "--secret-file", str(secret_file), "--event", "all") != 0
            problems += run(binary, "send", "--url", url, "--secret-file", str(secret_file), "--event",
                            "order_status_update", "--tamper-rate", "1") != 0
            if name == "hookproof-listen":
                time.sleep(0.3)
                print("what hookproof listen printed:")
                for line in receiver.log_path.read_text().splitlines()[1:]:
                    print(f"  | {line}")
        finally:
            receiver.stop()

    print(bold("2. Answer first: a 1.5 s handler, a sender that waits 1 s (Print.one waits 30)"))
    receiver = harness.Receiver(specs["python-fastapi"], binary, work, tag="-later")
    try:
        if receiver.start():
            problems += run(binary, "send", "--url", receiver.url("/later"), "--secret-file", str(secret_file),
                            "--event", "order_status_update", "--count", "3", "--timeout", "1") != 0
            print("the deliveries succeeded at once; the handlers finish afterwards:")
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                stats = receiver.stats()
                print(f"  | handlers done {stats['done']} of 3, at most {stats['peak']} at once")
                if stats["done"] >= 3:
                    break
                time.sleep(0.8)
            problems += stats["done"] != 3
        else:
            problems += 1
    finally:
        receiver.stop()

    print(bold("3. Trigger filters: two webhooks, each gets only the events that match"))
    spec = dict(specs["hookproof-listen"])
    spec["command"] = [a for a in spec["command"] if a != "--quiet"]
    listen = harness.Receiver(spec, binary, work, tag="-filters")
    try:
        if listen.start():
            config = work / "webhooks.toml"
            config.write_text(f'''# Two webhooks on one receiver, as Print.one's dashboard would have them.
[[webhook]]
url = "{listen.url('/delivered')}"
secret = "{harness.SECRET}"
events = ["order_status_update"]
[[webhook.filter]]
key = "data.status"
type = "in"
value = ["order_pdf_delivered", "order_delivered"]

[[webhook]]
url = "{listen.url('/cancelled')}"
secret = "{harness.SECRET}"
events = ["order_status_update"]
[[webhook.filter]]
key = "data.status"
type = "equals"
value = "order_cancelled"
''')
            print(config.read_text())
            problems += run(binary, "send", "--config", str(config), "--event", "order_status_update") != 0
            time.sleep(0.3)
            print("what hookproof listen printed (the sample order is order_pdf_delivered: /delivered only):")
            lines = listen.log_path.read_text().splitlines()[1:]
            for line in lines:
                print(f"  | {line}")
            problems += not (any("/delivered" in l for l in lines) and not any("/cancelled" in l for l in lines))
        else:
            problems += 1
    finally:
        listen.stop()

    print(bold(f"demo: {'every verdict as expected' if not problems else f'{problems} problems'}"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
