"""Over real HTTP on 127.0.0.1: the FastAPI receiver (roundtrip/receiver.py) served by uvicorn,
fed by stdlib-signed requests and by the Rust reference sender when it is built."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT

RECEIVER = ROOT / "bindings" / "python" / "roundtrip" / "receiver.py"
SECRET = "rt-secret-7c1d"
EVENT = json.dumps(
    {"data": {"id": "ord_rt1", "status": "order_status_sent"}, "event": "order_status_update", "created_at": "2026-11-28T10:00:00.000Z"},
    separators=(",", ":"),
).encode()


def oracle(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Receiver:
    def __init__(self, idle_timeout: float = 20.0):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, str(RECEIVER), "--port", str(self.port), "--secret", SECRET, "--idle-timeout", str(idle_timeout)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"receiver did not start: {self.proc.stderr.read() if self.proc.stderr else ''}")

    def post(self, path: str, body: bytes, headers: dict[str, str]):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def stop(self) -> str:
        if self.proc.poll() is None:
            self.proc.terminate()
        out, _ = self.proc.communicate(timeout=20)
        return out


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.stop()


def test_events_and_raw_over_http(receiver):
    json_headers = {"Content-Type": "application/json", "User-Agent": "Print.one Webhook Service"}
    status, body = receiver.post("/events", EVENT, {**json_headers, "X-Webhook-Hmac-Sha256": oracle(EVENT)})
    assert status == 200 and json.loads(body)["received"] == "order_status_update"

    status, body = receiver.post("/events", EVENT, {**json_headers, "x-printone-hmac-sha256": oracle(EVENT)})
    assert status == 200

    status, body = receiver.post("/events", EVENT + b" ", {**json_headers, "X-Webhook-Hmac-Sha256": oracle(EVENT)})
    assert status == 401 and json.loads(body)["code"] == "signature_mismatch"

    status, body = receiver.post("/events", EVENT, {**json_headers, "X-Webhook-Hmac-Sha256": oracle(EVENT, "wrong")})
    assert status == 401 and json.loads(body)["code"] == "signature_mismatch"

    status, body = receiver.post("/events", b"[1]", {**json_headers, "X-Webhook-Hmac-Sha256": oracle(b"[1]")})
    assert status == 400 and json.loads(body)["code"] == "invalid_payload"

    raw = bytes(range(256)) * 5
    status, body = receiver.post("/raw", raw, {"X-Webhook-Hmac-Sha256": oracle(raw)})
    assert status == 204 and body == b""
    status, body = receiver.post("/raw", raw, {})
    assert status == 401 and json.loads(body) ["code"] == "missing_signature"

    out = receiver.stop()
    lines = [line for line in out.splitlines() if line.startswith("python POST")]
    assert len(lines) == 7, out
    assert "event=order_status_update" in lines[0] and "verdict=accepted" in lines[0]
    assert "code=signature_mismatch" in lines[2]
    assert "code=invalid_payload" in lines[4]
    assert f"size={len(raw)}" in lines[5] and "verdict=accepted" in lines[5]


def test_receiver_exits_by_itself_when_idle():
    r = Receiver(idle_timeout=1.0)
    try:
        assert r.proc.wait(timeout=15) == 0
    finally:
        out = r.stop()
    assert "idle" in out


def sender_binary():
    candidate = os.environ.get("HOOKPROOF_BIN") or str(ROOT / "target" / "release" / "hookproof")
    return candidate if os.path.isfile(candidate) and os.access(candidate, os.X_OK) else None


@pytest.mark.skipif(sender_binary() is None, reason="the reference sender (target/release/hookproof) is not built")
def test_reference_sender_delivers_to_the_fastapi_receiver(receiver):
    result = subprocess.run(
        [sender_binary(), "send", "--url", f"http://127.0.0.1:{receiver.port}/events", "--secret", SECRET,
         "--event", "all", "--count", "5", "--tamper-rate", "0.4", "--json", "--quiet"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["sent"] == 20 and summary["failed"] == 0
    assert summary["tampered_accepted"] == 0 and summary["valid_rejected"] == 0
    assert summary["delivered"] == 20 - summary["tampered"]
    out = receiver.stop()
    accepted = [line for line in out.splitlines() if "verdict=accepted" in line]
    rejected = [line for line in out.splitlines() if "verdict=rejected" in line]
    assert len(accepted) == summary["delivered"] and len(rejected) == summary["tampered"]
    assert {line.split()[3] for line in accepted} == {
        "event=order_status_update", "event=template_preview_rendered", "event=batch_status_update", "event=coupon_code_used"}
