"""hookproof: webhook signature verification that is hard to get wrong.

One Rust core does the parsing, the constant-time cryptography and every policy; this package
converts Python values to it and its errors to exceptions.

>>> import hookproof
>>> body = b'{"data":{"id":"ord_1"},"event":"order_status_update","created_at":"2026-11-28T10:00:00.000Z"}'
>>> hookproof.verify(body, "7LB5fDrWBb4zYWq73mdEWCKjxqAJ3HvH6wlMVEz0t4U=", "secret")
True
>>> webhook = hookproof.Webhook(["current-secret", "previous-secret"])
>>> headers = {"Content-Type": "application/json", **hookproof.Webhook("previous-secret").sign(body)}
>>> webhook.verify(body, headers)

Other providers' schemes go through the same Webhook (``scheme=``, one of ``hookproof.SCHEMES``):

>>> github = hookproof.Webhook("It's a Secret to Everybody", scheme="github")
>>> github.verify(b"Hello, World!", {"X-Hub-Signature-256": "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"})

Replay and duplicate protection: ``ReplayGuard`` (in memory, or one Redis for many receivers).
Framework helpers (optional extras): ``hookproof.fastapi`` (and ``hookproof.starlette``),
``hookproof.flask``, ``hookproof.django``, ``hookproof.aiohttp``, ``hookproof.aws_lambda``.
Typed Print.one events: ``hookproof.printone``.
"""

from ._errors import *  # noqa: F403 (the classes, generated from the core's codes)
from ._errors import WebhookError, __all__ as _error_names
from ._hookproof import CODES, SCHEMES, Event, MemoryStore, Webhook, __version__, sign, verify
from ._names import ErrorCode, SchemeName
from ._receiver import Background
from ._replay import Claim, ReplayGuard

__all__ = [
    "verify",
    "sign",
    "Webhook",
    "Event",
    "ReplayGuard",
    "Claim",
    "MemoryStore",
    "Background",
    "CODES",
    "SCHEMES",
    "SchemeName",
    "ErrorCode",
    *_error_names,
    "__version__",
]
