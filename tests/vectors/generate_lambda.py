#!/usr/bin/env python3
"""Generate tests/vectors/lambda.json: Print.one deliveries as each AWS integration hands them to a
Lambda function, from the templates in tests/vectors/lambda/ (AWS's documented event shapes).

Signatures come from Python's hmac; the encodings from Python's base64. Every language's Lambda
helper (and the core's decoder) must turn each event back into the exact bytes that were signed,
and give the expected verdict. `--check` fails if the committed file differs from a fresh run.

Case fields:
  name          <template>/<case>
  source        the integration the decoder must report (rest_api, http_api, alb, alb_multi_value)
  secret        the Print.one secret
  event         the Lambda event, as the function receives it
  body_base64   the bytes the sender signed (what decoding must give back)
  valid         the expected verdict; error: its code otherwise
  health_check  true for an ALB health check (answered 200 without verifying)
"""

import base64
import copy
import hashlib
import hmac
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "lambda.json"
SECRET = "whk_lambda_3a7c9e1f5b2d"
HEADER = "X-Webhook-HMAC-SHA256"
EVENT = (
    b'{"data":{"id":"ord_1","status":"order_created","recipient":{"name":"A","city":"Amsterdam"}},'
    b'"event":"order_status_update","created_at":"2026-11-28T10:00:00.000Z"}'
)
BINARY = bytes(range(256)) + b"\xff\xfe not UTF-8"
SOURCES = {
    "apigw-v1": "rest_api",
    "apigw-v2": "http_api",
    "function-url": "http_api",
    "alb": "alb",
    "alb-multi-value": "alb_multi_value",
}


def sign(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def strip_signature(event: dict) -> dict:
    """The template without its original signature header and length (they belong to another body)."""
    event = copy.deepcopy(event)
    for key in ("headers", "multiValueHeaders"):
        if isinstance(event.get(key), dict):
            event[key] = {
                k: v for k, v in event[key].items() if k.lower() not in ("x-webhook-signature", "content-length")
            }
    return event


def with_signatures(event: dict, values: list[str]) -> dict:
    """Puts the signature values where the integration would: every value in multiValueHeaders,
    the last in single-value headers (REST and ALB), comma-joined in payload 2.0."""
    event = copy.deepcopy(event)
    name = HEADER if "Content-Type" in (event.get("headers") or event.get("multiValueHeaders") or {}) else HEADER.lower()
    if event.get("version") == "2.0":
        event["headers"][name] = ",".join(values)
    else:
        if isinstance(event.get("headers"), dict):
            event["headers"][name] = values[-1]
        if isinstance(event.get("multiValueHeaders"), dict):
            event["multiValueHeaders"][name] = list(values)
    return event


def with_body(event: dict, body: bytes, encoded: bool) -> dict:
    event = copy.deepcopy(event)
    event["body"] = base64.b64encode(body).decode() if encoded else body.decode()
    event["isBase64Encoded"] = encoded
    return event


def cases():
    out = []
    for path in sorted((HERE / "lambda").glob("*.json")):
        template = strip_signature(json.loads(path.read_text()))
        stem = path.stem
        source = SOURCES[stem]

        def case(name, event, body, valid, error=None, **extra):
            row = {"name": f"{stem}/{name}", "source": source, "secret": SECRET, "event": event,
                   "body_base64": base64.b64encode(body).decode(), "valid": valid}
            if error:
                row["error"] = error
            row.update(extra)
            out.append(row)

        good = sign(EVENT)
        case("json_text", with_signatures(with_body(template, EVENT, False), [good]), EVENT, True)
        # REST with binaryMediaTypes */*, or an HTTP API / ALB that saw no text content type.
        case("json_base64", with_signatures(with_body(template, EVENT, True), [good]), EVENT, True)
        case("binary_base64", with_signatures(with_body(template, BINARY, True), [sign(BINARY)]), BINARY, True)
        # The classic bug, from the sender's side: a MAC of the base64 text is not a MAC of the body.
        encoded_text = base64.b64encode(EVENT)
        case("signed_encoded_text", with_signatures(with_body(template, EVENT, True), [sign(encoded_text)]),
             EVENT, False, "signature_mismatch")
        case("tampered", with_signatures(with_body(template, EVENT.replace(b"ord_1", b"ord_2"), False), [good]),
             EVENT.replace(b"ord_1", b"ord_2"), False, "signature_mismatch")
        case("other_secret", with_signatures(with_body(template, EVENT, False), [sign(EVENT, "other")]),
             EVENT, False, "signature_mismatch")
        # A repeated signature header (a proxy added one; a sender rotating): the good value last
        # survives every integration (single-value maps keep the last one).
        case("repeated_header", with_signatures(with_body(template, EVENT, False), [sign(EVENT, "old"), good]),
             EVENT, True)
        unsigned = with_body(template, EVENT, False)
        case("unsigned", unsigned, EVENT, False, "missing_signature")
        if source.startswith("alb"):
            check = with_body(template, b"", False)
            check["httpMethod"] = "GET"
            check["path"] = "/"
            key = "multiValueHeaders" if source == "alb_multi_value" else "headers"
            check[key]["user-agent"] = ["ELB-HealthChecker/2.0"] if key == "multiValueHeaders" else "ELB-HealthChecker/2.0"
            case("health_check", check, b"", False, "missing_signature", health_check=True)
    return out


def render():
    doc = {
        "about": __doc__.strip().splitlines()[0],
        "generator": "tests/vectors/generate_lambda.py (Python hmac and base64; AWS's documented event shapes)",
        "cases": cases(),
    }
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def main():
    text = render()
    if "--check" in sys.argv:
        if not OUT.exists() or OUT.read_text() != text:
            sys.exit("tests/vectors/lambda.json is stale: run python3 tests/vectors/generate_lambda.py")
        print(f"tests/vectors/lambda.json is fresh ({len(json.loads(text)['cases'])} cases)")
        return
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    main()
