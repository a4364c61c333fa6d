"""hookproof for Starlette and FastAPI (``pip install hookproof[starlette]``).

The raw body is read from the stream within the size limit (``body_limit``, default 1 MiB: a
larger declared or actual body is answered 413 without reading the rest), verified with every
header exactly as received (``request.headers.raw``), and kept, so that the endpoint can read
``await request.body()`` again.

Plain Starlette: decorate an endpoint; it receives the verified event.

>>> from starlette.applications import Starlette
>>> from starlette.responses import JSONResponse
>>> from starlette.routing import Route
>>> from hookproof.starlette import webhook_endpoint
>>> @webhook_endpoint("my-webhook-secret")
... async def receive(request, event):
...     return JSONResponse({"received": event.event})
>>> app = Starlette(routes=[Route("/webhooks/printone", receive, methods=["POST"])])

A rejected request gets ``{"code": ..., "message": ...}`` with the status the core gives its
code (401 for a bad signature, 400 ``invalid_payload``, 413 ``body_too_large``, 503 when the
replay store is down). The endpoint works in FastAPI too (``app.post(path)(receive)``); for the
FastAPI dependency see ``hookproof.fastapi``.

Options (all keyword-only): ``scheme``, ``tolerance``, ``max_age``, ``parse_event``,
``body_limit``, ``replay`` (True, a ``ReplayGuard``, a ``MemoryStore`` or a Redis client: a
duplicate delivery is answered 200 ``{"duplicate": true}`` without running the endpoint),
``background`` (True or a ``Background``: answer 200 first, run the endpoint afterwards; its
return value is then ignored). For a scheme without a typed event the endpoint receives the
verified raw body (``bytes``).
"""

from __future__ import annotations

import inspect
from typing import Any, Awaitable, Callable, Optional, Union

from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ._errors import WebhookError
from ._names import SchemeName
from ._receiver import DUPLICATE_BODY, Accepted, Background, Receiver, SecretOrWebhook, Seconds, Verified
from . import _hookproof
from ._hookproof import Webhook

__all__ = [
    "WebhookHTTPException",
    "WebhookRejected",
    "WebhookDuplicate",
    "read_body",
    "verify_request",
    "webhook_endpoint",
    "rejection_response",
    "rejection_handler",
]


class WebhookHTTPException(HTTPException):
    """What the FastAPI dependency raises instead of running the endpoint: ``WebhookRejected`` or
    ``WebhookDuplicate``. Register ``rejection_handler`` for it to answer with hookproof's JSON
    (``{"code", "message"}``, or ``{"duplicate": true}``) rather than FastAPI's ``{"detail"}``."""


class WebhookRejected(WebhookHTTPException):
    """Raised by the FastAPI dependency: an HTTPException with the core's status for the error
    and ``detail`` ``{"code": ..., "message": ...}``; ``.error`` is the WebhookError."""

    def __init__(self, error: WebhookError, status_code: int) -> None:
        detail = Receiver.error_body(error)
        # FastAPI renders any JSON-able detail; Starlette's stubs say str.
        super().__init__(status_code=status_code, detail=detail)  # type: ignore[arg-type]
        self.error = error


class WebhookDuplicate(WebhookHTTPException):
    """Raised by the FastAPI dependency for a duplicate delivery: 200, so the sender stops
    retrying, and the endpoint does not run."""

    def __init__(self) -> None:
        super().__init__(status_code=200, detail=DUPLICATE_BODY)  # type: ignore[arg-type]


async def read_body(request: Request, receiver: Receiver) -> bytes:
    """The raw body, read within the receiver's limit (``BodyTooLarge`` past it, without reading
    the rest), and kept for ``await request.body()``."""
    receiver.check_length(request.headers.get("content-length"))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > receiver.body_limit:
            raise receiver.too_large()
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # Starlette's own cache: the endpoint can call `await request.body()`
    return body


async def verify_request(request: Request, webhook: Union[Webhook, Receiver], *, parse_event: Optional[bool] = None) -> Verified:
    """Reads the raw body (within the limit), verifies it and returns the event (for a scheme
    with a typed event) or the verified raw body. Raises a WebhookError subclass."""
    receiver = webhook if isinstance(webhook, Receiver) else Receiver(webhook, parse_event=parse_event)
    body = await read_body(request, receiver)
    return receiver.verify(body, request.headers)


def rejection_response(error: WebhookError, webhook: Optional[Union[Webhook, Receiver]] = None) -> JSONResponse:
    """The answer to a rejected request: ``{"code": ..., "message": ...}`` with the core's status
    for the error (for ``webhook``'s scheme; the default scheme's without one)."""
    target = webhook.webhook if isinstance(webhook, Receiver) else webhook
    status = target.http_status(error) if target is not None else _hookproof.http_status(error.code)
    return JSONResponse(Receiver.error_body(error), status_code=status)


