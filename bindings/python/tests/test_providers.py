"""Every provider scheme through the Python binding.

- tests/vectors/providers.json (signatures from the providers' own libraries, never hookproof's),
  each vector with its own receiver clock (`now`) and `tolerance`;
- sign -> verify round trips for every scheme, with rotation and both edges of the timestamp
  window;
- cross-checks in both directions with the providers' official libraries (standardwebhooks,
  svix, stripe, slack-sdk) and Python's `hmac` (GitHub, Shopify), incl. GitHub's documented
  example;
- the malformed inputs named in issue 7, each rejected with its code.

The MACs computed here with `hmac` are the independent oracle; hookproof computes its own in the
core.
"""

from __future__ import annotations

import base64
import collections
import datetime
import hashlib
import hmac
import json
import re
import time
import typing

import pytest
from conftest import ROOT

import hookproof
from hookproof._errors import _BY_CODE

UTC = datetime.timezone.utc
PROVIDERS = json.loads((ROOT / "tests" / "vectors" / "providers.json").read_text(encoding="utf-8"))["vectors"]
TIMESTAMPED = ("standard", "stripe", "slack")
UNTIMESTAMPED = tuple(s for s in hookproof.SCHEMES if s not in TIMESTAMPED)
T = 1_795_860_000  # 2026-11-28T10:00:00Z
BODY = '{"type":"invoice.paid","data":{"id":"in_1","amount":4200,"note":"Zöe"}}'.encode()
MSG_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
HEADER_NAMES = {
    "printone": {"x-webhook-hmac-sha256"},
    "standard": {"webhook-id", "webhook-timestamp", "webhook-signature"},
    "stripe": {"stripe-signature"},
    "github": {"x-hub-signature-256"},
    "shopify": {"x-shopify-hmac-sha256"},
    "slack": {"x-slack-request-timestamp", "x-slack-signature"},
}


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def secret_for(scheme: str, key: bytes) -> str:
    """A secret in the scheme's format: Standard Webhooks secrets are `whsec_` + base64."""
    return "whsec_" + b64(key) if scheme == "standard" else key.decode()


def code_of(webhook: hookproof.Webhook, body: bytes, headers, now=T) -> str:
    try:
        webhook.verify(body, headers, now=now)
    except hookproof.WebhookError as err:
        assert type(err) is _BY_CODE[err.code]
        return err.code
    return "ok"


# --- the shared provider vectors ---------------------------------------------------------------


def vector_id(v: dict) -> str:
    return f"{v['scheme']}/{v['name']}"


def vector_webhook(v: dict) -> hookproof.Webhook:
    return hookproof.Webhook(v["secret"], scheme=v["scheme"], tolerance=v["tolerance"])


def test_the_provider_vectors_cover_every_other_scheme():
    assert len(PROVIDERS) >= 51
    per_scheme = collections.Counter(v["scheme"] for v in PROVIDERS)
    assert set(per_scheme) == set(hookproof.SCHEMES) - {"printone"}  # printone has its own file
    assert min(per_scheme.values()) >= 3
    assert {v["error"] for v in PROVIDERS if not v["valid"]} <= set(hookproof.CODES)
    # The Literal for type checkers names exactly the core's schemes, in the same order.
    assert typing.get_args(hookproof.SchemeName) == hookproof.SCHEMES
    assert hookproof.SCHEMES == ("printone", "standard", "stripe", "github", "shopify", "slack")


@pytest.mark.parametrize("v", PROVIDERS, ids=vector_id)
def test_provider_vector(v):
    webhook = vector_webhook(v)
    body = base64.b64decode(v["body_base64"])
    pairs = [(name, value) for name, value in v["headers"]]
    if v["valid"]:
        assert code_of(webhook, body, pairs, now=v["now"]) == "ok"
        # The same verdict for other header shapes, body types and clock types.
        webhook.verify(body.decode(), dict(pairs), now=float(v["now"]) + 0.75)
        webhook.verify(memoryview(body), {k.upper(): val for k, val in pairs}, v["now"])
        webhook.verify(bytearray(body), pairs, now=datetime.datetime.fromtimestamp(v["now"], UTC))
    else:
        assert code_of(webhook, body, pairs, now=v["now"]) == v["error"]
        assert code_of(webhook, body, dict(pairs), now=datetime.datetime.fromtimestamp(v["now"], UTC)) == v["error"]


