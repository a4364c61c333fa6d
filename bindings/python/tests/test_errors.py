"""Exceptions: one class per core code, messages that help and never leak a secret, TypeErrors
that name the argument, and panics that do not take the interpreter down."""

from __future__ import annotations

import base64
import typing
import pickle
import subprocess
import sys

import pytest

import hookproof
from conftest import EVENT_BODY

SECRET = "sup3r-s3cret-value-9f8e7d"
# The class for each of the core's codes: `signature_mismatch` -> SignatureMismatch.
CLASSES = {code: getattr(hookproof, code.title().replace("_", "")) for code in hookproof.CODES}


def test_one_class_per_core_code():
    assert len(set(hookproof.CODES)) == len(hookproof.CODES) >= 15
    assert set(hookproof.CODES) == set(typing.get_args(hookproof.ErrorCode))
    for code, cls in CLASSES.items():
        assert issubclass(cls, hookproof.WebhookError) and issubclass(cls, Exception)
        assert cls.code == code
        err = cls("what to do")
        assert err.code == code and err.message == "what to do" and str(err) == "what to do"
        assert cls.__module__ == "hookproof"
        assert pickle.loads(pickle.dumps(err)).code == code


def raised(call):
    with pytest.raises(hookproof.WebhookError) as info:
        call()
    return info.value


def test_each_reachable_code_is_raised_by_the_core_with_its_class():
    webhook = hookproof.Webhook(SECRET)
    signed = webhook.sign(EVENT_BODY)
    cases = {
        "missing_signature": lambda: webhook.verify(EVENT_BODY, {}),
        "malformed_signature": lambda: webhook.verify(EVENT_BODY, {"x-webhook-hmac-sha256": "AAAA"}),
        "signature_mismatch": lambda: webhook.verify(EVENT_BODY + b" ", signed),
        "invalid_secret": lambda: hookproof.Webhook(""),
        "invalid_argument": lambda: hookproof.Webhook(SECRET, tolerance=float("nan")),
        "invalid_payload": lambda: webhook.construct_event(b"[]", webhook.sign(b"[]")),
    }
    for code, call in cases.items():
        err = raised(call)
        assert type(err) is CLASSES[code], code
        assert err.code == code
        assert err.message and err.message == str(err)
    # The timestamp codes belong to schemes that sign a timestamp: see test_schemes.py.


def test_messages_say_what_to_do():
    webhook = hookproof.Webhook(SECRET)
    err = raised(lambda: webhook.verify(b"{}", webhook.sign(b"{ }")))
    assert "re-serialized" in err.message
    err = raised(lambda: webhook.verify(b"{}", {}))
    assert "x-webhook-hmac-sha256" in err.message


def test_empty_secret_raises_instead_of_returning_false():
    with pytest.raises(hookproof.InvalidSecret):
        hookproof.verify(EVENT_BODY, "AAAA", "")
    with pytest.raises(hookproof.InvalidSecret):
        hookproof.verify(EVENT_BODY, None, b"")
    with pytest.raises(hookproof.InvalidSecret):
        hookproof.Webhook([])
    with pytest.raises(hookproof.InvalidSecret):
        hookproof.Webhook(["ok", ""])
    with pytest.raises(hookproof.InvalidSecret):
        hookproof.sign(b"x", "")


def test_missing_signature_in_one_shot_is_false():
    assert hookproof.verify(EVENT_BODY, None, SECRET) is False
    assert hookproof.verify(EVENT_BODY, "", SECRET) is False
    assert hookproof.verify(EVENT_BODY, b"\xff\xfe", SECRET) is False


def test_no_message_or_repr_contains_the_secret():
    texts = []
    webhook = hookproof.Webhook([SECRET, SECRET.encode()])
    texts += [repr(webhook), str(webhook)]
    for call in [
        lambda: webhook.verify(EVENT_BODY, {}),
        lambda: webhook.verify(EVENT_BODY, {"x-webhook-hmac-sha256": SECRET}),
        lambda: webhook.verify(EVENT_BODY, {"x-webhook-hmac-sha256": hookproof.sign(EVENT_BODY, "x")}),
        lambda: webhook.construct_event(SECRET.encode(), webhook.sign(SECRET.encode())),
        lambda: webhook.construct_event(b'{"event":"' + SECRET.encode() + b'"', webhook.sign(b'{"event":"' + SECRET.encode() + b'"')),
    ]:
        err = raised(call)
        texts += [str(err), repr(err), err.message]
    for call in [
        lambda: hookproof.Webhook(SECRET, scheme=SECRET),
        lambda: hookproof.Webhook(SECRET, tolerance=SECRET),
        lambda: hookproof.verify(EVENT_BODY, SECRET, 123),
        lambda: webhook.verify(SECRET, 5),
    ]:
        with pytest.raises((TypeError, ValueError)) as info:
            call()
        texts += [str(info.value), repr(info.value)]
    assert texts and not [t for t in texts if SECRET in t]
    # The check itself can fail: the secret is a plain string a message could have contained.
    assert SECRET in f"{SECRET!r}"


