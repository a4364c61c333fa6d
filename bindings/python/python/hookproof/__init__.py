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
from ._hookproof import CODES, SCHEMES, Event, Webhook, __version__, sign, verify

__all__ = [
    "verify",
    "sign",
    "Webhook",
    "Event",
    "CODES",
    "SCHEMES",
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
