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

Other providers: ``webhook_event(secret, scheme="stripe", tolerance=300)``. Their bodies are not
Print.one events, so for any scheme but ``"printone"`` the dependency returns the verified raw
body (``bytes``; declare the parameter as ``body: bytes = Depends(...)``) and you parse it as the
provider documents; ``parse_event=True``/``False`` overrides that choice.

Do not declare the body as a Pydantic model or ``dict`` parameter in the same endpoint: the
signature covers the raw bytes, and FastAPI would parse them first. The dependency gives you the
parsed event.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Optional

from starlette.requests import Request

from ._common import SchemeName, SecretOrWebhook, Tolerance
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


def webhook_event(
    secret: SecretOrWebhook,
    *,
    scheme: Optional[SchemeName] = None,
    tolerance: Tolerance = None,
    parse_event: Optional[bool] = None,
) -> Callable[[Request], Awaitable[Any]]:
    """A FastAPI dependency returning the verified ``hookproof.Event`` (the Print.one scheme) or
    the verified raw body as bytes (other schemes, unless ``parse_event``); raises WebhookRejected.

    ``secret``: a secret, a list of secrets (rotation) or a ``hookproof.Webhook``; ``scheme`` and
    ``tolerance`` are ``Webhook``'s (only with a secret). The dependency keeps the prepared
    Webhook as ``.webhook``.
    """
    return _dependency(secret, scheme, tolerance, parse_event)