def oracle_timestamp_and_id(headers: dict[str, str]) -> tuple[typing.Optional[int], typing.Optional[str]]:
    ts = headers.get("webhook-timestamp") or headers.get("svix-timestamp") or headers.get("x-slack-request-timestamp")
    if ts is None and "stripe-signature" in headers:
        ts = headers["stripe-signature"].split(",")[0][len("t="):]
    return (int(ts) if ts is not None else None), (headers.get("webhook-id") or headers.get("svix-id"))


@pytest.mark.parametrize("v", [v for v in PROVIDERS if v["valid"]], ids=vector_id)
def test_sign_reproduces_the_oracles_signature(v):
    """hookproof's sign, given the oracle's timestamp and id, yields the oracle's own entry."""
    webhook = vector_webhook(v)
    body = base64.b64decode(v["body_base64"])
    theirs = {name.lower(): value for name, value in v["headers"]}
    timestamp, msg_id = oracle_timestamp_and_id(theirs)
    if v["secret"].startswith("whpk_"):
        with pytest.raises(hookproof.InvalidSecret):  # a public key verifies but cannot sign
            webhook.sign(body, timestamp=timestamp, msg_id=msg_id)
        return
    ours = webhook.sign(body, timestamp=timestamp, msg_id=msg_id)
    webhook.verify(body, ours, now=v["now"])
    name, value = list(ours.items())[-1]
    their_value = theirs.get(name) or theirs[name.replace("webhook-", "svix-")]

    def entries(text: str) -> set[str]:
        return set(re.split("[ ,]", text.lower()))

    assert entries(value) <= entries(their_value), (value, their_value)


# --- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", hookproof.SCHEMES)
def test_sign_then_verify(scheme):
    webhook = hookproof.Webhook(secret_for(scheme, b"current-key-0123456789"), scheme=scheme)
    assert webhook.scheme == scheme and webhook.tolerance == 300.0
    headers = webhook.sign(BODY, timestamp=T, msg_id=MSG_ID)
    assert set(headers) == HEADER_NAMES[scheme]
    assert all(isinstance(v, str) for v in headers.values())
    webhook.verify(BODY, headers, now=T)
    webhook.verify(BODY, list(headers.items()), now=T)
    webhook.verify(BODY.decode(), {k.title(): v for k, v in headers.items()}, now=T)
    assert code_of(webhook, BODY + b" ", headers) == "signature_mismatch"
    # No provider headers at all: every scheme reports the missing signature.
    assert code_of(webhook, BODY, {"content-type": "application/json"}) == "missing_signature"
    only_signature_missing = {k: v for k, v in headers.items() if "signature" not in k and "hmac" not in k}
    assert code_of(webhook, BODY, only_signature_missing) == "missing_signature"
    # The signer's clock and the receiver's clock, both real.
    webhook.verify(BODY, webhook.sign(BODY))
    webhook.verify(BODY, webhook.sign(BODY), now=None)
    if scheme == "standard":
        assert headers["webhook-id"] == MSG_ID and headers["webhook-timestamp"] == str(T)
        assert code_of(webhook, BODY, {**headers, "webhook-id": "msg_other"}) == "signature_mismatch"
        # A datetime timestamp signs the same as its Unix seconds; ids default to a fresh one.
        assert webhook.sign(BODY, timestamp=datetime.datetime.fromtimestamp(T, UTC), msg_id=MSG_ID) == headers
        assert webhook.sign(BODY)["webhook-id"] != webhook.sign(BODY)["webhook-id"]


