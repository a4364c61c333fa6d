"""Every header shape a Python framework hands over reaches the core intact."""

from __future__ import annotations

import email.message
import http.client
import io

import pytest

import hookproof
from conftest import EVENT_BODY, SECRET

SIG = hookproof.sign(EVENT_BODY, SECRET)
BAD = hookproof.sign(EVENT_BODY, "someone else")
WEBHOOK = hookproof.Webhook(SECRET)


def accepted(headers) -> bool:
    try:
        WEBHOOK.verify(EVENT_BODY, headers)
    except hookproof.SignatureMismatch:
        return False
    return True


@pytest.mark.parametrize(
    "name",
    ["x-webhook-hmac-sha256", "X-Webhook-Hmac-Sha256", "X-WEBHOOK-HMAC-SHA256", "x-printone-hmac-sha256", "X-Printone-Hmac-Sha256"],
)
def test_dict_any_case_and_legacy_name(name):
    assert accepted({"Content-Type": "application/json", name: SIG})
    assert not accepted({"Content-Type": "application/json", name: BAD})


def test_bytes_names_and_values():
    assert accepted({b"X-Webhook-Hmac-Sha256": SIG.encode()})
    assert accepted([(b"x-webhook-hmac-sha256", SIG.encode())])
    assert accepted([("x-webhook-hmac-sha256", bytearray(SIG.encode()))])


def test_pairs_lists_tuples_and_generators():
    assert accepted([("content-type", "application/json"), ("x-webhook-hmac-sha256", SIG)])
    assert accepted((("X-Webhook-Hmac-Sha256", SIG),))
    assert accepted([[b"x-webhook-hmac-sha256", SIG.encode()]])  # ASGI scope["headers"]
    assert accepted((pair for pair in [("x-webhook-hmac-sha256", SIG)]))


def test_repeated_headers_any_valid_candidate_wins():
    # As separate pairs, as a list value, and joined by a framework with ", ".
    assert accepted([("x-webhook-hmac-sha256", BAD), ("X-Webhook-Hmac-Sha256", SIG)])
    assert accepted({"x-webhook-hmac-sha256": [BAD, SIG]})
    assert accepted({"x-webhook-hmac-sha256": (SIG,)})
    assert accepted({"x-webhook-hmac-sha256": f"{BAD}, {SIG}"})
    assert not accepted({"x-webhook-hmac-sha256": [BAD, BAD]})
    # New and legacy names together.
    assert accepted({"x-webhook-hmac-sha256": BAD, "x-printone-hmac-sha256": SIG})


def test_missing_and_empty():
    with pytest.raises(hookproof.MissingSignature):
        WEBHOOK.verify(EVENT_BODY, {})
    with pytest.raises(hookproof.MissingSignature):
        WEBHOOK.verify(EVENT_BODY, [("x-webhook-hmac-sha256-not", SIG)])
    with pytest.raises(hookproof.MalformedSignature):
        WEBHOOK.verify(EVENT_BODY, {"x-webhook-hmac-sha256": ""})


def test_starlette_headers():
    from starlette.datastructures import Headers, MutableHeaders

    assert accepted(Headers(headers={"X-Webhook-Hmac-Sha256": SIG}))
    raw = [(b"x-webhook-hmac-sha256", BAD.encode()), (b"x-webhook-hmac-sha256", SIG.encode())]
    assert accepted(Headers(raw=raw))
    assert accepted(Headers(scope={"type": "http", "headers": raw}))
    mutable = MutableHeaders(raw=[(b"content-type", b"application/json")])
    mutable.append("X-Webhook-Hmac-Sha256", SIG)
    assert accepted(mutable)
    assert not accepted(Headers(raw=raw[:1]))


def test_starlette_headers_are_read_live():
    # The fast path reads the list behind `.raw`; a change after an earlier verify is seen.
    from starlette.datastructures import MutableHeaders

    mutable = MutableHeaders(raw=[(b"content-type", b"application/json")])
    with pytest.raises(hookproof.MissingSignature):
        WEBHOOK.verify(EVENT_BODY, mutable)
    mutable["X-Webhook-Hmac-Sha256"] = BAD
    assert not accepted(mutable)
    mutable["X-Webhook-Hmac-Sha256"] = SIG
    assert accepted(mutable)


class _DecoyList:
    """Has a `_list` that is not what `.raw` gives: `.raw` must be what is read."""

    def __init__(self, raw, decoy):
        self._raw, self._list = raw, decoy

    @property
    def raw(self):
        return list(self._raw)


def test_a_private_list_unlike_raw_is_not_read():
    for _ in range(3):  # the first object of the type, then the cached shape
        assert accepted(_DecoyList([(b"x-webhook-hmac-sha256", SIG.encode())], [(b"x-webhook-hmac-sha256", BAD.encode())]))
        assert not accepted(_DecoyList([(b"x-webhook-hmac-sha256", BAD.encode())], [(b"x-webhook-hmac-sha256", SIG.encode())]))


