"""hookproof for Starlette and FastAPI (``pip install hookproof[starlette]``).

The request body is read raw with ``await request.body()`` (Starlette caches it, so the endpoint
can read it again) and verified with every header exactly as received (``request.headers.raw``).

Plain Starlette: decorate an endpoint; it receives the verified event.

>>> from starlette.applications import Starlette
>>> from starlette.responses import JSONResponse
>>> from starlette.routing import Route
>>> from hookproof.starlette import webhook_endpoint
>>> @webhook_endpoint("my-webhook-secret")
... async def receive(request, event):
...     return JSONResponse({"received": event.event})
>>> app = Starlette(routes=[Route("/webhooks/printone", receive, methods=["POST"])])

A rejected request gets ``401 {"code": ..., "message": ...}`` (400 for ``invalid_payload``).
For FastAPI see ``hookproof.fastapi``.

Other providers: ``webhook_endpoint(secret, scheme="stripe", tolerance=300)``. Their bodies are
not Print.one events, so for any scheme but ``"printone"`` the endpoint receives the verified raw
body (``bytes``) instead of an ``Event``; ``parse_event=True``/``False`` overrides that choice.
"""

from __future__ import annotations

import functools
from typing import Any, Awaitable, Callable, Optional

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ._common import (
    SchemeName,
    SecretOrWebhook,
    Tolerance,
    Verified,
    as_webhook,
    error_body,
    parses_event,
    status_for,
    verified,
)
from ._errors import WebhookError
from ._hookproof import Webhook

__all__ = [
    "WebhookRejected",
    "verify_request",
    "webhook_endpoint",
    "rejection_response",
    "rejection_handler",
]


class WebhookRejected(HTTPException):
    """Raised by the FastAPI dependency: an HTTPException (401, or 400 for ``invalid_payload``)
    whose ``detail`` is ``{"code": ..., "message": ...}``; ``.error`` is the WebhookError."""

    def __init__(self, error: WebhookError) -> None:
        # FastAPI renders any JSON-able detail; Starlette's stubs say str.
        super().__init__(status_code=status_for(error), detail=error_body(error))  # type: ignore[arg-type]
        self.error = error


async def verify_request(request: Request, webhook: Webhook, *, parse_event: Optional[bool] = None) -> Verified:
    """Reads the raw body, verifies it with ``webhook`` and returns the event (the Print.one
    scheme) or the verified raw body (other schemes; ``parse_event`` overrides).

    Raises a WebhookError subclass if the request is not authentic.
    """
    body = await request.body()
    return verified(webhook, parses_event(webhook, parse_event), body, request.headers)


def rejection_response(error: WebhookError) -> JSONResponse:
    """The response for a rejected request: ``{"code": ..., "message": ...}`` with 401 or 400."""
    return JSONResponse(error_body(error), status_code=status_for(error))


async def rejection_handler(request: Request, exc: Exception) -> Response:
    """An exception handler that renders WebhookRejected (and WebhookError) as
    ``{"code": ..., "message": ...}`` at the top level instead of FastAPI's ``{"detail": ...}``:
    ``app.add_exception_handler(WebhookRejected, rejection_handler)``."""
    if isinstance(exc, WebhookRejected):
        return rejection_response(exc.error)
    if isinstance(exc, WebhookError):
        return rejection_response(exc)
    raise exc


def webhook_endpoint(
    secret: SecretOrWebhook,
    *,
    scheme: Optional[SchemeName] = None,
    tolerance: Tolerance = None,
    parse_event: Optional[bool] = None,
) -> Callable[[Callable[[Request, Any], Awaitable[Response]]], Callable[[Request], Awaitable[Response]]]:
    """Decorates a Starlette endpoint ``async def endpoint(request, event)`` so that it runs only
    for authentic requests; others get 401 (400 for ``invalid_payload``) with a JSON error.

    ``secret``: a secret, a list of secrets (rotation) or a ``hookproof.Webhook``. ``scheme`` and
    ``tolerance`` are ``Webhook``'s (only with a secret). ``event`` is the ``hookproof.Event`` for
    the Print.one scheme and the verified raw body (bytes) for the others, unless ``parse_event``
    says otherwise.
    """
    webhook = as_webhook(secret, scheme, tolerance)
    parse = parses_event(webhook, parse_event)

    def decorate(
        endpoint: Callable[[Request, Any], Awaitable[Response]],
    ) -> Callable[[Request], Awaitable[Response]]:
        @functools.wraps(endpoint)
        async def wrapper(request: Request) -> Response:
            try:
                event = await verify_request(request, webhook, parse_event=parse)
            except WebhookError as error:
                return rejection_response(error)
            return await endpoint(request, event)

        return wrapper

    return decorate


def _dependency(
    secret: SecretOrWebhook,
    scheme: Optional[SchemeName] = None,
    tolerance: Tolerance = None,
    parse_event: Optional[bool] = None,
) -> Callable[[Request], Awaitable[Any]]:
    webhook = as_webhook(secret, scheme, tolerance)
    parse = parses_event(webhook, parse_event)

    async def verified_event(request: Request) -> Any:
        try:
            return await verify_request(request, webhook, parse_event=parse)
        except WebhookError as error:
            raise WebhookRejected(error) from None

    verified_event.webhook = webhook  # type: ignore[attr-defined]
    return verified_event


