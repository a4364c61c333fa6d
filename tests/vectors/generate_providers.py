#!/usr/bin/env python3
"""Generate tests/vectors/providers.json with the providers' own libraries as oracles.

Signatures come from code hookproof shares nothing with:
  standard  PyPI `standardwebhooks` (v1) and `cryptography`'s Ed25519 (v1a: no official library
            signs or verifies v1a yet)
  stripe    PyPI `stripe` (WebhookSignature.generate_signature_header)
  slack     PyPI `slack-sdk` (SignatureVerifier.generate_signature)
  github    GitHub's documented example pair, and Python's `hmac` for the rest
  shopify   Python's `hmac` + `base64` (Shopify's documented algorithm)
Each valid vector is also checked here with the same library's verifier before it is written.

Run with the project's venv, which has the libraries: `.venv/bin/python tests/vectors/generate_providers.py`
(`--check` fails if the committed file differs). Every binding runs the file.

Vector fields: scheme, name, secret, body_base64, headers (list of [name, value]), now (Unix
seconds for the receiver's clock), tolerance (seconds), valid, error (code when not valid).
"""

import base64
import re
import datetime
import hashlib
import hmac
import json
import pathlib
import sys

import standardwebhooks
import stripe
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from slack_sdk.signature import SignatureVerifier

NOW = 1_795_860_000  # 2026-11-28T10:00:00Z
BODY = b'{"type":"invoice.paid","data":{"id":"in_1","amount":4200,"note":"Z\xc3\xb6e"}}'
TOLERANCE = 300
OUT = pathlib.Path(__file__).with_name("providers.json")


def b64(raw):
    return base64.b64encode(raw).decode()


def vector(scheme, name, secret, headers, *, valid, error=None, body=BODY, now=NOW, tolerance=TOLERANCE):
    entry = {"scheme": scheme, "name": name, "secret": secret, "body_base64": b64(body),
             "headers": [list(h) for h in headers], "now": now, "tolerance": tolerance, "valid": valid}
    if not valid:
        entry["error"] = error
    return entry