def test_dict_names_that_are_not_utf8_are_skipped():
    assert accepted({"x-webhook-hmac-sha25\ud800": BAD, "x-webhook-hmac-sha256": SIG})
    with pytest.raises(hookproof.MissingSignature):
        WEBHOOK.verify(EVENT_BODY, {"x-webhook-hmac-sha25\ud800": SIG})


def test_werkzeug_headers():
    from werkzeug.datastructures import EnvironHeaders, Headers

    environ = {"HTTP_X_WEBHOOK_HMAC_SHA256": SIG, "CONTENT_TYPE": "application/json", "wsgi.input": io.BytesIO()}
    assert accepted(EnvironHeaders(environ))
    assert not accepted(EnvironHeaders({"HTTP_X_WEBHOOK_HMAC_SHA256": BAD}))
    multi = Headers([("X-Webhook-Hmac-Sha256", BAD), ("X-Webhook-Hmac-Sha256", SIG)])
    assert accepted(multi)


def test_django_headers():
    from django.http.request import HttpHeaders

    headers = HttpHeaders({"HTTP_X_WEBHOOK_HMAC_SHA256": SIG, "CONTENT_TYPE": "application/json"})
    assert accepted(headers)
    assert not accepted(HttpHeaders({"HTTP_X_PRINTONE_HMAC_SHA256": BAD}))


def test_stdlib_http_message():
    message = http.client.parse_headers(io.BytesIO(f"X-Webhook-Hmac-Sha256: {SIG}\r\n\r\n".encode()))
    assert accepted(message)
    plain = email.message.Message()
    plain["x-printone-hmac-sha256"] = SIG
    assert accepted(plain)


@pytest.mark.parametrize(
    "bad",
    [5, None, "x-webhook-hmac-sha256", b"headers", [("only-one",)], [("a", "b", "c")], [1, 2],
     [("x-webhook-hmac-sha256", 5)], [(5, "v")], {"X-Webhook-Hmac-Sha256": 1.5}, {"x-printone-hmac-sha256": [b"a", 1]}],
)
def test_wrong_header_shapes_are_type_errors(bad):
    with pytest.raises(TypeError, match="header"):
        WEBHOOK.verify(EVENT_BODY, bad)


def test_headers_the_scheme_does_not_read_are_not_looked_at():
    # Frameworks put ints and other objects in their header maps (content-length, cookies); only
    # the headers the scheme reads must be text.
    headers = {"content-length": 42, "x-custom": object(), "x-webhook-hmac-sha256": SIG}
    WEBHOOK.verify(EVENT_BODY, headers)
    WEBHOOK.verify(EVENT_BODY, [("x-forwarded-for", None), ("x-webhook-hmac-sha256", SIG)])


def test_verify_takes_every_calling_convention_alike():
    # `webhook.verify(body, headers)` takes the plain vectorcall path (fast.rs); every other call
    # goes to the full method. Both give the same verdicts, and errors name `verify`.
    body = b'{"data":{},"event":"order_status_update","created_at":"2026-11-28T10:00:00Z"}'
    webhook = hookproof.Webhook("whk_calls")
    signed = webhook.sign(body)
    forged = {"x-webhook-hmac-sha256": hookproof.sign(body, "another")}
    assert webhook.verify(body, signed) is None
    assert webhook.verify(body, signed, None) is None
    assert webhook.verify(body, signed, now=1_795_860_000) is None
    assert webhook.verify(body=body, headers=signed) is None
    assert webhook.verify(body, headers=signed) is None
    assert hookproof.Webhook.verify(webhook, body, signed) is None
    for call in (lambda: webhook.verify(body, forged), lambda: webhook.verify(body, forged, now=1),
                 lambda: webhook.verify(headers=forged, body=body)):
        with pytest.raises(hookproof.SignatureMismatch):
            call()
    with pytest.raises(TypeError, match=r"verify\(\) missing 1 required positional argument: 'headers'"):
        webhook.verify(body)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"verify\(\) takes from 2 to 3 positional arguments but 4 were given"):
        webhook.verify(body, signed, None, None)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"verify\(\) got an unexpected keyword argument 'clock'"):
        webhook.verify(body, signed, clock=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="headers"):
        webhook.verify(body, 42)
    with pytest.raises(TypeError):
        hookproof.Webhook.verify("not a webhook", body, signed)  # type: ignore[arg-type]
    import inspect

    assert str(inspect.signature(hookproof.Webhook.verify)) == "(self, /, body, headers, now=None)"
    assert "Checks a request" in (hookproof.Webhook.verify.__doc__ or "")