@pytest.mark.parametrize("scheme", hookproof.SCHEMES)
def test_rotation(scheme):
    old = secret_for(scheme, b"old-key-0123456789")
    new = secret_for(scheme, b"new-key-0123456789")
    receiver = hookproof.Webhook([new, old], scheme=scheme)
    for secret in (old, new):
        receiver.verify(BODY, hookproof.Webhook(secret, scheme=scheme).sign(BODY, timestamp=T), now=T)
    from_old = hookproof.Webhook(old, scheme=scheme).sign(BODY, timestamp=T)
    assert code_of(hookproof.Webhook(new, scheme=scheme), BODY, from_old) == "signature_mismatch"
    # The receiver signs with its first secret.
    assert receiver.sign(BODY, timestamp=T, msg_id=MSG_ID) == hookproof.Webhook(new, scheme=scheme).sign(
        BODY, timestamp=T, msg_id=MSG_ID
    )


@pytest.mark.parametrize("scheme", TIMESTAMPED)
@pytest.mark.parametrize("tolerance", [300, 10, 0, 2.5, datetime.timedelta(minutes=2)])
def test_the_tolerance_window_in_both_directions(scheme, tolerance):
    window = int(tolerance.total_seconds() if isinstance(tolerance, datetime.timedelta) else tolerance)
    webhook = hookproof.Webhook(secret_for(scheme, b"window-key"), scheme=scheme, tolerance=tolerance)
    headers = webhook.sign(BODY, timestamp=T)
    for now in (T, T + window, T - window, datetime.datetime.fromtimestamp(T + window, UTC)):
        webhook.verify(BODY, headers, now=now)
    assert code_of(webhook, BODY, headers, now=T + window + 1) == "timestamp_too_old"
    assert code_of(webhook, BODY, headers, now=T - window - 1) == "timestamp_too_new"
    late = datetime.datetime.fromtimestamp(T + window + 1, UTC).astimezone(datetime.timezone(datetime.timedelta(hours=-5)))
    assert code_of(webhook, BODY, headers, now=late) == "timestamp_too_old"
    # A window is checked before the MAC only where it matters: a stale forgery is still rejected.
    assert code_of(webhook, BODY + b"x", headers, now=T + window + 1) in ("timestamp_too_old", "signature_mismatch")


@pytest.mark.parametrize("scheme", TIMESTAMPED)
def test_the_real_clock_is_the_default(scheme):
    webhook = hookproof.Webhook(secret_for(scheme, b"clock-key"), scheme=scheme)
    now = int(time.time())
    webhook.verify(BODY, webhook.sign(BODY, timestamp=now - 60))
    assert code_of(webhook, BODY, webhook.sign(BODY, timestamp=now - 3600), now=None) == "timestamp_too_old"
    assert code_of(webhook, BODY, webhook.sign(BODY, timestamp=now + 3600), now=None) == "timestamp_too_new"
    # `now` overrides the clock: an hour-old delivery checked at the time it arrived.
    webhook.verify(BODY, webhook.sign(BODY, timestamp=now - 3600), now=now - 3590)


@pytest.mark.parametrize("scheme", UNTIMESTAMPED)
def test_schemes_without_timestamps_ignore_the_clock(scheme):
    webhook = hookproof.Webhook(secret_for(scheme, b"key"), scheme=scheme, tolerance=0)
    headers = webhook.sign(BODY, timestamp=T, msg_id=MSG_ID)
    assert headers == webhook.sign(BODY)
    for now in (0, T, 2**40, -(2**40), datetime.datetime(1970, 1, 1, tzinfo=UTC)):
        webhook.verify(BODY, headers, now=now)


