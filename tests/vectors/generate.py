#!/usr/bin/env python3
"""Generate tests/vectors/printone.json from an independent implementation.

Signatures come from Python's standard library (hmac, hashlib, base64) only, never from
hookproof, so that the Rust core and every binding are checked against an oracle that shares no
code with them. Run `python3 tests/vectors/generate.py` to regenerate; the output is
deterministic, and the test suite fails if the committed file differs from a fresh run.

Vector fields:
  name, description
  secret        the shared secret as text (used as its UTF-8 bytes)
  body_base64   the raw body, base64 encoded (so binary bodies fit), or
  body_recipe   {"pattern_base64": ..., "length": N}: the pattern repeated and cut to N bytes
  header        the header the signature travels in
  signature     the header value as received
  valid         the expected verdict
  error         the expected error code when not valid (from the design's stable codes)
"""

import base64
import hashlib
import hmac
import json
import pathlib
import sys

# Print.one's own test payloads (print-one-js, test/PrintOne.spec.ts), byte for byte, with the
# signatures Print.one's tests expect: a second, independent source for the vectors below.
PRINTONE_JS_SECRET = "0YFMgi5yzciEJV2HBL9wKWtNDnos8TaMOqtjSNErnDYWfign0JdW81vpmb6T62r4"
PRINTONE_JS_ORDER = (
    b'{"data":{"id":"ord_QXitaPr7MumnHo2BYXuW9","companyId":"2bd4c679-3d59-4a6f-a815-a60424746f8d",'
    b'"templateId":"tmpl_AyDg3PxvP5ydyGq3kSFfj","finish":"GLOSSY","format":"POSTCARD_A5","mergeVariables":{},'
    b'"recipient":{"name":"Your Name","address":"Street 1","postalCode":"1234 AB","city":"Amsterdam","country":"NL"},'
    b'"definitiveCountryId":"NL","region":"NETHERLANDS","deliverySpeed":"FAST","isBillable":true,'
    b'"status":"order_created","friendlyStatus":"Processing","errors":[],"metadata":{},'
    b'"sendDate":"2024-01-01T00:00:00.000Z","createdAt":"2024-01-01T00:00:00.000Z","updatedAt":"2024-01-01T00:00:00.000Z",'
    b'"anonymizedAt":null,"csvOrderId":null},"created_at":"2024-06-03T13:14:46.501Z","event":"order_status_update"}'
)
PRINTONE_JS_ORDER_SIGNATURE = "blmkCA9eG2fajvgpHx/RBirRO8rA4wRGf6gr1/v+V0g="
PRINTONE_JS_COUPON = (
    b'{"data":{"id":"cpc_123456789","couponId":"co_123456789","code":"some-coupon-code","used":false,'
    b'"usedAt":null,"orderId":null},"event":"coupon_code_used","created_at":"2024-06-25T07:28:17.487Z"}'
)
PRINTONE_JS_COUPON_SIGNATURE = "71jF20za0eDB/2NSLhlr9W1HCHqwhZuZPz7mOdL0mGg="

ORDER_EVENT = {
    "data": {
        "id": "ord_8f3kZ2",
        "status": "order_status_sent",
        "friendlyStatus": "Sent",
        "recipient": {"name": "Zoë Ørsted", "address": "Keizersgracht 1", "city": "Amsterdam", "country": "NL"},
    },
    "event": "order_status_update",
    "created_at": "2026-11-28T10:00:01.250Z",
}
COMPACT = json.dumps(ORDER_EVENT, separators=(",", ":"), ensure_ascii=False).encode()
PRETTY = json.dumps(ORDER_EVENT, indent=2, ensure_ascii=False).encode()
SECRET = "whk_3f9a1c7e5b2d4a6f"
HEADER = "x-webhook-hmac-sha256"
LEGACY_HEADER = "x-printone-hmac-sha256"