SCHEME_SECRETS = {
    "printone": SECRET,
    "standard": "whsec_" + base64.b64encode(SECRET.encode()).decode(),
    "stripe": "whsec_" + SECRET,
    "github": SECRET,
    "shopify": SECRET,
    "slack": SECRET,
}


def secret_forms(secret: str) -> list[str]:
    """The texts that would give a secret away: itself, and for whsec_ its key in the forms a
    message could show (base64, the raw key, the raw key's repr)."""
    forms = [secret]
    if secret.startswith("whsec_"):
        try:
            key = base64.b64decode(secret[len("whsec_"):], validate=True)
        except ValueError:
            return forms
        forms += [secret[len("whsec_"):], key.hex(), repr(key)[2:-1]]
        if key.isascii():
            forms.append(key.decode())
    return forms


def test_no_webhook_event_or_error_text_contains_the_secret_in_any_scheme():
    assert set(SCHEME_SECRETS) == set(hookproof.SCHEMES)
    texts: list[str] = []

    def record(obj: object) -> None:
        texts.extend([repr(obj), str(obj), format(obj)])
        if isinstance(obj, BaseException):
            texts.extend(str(arg) for arg in obj.args)
            texts.append(getattr(obj, "message", ""))

    for scheme, secret in SCHEME_SECRETS.items():
        for given in (secret, secret.encode(), [secret, "whsec_b3RoZXI=" if scheme == "standard" else "other"]):
            webhook = hookproof.Webhook(given, scheme=scheme, tolerance=60)
            record(webhook)
            for attr in dir(webhook):
                if not attr.startswith("__"):
                    record(getattr(webhook, attr))
            headers = webhook.sign(EVENT_BODY, timestamp=1_795_860_000)
            webhook.verify(EVENT_BODY, headers, now=1_795_860_000)
            failures = [
                lambda: webhook.verify(EVENT_BODY, {}, now=1_795_860_000),
                lambda: webhook.verify(EVENT_BODY + b" ", headers, now=1_795_860_000),
                lambda: webhook.verify(EVENT_BODY, {k: v + "A" for k, v in headers.items()}, now=1_795_860_000),
                lambda: webhook.verify(EVENT_BODY, {k: secret for k in headers}, now=1_795_860_000),
                lambda: webhook.verify(EVENT_BODY, headers, now=1_795_870_000),
                lambda: webhook.verify(EVENT_BODY, headers, now=1_795_850_000),
                lambda: webhook.construct_event(b"[]", webhook.sign(b"[]", timestamp=1_795_860_000), now=1_795_860_000),
            ]
            for call in failures:
                try:
                    call()
                except hookproof.WebhookError as err:
                    record(err)
            if scheme == "printone":
                event = webhook.construct_event(EVENT_BODY, headers)
                record(event)
                for attr in ("event", "data", "created_at", "raw_created_at"):
                    record(getattr(event, attr))
        for call in [
            lambda: hookproof.Webhook(secret, scheme=secret),
            lambda: hookproof.Webhook([secret, 5], scheme=scheme),
            lambda: hookproof.Webhook(secret, scheme=scheme, tolerance=secret),
            lambda: hookproof.Webhook(secret, scheme=scheme).verify(EVENT_BODY, secret),
            lambda: hookproof.Webhook(secret, scheme=scheme).verify(EVENT_BODY, {}, now=secret),
            lambda: pickle.dumps(hookproof.Webhook(secret, scheme=scheme)),
        ]:
            with pytest.raises((TypeError, ValueError)) as info:
                call()
            record(info.value)
    assert len(texts) > 200
    for scheme, secret in SCHEME_SECRETS.items():
        for form in secret_forms(secret):
            leaks = [t for t in texts if form in t]
            assert not leaks, (scheme, form, leaks[:3])


