#!/usr/bin/env python3
"""The limits report: each binding against the Rust core doing the same call, each receiver helper
against the same route written by hand, and how the cost grows with the body, in one run.

    python3 scripts/bench_limits.py            # part of ./dev bench; writes docs/benchmarks.md's
                                               # "Limits" section and docs/scaling.png
    python3 scripts/bench_limits.py --quick    # shorter runs, for a smoke test

1. Calls (700-byte event): the core (crates/hookproof/examples/limits.rs), Python
   (scripts/bench/limits_python.py: one-shot, prepared with a dict, a Starlette Headers, a Django
   HttpHeaders), Node (scripts/bench/limits_node.mjs: one-shot, prepared with
   IncomingHttpHeaders and with Fetch Headers, on the native and the wasm engine). The runs take
   turns (core, Python, Node, ... three rounds) and each figure is its best, so that load
   elsewhere hits them alike; ratio = binding / core, goal 1.25x.
2. Receivers (wrk, 16 connections, the 700-byte event, POST): FastAPI under uvicorn, Flask under
   gunicorn, Express and Fastify; the helper's route against the hand-written one (reads the raw
   body, parses the JSON, answers), rounds taking turns; cost = 1 - helper/bare, goal 3%. Beside
   them, the hand-written route with the check inline (the floor of any helper) and, for FastAPI,
   behind an empty dependency (FastAPI's own cost of one).
3. Scaling: verify time for 64 B to 16 MiB in Rust, Python, Node (native, wasm) against
   `openssl speed -evp sha256` at the same sizes (the hash alone: the floor).
4. The wasm module's size, full and without Ed25519 (`--no-default-features`), gzipped.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
VENV = ROOT / ".venv"
SECRET = "whk_3f9a1c7e5b2d4a6f"
GOAL_CALL = 1.25
GOAL_RECEIVER = 0.03


def say(text: str) -> None:
    print(f"\n== {text}", file=sys.stderr, flush=True)


def run_json(args: list, env: dict | None = None) -> dict:
    out = subprocess.run([str(a) for a in args], cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def calls(quick: bool) -> dict:
    flag = ["--quick"] if quick else []
    subprocess.run(["cargo", "build", "-q", "--release", "--locked", "-p", "hookproof", "--example", "limits"], cwd=ROOT, check=True)
    core_bin = TARGET / "release" / "examples" / "limits"
    runs: dict[str, list[dict]] = {"core": [], "python": [], "node": [], "wasm": []}
    for round_ in range(2 if quick else 3):
        say(f"calls, round {round_ + 1}")
        runs["core"].append(run_json([core_bin, *flag]))
        runs["python"].append(run_json([VENV / "bin/python", "scripts/bench/limits_python.py", *flag]))
        runs["node"].append(run_json(["node", "scripts/bench/limits_node.mjs", *flag], env={**os.environ, "HOOKPROOF_ENGINE": "native"}))
        runs["wasm"].append(run_json(["node", "scripts/bench/limits_node.mjs", *flag], env={**os.environ, "HOOKPROOF_ENGINE": "wasm"}))
    best = {}
    for name, results in runs.items():
        merged = {k: min(r[k] for r in results) for k in results[0] if k.endswith("_ns")}
        sizes = [s for s, _ in results[0]["scaling"]]
        merged["scaling"] = [[s, min(r["scaling"][i][1] for r in results)] for i, s in enumerate(sizes)]
        best[name] = merged
    return best


def openssl_floor(sizes: list[int], quick: bool) -> list[list[float]]:
    floor = []
    for size in sizes:
        out = subprocess.run(["openssl", "speed", "-evp", "sha256", "-bytes", str(size), "-seconds", "1" if quick else "2"],
                             capture_output=True, text=True).stdout
        line = next((l for l in out.splitlines() if l.startswith("sha256") or l.startswith("SHA256")), "")
        match = re.findall(r"([\d.]+)k", line)
        if not match:
            floor.append([size, None])
            continue
        kbytes_per_s = float(match[-1])
        floor.append([size, size / (kbytes_per_s * 1000) * 1e9])
    return floor


# ---- receivers -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int) -> None:
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def event_body() -> bytes:
    head = b'{"data":{"id":"ord_8f3kZ2","status":"order_status_sent","note":"'
    tail = b'"},"event":"order_status_update","created_at":"2026-11-28T10:00:01.250Z"}'
    return head + b"x" * (700 - len(head) - len(tail)) + tail


def wrk(url: str, script: Path, seconds: int) -> float:
    """Requests per second of one wrk run, wrk pinned to CPU 0 (the server runs on CPU 1)."""
    out = subprocess.run([*PIN_CLIENT, "wrk", "-t1", "-c16", f"-d{seconds}s", "-s", str(script), url],
                         capture_output=True, text=True).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if not match or non2xx:
        raise RuntimeError(f"wrk against {url}: {out}")
    return float(match.group(1))


def install_bench_tools() -> None:
    """gunicorn (the Flask server) and matplotlib (the chart) into .venv, pinned; idempotent."""
    subprocess.run([VENV / "bin/python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-r", ROOT / "scripts/bench/requirements.txt"], check=True)


# The server on one core and wrk on the other, so that neither takes the other's turns (on two
# cores, an unpinned wrk and server migrate and share a core for part of a run).
PIN_SERVER = ["taskset", "-c", "1"] if shutil.which("taskset") and (os.cpu_count() or 1) >= 2 else []
PIN_CLIENT = ["taskset", "-c", "0"] if PIN_SERVER else []

# What each framework's app serves: (helper route, the hand-written route it is measured against,
# the row's label). References beside them: "/checked" (the hand-written route calling `verify`
# itself: the floor of any helper) and, for FastAPI, "/empty-dependency" (FastAPI's own cost of
# one dependency).
RECEIVERS = {
    "FastAPI": {
        "command": lambda port: [VENV / "bin/uvicorn", "fastapi_app:app", "--port", str(port), "--log-level", "warning",
                                 "--no-access-log", "--lifespan", "off", "--app-dir", ROOT / "scripts/bench/apps"],
        "routes": ["/bare", "/checked", "/empty-dependency", "/route", "/hook", "/bare-response", "/endpoint"],
        "rows": [("/route", "/bare", "FastAPI (uvicorn), `@webhook_route`"),
                 ("/hook", "/bare", "FastAPI (uvicorn), `Depends(webhook_event)`"),
                 ("/endpoint", "/bare-response", "FastAPI (uvicorn), Starlette `@webhook_endpoint`")],
    },
    # gunicorn's default (sync) worker: with one worker of 8 threads, the threads contending for
    # the GIL made the CPU per request 585 µs against Flask's own 65 µs (measured), so the figures
    # measured contention more than either route.
    "Flask": {
        "command": lambda port: [VENV / "bin/gunicorn", "-b", f"127.0.0.1:{port}", "-w", "1",
                                 "--chdir", ROOT / "scripts/bench/apps", "flask_app:app", "--log-level", "warning"],
        "routes": ["/bare", "/checked", "/hook"],
        "rows": [("/hook", "/bare", "Flask (gunicorn), `@webhook_view`")],
    },
    "Express": {
        "command": lambda port: ["node", ROOT / "scripts/bench/apps/node_apps.cjs", "express", str(port)],
        "routes": ["/bare", "/checked", "/hook"],
        "rows": [("/hook", "/bare", "Express, `webhookHandler`")],
    },
    "Fastify": {
        "command": lambda port: ["node", ROOT / "scripts/bench/apps/node_apps.cjs", "fastify", str(port)],
        "routes": ["/bare", "/checked", "/hook"],
        "rows": [("/hook", "/bare", "Fastify, the plugin")],
    },
}


def receivers(quick: bool) -> list[dict]:
    say("receivers: wrk against the helpers' routes and the hand-written ones")
    install_bench_tools()
    body = event_body()
    import base64, hashlib, hmac  # noqa: E401 (the oracle signs the request)
    signature = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
    work = Path(tempfile.mkdtemp(prefix="hookproof-bench-"))
    script = work / "post.lua"
    script.write_text('wrk.method = "POST"\n'
                      f'wrk.body = {json.dumps(body.decode())}\n'
                      'wrk.headers["Content-Type"] = "application/json"\n'
                      f'wrk.headers["X-Webhook-Hmac-Sha256"] = "{signature}"\n')
    seconds, rounds = (1, 3) if quick else (2, 12)
    results = []
    for framework, spec in RECEIVERS.items():
        port = free_port()
        server = subprocess.Popen([*PIN_SERVER, *[str(c) for c in spec["command"](port)]], cwd=ROOT,
                                  env={**os.environ, "BENCH_SECRET": SECRET}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(port)
            routes = spec["routes"]
            for path in routes:  # warm up
                wrk(f"http://127.0.0.1:{port}{path}", script, 2)
            rates: dict[str, list[float]] = {route: [] for route in routes}
            for round_ in range(rounds):  # the routes take turns, starting each round one later
                shift = round_ % len(routes)
                for route in routes[shift:] + routes[:shift]:
                    rates[route].append(wrk(f"http://127.0.0.1:{port}{route}", script, seconds))

            def cost(route: str, reference: str) -> dict:
                # Rounds pair each route with its reference run minutes apart at most: the median of
                # the paired ratios is the cost, the quartiles its spread (this machine's speed
                # drifts by several percent from round to round, which pairing cancels).
                paired = sorted(a / b for a, b in zip(rates[route], rates[reference]))
                quartile = lambda q: paired[min(len(paired) - 1, round(q * (len(paired) - 1)))]  # noqa: E731
                return {"cost": 1 - statistics.median(paired), "low": 1 - quartile(0.75), "high": 1 - quartile(0.25)}

            for route, reference, label in spec["rows"]:
                entry = {"framework": label, "reference": reference, "bare_rps": round(max(rates[reference])),
                         "checked_rps": round(max(rates["/checked"])), "hook_rps": round(max(rates[route])),
                         **cost(route, reference), "check_cost": cost("/checked", "/bare")["cost"],
                         "rounds": rounds, "seconds": seconds}
                if route == "/hook" and "/empty-dependency" in rates:
                    entry["empty_dependency_cost"] = cost("/empty-dependency", "/bare")["cost"]
                results.append(entry)
                print(f"{label}: reference {entry['bare_rps']}/s, helper {entry['hook_rps']}/s, "
                      f"cost {100 * entry['cost']:+.1f}% ({100 * entry['low']:+.1f}% to {100 * entry['high']:+.1f}%)", file=sys.stderr)
        finally:
            server.terminate()
            server.wait(10)
    return results


# ---- wasm size -------------------------------------------------------------------------------


def wasm_sizes() -> dict:
    say("the wasm module: full, and without Ed25519")
    full = (ROOT / "bindings/wasm/pkg/hookproof_wasm_bg.wasm").read_bytes()
    env = {**os.environ, "HOOKPROOF_WASM_FEATURES": "--no-default-features", "HOOKPROOF_WASM_OUT": str(TARGET / "wasm-light")}
    subprocess.run(["bash", ROOT / "bindings/wasm/build.sh"], env=env, check=True, stdout=subprocess.DEVNULL)
    light = (TARGET / "wasm-light" / "hookproof_wasm_bg.wasm").read_bytes()
    size = lambda data: {"bytes": len(data), "gzip": len(gzip.compress(data, 9))}
    return {"full": size(full), "no_ed25519": size(light)}


# ---- the report ------------------------------------------------------------------------------


def human(ns: float) -> str:
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def render(data: dict) -> str:
    core = data["calls"]["core"]
    lines = ["<!-- limits: written by scripts/bench_limits.py -->", "## Limits: each binding against the core, each helper against the bare framework", "",
             f"Measured {data['date']} on {data['machine']} (load average {data['load']}); `python3 scripts/bench_limits.py` reproduces it.", "",
             "### A binding's call against the core's same call (700-byte event; goal: at most 1.25x)", "",
             "| binding | call | binding | core | ratio | goal met |", "| --- | --- | --- | --- | --- | --- |"]
    rows = [
        ("Python", "one-shot `verify`", data["calls"]["python"]["one_shot_ns"], core["one_shot_ns"]),
        ("Python", "`Webhook.verify`, dict", data["calls"]["python"]["prepared_dict_ns"], core["prepared_ns"]),
        ("Python", "`Webhook.verify`, Starlette `Headers`", data["calls"]["python"]["prepared_starlette_ns"], core["prepared_ns"]),
        ("Python", "`Webhook.verify`, Django `HttpHeaders`", data["calls"]["python"]["prepared_django_ns"], core["prepared_ns"]),
        ("Node (native)", "one-shot `verify`, Buffer", data["calls"]["node"]["one_shot_ns"], core["one_shot_ns"]),
        ("Node (native)", "`Webhook#verify`, `IncomingHttpHeaders`", data["calls"]["node"]["prepared_incoming_ns"], core["prepared_ns"]),
        ("Node (native)", "`Webhook#verify`, Fetch `Headers`", data["calls"]["node"]["prepared_fetch_ns"], core["prepared_ns"]),
        ("Node (wasm)", "one-shot `verify`, Buffer", data["calls"]["wasm"]["one_shot_ns"], core["one_shot_ns"]),
        ("Node (wasm)", "`Webhook#verify`, `IncomingHttpHeaders`", data["calls"]["wasm"]["prepared_incoming_ns"], core["prepared_ns"]),
    ]
    for who, call, ns, base in rows:
        ratio = ns / base
        lines.append(f"| {who} | {call} | {human(ns)} | {human(base)} | {ratio:.2f}x | {'yes' if ratio <= GOAL_CALL else 'no'} |")
    fetch_get = data["calls"]["node"].get("fetch_get_ns")
    if fetch_get:
        lines += ["", f"Of the Fetch `Headers` figure, {human(fetch_get)} is the `Headers` object's own `get` for the two names "
                  "Print.one's scheme reads (the current and the legacy signature header), measured alone in the same run."]
    lines += ["", "### A helper's route against the same route written by hand (wrk, 16 connections; goal: at most 3%)", "",
              "| framework and helper | hand-written | with the helper | cost of the helper (quartiles) | cost of the check inline | goal met |",
              "| --- | --- | --- | --- | --- | --- |"]
    for r in data["receivers"]:
        reference = "a `JSONResponse`" if r.get("reference") == "/bare-response" else "a dict" if r["framework"].startswith("FastAPI") else ""
        lines.append(f"| {r['framework']} | {r['bare_rps']}/s{' (' + reference + ')' if reference else ''} | {r['hook_rps']}/s | "
                     f"{100 * r['cost']:.1f}% ({100 * r['low']:.1f}% to {100 * r['high']:.1f}%) | {100 * r['check_cost']:.1f}% | "
                     f"{'yes' if r['cost'] <= GOAL_RECEIVER else 'no'} |")
    rounds = data["receivers"][0]["rounds"] if data["receivers"] else 0
    seconds = data["receivers"][0]["seconds"] if data["receivers"] else 0
    lines += ["", "The hand-written route reads the raw body, parses the JSON and answers, what a handler does anyway; the "
              "helper's route also verifies the signature and builds the event. \"The check inline\" is the hand-written "
              "route calling `verify` itself: the floor of any helper. The server runs on one core and wrk on the other; "
              f"the routes take turns, {rounds} rounds of {seconds} s each, and a cost is the median over the rounds of "
              "1 − helper/reference within the round (the quartiles beside it), which cancels this machine's drift from "
              "round to round. Requests per second are each route's best round. Each FastAPI route is the only route of its "
              "own app (FastAPI matches routes one after another: a later route would also pay for the earlier ones); "
              "`@webhook_endpoint` answers with a `JSONResponse`, so its reference is the hand-written route answering "
              "one too (FastAPI serializes a returned dict with Pydantic, which costs less than a `JSONResponse`)."]
    for r in data["receivers"]:
        if "empty_dependency_cost" in r:
            lines += ["", f"FastAPI's own cost of a dependency: the hand-written route behind one that does nothing costs "
                      f"{100 * r['empty_dependency_cost']:.1f}% of its throughput in the same run; `Depends(webhook_event)` "
                      "pays it on every request, `@webhook_route` does not."]
    lines += ["",
              "### Cost by body size (prepared verify; the floor is OpenSSL's SHA-256 alone)", "",
              "![verify time by body size](scaling.png)", "",
              "| body | Rust core | Python | Node (native) | Node (wasm) | OpenSSL SHA-256 |", "| --- | --- | --- | --- | --- | --- |"]
    floor = dict((s, ns) for s, ns in data["floor"])
    for i, (size, ns) in enumerate(core["scaling"]):
        cells = [human(ns)] + [human(data["calls"][k]["scaling"][i][1]) for k in ("python", "node", "wasm")]
        cells.append(human(floor[size]) if floor.get(size) else "-")
        label = f"{size >> 20} MiB" if size >= 1 << 20 else f"{size >> 10} KiB" if size >= 1024 else f"{size} B"
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    sizes = data["wasm"]
    lines += ["", "### The WebAssembly module", "",
              f"Full (every scheme, Standard Webhooks' Ed25519 included): {sizes['full']['bytes'] / 1024:.1f} KiB, "
              f"{sizes['full']['gzip'] / 1024:.1f} KiB gzipped. Without Ed25519 (`--no-default-features`): "
              f"{sizes['no_ed25519']['bytes'] / 1024:.1f} KiB, {sizes['no_ed25519']['gzip'] / 1024:.1f} KiB gzipped.", "",
              "<!-- /limits -->"]
    return "\n".join(lines) + "\n"


def chart(data: dict, path: Path) -> None:
    install_bench_tools()
    python = VENV / "bin/python"
    series = {"Rust core": data["calls"]["core"]["scaling"], "Python": data["calls"]["python"]["scaling"],
              "Node (native)": data["calls"]["node"]["scaling"], "Node (wasm)": data["calls"]["wasm"]["scaling"],
              "OpenSSL SHA-256": [p for p in data["floor"] if p[1]]}
    code = f"""
