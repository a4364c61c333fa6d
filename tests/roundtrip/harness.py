#!/usr/bin/env python3
"""Round trip: the reference sender (`hookproof send`) against every receiver over real HTTP.

Every receiver of receivers.json (each helper, in every language) is started on a free port of
127.0.0.1, and must:

- give the sender's verdicts: 2xx for the four Print.one events and for signed binary bodies,
  non-2xx for tampered signatures and for another secret's;
- refuse an unsigned 100 MiB POST with 413 without its memory growing by it, and a 2 MiB one
  with hookproof's `body_too_large`;
- answer first where it can (/later): a 1.5 s handler behind a sender that waits 1 s still gets
  a successful delivery, its late failure reaches the error hook, and no more handlers run at
  once than the bound;
- with a replay guard, process each event once however often it is delivered, and process on
  the sender's retry an event whose handler failed the first time;
- hold up under a load run (events, 1% tampered).

Then, once, across languages: receivers of different languages sharing one real redis-server
(started here, on a loopback port) process each of 1,000 events delivered 3 times, spread over
them, exactly once; and when Redis is stopped in the middle of a run they answer 503, the
sender's retries complete every event once Redis is back: 0 lost, 0 doubled.

    python3 tests/roundtrip/harness.py                      # everything
    python3 tests/roundtrip/harness.py --only node-koa      # one receiver (and no Redis part)
    python3 tests/roundtrip/harness.py --load 100000        # a longer load run
    python3 tests/roundtrip/harness.py --shared-redis-only  # exactly once across languages, the outage

Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
TARGET = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
SECRET = "whk_roundtrip_3f9a1c7e"
sys.path.insert(0, str(ROOT / "tests" / "support"))
from redis_server import RedisServer  # noqa: E402

# RSS growth allowed over three unsigned 100 MiB floods: a receiver that buffered one would grow
# by 100 MiB; allocator noise is a few MiB.
FLOOD_RSS_LIMIT_MIB = 16
# Node's RSS moves by up to ~5 MiB between readings with no leak (GC timing); 8 MiB still shows a
# leak of 100 bytes per request over the second leg of a 100,000-event load run.
RSS_GROWTH_LIMIT_MIB = 8
RSS_CHECK_FROM = 50_000


def hookproof_bin() -> str:
    path = pathlib.Path(os.environ.get("HOOKPROOF_BIN", TARGET / "release" / "hookproof"))
    if not path.exists():
        sys.exit(f"{path} not found: build it with `cargo build --release -p hookproof-cli`")
    return str(path)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Receiver:
    def __init__(self, spec: dict, binary: str, work: pathlib.Path, extra: list[str] | None = None, tag: str = ""):
        self.name = spec["name"]
        self.spec = spec
        self.port = free_port()
        self.log_path = work / f"{self.name}{tag}.log"
        values = {"hookproof": binary, "root": ROOT, "target": TARGET, "port": self.port,
                  "secret_file": work / "secret"}
        self.command = [str(a).format(**values) for a in spec["command"]] + (extra or [])
        self.process: subprocess.Popen | None = None

    def supports(self, what: str) -> bool:
        return what in self.spec.get("supports", [])

    def start(self) -> bool:
        self.log = open(self.log_path, "w")
        env = {**os.environ, **self.spec.get("env", {})}
        self.process = subprocess.Popen(self.command, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return True
            except OSError:
                time.sleep(0.1)
        return False

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.log.close()

    def rss_kib(self) -> int | None:
        try:
            for line in pathlib.Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except (OSError, AttributeError):
            return None
        return None

    def stats(self) -> dict:
        with urllib.request.urlopen(self.url("/stats"), timeout=5) as answer:
            return json.loads(answer.read())

    def tail(self) -> str:
        try:
            return self.log_path.read_text()[-1500:]
        except OSError:
            return ""


def send(binary: str, *args, timeout: float = 900) -> tuple[int, dict]:
    done = subprocess.run([binary, "send", "--json", *map(str, args)], capture_output=True, text=True, timeout=timeout)
    try:
        return done.returncode, json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return done.returncode, {"error": (done.stdout + done.stderr).strip()[-500:]}


def refused(port: int, path: str, size: int) -> tuple[int | None, dict]:
    """An unsigned POST declaring `size` bytes: headers first, the body only if no answer came in
    3 s (a receiver must refuse by the declared length, before reading; a client that wrote the
    whole body first could see the connection reset before the answer). The status and JSON
    answer, or (None, {}) without an answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall((f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      f"X-Webhook-Hmac-Sha256: AAAA\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n").encode())
        if not select.select([sock], [], [], 3)[0]:
            chunk = b"x" * (1 << 20)
            left = size
            while left > 0 and not select.select([sock], [], [], 0)[0]:
                try:
                    sock.sendall(chunk[: min(left, len(chunk))])
                except OSError:
                    break
                left -= len(chunk)
        answer = b""
        try:
            while True:
                part = sock.recv(65536)
                if not part:
                    break
                answer += part
                head, _, body = answer.partition(b"\r\n\r\n")
                length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), None)
                if length is not None and len(body) >= length:
                    break
        except OSError:
            pass
        try:
            status = int(answer.split(b" ", 2)[1])
        except (IndexError, ValueError):
            return None, {}
        head, _, body = answer.partition(b"\r\n\r\n")
        if b"transfer-encoding: chunked" in head.lower():
            chunks = b""
            while body:
                size_line, _, rest = body.partition(b"\r\n")
                size = int(size_line.split(b";")[0] or b"0", 16)
                if size == 0:
                    break
                chunks, body = chunks + rest[:size], rest[size + 2:]
            body = chunks
        try:
            return status, json.loads(body or b"{}")
        except ValueError:
            return status, {}