def standard_vectors():
    key = bytes(range(1, 33))
    secret = "whsec_" + b64(key)
    hook = standardwebhooks.Webhook(secret)
    msg_id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
    ts = NOW - 10

    def sign(msg_id=msg_id, ts=ts, body=BODY):
        return hook.sign(msg_id, datetime.datetime.fromtimestamp(ts, tz=datetime.timezone.utc), body.decode())

    def headers(signature, msg_id=msg_id, ts=ts, prefix="webhook"):
        return [(f"{prefix}-id", msg_id), (f"{prefix}-timestamp", str(ts)), (f"{prefix}-signature", signature)]

    good = sign()
    seed = bytes(range(100, 132))
    private = Ed25519PrivateKey.from_private_bytes(seed)
    public = private.public_key().public_bytes_raw()
    signed = f"{msg_id}.{ts}.".encode() + BODY
    v1a = "v1a," + b64(private.sign(signed))
    other = Ed25519PrivateKey.from_private_bytes(bytes(range(200, 232)))
    v1a_other = "v1a," + b64(other.sign(signed))
    junk_v1 = "v1," + b64(hmac.new(b"wrong", signed, hashlib.sha256).digest())
    return [
        vector("standard", "v1_valid", secret, headers(good), valid=True),
        vector("standard", "v1_unprefixed_secret", b64(key), headers(good), valid=True),
        vector("standard", "svix_headers", secret, headers(good, prefix="svix"), valid=True),
        vector("standard", "several_entries_one_valid", secret, headers(f"{junk_v1} v2,abc {good}"), valid=True),
        vector("standard", "v1a_valid_with_public_key", "whpk_" + b64(public), headers(v1a), valid=True),
        vector("standard", "v1a_valid_with_signing_key", "whsk_" + b64(seed), headers(v1a), valid=True),
        vector("standard", "v1a_wrong_key", "whpk_" + b64(public), headers(v1a_other), valid=False,
               error="signature_mismatch"),
        vector("standard", "v1_signature_with_public_key", "whpk_" + b64(public), headers(good), valid=False,
               error="signature_mismatch"),
        vector("standard", "wrong_secret", "whsec_" + b64(b"another key entirely"), headers(good), valid=False,
               error="signature_mismatch"),
        vector("standard", "tampered_body", secret, headers(good), body=BODY + b" ", valid=False,
               error="signature_mismatch"),
        vector("standard", "other_msg_id", secret, headers(good, msg_id="msg_other"), valid=False,
               error="signature_mismatch"),
        vector("standard", "too_old", secret, headers(sign(ts=NOW - 301), ts=NOW - 301), valid=False,
               error="timestamp_too_old"),
        vector("standard", "too_new", secret, headers(sign(ts=NOW + 301), ts=NOW + 301), valid=False,
               error="timestamp_too_new"),
        vector("standard", "inside_window_future", secret, headers(sign(ts=NOW + 300), ts=NOW + 300), valid=True),
        vector("standard", "timestamp_with_junk", secret, headers(good, ts=f"{ts}abc"), valid=False,
               error="malformed_timestamp"),
        vector("standard", "negative_timestamp", secret, headers(good, ts="-1"), valid=False,
               error="malformed_timestamp"),
        vector("standard", "overflowing_timestamp", secret, headers(good, ts="99999999999999999999"), valid=False,
               error="malformed_timestamp"),
        vector("standard", "bare_v1_entry", secret, headers("v1,"), valid=False, error="malformed_signature"),
        vector("standard", "empty_signature_header", secret, headers(""), valid=False, error="malformed_signature"),
        vector("standard", "only_unknown_versions", secret, headers("v2," + good[3:]), valid=False,
               error="malformed_signature"),
        vector("standard", "extra_padding", secret, headers(good + "="), valid=False, error="malformed_signature"),
        vector("standard", "missing_timestamp", secret, [h for h in headers(good) if h[0] != "webhook-timestamp"],
               valid=False, error="missing_timestamp"),
        vector("standard", "missing_signature", secret, [h for h in headers(good) if h[0] != "webhook-signature"],
               valid=False, error="missing_signature"),
        # A repeated webhook-signature header as frameworks join it (Node and Fetch with ", ", WSGI
        # with ","): each entry is the library's own signature. (The library itself splits on
        # spaces only, so it cannot read these; the spec's repeated-header semantics say valid.)
        vector("standard", "repeated_joined_by_node", secret, headers(f"{good}, {junk_v1}"), valid=True),
        vector("standard", "repeated_joined_by_node_valid_last", secret, headers(f"{junk_v1}, {good}"), valid=True),
        vector("standard", "repeated_joined_by_wsgi", secret, headers(f"{good},{junk_v1}"), valid=True),
        vector("standard", "repeated_joined_by_wsgi_valid_last", secret, headers(f"{junk_v1},{good}"), valid=True),
        vector("standard", "joined_entries_all_wrong", secret, headers(f"{junk_v1}, {junk_v1}"), valid=False,
               error="signature_mismatch"),
        vector("standard", "entry_without_its_comma", secret, headers(good.replace(",", " ", 1)), valid=False,
               error="malformed_signature"),
    ] + [
        # Secrets the official library accepts: unpadded, and with stray low bits in the last
        # base64 character (checked against the library just below).
        vector("standard", name, variant, headers(good), valid=True)
        for name, variant in lenient_secrets(secret, headers(good))
    ]


def lenient_secrets(secret, _signed_headers):
    unpadded = secret.rstrip("=")
    stray = unpadded[:-1] + chr(ord(unpadded[-1]) + 1)
    variants = [("v1_unpadded_secret", unpadded), ("v1_secret_with_stray_bits", stray),
                ("v1_unpadded_secret_with_stray_bits", stray.rstrip("="))]
    for name, variant in variants:
        assert variant != secret
        # The library decodes it to the same key as the canonical secret.
        assert standardwebhooks.Webhook(variant)._whsecret == standardwebhooks.Webhook(secret)._whsecret
    return variants


