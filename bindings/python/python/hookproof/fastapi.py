"""hookproof for FastAPI (``pip install hookproof[fastapi]``): a dependency that reads the raw
body within the size limit, verifies it, claims it with the replay guard, and returns the event.

>>> from fastapi import Depends, FastAPI
>>> from hookproof import Event
>>> from hookproof.fastapi import webhook_event
>>> app = FastAPI()
>>> printone_event = webhook_event("my-webhook-secret")
>>> @app.post("/webhooks/printone")
... async def receive(event: Event = Depends(printone_event, scope="function")):
...     return {"received": event.event}

A request that is not authentic gets the core's status for its error (401 for a bad signature,
400 ``invalid_payload``, 413 ``body_too_large``, 503 ``store_unavailable``) with FastAPI's usual
error shape, ``{"detail": {"code": ..., "message": ...}}``. To answer ``{"code": ..., "message":
...}`` at the top level instead, add the handler:
``app.add_exception_handler(WebhookHTTPException, rejection_handler)``.

With ``replay=`` a duplicate delivery is answered 200 without running the endpoint, and an
endpoint that raises releases its claim, so that the sender's retry is processed. Declare the
dependency with ``scope="function"`` (FastAPI 0.121 and later): the claim is then released
before the failure is answered. With FastAPI's default scope the release runs after the answer
has been sent, and a retry that arrives within those milliseconds is taken for a duplicate
(the round-trip harness's 50 ms retries hit that; providers retry seconds to minutes later). To answer
first and run the handler afterwards (``background=True``), use ``webhook_endpoint`` from
``hookproof.starlette``, which FastAPI routes take as they are.

For a scheme without a typed event the dependency returns the verified raw body (``bytes``;
declare the parameter as ``body: bytes = Depends(...)``) and you parse it as the provider
documents.

Do not declare the body as a Pydantic model or ``dict`` parameter in the same endpoint: the
signature covers the raw bytes, and FastAPI would parse them first. The dependency gives you the
parsed event.
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Union

from starlette.requests import Request

from ._names import SchemeName
from ._receiver import Receiver, SecretOrWebhook, Seconds
from .starlette import (
    WebhookDuplicate,
    WebhookHTTPException,
    WebhookRejected,
    _dependency,
    rejection_handler,
    rejection_response,
    verify_request,
    webhook_endpoint,
)

__all__ = [
    "webhook_event",
    "WebhookHTTPException",
    "WebhookRejected",
    "WebhookDuplicate",
    "rejection_handler",
    "rejection_response",
    "verify_request",
    "webhook_endpoint",
]


def webhook_event(
    secret: SecretOrWebhook,
    *,
    scheme: Optional[SchemeName] = None,
    tolerance: Seconds = None,
    max_age: Seconds = None,
    parse_event: Optional[bool] = None,
    body_limit: Union[int, str, None] = None,
    replay: Any = None,
) -> Callable[[Request], Any]:
    """A FastAPI dependency returning the verified ``hookproof.Event`` (a scheme with a typed
    event) or the verified raw body as bytes (the others, unless ``parse_event``); raises
    WebhookRejected, or WebhookDuplicate (200) for a duplicate.

    ``secret``: a secret, a list of secrets (rotation) or a ``hookproof.Webhook``; ``scheme``,
    ``tolerance`` and ``max_age`` are ``Webhook``'s (only with a secret). ``body_limit``: bytes or
    a size such as "1mb" (default 1 MiB). ``replay``: True, a ``ReplayGuard``, a ``MemoryStore``
    or a Redis client. The dependency keeps the prepared Webhook as ``.webhook``.
    """
    receiver = Receiver(secret, scheme=scheme, tolerance=tolerance, max_age=max_age, parse_event=parse_event,
                        body_limit=body_limit, replay=replay, who="webhook_event")
    return _dependency(receiver)
