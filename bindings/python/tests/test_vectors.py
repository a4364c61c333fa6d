"""Every shared vector (signatures from Python's hmac, never from hookproof), through every entry
point of the binding and every body type."""

from __future__ import annotations

import pytest

import hookproof
from conftest import VECTORS, vector_body

IDS = [v["name"] for v in VECTORS]


def test_the_vectors_file_is_the_full_set():
    # A truncated or empty file must not pass silently.
    assert len(VECTORS) >= 25
    assert any(v["valid"] for v in VECTORS) and any(not v["valid"] for v in VECTORS)


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_one_shot_verify(vector):
    body = vector_body(vector)
    assert hookproof.verify(body, vector["signature"], vector["secret"]) is vector["valid"]
    # bytes signatures and secrets give the same verdict.
    assert hookproof.verify(body, vector["signature"].encode(), vector["secret"].encode()) is vector["valid"]


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
@pytest.mark.parametrize("body_type", ["bytes", "bytearray", "memoryview", "memoryview_slice", "str"])
def test_webhook_verify(vector, body_type):
    raw = vector_body(vector)
    if body_type == "bytearray":
        body = bytearray(raw)
    elif body_type == "memoryview":
        body = memoryview(raw)
    elif body_type == "memoryview_slice":
        body = memoryview(b"xx" + raw + b"yy")[2:-2]
    elif body_type == "str":
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            pytest.skip("body is not UTF-8")
    else:
        body = raw
    webhook = hookproof.Webhook(vector["secret"])
    headers = {vector["header"]: vector["signature"], "content-type": "application/json"}
    if vector["valid"]:
        assert webhook.verify(body, headers) is None
        assert hookproof.verify(body, vector["signature"], vector["secret"]) is True
    else:
        with pytest.raises(hookproof.WebhookError) as info:
            webhook.verify(body, headers)
        assert info.value.code == vector["error"]
        assert type(info.value) is hookproof._errors._BY_CODE[vector["error"]]


@pytest.mark.parametrize("vector", [v for v in VECTORS if v["valid"]], ids=[v["name"] for v in VECTORS if v["valid"]])
def test_sign_reproduces_valid_vectors(vector):
    body = vector_body(vector)
    assert hookproof.sign(body, vector["secret"]) == vector["signature"].strip()
    assert hookproof.Webhook(vector["secret"]).sign(body) == {"x-webhook-hmac-sha256": vector["signature"].strip()}


def test_rotation_accepts_any_configured_secret():
    vector = VECTORS[0]
    body = vector_body(vector)
    headers = [(vector["header"], vector["signature"])]
    hookproof.Webhook(["other", vector["secret"]]).verify(body, headers)
    hookproof.Webhook(("other", vector["secret"].encode())).verify(body, headers)
    hookproof.Webhook(iter([vector["secret"], "other"])).verify(body, headers)
    with pytest.raises(hookproof.SignatureMismatch):
        hookproof.Webhook(["other", "another"]).verify(body, headers)