def stripe_vectors():
    secret = "whsec_test_51HkP2xStripeSecret"
    ts = NOW - 5
    header = stripe.WebhookSignature.generate_signature_header(BODY.decode(), secret, timestamp=ts)
    sig = header.split("v1=")[1]
    other = stripe.WebhookSignature.generate_signature_header(BODY.decode(), "whsec_other", timestamp=ts).split("v1=")[1]
    old_ts = NOW - 400
    old = stripe.WebhookSignature.generate_signature_header(BODY.decode(), secret, timestamp=old_ts)
    return [
        vector("stripe", "valid", secret, [("Stripe-Signature", header)], valid=True),
        vector("stripe", "rotation_two_v1", secret, [("stripe-signature", f"t={ts},v1={other},v1={sig}")], valid=True),
        vector("stripe", "v0_ignored", secret, [("stripe-signature", f"t={ts},v0=abc,v1={sig}")], valid=True),
        vector("stripe", "uppercase_hex", secret, [("stripe-signature", f"t={ts},v1={sig.upper()}")], valid=True),
        vector("stripe", "wrong_secret", secret, [("stripe-signature", f"t={ts},v1={other}")], valid=False,
               error="signature_mismatch"),
        vector("stripe", "timestamp_changed", secret, [("stripe-signature", f"t={ts + 1},v1={sig}")], valid=False,
               error="signature_mismatch"),
        vector("stripe", "too_old", secret, [("stripe-signature", old)], valid=False, error="timestamp_too_old"),
        vector("stripe", "no_timestamp", secret, [("stripe-signature", f"v1={sig}")], valid=False,
               error="missing_timestamp"),
        vector("stripe", "timestamp_with_junk", secret, [("stripe-signature", f"t={ts}abc,v1={sig}")], valid=False,
               error="malformed_timestamp"),
        vector("stripe", "short_hex", secret, [("stripe-signature", f"t={ts},v1={sig[:-2]}")], valid=False,
               error="malformed_signature"),
        vector("stripe", "no_v1", secret, [("stripe-signature", f"t={ts},v0={sig}")], valid=False,
               error="malformed_signature"),
        vector("stripe", "missing", secret, [("content-type", "application/json")], valid=False,
               error="missing_signature"),
    ]