def test_standard_webhooks_ed25519_v1a():
    ed25519 = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.ed25519")
    seed = bytes(range(100, 132))
    public = ed25519.Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()
    signer = hookproof.Webhook("whsk_" + b64(seed), scheme="standard")
    headers = signer.sign(BODY, timestamp=T, msg_id=MSG_ID)
    assert headers["webhook-signature"].startswith("v1a,")
    # The signature is cryptography's Ed25519 over `{id}.{timestamp}.{body}`.
    expected = ed25519.Ed25519PrivateKey.from_private_bytes(seed).sign(f"{MSG_ID}.{T}.".encode() + BODY)
    assert headers["webhook-signature"] == "v1a," + b64(expected)
    verifier = hookproof.Webhook("whpk_" + b64(public), scheme="standard")
    verifier.verify(BODY, headers, now=T)
    assert code_of(verifier, BODY + b" ", headers) == "signature_mismatch"
    with pytest.raises(hookproof.InvalidSecret):
        verifier.sign(BODY)
    # Rotation across key kinds: an HMAC secret and a public key in one receiver.
    hmac_secret = secret_for("standard", b"hmac-key")
    mixed = hookproof.Webhook([hmac_secret, "whpk_" + b64(public)], scheme="standard")
    mixed.verify(BODY, headers, now=T)
    mixed.verify(BODY, hookproof.Webhook(hmac_secret, scheme="standard").sign(BODY, timestamp=T), now=T)


def test_argument_errors():
    webhook = hookproof.Webhook("s", scheme="github")
    headers = webhook.sign(BODY)
    for bad in ("1795860000", b"1", [T], True):
        with pytest.raises(TypeError, match="now must be Unix seconds"):
            webhook.verify(BODY, headers, now=bad)
    with pytest.raises(ValueError, match="naive datetime"):
        webhook.verify(BODY, headers, now=datetime.datetime(2026, 11, 28))
    with pytest.raises(ValueError, match="naive datetime"):
        webhook.construct_event(BODY, headers, now=datetime.datetime(2026, 11, 28))
    for bad in (float("nan"), float("inf"), 2**63, -(2**64), 1e300):
        with pytest.raises(ValueError, match="now"):
            webhook.verify(BODY, headers, now=bad)
    with pytest.raises(TypeError, match="timestamp"):
        webhook.sign(BODY, timestamp="now")
    with pytest.raises(ValueError, match="timestamp"):
        webhook.sign(BODY, timestamp=datetime.datetime(2026, 11, 28))
    with pytest.raises(ValueError, match="unknown scheme"):
        hookproof.Webhook("s", scheme="Stripe")
    with pytest.raises(TypeError, match="scheme"):
        hookproof.Webhook("s", scheme=b"stripe")
    for bad_secret in ("whsec_not base64!", "whpk_AAAA", "", "whsec_"):
        with pytest.raises(hookproof.InvalidSecret):
            hookproof.Webhook(bad_secret, scheme="standard")


def test_construct_event_with_a_clock():
    body = b'{"data":{"id":"ord_1"},"event":"order_status_update","created_at":"2026-11-28T10:00:00.000Z"}'
    printone = hookproof.Webhook("secret")
    assert printone.construct_event(body, printone.sign(body), now=T).event == "order_status_update"
    # Another scheme's signature over a Print.one-shaped body: verified with the clock, then parsed.
    slack = hookproof.Webhook("secret", scheme="slack")
    headers = slack.sign(body, timestamp=T)
    assert slack.construct_event(body, headers, now=T + 10)["data"] == {"id": "ord_1"}
    with pytest.raises(hookproof.TimestampTooOld):
        slack.construct_event(body, headers, now=T + 301)
    # Other providers' bodies: verified, then parsed as their JSON.
    assert slack.construct_event(BODY, slack.sign(BODY, timestamp=T), now=T) == json.loads(BODY)
    with pytest.raises(hookproof.InvalidPayload):
        slack.construct_event(b"token=x&team_id=T1", slack.sign(b"token=x&team_id=T1", timestamp=T), now=T)


# --- the providers' libraries, both directions ------------------------------------------------

STANDARD_SECRET = "whsec_" + b64(b"standard-webhooks-test-key-32byt")