def test_unknown_scheme_is_a_value_error():
    with pytest.raises(ValueError, match="unknown scheme.*printone"):
        hookproof.Webhook("s", scheme="stripe-v0")
    assert hookproof.Webhook("s", scheme="printone").scheme == "printone"
    assert "printone" in hookproof.SCHEMES


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda: hookproof.verify(123, "sig", "s"), "body"),
        (lambda: hookproof.verify(None, "sig", "s"), "body"),
        (lambda: hookproof.verify([1, 2], "sig", "s"), "body"),
        (lambda: hookproof.verify(b"x", 123, "s"), "signature"),
        (lambda: hookproof.verify(b"x", ["sig"], "s"), "signature"),
        (lambda: hookproof.verify(b"x", "sig", 123), "secret"),
        (lambda: hookproof.verify(b"x", "sig", None), "secret"),
        (lambda: hookproof.verify(b"x", "sig", bytearray(b"s")), "secret"),
        (lambda: hookproof.sign(b"x", 1.5), "secret"),
        (lambda: hookproof.Webhook(123), "secret"),
        (lambda: hookproof.Webhook(None), "secret"),
        (lambda: hookproof.Webhook({"a": "b"}), "secret"),
        (lambda: hookproof.Webhook(["ok", 5]), "secret"),
        (lambda: hookproof.Webhook("s", scheme=5), "scheme"),
        (lambda: hookproof.Webhook("s", tolerance="300"), "tolerance"),
        (lambda: hookproof.Webhook("s", tolerance=True), "tolerance"),
        (lambda: hookproof.Webhook("s").verify(1.5, {}), "body"),
        (lambda: hookproof.Webhook("s").construct_event(b"{}", 5), "headers"),
        (lambda: hookproof.Webhook("s").sign(object()), "body"),
    ],
)
def test_wrong_types_are_type_errors_naming_the_argument(call, argument):
    with pytest.raises(TypeError) as info:
        call()
    assert argument in str(info.value)


def test_bad_tolerance_values():
    import datetime

    assert hookproof.Webhook("s").tolerance == 300
    assert hookproof.Webhook("s", tolerance=10).tolerance == 10
    assert hookproof.Webhook("s", tolerance=datetime.timedelta(minutes=2)).tolerance == 120
    for bad in (-1, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="tolerance"):
            hookproof.Webhook("s", tolerance=bad)


def test_missing_arguments_are_type_errors():
    with pytest.raises(TypeError):
        hookproof.verify(b"x", "sig")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        hookproof.Webhook("s", "printone")  # scheme is keyword-only


PANIC_CHILD = """
import sys, threading
import hookproof, hookproof._hookproof as m
big = b"x" * (m.GIL_RELEASE_THRESHOLD + 1)
bodies = {
    "none": None,
    "small bytes": b"hello",
    "big bytes (GIL released)": big,
    "str": "hello",
    "small bytearray (GIL held)": bytearray(b"hello"),
    "big bytearray (copied, GIL released)": bytearray(big),
    "memoryview": memoryview(big)[1:],
}
for label, body in bodies.items():
    try:
        m._panic_for_tests() if body is None else m._panic_for_tests(body)
    except Exception as e:
        print("wrong: an Exception, which `except Exception` would swallow:", label, type(e))
    except BaseException as e:
        print("caught", type(e).__name__, label, "|", e)
    else:
        print("wrong: no exception", label)
# The interpreter and the module still work, from this thread and from another one.
print("alive", m.verify(b"hello", "iKqz7ejTrflNJquQ07r9SiCDBww7zOnAFO4EpEOEfAs=", "secret"))
out = []
t = threading.Thread(target=lambda: out.append(hookproof.Webhook("secret").sign(big)))
t.start(); t.join()
print("thread", len(out))
"""


def test_a_rust_panic_is_an_exception_not_a_crash():
    # `_panic_for_tests` is a real panic inside the binding: at once, or inside the closure that
    # runs the core on a body (with the GIL released for a large one), where a core panic would
    # happen. In a child process, so that a crash shows as a signal exit instead of killing pytest.
    result = subprocess.run([sys.executable, "-c", PANIC_CHILD], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    lines = result.stdout.splitlines()
    assert not [line for line in lines if line.startswith("wrong")], result.stdout
    caught = [line for line in lines if line.startswith("caught PanicException")]
    assert len(caught) == 7, result.stdout
    assert "hookproof test panic" in caught[0]
    assert all("hookproof test panic in the core" in line for line in caught[1:]), result.stdout
    assert "alive True" in lines and "thread 1" in lines
    # Rust's panic hook ran (its report is on stderr) and the panic unwound into Python: with
    # panic=abort or an unwind across the FFI boundary the child would have died of SIGABRT.
    assert "panicked" in result.stderr
