"""Property tests: hookproof agrees with the stdlib hmac oracle on arbitrary bodies and secrets."""

from __future__ import annotations

import base64
import hashlib
import hmac

from hypothesis import given, settings
from hypothesis import strategies as st

import hookproof

def usable(secret) -> bool:
    """Not a key that signs like the empty key (up to 64 zero bytes) or a blank one."""
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    return not (len(key) <= 64 and not key.strip(b"\x00")) and bool(key.strip(b" \t\n\r\x0b\x0c"))


secrets = st.one_of(st.text(min_size=1, max_size=64), st.binary(min_size=1, max_size=200)).filter(usable)
bodies = st.binary(max_size=4096)


def oracle(body: bytes, secret) -> str:
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    return base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()


@settings(max_examples=300, deadline=None)
@given(body=bodies, secret=secrets)
def test_valid_signatures_verify(body, secret):
    signature = oracle(body, secret)
    assert hookproof.verify(body, signature, secret)
    assert hookproof.sign(body, secret) == signature
    hookproof.Webhook(secret).verify(body, {"X-Webhook-HMAC-SHA256": signature})


@settings(max_examples=300, deadline=None)
@given(body=bodies, secret=secrets, flip=st.integers(min_value=0))
def test_any_changed_byte_is_rejected(body, secret, flip):
    signature = oracle(body, secret)
    if body:
        i = flip % len(body)
        tampered = body[:i] + bytes([body[i] ^ (1 + flip % 255)]) + body[i + 1 :]
    else:
        tampered = b"\x00"
    assert not hookproof.verify(tampered, signature, secret)


@settings(max_examples=200, deadline=None)
@given(body=bodies, secret=secrets, other=secrets)
def test_other_secret_is_rejected(body, secret, other):
    key = lambda s: s.encode() if isinstance(s, str) else s  # noqa: E731
    signature = oracle(body, secret)
    assert hookproof.verify(body, signature, other) is (key(other) == key(secret))


@settings(max_examples=100, deadline=None)
@given(body=bodies, zeros=st.integers(min_value=1, max_value=64))
def test_keys_that_sign_like_the_empty_key_are_refused(body, zeros):
    key = b"\x00" * zeros
    # The stdlib shows why: HMAC pads short keys with zeros, so these are the empty key.
    assert oracle(body, key) == oracle(body, b"")
    for call in (lambda: hookproof.verify(body, oracle(body, key), key), lambda: hookproof.sign(body, key),
                 lambda: hookproof.Webhook(key)):
        try:
            call()
        except hookproof.InvalidSecret:
            continue
        raise AssertionError(f"a key of {zeros} zero bytes was accepted")


@settings(max_examples=300, deadline=None)
@given(body=bodies, signature=st.text(max_size=60))
def test_arbitrary_signatures_never_crash(body, signature):
    expected = signature.strip(" \t\r\n\f") == oracle(body, "k")
    assert hookproof.verify(body, signature, "k") is expected


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=500), secret=secrets)
def test_str_bodies_are_their_utf8_bytes(text, secret):
    assert hookproof.verify(text, oracle(text.encode("utf-8"), secret), secret)