def mac(secret: str, body: bytes) -> bytes:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def recipe_body(pattern: bytes, length: int) -> bytes:
    return (pattern * (length // len(pattern) + 1))[:length]


def vector(name, description, *, body, signature, valid, error=None, secret=SECRET, header=HEADER, recipe=None):
    entry = {"name": name, "description": description, "secret": secret}
    if recipe is not None:
        entry["body_recipe"] = {"pattern_base64": b64(recipe[0]), "length": recipe[1]}
    else:
        entry["body_base64"] = b64(body)
    entry.update({"header": header, "signature": signature, "valid": valid})
    if not valid:
        entry["error"] = error
    return entry


def url_safe_body():
    """A body whose standard signature contains '+' or '/', so the URL-safe form differs."""
    for n in range(1000):
        body = COMPACT.replace(b'"ord_8f3kZ2"', f'"ord_{n}"'.encode())
        sig = b64(mac(SECRET, body))
        if "+" in sig or "/" in sig:
            return body, sig
    raise SystemExit("no body found whose signature has '+' or '/'")


def non_canonical(sig: str) -> str:
    """Same decoded bytes under a lenient decoder, but non-zero trailing bits: not canonical."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    last = alphabet.index(sig[42])
    assert last & 0b11 == 0
    return sig[:42] + alphabet[last | 0b01] + sig[43:]


def build():
    good = b64(mac(SECRET, COMPACT))
    binary = bytes(range(256)) + b"\xff\xfe\x00\xc3\x28"
    big_pattern = b"0123456789abcdef" * 3 + b"\x00\xff"
    big = recipe_body(big_pattern, 1 << 20)
    unicode_secret = "sécret-ключ-秘密-🔑"
    spaced_secret = "  secret with spaces  "
    url_body, url_sig = url_safe_body()
    vectors = [
        vector("compact_event", "a Print.one order_status_update event, compact JSON",
               body=COMPACT, signature=good, valid=True),
        vector("legacy_header", "the same signature in the legacy x-printone-hmac-sha256 header",
               body=COMPACT, signature=good, valid=True, header=LEGACY_HEADER),
        vector("surrounding_whitespace", "ASCII whitespace around the header value is ignored",
               body=COMPACT, signature=f" \t{good} ", valid=True),
        vector("empty_body", "an empty body", body=b"", signature=b64(mac(SECRET, b"")), valid=True),
        vector("binary_body", "a body that is not UTF-8", body=binary,
               signature=b64(mac(SECRET, binary)), valid=True),
        vector("large_body", "1 MiB body, stored as a recipe", body=big,
               signature=b64(mac(SECRET, big)), valid=True, recipe=(big_pattern, 1 << 20)),
        vector("unicode_secret", "a secret with non-ASCII characters, used as UTF-8",
               body=COMPACT, signature=b64(mac(unicode_secret, COMPACT)), valid=True, secret=unicode_secret),
        vector("secret_with_spaces", "spaces inside and around the secret are part of it",
               body=COMPACT, signature=b64(mac(spaced_secret, COMPACT)), valid=True, secret=spaced_secret),
        vector("secret_with_spaces_trimmed", "signed with the trimmed secret, verified with the spaced one",
               body=COMPACT, signature=b64(mac(spaced_secret.strip(), COMPACT)), valid=False,
               error="signature_mismatch", secret=spaced_secret),
        vector("wrong_secret", "signed with another secret", body=COMPACT,
               signature=b64(mac("whk_someone_else", COMPACT)), valid=False, error="signature_mismatch"),
        vector("tampered_body", "one byte of the body changed after signing",
               body=COMPACT.replace(b"Sent", b"Senu"), signature=good, valid=False, error="signature_mismatch"),
        vector("reserialized_body", "the JSON was parsed and pretty-printed before verification",
               body=PRETTY, signature=good, valid=False, error="signature_mismatch"),
        vector("trailing_newline", "a newline was appended to the body", body=COMPACT + b"\n",
               signature=good, valid=False, error="signature_mismatch"),
        vector("truncated_signature", "the last four characters are missing", body=COMPACT,
               signature=good[:-4], valid=False, error="malformed_signature"),
        vector("hex_signature", "the MAC in hex instead of base64", body=COMPACT,
               signature=mac(SECRET, COMPACT).hex(), valid=False, error="malformed_signature"),
        vector("unpadded_base64", "base64 without its '=' padding", body=COMPACT,
               signature=good.rstrip("="), valid=False, error="malformed_signature"),
        vector("extra_padding", "base64 with an extra '='", body=COMPACT,
               signature=good + "=", valid=False, error="malformed_signature"),
        vector("junk_appended", "base64 followed by junk", body=COMPACT,
               signature=good + "junk", valid=False, error="malformed_signature"),
        vector("non_canonical_trailing_bits", "decodes to the right bytes leniently, but is not canonical",
               body=COMPACT, signature=non_canonical(good), valid=False, error="malformed_signature"),
        vector("url_safe_alphabet", "the URL-safe alphabet ('-' and '_') instead of the standard one",
               body=url_body, signature=url_sig.replace("+", "-").replace("/", "_"), valid=False,
               error="malformed_signature"),
        vector("url_safe_body_standard", "the same body with the standard alphabet is valid",
               body=url_body, signature=url_sig, valid=True),
        vector("empty_signature", "an empty header value", body=COMPACT, signature="", valid=False,
               error="malformed_signature"),
        vector("inner_whitespace", "a space inside the base64", body=COMPACT,
               signature=good[:20] + " " + good[20:], valid=False, error="malformed_signature"),
        vector("sha1_length", "base64 of a 20-byte MAC (HMAC-SHA1)", body=COMPACT,
               signature=b64(hmac.new(SECRET.encode(), COMPACT, hashlib.sha1).digest()), valid=False,
               error="malformed_signature"),
        vector("prefixed_signature", "a 'sha256=' prefix as GitHub uses", body=COMPACT,
               signature="sha256=" + good, valid=False, error="malformed_signature"),
        vector("printone_js_order", "Print.one's own test order and the signature its tests expect",
               body=PRINTONE_JS_ORDER, signature=PRINTONE_JS_ORDER_SIGNATURE, valid=True, secret=PRINTONE_JS_SECRET),
        vector("printone_js_coupon", "Print.one's own coupon test payload, in its old header name",
               body=PRINTONE_JS_COUPON, signature=PRINTONE_JS_COUPON_SIGNATURE, valid=True, secret="secret",
               header=LEGACY_HEADER),
        vector("printone_js_invalid_secret", "Print.one's test: the order under another secret is refused",
               body=PRINTONE_JS_ORDER, signature=PRINTONE_JS_ORDER_SIGNATURE, valid=False,
               error="signature_mismatch", secret="invalid-header-secret"),
    ]
    # Print.one's expected signatures agree with the standard library's.
    assert b64(mac(PRINTONE_JS_SECRET, PRINTONE_JS_ORDER)) == PRINTONE_JS_ORDER_SIGNATURE
    assert b64(mac("secret", PRINTONE_JS_COUPON)) == PRINTONE_JS_COUPON_SIGNATURE
    return {
        "scheme": "printone",
        "generated_by": "tests/vectors/generate.py with Python's hmac, hashlib and base64",
        "vectors": vectors,
    }


def main():
    out = pathlib.Path(__file__).with_name("printone.json")
    text = json.dumps(build(), indent=2, ensure_ascii=False) + "\n"
    if "--check" in sys.argv:
        if out.read_text(encoding="utf-8") != text:
            raise SystemExit(f"{out} is stale: run python3 {__file__}")
        print(f"{out.name} is up to date")
        return
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