def as_datetime(ts: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(ts, tz=UTC)


def test_standardwebhooks_signatures_verify():
    standardwebhooks = pytest.importorskip("standardwebhooks")
    theirs = standardwebhooks.Webhook(STANDARD_SECRET)
    ours = hookproof.Webhook(STANDARD_SECRET, scheme="standard", tolerance=300)
    unprefixed = hookproof.Webhook(STANDARD_SECRET[len("whsec_"):], scheme="standard")
    for ts in (T, T - 300, T + 300):
        signature = theirs.sign(MSG_ID, as_datetime(ts), BODY.decode())
        headers = {"webhook-id": MSG_ID, "webhook-timestamp": str(ts), "webhook-signature": signature}
        ours.verify(BODY, headers, now=T)
        unprefixed.verify(BODY, headers, now=T)
        ours.verify(BODY, {k.replace("webhook-", "svix-"): v for k, v in headers.items()}, now=T)
        assert code_of(ours, BODY + b" ", headers) == "signature_mismatch"
    old = {"webhook-id": MSG_ID, "webhook-timestamp": str(T - 301),
           "webhook-signature": theirs.sign(MSG_ID, as_datetime(T - 301), BODY.decode())}
    assert code_of(ours, BODY, old) == "timestamp_too_old"


def test_hookproof_signatures_pass_standardwebhooks():
    standardwebhooks = pytest.importorskip("standardwebhooks")
    theirs = standardwebhooks.Webhook(STANDARD_SECRET)
    ours = hookproof.Webhook(STANDARD_SECRET, scheme="standard")
    # The library checks its own clock: sign with the current time.
    headers = ours.sign(BODY)
    assert theirs.verify(BODY, headers) == json.loads(BODY)
    assert theirs.verify(BODY, ours.sign(BODY, msg_id=MSG_ID, timestamp=int(time.time()) - 60)) == json.loads(BODY)
    with pytest.raises(standardwebhooks.webhooks.WebhookVerificationError):
        theirs.verify(BODY + b" ", headers)
    with pytest.raises(standardwebhooks.webhooks.WebhookVerificationError):  # both sides agree on the window
        theirs.verify(BODY, ours.sign(BODY, timestamp=int(time.time()) - 3600))


def test_svix_both_directions():
    svix_webhooks = pytest.importorskip("svix.webhooks")
    theirs = svix_webhooks.Webhook(STANDARD_SECRET)
    ours = hookproof.Webhook(STANDARD_SECRET, scheme="standard")
    signature = theirs.sign(MSG_ID, as_datetime(T), BODY.decode())
    ours.verify(BODY, {"svix-id": MSG_ID, "svix-timestamp": str(T), "svix-signature": signature}, now=T)
    headers = {k.replace("webhook-", "svix-"): v for k, v in ours.sign(BODY).items()}
    theirs.verify(BODY, headers)  # returns the payload or raises
    with pytest.raises(svix_webhooks.WebhookVerificationError):
        theirs.verify(BODY + b" ", headers)


STRIPE_SECRET = "whsec_test_51HkP2xStripeSecret"


def test_stripe_signatures_verify():
    stripe = pytest.importorskip("stripe")
    ours = hookproof.Webhook(STRIPE_SECRET, scheme="stripe", tolerance=300)
    header = stripe.WebhookSignature.generate_signature_header(BODY.decode(), STRIPE_SECRET, timestamp=T)
    ours.verify(BODY, {"Stripe-Signature": header}, now=T + 300)
    assert code_of(ours, BODY, {"Stripe-Signature": header}, now=T + 301) == "timestamp_too_old"
    assert code_of(ours, BODY, {"Stripe-Signature": header}, now=T - 301) == "timestamp_too_new"
    assert code_of(ours, BODY + b" ", {"Stripe-Signature": header}) == "signature_mismatch"
    # Rotation as Stripe does it: two v1 entries, one per secret.
    other = stripe.WebhookSignature.generate_signature_header(BODY.decode(), "whsec_other", timestamp=T)
    both = f"{header},{other.split(',', 1)[1]}"
    ours.verify(BODY, {"stripe-signature": both}, now=T)
    hookproof.Webhook(["whsec_other"], scheme="stripe").verify(BODY, {"stripe-signature": both}, now=T)


def test_hookproof_signatures_pass_stripe():
    stripe = pytest.importorskip("stripe")
    ours = hookproof.Webhook(STRIPE_SECRET, scheme="stripe")
    header = ours.sign(BODY)["stripe-signature"]  # the current time: verify_header checks its clock
    assert stripe.WebhookSignature.verify_header(BODY, header, STRIPE_SECRET, tolerance=300)
    fixed = ours.sign(BODY, timestamp=T)["stripe-signature"]
    assert fixed == stripe.WebhookSignature.generate_signature_header(BODY.decode(), STRIPE_SECRET, timestamp=T)
    assert stripe.WebhookSignature.verify_header(BODY, fixed, STRIPE_SECRET, tolerance=None)
    event = stripe.Webhook.construct_event(BODY, header, STRIPE_SECRET)
    assert event["data"]["id"] == "in_1"
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.WebhookSignature.verify_header(BODY + b" ", header, STRIPE_SECRET, tolerance=300)
    with pytest.raises(stripe.SignatureVerificationError):  # both sides agree on the window
        stripe.WebhookSignature.verify_header(
            BODY, ours.sign(BODY, timestamp=int(time.time()) - 3600)["stripe-signature"], STRIPE_SECRET, tolerance=300
        )


SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


class FixedClock:
    """slack-sdk reads its clock through `now()`."""

    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now


def test_slack_both_directions():
    signature = pytest.importorskip("slack_sdk.signature")
    theirs = signature.SignatureVerifier(SLACK_SECRET, clock=FixedClock(T))
    ours = hookproof.Webhook(SLACK_SECRET, scheme="slack", tolerance=300)
    # Theirs -> ours.
    sig = theirs.generate_signature(timestamp=str(T - 20), body=BODY)
    headers = {"X-Slack-Request-Timestamp": str(T - 20), "X-Slack-Signature": sig}
    ours.verify(BODY, headers, now=T)
    assert code_of(ours, BODY + b" ", headers) == "signature_mismatch"
    assert code_of(ours, BODY, headers, now=T + 281) == "timestamp_too_old"
    # Ours -> theirs, at a fixed time and with the real clock.
    signed = ours.sign(BODY, timestamp=T)
    assert signed["x-slack-signature"] == theirs.generate_signature(timestamp=str(T), body=BODY)
    assert theirs.is_valid_request(BODY, signed)
    assert theirs.is_valid(BODY, signed["x-slack-request-timestamp"], signed["x-slack-signature"])
    assert not theirs.is_valid_request(BODY + b" ", signed)
    assert signature.SignatureVerifier(SLACK_SECRET).is_valid_request(BODY, ours.sign(BODY))
    # Both sides agree on the edge of the window (Slack's is five minutes, like ours by default).
    late = signature.SignatureVerifier(SLACK_SECRET, clock=FixedClock(T + 301))
    assert not late.is_valid_request(BODY, signed)
    assert code_of(ours, BODY, signed, now=T + 301) == "timestamp_too_old"


GITHUB_DOC_SECRET = "It's a Secret to Everybody"
GITHUB_DOC_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"


def test_github_documented_example_both_directions():
    webhook = hookproof.Webhook(GITHUB_DOC_SECRET, scheme="github")
    webhook.verify(b"Hello, World!", {"X-Hub-Signature-256": GITHUB_DOC_SIGNATURE})
    assert webhook.sign(b"Hello, World!") == {"x-hub-signature-256": GITHUB_DOC_SIGNATURE}
    assert code_of(webhook, b"Hello, World?", {"X-Hub-Signature-256": GITHUB_DOC_SIGNATURE}) == "signature_mismatch"


@pytest.mark.parametrize("body", [BODY, b"", b"Hello, World!", bytes(range(256)) * 300])
def test_github_and_shopify_against_stdlib_hmac(body):
    secret = "shpss_0123456789abcdef"
    digest = hmac.new(secret.encode(), body, hashlib.sha256)
    github = hookproof.Webhook(secret, scheme="github")
    theirs = "sha256=" + digest.hexdigest()
    github.verify(body, {"X-Hub-Signature-256": theirs})
    github.verify(body, {"X-Hub-Signature-256": "sha256=" + digest.hexdigest().upper()})
    assert hmac.compare_digest(github.sign(body)["x-hub-signature-256"], theirs)
    shopify = hookproof.Webhook(secret, scheme="shopify")
    theirs = b64(digest.digest())
    shopify.verify(body, {"X-Shopify-Hmac-Sha256": theirs})
    assert hmac.compare_digest(shopify.sign(body)["x-shopify-hmac-sha256"], theirs)


# --- the malformed inputs of issue 7 -------------------------------------------------------------

BAD_TIMESTAMPS = ["1614265330abc", f"{T}abc", "-1", f"-{T}", "99999999999999999999", "9223372036854775808",
                  f"+{T}", f"{T}.0", "0x1", "1e9", ""]


def hmac_b64(key: bytes, message: bytes) -> str:
    return b64(hmac.new(key, message, hashlib.sha256).digest())


def hmac_hex(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@pytest.mark.parametrize("ts", BAD_TIMESTAMPS)
def test_timestamps_that_are_not_plain_decimal_integers_are_malformed(ts):
    """Signed over the bad timestamp text with stdlib hmac (so the MAC would match, as peers that
    accept "1614265330abc" find): still malformed_timestamp, in every timestamped scheme."""
    key = b"standard-key"
    standard = hookproof.Webhook("whsec_" + b64(key), scheme="standard")
    headers = {"webhook-id": MSG_ID, "webhook-timestamp": ts,
               "webhook-signature": "v1," + hmac_b64(key, f"{MSG_ID}.{ts}.".encode() + BODY)}
    assert code_of(standard, BODY, headers) == "malformed_timestamp"
    stripe = hookproof.Webhook("whsec_s", scheme="stripe")
    header = f"t={ts},v1={hmac_hex(b'whsec_s', f'{ts}.'.encode() + BODY)}"
    assert code_of(stripe, BODY, {"stripe-signature": header}) == "malformed_timestamp"
    slack = hookproof.Webhook("slack-secret", scheme="slack")
    headers = {"x-slack-request-timestamp": ts,
               "x-slack-signature": "v0=" + hmac_hex(b"slack-secret", f"v0:{ts}:".encode() + BODY)}
    assert code_of(slack, BODY, headers) == "malformed_timestamp"


def standard_headers(signature: str) -> dict[str, str]:
    return {"webhook-id": MSG_ID, "webhook-timestamp": str(T), "webhook-signature": signature}


STANDARD_KEY = b"standard-key"
STANDARD_GOOD = "v1," + hmac_b64(STANDARD_KEY, f"{MSG_ID}.{T}.".encode() + BODY)


@pytest.mark.parametrize(
    "signature",
    [
        "v1,",  # the bare entry a peer once accepted
        "v1, v1,",
        "",
        " ",
        STANDARD_GOOD + "=",  # extra padding
        STANDARD_GOOD.rstrip("="),  # missing padding
        STANDARD_GOOD[:-2] + "B=",  # non-canonical: trailing bits set
        "v1,!" + STANDARD_GOOD[4:],  # junk in base64
        "v1," + b64(b"x" * 31),  # 31 bytes
        "v2," + STANDARD_GOOD[3:],  # only unknown versions
        "v1a,",
    ],
)
def test_malformed_standard_signatures(signature):
    webhook = hookproof.Webhook("whsec_" + b64(STANDARD_KEY), scheme="standard")
    assert code_of(webhook, BODY, standard_headers(STANDARD_GOOD)) == "ok"
    assert code_of(webhook, BODY, standard_headers(signature)) == "malformed_signature"


def test_malformed_entries_never_shadow_a_valid_one():
    webhook = hookproof.Webhook("whsec_" + b64(STANDARD_KEY), scheme="standard")
    assert code_of(webhook, BODY, standard_headers(f"v2,abc {STANDARD_GOOD}")) == "ok"
    assert code_of(webhook, BODY, standard_headers("v1," + hmac_b64(b"other", b"x") + " v2,abc")) == "signature_mismatch"


STRIPE_HEX = hmac_hex(b"whsec_s", f"{T}.".encode() + BODY)
SLACK_HEX = hmac_hex(b"slack-secret", f"v0:{T}:".encode() + BODY)
GITHUB_HEX = hmac_hex(b"gh-secret", BODY)
SHOPIFY_B64 = hmac_b64(b"shop-secret", BODY)


@pytest.mark.parametrize(
    "scheme, secret, headers",
    [
        ("stripe", "whsec_s", {"stripe-signature": f"t={T},v1={STRIPE_HEX[:-2]}"}),  # short hex
        ("stripe", "whsec_s", {"stripe-signature": f"t={T},v1={STRIPE_HEX}0"}),  # long hex
        ("stripe", "whsec_s", {"stripe-signature": f"t={T},v1={STRIPE_HEX[:-1]}g"}),  # not hex
        ("stripe", "whsec_s", {"stripe-signature": f"t={T},v1="}),  # bare v1
        ("stripe", "whsec_s", {"stripe-signature": f"t={T},v0={STRIPE_HEX}"}),  # no v1
        ("slack", "slack-secret", {"x-slack-request-timestamp": str(T), "x-slack-signature": f"v0={SLACK_HEX[:-2]}"}),
        ("slack", "slack-secret", {"x-slack-request-timestamp": str(T), "x-slack-signature": "v0="}),
        ("slack", "slack-secret", {"x-slack-request-timestamp": str(T), "x-slack-signature": f"v1={SLACK_HEX}"}),
        ("github", "gh-secret", {"x-hub-signature-256": f"sha256={GITHUB_HEX[:-1]}"}),  # short hex
        ("github", "gh-secret", {"x-hub-signature-256": f"sha256={GITHUB_HEX}00"}),
        ("github", "gh-secret", {"x-hub-signature-256": "sha256="}),
        ("github", "gh-secret", {"x-hub-signature-256": GITHUB_HEX}),  # no prefix
        ("github", "gh-secret", {"x-hub-signature-256": f"sha1={GITHUB_HEX}"}),
        ("shopify", "shop-secret", {"x-shopify-hmac-sha256": SHOPIFY_B64 + "="}),  # extra padding
        ("shopify", "shop-secret", {"x-shopify-hmac-sha256": SHOPIFY_B64.rstrip("=")}),
        ("shopify", "shop-secret", {"x-shopify-hmac-sha256": SHOPIFY_B64[:-2] + "B="}),
        ("shopify", "shop-secret", {"x-shopify-hmac-sha256": hmac_hex(b"shop-secret", BODY)}),  # hex, not base64
        ("shopify", "shop-secret", {"x-shopify-hmac-sha256": ""}),
    ],
    ids=lambda x: x if isinstance(x, str) and len(x) < 16 else None,
)
def test_malformed_hex_and_base64(scheme, secret, headers):
    webhook = hookproof.Webhook(secret, scheme=scheme)
    good = {
        "stripe": {"stripe-signature": f"t={T},v1={STRIPE_HEX}"},
        "slack": {"x-slack-request-timestamp": str(T), "x-slack-signature": f"v0={SLACK_HEX}"},
        "github": {"x-hub-signature-256": f"sha256={GITHUB_HEX}"},
        "shopify": {"x-shopify-hmac-sha256": SHOPIFY_B64},
    }[scheme]
    assert code_of(webhook, BODY, good) == "ok"  # the stdlib's own signature passes
    assert code_of(webhook, BODY, headers) == "malformed_signature"


@pytest.mark.parametrize("scheme", TIMESTAMPED)
def test_missing_timestamp(scheme):
    webhook = hookproof.Webhook(secret_for(scheme, b"key"), scheme=scheme)
    headers = webhook.sign(BODY, timestamp=T)
    if scheme == "stripe":
        headers = {"stripe-signature": headers["stripe-signature"].split(",", 1)[1]}
    else:
        del headers["webhook-timestamp" if scheme == "standard" else "x-slack-request-timestamp"]
    assert code_of(webhook, BODY, headers) == "missing_timestamp"
