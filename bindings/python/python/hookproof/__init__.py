"""hookproof: webhook signature verification that is hard to get wrong.

One Rust core does the parsing and the constant-time cryptography; this package converts Python
values to it and its errors to exceptions.

>>> import hookproof
>>> body = b'{"data":{"id":"ord_1"},"event":"order_status_update","created_at":"2026-11-28T10:00:00.000Z"}'
>>> hookproof.verify(body, "7LB5fDrWBb4zYWq73mdEWCKjxqAJ3HvH6wlMVEz0t4U=", "secret")
True
>>> webhook = hookproof.Webhook(["current-secret", "previous-secret"])
>>> headers = {"Content-Type": "application/json", **hookproof.Webhook("previous-secret").sign(body)}
>>> webhook.construct_event(body, headers).event
'order_status_update'

Other providers' schemes go through the same Webhook (``scheme=``, one of ``hookproof.SCHEMES``):

>>> github = hookproof.Webhook("It's a Secret to Everybody", scheme="github")
>>> github.verify(b"Hello, World!", {"X-Hub-Signature-256": "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"})

Framework helpers (optional extras): ``hookproof.fastapi`` (and ``hookproof.starlette``),
``hookproof.flask``, ``hookproof.django``.
"""

from ._errors import (
    InvalidPayload,
    InvalidSecret,
    MalformedSignature,
    MissingSignature,
    MissingTimestamp,
    SignatureMismatch,
    TimestampTooNew,
    TimestampTooOld,
    WebhookError,
)
from ._common import SchemeName
from ._hookproof import CODES, SCHEMES, Event, Webhook, __version__, sign, verify

__all__ = [
    "verify",
    "sign",
    "Webhook",
    "Event",
    "CODES",
    "SCHEMES",
    "SchemeName",
    "WebhookError",
    "MissingSignature",
    "MalformedSignature",
    "SignatureMismatch",
    "MissingTimestamp",
    "TimestampTooOld",
    "TimestampTooNew",
    "InvalidSecret",
    "InvalidPayload",
    "__version__",
]