def handled(count_file: pathlib.Path) -> list[str]:
    if not count_file.exists():
        return []
    lines = count_file.read_text().splitlines()
    # A torn line (two processes' writes interleaved) would read as a lost event: say so instead.
    torn = [line for line in lines if not re.fullmatch(r"handled [0-9a-f]{64}", line)]
    if torn:
        raise RuntimeError(f"{count_file}: {len(torn)} torn lines, e.g. {torn[0]!r}")
    return [line.split()[1] for line in lines]


class Report:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0
        self.figures: dict[str, object] = {}

    def check(self, ok: bool, name: str, detail: str = "") -> bool:
        print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        return ok


def verdict_scenarios(r: Receiver, binary: str, binary_body: pathlib.Path, report: Report) -> None:
    events, raw = r.url("/events"), r.url("/raw")
    runs = [
        ("four events, valid", ["--url", events, "--secret", SECRET, "--event", "all"], 0,
         {"sent": 4, "delivered": 4, "tampered_accepted": 0}),
        ("events with 10% tampered", ["--url", events, "--secret", SECRET, "--event", "all", "--count", 25,
                                      "--concurrency", 8, "--tamper-rate", 0.1], 0,
         {"sent": 100, "tampered": 10, "tampered_accepted": 0, "valid_rejected": 0, "delivered": 90}),
        ("binary body, half tampered", ["--url", raw, "--secret", SECRET, "--body", binary_body, "--count", 6,
                                        "--tamper-rate", 0.5], 0,
         {"sent": 6, "tampered": 3, "tampered_accepted": 0, "valid_rejected": 0}),
        ("signed with another secret", ["--url", events, "--secret", "whk_not_the_receivers", "--event",
                                        "order_status_update", "--count", 3], 1,
         {"sent": 3, "delivered": 0, "rejected": 3, "failed": 0}),
    ]
    for name, args, exit_code, expected in runs:
        code, summary = send(binary, *args)
        wrong = {k: (summary.get(k), v) for k, v in expected.items() if summary.get(k) != v}
        report.check(code == exit_code and not wrong, f"{r.name}: {name}",
                     "" if not wrong and code == exit_code else f"exit {code} (want {exit_code}), got/want {wrong or summary}")