async def rejection_handler(request: Request, exc: Exception) -> Response:
    """An exception handler that renders WebhookRejected (and WebhookError) as
    ``{"code": ..., "message": ...}`` and WebhookDuplicate as ``{"duplicate": true}`` at the top
    level instead of FastAPI's ``{"detail": ...}``:
    ``app.add_exception_handler(WebhookHTTPException, rejection_handler)``."""
    if isinstance(exc, WebhookRejected):
        return JSONResponse(Receiver.error_body(exc.error), status_code=exc.status_code)
    if isinstance(exc, WebhookDuplicate):
        return JSONResponse(DUPLICATE_BODY, status_code=200)
    if isinstance(exc, WebhookError):
        return rejection_response(exc)
    raise exc


Endpoint = Callable[[Request, Any], Awaitable[Response]]


def webhook_endpoint(
    secret: SecretOrWebhook,
    *,
    scheme: Optional[SchemeName] = None,
    tolerance: Seconds = None,
    max_age: Seconds = None,
    parse_event: Optional[bool] = None,
    body_limit: Union[int, str, None] = None,
    replay: Any = None,
    background: Union[bool, Background, None] = None,
) -> Callable[[Endpoint], Callable[[Request], Awaitable[Response]]]:
    """Decorates an endpoint ``async def endpoint(request, event)`` so that it runs only for
    authentic, new requests; see the module docs for the options."""
    receiver = Receiver(secret, scheme=scheme, tolerance=tolerance, max_age=max_age, parse_event=parse_event,
                        body_limit=body_limit, replay=replay, background=background, who="webhook_endpoint")

    def decorate(endpoint: Endpoint) -> Callable[[Request], Awaitable[Response]]:
        async def wrapper(request: Request) -> Response:
            try:
                body = await read_body(request, receiver)
                # Without a replay store nothing waits (only a store's claim may): no coroutine.
                accepted = (receiver.accept(body, request.headers) if receiver.replay is None
                            else await receiver.accept_async(body, request.headers))
            except WebhookError as error:
                return JSONResponse(receiver.error_body(error), status_code=receiver.status(error))
            if accepted is None:
                return JSONResponse(DUPLICATE_BODY, status_code=200)
            args = (request, accepted.verified)
            if receiver.background is not None:
                # Starlette runs the task after the response has been sent.
                task = BackgroundTask(receiver.background.run_async, endpoint, args, accepted.verified, accepted.claim)
                return JSONResponse({"received": True}, status_code=200, background=task)
            if accepted.claim is None:
                # Nothing to release if the endpoint fails or answers an error.
                return await endpoint(*args)
            response: Response = await receiver.run_async(endpoint, args, accepted)
            await receiver.settle_async(accepted, response.status_code)
            return response

        # FastAPI reads an endpoint's signature for its parameters: it takes the request only.
        wrapper.__name__ = getattr(endpoint, "__name__", "webhook_endpoint")
        wrapper.__qualname__ = getattr(endpoint, "__qualname__", wrapper.__name__)
        wrapper.__doc__ = endpoint.__doc__
        wrapper.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)],
            return_annotation=Response,
        )
        wrapper.receiver = receiver  # type: ignore[attr-defined]
        return wrapper

    return decorate


async def _accept(request: Request, receiver: Receiver) -> Accepted:
    """The dependencies' common part: read, verify and claim, or raise what FastAPI answers."""
    try:
        body = await read_body(request, receiver)
        accepted = (receiver.accept(body, request.headers) if receiver.replay is None
                    else await receiver.accept_async(body, request.headers))
    except WebhookError as error:
        raise WebhookRejected(error, receiver.status(error)) from None
    if accepted is None:
        raise WebhookDuplicate()
    return accepted


def _dependency(receiver: Receiver) -> Callable[[Request], Any]:
    if receiver.replay is None:
        # No claim to release when the endpoint fails: a plain dependency, which FastAPI runs
        # without the exit stack a generator dependency needs (measurably cheaper per request).
        async def verified_only(request: Request) -> Any:
            return (await _accept(request, receiver)).verified

        return _carrying(verified_only, receiver)

    async def verified_event(request: Request) -> Any:
        accepted = await _accept(request, receiver)
        try:
            yield accepted.verified
        except BaseException:
            # The endpoint failed: release the claim so that the sender's retry is processed.
            await accepted.release_async()
            raise

    return _carrying(verified_event, receiver)


def _carrying(dependency: Callable[[Request], Any], receiver: Receiver) -> Callable[[Request], Any]:
    """The dependency, with its prepared ``.webhook`` and ``.receiver`` for the caller."""
    setattr(dependency, "webhook", receiver.webhook)
    setattr(dependency, "receiver", receiver)
    return dependency
