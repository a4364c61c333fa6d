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
"""

from __future__ import annotations

import functools
from typing import Any, Awaitable, Callable

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ._common import SecretOrWebhook, as_webhook, error_body, status_for
from ._errors import WebhookError
from ._hookproof import Event, Webhook

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


async def verify_request(request: Request, webhook: Webhook) -> Event:
    """Reads the raw body, verifies it with ``webhook`` and returns the event.

    Raises a WebhookError subclass if the request is not authentic.
    """
    body = await request.body()
    return webhook.construct_event(body, request.headers)


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
) -> Callable[[Callable[[Request, Event], Awaitable[Response]]], Callable[[Request], Awaitable[Response]]]:
    """Decorates a Starlette endpoint ``async def endpoint(request, event)`` so that it runs only
    for authentic requests; others get 401 (400 for ``invalid_payload``) with a JSON error.

    ``secret``: a secret, a list of secrets (rotation) or a ``hookproof.Webhook``.
    """
    webhook = as_webhook(secret)

    def decorate(
        endpoint: Callable[[Request, Event], Awaitable[Response]],
    ) -> Callable[[Request], Awaitable[Response]]:
        @functools.wraps(endpoint)
        async def wrapper(request: Request) -> Response:
            try:
                event = await verify_request(request, webhook)
            except WebhookError as error:
                return rejection_response(error)
            return await endpoint(request, event)

        return wrapper

    return decorate


def _dependency(secret: SecretOrWebhook) -> Callable[[Request], Awaitable[Event]]:
    webhook = as_webhook(secret)

    async def verified_event(request: Request) -> Event:
        try:
            return await verify_request(request, webhook)
        except WebhookError as error:
            raise WebhookRejected(error) from None

    verified_event.webhook = webhook  # type: ignore[attr-defined]
    return verified_event