def cap_scenario(r: Receiver, report: Report) -> None:
    status, answer = refused(r.port, "/events", 2 << 20)
    report.check(status == 413 and answer.get("code") == "body_too_large", f"{r.name}: an unsigned 2 MiB body",
                 f"{status} {answer.get('code')}")
    before = r.rss_kib()
    statuses = [refused(r.port, "/events", 100 << 20)[0] for _ in range(3)]
    after = r.rss_kib()
    grown = (after - before) / 1024 if None not in (before, after) else None
    ok = statuses == [413] * 3 and grown is not None and grown < FLOOD_RSS_LIMIT_MIB
    report.check(ok, f"{r.name}: three unsigned 100 MiB POSTs", f"{statuses}, RSS {before / 1024:.1f} -> "
                 f"{after / 1024:.1f} MiB ({grown:+.1f} MiB)" if grown is not None else f"{statuses}, RSS unknown")
    report.figures.setdefault("flood_rss_mib", {})[r.name] = round(grown, 1) if grown is not None else None


def answer_first_scenario(r: Receiver, binary: str, work: pathlib.Path, report: Report) -> None:
    failing = work / "failing-order.json"
    failing.write_text(json.dumps({**json.loads(sample_order_data(binary)), "fail": True}))
    started = time.monotonic()
    late = r.url("/later")
    c1, s1 = send(binary, "--url", late, "--secret", SECRET, "--event", "order_status_update", "--count", 10,
                  "--concurrency", 12, "--timeout", 1)
    c2, s2 = send(binary, "--url", late, "--secret", SECRET, "--event", "order_status_update", "--data", failing,
                  "--count", 2, "--timeout", 1)
    answered = time.monotonic() - started
    ok = c1 == 0 and c2 == 0 and s1.get("delivered") == 10 and s2.get("delivered") == 2
    deadline = time.monotonic() + 20
    stats = {}
    while time.monotonic() < deadline:
        stats = r.stats()
        if stats.get("done", 0) + stats.get("errors", 0) >= 12:
            break
        time.sleep(0.2)
    ok = ok and stats.get("done") == 10 and stats.get("errors") == 2 and 1 <= stats.get("peak", 0) <= 3
    report.check(ok, f"{r.name}: answer first (1.5 s handlers, the sender waits 1 s)",
                 f"12 delivered in {answered:.1f} s; afterwards done {stats.get('done')}, errors at the hook "
                 f"{stats.get('errors')}, at most {stats.get('peak')} at once (bound 3)")


def sample_order_data(binary: str) -> str:
    """The order data the sender's samples use (a full order, as Print.one sends)."""
    return (ROOT / "crates/hookproof/src/scheme/printone/samples/order_status_update.json").read_text()


def replay_scenario(spec: dict, binary: str, work: pathlib.Path, report: Report) -> None:
    count_file = work / f"{spec['name']}-replay.count"
    extra = ["--replay", "memory"]
    counted = "count" in spec.get("supports", [])
    if counted:
        extra += ["--count-file", str(count_file), "--flaky"]
    r = Receiver(spec, binary, work, extra, tag="-replay")
    try:
        started_ok = r.start()
        if not report.check(started_ok, f"{r.name}: starts with a replay guard", "" if started_ok else r.tail()):
            return
        code, summary = send(binary, "--url", r.url("/events"), "--secret", SECRET, "--event", "order_status_update",
                             "--count", 40, "--repeat", 2, "--concurrency", 8, "--retries", 4, "--retry-delay", 0.05)
        ok = code == 0 and summary.get("delivered") == 80 and summary.get("duplicates") == 40
        detail = (f"80 deliveries of 40 events: {summary.get('delivered')} 2xx, {summary.get('duplicates')} "
                  f"acknowledged as duplicates, {summary.get('retried')} retries")
        if counted:
            runs = handled(count_file)
            ok = ok and len(runs) == 40 and len(set(runs)) == 40
            detail += f", {len(runs)} handler runs for {len(set(runs))} events"
        report.check(ok, f"{r.name}: each event once, a failed first try processed on the retry", detail)
    finally:
        r.stop()


