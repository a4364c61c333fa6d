"""Other schemes through the same binding, checked against a provider's own library
(standardwebhooks): the timestamp errors are reachable here."""

from __future__ import annotations

import base64
import datetime
import time

import pytest

import hookproof

standardwebhooks = pytest.importorskip("standardwebhooks")

KEY = b"standard-webhooks-test-key-32byt"
SECRET = "whsec_" + base64.b64encode(KEY).decode()
BODY = b'{"type":"invoice.paid","data":{"id":"inv_1"}}'
MSG_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"


def oracle_headers(timestamp: int, msg_id: str = MSG_ID) -> dict[str, str]:
    when = datetime.datetime.fromtimestamp(timestamp, tz=datetime.timezone.utc)
    signature = standardwebhooks.Webhook(SECRET).sign(msg_id, when, BODY.decode())
    return {"webhook-id": msg_id, "webhook-timestamp": str(timestamp), "webhook-signature": signature}


def test_the_schemes_are_reachable_by_name():
    assert "printone" in hookproof.SCHEMES and "standard" in hookproof.SCHEMES
    for name in hookproof.SCHEMES:
        assert hookproof.Webhook(SECRET if name == "standard" else "whsec_c2VjcmV0", scheme=name).scheme == name


def test_standard_webhooks_signatures_from_the_reference_library_verify():
    webhook = hookproof.Webhook(SECRET, scheme="standard")
    webhook.verify(BODY, oracle_headers(int(time.time())))
    svix = {k.replace("webhook-", "svix-"): v for k, v in oracle_headers(int(time.time())).items()}
    webhook.verify(BODY, svix)
    with pytest.raises(hookproof.SignatureMismatch):
        webhook.verify(BODY + b" ", oracle_headers(int(time.time())))


def test_timestamp_errors():
    webhook = hookproof.Webhook(SECRET, scheme="standard", tolerance=300)
    now = int(time.time())
    with pytest.raises(hookproof.TimestampTooOld) as old:
        webhook.verify(BODY, oracle_headers(now - 3600))
    assert old.value.code == "timestamp_too_old"
    with pytest.raises(hookproof.TimestampTooNew) as new:
        webhook.verify(BODY, oracle_headers(now + 3600))
    assert new.value.code == "timestamp_too_new"
    headers = oracle_headers(now)
    del headers["webhook-timestamp"]
    with pytest.raises(hookproof.MissingTimestamp) as missing:
        webhook.verify(BODY, headers)
    assert missing.value.code == "missing_timestamp"
    # A wider tolerance accepts the hour-old delivery.
    hookproof.Webhook(SECRET, scheme="standard", tolerance=datetime.timedelta(hours=2)).verify(BODY, oracle_headers(now - 3600))


def test_sign_options_match_the_reference_library():
    webhook = hookproof.Webhook(SECRET, scheme="standard")
    now = int(time.time())
    headers = webhook.sign(BODY, timestamp=now, msg_id=MSG_ID)
    assert headers["webhook-id"] == MSG_ID and headers["webhook-timestamp"] == str(now)
    assert headers["webhook-signature"] == oracle_headers(now)["webhook-signature"]
    standardwebhooks.Webhook(SECRET).verify(BODY, headers)
    with pytest.raises(TypeError, match="timestamp"):
        webhook.sign(BODY, timestamp="now")
    with pytest.raises(TypeError, match="msg_id"):
        webhook.sign(BODY, msg_id=5)
