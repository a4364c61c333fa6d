"""hookproof for FastAPI (``pip install hookproof[fastapi]``): a dependency that reads the raw
body, verifies it and returns the event.

>>> from fastapi import Depends, FastAPI
>>> from hookproof import Event
>>> from hookproof.fastapi import webhook_event
>>> app = FastAPI()
>>> printone_event = webhook_event("my-webhook-secret")
>>> @app.post("/webhooks/printone")
... async def receive(event: Event = Depends(printone_event)):
...     return {"received": event.event}

A request that is not authentic gets 401 (400 for ``invalid_payload``: valid signature, body not
an event) with FastAPI's usual error shape, ``{"detail": {"code": ..., "message": ...}}``. To
answer ``{"code": ..., "message": ...}`` at the top level instead, add the handler:
``app.add_exception_handler(WebhookRejected, rejection_handler)``.

Do not declare the body as a Pydantic model or ``dict`` parameter in the same endpoint: the
signature covers the raw bytes, and FastAPI would parse them first. The dependency gives you the
parsed event.
"""

from __future__ import annotations

from typing import Awaitable, Callable

from starlette.requests import Request

from ._common import SecretOrWebhook
from ._hookproof import Event
from .starlette import (
    WebhookRejected,
    _dependency,
    rejection_handler,
    rejection_response,
    verify_request,
    webhook_endpoint,
)

__all__ = [
    "webhook_event",
    "WebhookRejected",
    "rejection_handler",
    "rejection_response",
    "verify_request",
    "webhook_endpoint",
]


def webhook_event(secret: SecretOrWebhook) -> Callable[[Request], Awaitable[Event]]:
    """A FastAPI dependency returning the verified ``hookproof.Event``; raises WebhookRejected.

    ``secret``: a secret, a list of secrets (rotation) or a ``hookproof.Webhook``. The dependency
    keeps the prepared Webhook as ``.webhook``.
    """
    return _dependency(secret)