def load_run(r: Receiver, binary: str, total: int, report: Report) -> None:
    url = r.url("/events")
    first = min(10_000, total // 5)
    check_memory = total >= RSS_CHECK_FROM
    legs, rss = [], []
    for count in (first, total - first):
        code, summary = send(binary, "--url", url, "--secret", SECRET, "--event", "order_status_update", "--count", count,
                             "--concurrency", 32, "--tamper-rate", 0.01, "--quiet", "--timeout", 60, timeout=3600)
        legs.append((code, summary, count))
        rss.append(r.rss_kib())
    sent = sum(s.get("sent", 0) for _, s, _ in legs)
    tampered = sum(s.get("tampered", 0) for _, s, _ in legs)
    accepted = sum(s.get("tampered_accepted", 0) for _, s, _ in legs)
    rejected = sum(s.get("valid_rejected", 0) for _, s, _ in legs)
    rate = legs[-1][1].get("per_second", 0)
    growth = (rss[1] - rss[0]) / 1024 if None not in rss else None
    ok = (all(code == 0 for code, _, _ in legs) and sent == total and accepted == 0 and rejected == 0
          and (not check_memory or (growth is not None and growth <= RSS_GROWTH_LIMIT_MIB)))
    growth_text = f"{growth:+.1f} MiB" if growth is not None else "unknown"
    report.check(ok, f"{r.name}: load", f"{sent} events, {tampered} tampered, {accepted} tampered accepted, {rejected} "
                 f"valid rejected, {rate:.0f}/s; RSS {growth_text}{'' if check_memory else ' (reported only)'}")
    report.figures.setdefault("load", {})[r.name] = {"events": sent, "per_second": round(rate),
                                                      "tampered_accepted": accepted, "valid_rejected": rejected}


def shared_redis(specs: list[dict], binary: str, work: pathlib.Path, report: Report) -> None:
    """Exactly once across languages through one Redis, then an outage in the middle of a run."""
    if shutil.which("redis-server") is None:
        report.check(False, "shared Redis", "redis-server is not installed (the test scripts install it)")
        return
    with RedisServer(persist=True) as redis:
        count_file = work / "shared.count"
        receivers = [Receiver(s, binary, work, ["--replay", redis.url, "--count-file", str(count_file), "--flaky"], tag="-redis")
                     for s in specs]
        try:
            for r in receivers:
                started_ok = r.start()
                if not report.check(started_ok, f"{r.name}: starts on the shared Redis", "" if started_ok else r.tail()):
                    return
            urls = [a for r in receivers for a in ("--url", r.url("/events"))]
            names = " + ".join(r.name for r in receivers)
            code, summary = send(binary, *urls, "--secret", SECRET, "--event", "order_status_update", "--count", 1000,
                                 "--repeat", 3, "--concurrency", 32, "--retries", 5, "--retry-delay", 0.05, timeout=1200)
            runs = handled(count_file)
            doubled = len(runs) - len(set(runs))
            lost = 1000 - len(set(runs))
            ok = (code == 0 and summary.get("delivered") == 3000 and summary.get("duplicates") == 2000
                  and lost == 0 and doubled == 0)
            report.check(ok, f"exactly once across {names} on one Redis",
                         f"1000 events x 3 deliveries: {summary.get('delivered')} answered 2xx, {summary.get('duplicates')} "
                         f"duplicates, {len(runs)} handler runs, {summary.get('retried')} retries; lost {lost}, doubled {doubled}")
            report.figures["exactly_once"] = {"events": 1000, "deliveries": summary.get("sent"),
                                              "duplicates": summary.get("duplicates"), "handler_runs": len(runs),
                                              "lost": lost, "doubled": doubled}

            # The outage runs on receivers without --flaky. A handler failure whose release falls in
            # the outage leaves its claim for the TTL, and the retry is then acknowledged as a
            # duplicate (documented in docs/replay.md, "When Redis is down"): with flaky handlers
            # this run would count that race, not what it checks (503 while Redis is down, each
            # event processed once after).
            for r in receivers:
                r.stop()
            count_file.write_text("")  # (truncated, not removed: a receiver may hold it open for appending)
            receivers = [Receiver(s, binary, work, ["--replay", redis.url, "--count-file", str(count_file)], tag="-outage")
                         for s in specs]
            for r in receivers:
                started_ok = r.start()
                if not report.check(started_ok, f"{r.name}: starts again on the shared Redis", "" if started_ok else r.tail()):
                    return
            urls = [a for r in receivers for a in ("--url", r.url("/events"))]
            events = 1000
            sender = subprocess.Popen([binary, "send", "--json", *urls, "--secret", SECRET, "--event",
                                       "order_status_update", "--count", str(events), "--repeat", "2", "--concurrency", "8",
                                       "--retries", "40", "--retry-delay", "0.2"], stdout=subprocess.PIPE, text=True)
            # Redis stops in the middle of the run whatever the machine's speed: once a tenth of
            # the events have been handled.
            deadline = time.monotonic() + 60
            while count_file.read_bytes().count(b"\n") < events // 10 and sender.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            redis.stop()
            time.sleep(2.5)
            redis.start()
            out, _ = sender.communicate(timeout=900)
            summary = json.loads(out.strip().splitlines()[-1])
            runs = handled(count_file)
            doubled = len(runs) - len(set(runs))
            lost = events - len(set(runs))
            # Never twice; lost only where a claim's SET reached Redis but its answer did not (the
            # delivery was answered 503, and its retry found the failed attempt's claim): at most
            # one event per 503, and the line says how many (docs/replay.md, "When Redis is down").
            unavailable = summary.get("unavailable", 0)
            ok = (sender.returncode == 0 and summary.get("delivered") == 2 * events and unavailable > 0
                  and lost <= unavailable and doubled == 0)
            report.check(ok, "Redis stopped for 2.5 s in the middle of a run",
                         f"{events} events x 2: {summary.get('unavailable')} answered 503 during the outage, "
                         f"{summary.get('delivered')} answered 2xx in the end, {len(runs)} handler runs; lost {lost}, doubled {doubled}")
            report.figures["outage"] = {"events": events, "deliveries": summary.get("sent"),
                                        "unavailable_503": summary.get("unavailable"), "handler_runs": len(runs),
                                        "lost": lost, "doubled": doubled}
        finally:
            for r in receivers:
                r.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="comma-separated receiver names (skips the shared-Redis part)")
    parser.add_argument("--shared-redis-only", action="store_true",
                        help="only the shared-Redis part: exactly once across languages, then the outage")
    parser.add_argument("--load", type=int, default=5000, help="events in each receiver's load run (1%% tampered)")
    parser.add_argument("--figures", help="write the figures (floods, exactly-once, outage, load) to this JSON file")
    options = parser.parse_args()

    binary = hookproof_bin()
    config = json.loads((ROOT / "tests/roundtrip/receivers.json").read_text())
    specs = config["receivers"]
    if options.only:
        wanted = set(options.only.split(","))
        specs = [s for s in specs if s["name"] in wanted]
    if options.shared_redis_only:
        specs = []
    work = pathlib.Path(tempfile.mkdtemp(prefix="hookproof-roundtrip-"))
    (work / "secret").write_text(SECRET + "\n")
    binary_body = work / "binary.bin"
    binary_body.write_bytes(bytes(range(256)) * 300 + b"\xff\xfe\x00")
    report = Report()
    started = time.monotonic()
    for spec in specs:
        r = Receiver(spec, binary, work)
        print(f"== {r.name} on 127.0.0.1:{r.port}", flush=True)
        try:
            started_ok = r.start()
            if not report.check(started_ok, f"{r.name}: starts", "" if started_ok else r.tail()):
                continue
            verdict_scenarios(r, binary, binary_body, report)
            cap_scenario(r, report)
            if r.supports("later"):
                answer_first_scenario(r, binary, work, report)
            if options.load:
                load_run(r, binary, options.load, report)
        finally:
            r.stop()
        if "replay" in spec.get("supports", []):
            replay_scenario(spec, binary, work, report)
    if not options.only or options.shared_redis_only:
        shared = [s for s in config["receivers"] if s["name"] in config["shared_redis"]]
        shared_redis(shared, binary, work, report)
    print(f"round trip: {report.passed} passed, {report.failed} failed in {time.monotonic() - started:.0f} s "
          f"(logs in {work})")
    if options.figures:
        pathlib.Path(options.figures).write_text(json.dumps(report.figures, indent=1) + "\n")
    return 1 if report.failed or not report.passed else 0


if __name__ == "__main__":
    sys.exit(main())
