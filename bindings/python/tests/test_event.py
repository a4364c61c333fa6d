"""construct_event: a typed event with a timezone-aware datetime; unknown names are kept."""

from __future__ import annotations

import datetime
import json

import pytest

import hookproof

WEBHOOK = hookproof.Webhook("secret")


def construct(payload) -> hookproof.Event:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return WEBHOOK.construct_event(body, WEBHOOK.sign(body))


def test_known_event():
    event = construct(
        {
            "data": {"id": "ord_1", "n": 3, "big": 2**63, "x": 1.5, "ok": True, "none": None, "items": [1, "a", {}]},
            "event": "order_status_update",
            "created_at": "2026-11-28T10:00:01.250Z",
        }
    )
    assert isinstance(event, hookproof.Event)
    assert event.event == "order_status_update"
    assert event.data == {"id": "ord_1", "n": 3, "big": 2**63, "x": 1.5, "ok": True, "none": None, "items": [1, "a", {}]}
    assert type(event.data["n"]) is int and type(event.data["ok"]) is bool
    assert event.created_at == datetime.datetime(2026, 11, 28, 10, 0, 1, 250000, tzinfo=datetime.timezone.utc)
    assert event.created_at.tzinfo is not None and event.created_at.utcoffset() == datetime.timedelta(0)
    assert event.raw_created_at == "2026-11-28T10:00:01.250Z"
    assert "order_status_update" in repr(event)


@pytest.mark.parametrize("name", ["template_preview_rendered", "batch_status_update", "coupon_code_used", "order_refunded_v2", ""])
def test_every_name_is_kept(name):
    assert construct({"data": {}, "event": name, "created_at": "2026-11-28T10:00:00Z"}).event == name


def test_offsets_are_converted_to_utc():
    event = construct({"data": [], "event": "x", "created_at": "2026-11-28T11:00:00.123456+01:00"})
    assert event.created_at == datetime.datetime(2026, 11, 28, 10, 0, 0, 123000, tzinfo=datetime.timezone.utc)
    assert event.data == []
    early = construct({"data": None, "event": "x", "created_at": "1969-12-31T23:59:59Z"})
    assert early.created_at.timestamp() == -1


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"event":"x","created_at":"2026-11-28T10:00:00Z"}',
        b'{"data":{},"created_at":"2026-11-28T10:00:00Z"}',
        b'{"data":{},"event":"x","created_at":"yesterday"}',
        b'{"data":{},"event":5,"created_at":"2026-11-28T10:00:00Z"}',
        b'{"data":{},"event":"x","created_at":"0000-01-01T00:00:00Z"}',
    ],
)
def test_invalid_payload_after_a_valid_signature(body):
    with pytest.raises(hookproof.InvalidPayload) as info:
        WEBHOOK.construct_event(body, WEBHOOK.sign(body))
    assert info.value.code == "invalid_payload"


def test_signature_is_checked_before_the_payload():
    with pytest.raises(hookproof.SignatureMismatch):
        WEBHOOK.construct_event(b"not json", WEBHOOK.sign(b"not json!"))


def test_events_compare_by_value():
    payload = {"data": {"a": 1}, "event": "x", "created_at": "2026-11-28T10:00:00Z"}
    assert construct(payload) == construct(payload)
    assert construct(payload) != construct({**payload, "event": "y"})