def github_vectors():
    # GitHub's documentation: secret "It's a Secret to Everybody", payload "Hello, World!".
    documented = ("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
    secret = "It's a Secret to Everybody"
    hello = b"Hello, World!"
    assert "sha256=" + hmac.new(secret.encode(), hello, hashlib.sha256).hexdigest() == documented
    sig = "sha256=" + hmac.new(b"gh-secret", BODY, hashlib.sha256).hexdigest()
    return [
        vector("github", "documented_example", secret, [("X-Hub-Signature-256", documented)], body=hello, valid=True),
        vector("github", "valid", "gh-secret", [("x-hub-signature-256", sig)], valid=True),
        vector("github", "uppercase_hex", "gh-secret", [("x-hub-signature-256", "sha256=" + sig[7:].upper())],
               valid=True),
        vector("github", "sha1_prefix", "gh-secret", [("x-hub-signature-256", "sha1=" + sig[7:])], valid=False,
               error="malformed_signature"),
        vector("github", "no_prefix", "gh-secret", [("x-hub-signature-256", sig[7:])], valid=False,
               error="malformed_signature"),
        vector("github", "wrong_secret", "other", [("x-hub-signature-256", sig)], valid=False,
               error="signature_mismatch"),
        vector("github", "sha1_header_only", "gh-secret", [("x-hub-signature", "sha1=abc")], valid=False,
               error="missing_signature"),
    ]


def shopify_vectors():
    secret = "shpss_0123456789abcdef"
    sig = b64(hmac.new(secret.encode(), BODY, hashlib.sha256).digest())
    return [
        vector("shopify", "valid", secret, [("X-Shopify-Hmac-Sha256", sig)], valid=True),
        vector("shopify", "hex_instead", secret,
               [("x-shopify-hmac-sha256", hmac.new(secret.encode(), BODY, hashlib.sha256).hexdigest())],
               valid=False, error="malformed_signature"),
        vector("shopify", "wrong_secret", "shpss_other", [("x-shopify-hmac-sha256", sig)], valid=False,
               error="signature_mismatch"),
    ]


def slack_vectors():
    secret = "8f742231b10e8888abcd99yyyzzz85a5"
    verifier = SignatureVerifier(secret)
    ts = str(NOW - 20)
    sig = verifier.generate_signature(timestamp=ts, body=BODY)
    old_ts = str(NOW - 301)
    old_sig = verifier.generate_signature(timestamp=old_ts, body=BODY)
    return [
        vector("slack", "valid", secret, [("X-Slack-Request-Timestamp", ts), ("X-Slack-Signature", sig)], valid=True),
        vector("slack", "too_old", secret, [("x-slack-request-timestamp", old_ts), ("x-slack-signature", old_sig)],
               valid=False, error="timestamp_too_old"),
        vector("slack", "timestamp_changed", secret,
               [("x-slack-request-timestamp", str(NOW - 21)), ("x-slack-signature", sig)], valid=False,
               error="signature_mismatch"),
        vector("slack", "missing_timestamp", secret, [("x-slack-signature", sig)], valid=False,
               error="missing_timestamp"),
        vector("slack", "timestamp_with_junk", secret,
               [("x-slack-request-timestamp", ts + "abc"), ("x-slack-signature", sig)], valid=False,
               error="malformed_timestamp"),
        vector("slack", "wrong_version", secret,
               [("x-slack-request-timestamp", ts), ("x-slack-signature", "v1=" + sig[3:])], valid=False,
               error="malformed_signature"),
    ]


class FixedClock:
    """slack-sdk's verifier reads its clock through `now()`; pin it to the vectors' NOW."""

    def now(self):
        return NOW


def check_with_oracles(vectors):
    """Every valid vector must also pass the provider's own verifier (where one exists)."""
    for v in vectors:
        if not v["valid"]:
            continue
        body = base64.b64decode(v["body_base64"])
        headers = {k.lower(): val for k, val in v["headers"]}
        if v["scheme"] == "stripe" and v["name"] != "uppercase_hex":  # Stripe compares hex as text
            stripe.WebhookSignature.verify_header(body, headers["stripe-signature"], v["secret"], tolerance=None)
        elif v["scheme"] == "slack":
            assert SignatureVerifier(v["secret"], clock=FixedClock()).is_valid(body, headers["x-slack-request-timestamp"],
                                                           headers["x-slack-signature"])
        elif v["scheme"] == "standard" and v["secret"].startswith("whsec_") and "svix-id" not in headers:
            # The library verifies against its own clock, so compare with what it signs instead.
            hook = standardwebhooks.Webhook(v["secret"])
            expected = hook.sign(headers["webhook-id"], datetime.datetime.fromtimestamp(
                int(headers["webhook-timestamp"]), tz=datetime.timezone.utc), body.decode())
            # A joined header (Node: ", ", WSGI: ",") holds the library's signature as one entry.
            entries = re.split(r"[ ,]+", headers["webhook-signature"])
            pairs = [f"{a},{b}" for a, b in zip(entries[::2], entries[1::2])]
            assert expected in pairs, v["name"]


def main():
    vectors = standard_vectors() + stripe_vectors() + github_vectors() + shopify_vectors() + slack_vectors()
    check_with_oracles(vectors)
    text = json.dumps({"generated_by": "tests/vectors/generate_providers.py with the providers' libraries",
                       "vectors": vectors}, indent=2, ensure_ascii=False) + "\n"
    if "--check" in sys.argv:
        if OUT.read_text(encoding="utf-8") != text:
            raise SystemExit(f"{OUT} is stale: run .venv/bin/python {__file__}")
        print(f"{OUT.name} is up to date")
        return
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(vectors)} vectors)")


if __name__ == "__main__":
    main()
