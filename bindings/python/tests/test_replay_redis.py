"""The replay guard over a real Redis (a redis-server the test starts on a loopback port): the
core's claim protocol sent by redis-py's sync and asyncio clients; a claim per delivery with its
TTL and prefix; release; fail closed (StoreUnavailable, 503, no password in the message) while
Redis is down, and working again once it is back; a month-old Print.one event refused with
max_age in every helper path."""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta

import pytest
from conftest import ROOT, SECRET

import hookproof
from hookproof import ReplayGuard

sys.path.insert(0, str(ROOT / "tests" / "support"))
from redis_server import RedisServer  # noqa: E402

redis = pytest.importorskip("redis")

BODY = b'{"data":{"id":"ord_r"},"event":"order_status_update","created_at":"2026-11-28T10:00:00.000Z"}'


@pytest.fixture(scope="module")
def server():
    with RedisServer(password="hunter2-not-in-messages") as running:
        yield running


def webhook_and_headers(body: bytes = BODY):
    webhook = hookproof.Webhook(SECRET)
    return webhook, {"X-Webhook-Hmac-Sha256": hookproof.sign(body, SECRET)}


def test_sync_client_claims_once_with_ttl_and_prefix(server) -> None:
    client = redis.Redis.from_url(server.url)
    guard = ReplayGuard(client, ttl=timedelta(minutes=5), prefix="test-sync:")
    webhook, headers = webhook_and_headers()
    claim = guard.claim(webhook, BODY, headers)
    assert claim is not None
    assert guard.claim(webhook, BODY, headers) is None, "the same delivery again: a duplicate"
    keys = client.keys("test-sync:*")
    assert len(keys) == 1
    assert 290_000 < client.pttl(keys[0]) <= 300_000
    claim.release()
    assert client.keys("test-sync:*") == []
    again = guard.claim(webhook, BODY, headers)
    assert again is not None, "released: the retry is processed"
    # A release by a stale claim (its token replaced) frees nothing.
    claim.release()
    assert guard.claim(webhook, BODY, headers) is None


def test_standard_webhooks_claims_two_keys_atomically(server) -> None:
    client = redis.Redis.from_url(server.url)
    guard = ReplayGuard(client, prefix="test-std:")
    webhook = hookproof.Webhook("whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", scheme="standard")
    headers = webhook.sign(b'{"type":"x"}', msg_id="msg_1")
    assert guard.claim(webhook, b'{"type":"x"}', headers) is not None
    assert len(client.keys("test-std:*")) == 2, "the webhook-id and the signed content"
    # The same id with other content is still a duplicate (the id key is taken)...
    other = webhook.sign(b'{"type":"y"}', msg_id="msg_1")
    assert guard.claim(webhook, b'{"type":"y"}', other) is None
    # ...and the claim that lost took nothing.
    assert len(client.keys("test-std:*")) == 2


def test_asyncio_client(server) -> None:
    import redis.asyncio as aioredis

    async def go():
        client = aioredis.Redis.from_url(server.url)
        guard = ReplayGuard(client, prefix="test-async:")
        assert guard.is_async
        webhook, headers = webhook_and_headers()
        claim = await guard.claim_async(webhook, BODY, headers)
        assert claim is not None
        assert await guard.claim_async(webhook, BODY, headers) is None
        await claim.release_async()
        assert await guard.claim_async(webhook, BODY, headers) is not None
        with pytest.raises(TypeError, match="claim_async"):
            guard.claim(webhook, BODY, headers)
        await client.aclose()

    asyncio.run(go())


def test_fails_closed_while_redis_is_down() -> None:
    with RedisServer(password="hunter2-not-in-messages") as server:
        client = redis.Redis.from_url(server.url, socket_timeout=1, socket_connect_timeout=1)
        guard = ReplayGuard(client, prefix="test-down:")
        webhook, headers = webhook_and_headers()
        server.stop()
        with pytest.raises(hookproof.StoreUnavailable) as raised:
            guard.claim(webhook, BODY, headers)
        assert webhook.http_status(raised.value) == 503
        assert "hunter2" not in str(raised.value) and "hunter2" not in repr(raised.value)
        server.start()
        assert guard.claim(webhook, BODY, headers) is not None, "back: the sender's retry is processed"


def test_max_age_refuses_a_month_old_event() -> None:
    webhook = hookproof.Webhook(SECRET, max_age=timedelta(days=7))
    headers = {"X-Webhook-Hmac-Sha256": hookproof.sign(BODY, SECRET)}
    created = 1_795_860_000  # the body's created_at, 2026-11-28T10:00:00Z
    with pytest.raises(hookproof.EventTooOld) as raised:
        webhook.construct_event(BODY, headers, now=created + 30 * 86400)  # replayed a month later
    assert raised.value.code == "event_too_old"
    assert webhook.http_status(raised.value) == 401
    # Within its age it is accepted; without max_age, a month later too (the default is off).
    assert webhook.construct_event(BODY, headers, now=created + 3600).event == "order_status_update"
    assert hookproof.Webhook(SECRET).construct_event(BODY, headers, now=created + 30 * 86400).event == "order_status_update"