import json, matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
series = json.loads({json.dumps(json.dumps(series))})
fig, ax = plt.subplots(figsize=(8, 5))
for name, points in series.items():
    ax.plot([p[0] for p in points], [p[1] / 1000 for p in points], marker="o", label=name)
ax.set_xscale("log", base=2); ax.set_yscale("log")
ax.set_xlabel("body size (bytes)"); ax.set_ylabel("verify time (µs)")
ax.set_title("hookproof verify time by body size (log-log)"); ax.grid(True, which="both", alpha=0.3); ax.legend()
fig.tight_layout(); fig.savefig({json.dumps(str(path))}, dpi=110)
"""
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True)
    if done.returncode != 0:  # a report whose chart is stale would mislead
        raise RuntimeError(f"the chart could not be drawn: {done.stderr[-300:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    data = {
        "date": datetime.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load": f"{os.getloadavg()[0]:.1f}",
        "calls": calls(args.quick),
    }
    sizes = [s for s, _ in data["calls"]["core"]["scaling"]]
    data["floor"] = openssl_floor(sizes, args.quick)
    data["receivers"] = receivers(args.quick)
    data["wasm"] = wasm_sizes()
    (DOCS / "benchmarks-limits.json").write_text(json.dumps(data, indent=1) + "\n")
    section = render(data)
    bench = DOCS / "benchmarks.md"
    text = bench.read_text() if bench.exists() else "# Benchmarks\n"
    pattern = re.compile(r"<!-- limits: written by scripts/bench_limits.py -->.*?<!-- /limits -->\n", re.S)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    bench.write_text(text)
    chart(data, DOCS / "scaling.png")
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
