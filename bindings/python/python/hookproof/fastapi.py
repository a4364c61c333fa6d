"""hookproof for FastAPI (``pip install hookproof[fastapi]``): a route decorator and a dependency,
each of which reads the raw body within the size limit, verifies it, claims it with the replay
guard, and hands the endpoint the event.

The decorator, under the route's own: the endpoint's first parameter receives the event, and its
other parameters are FastAPI's as usual (path parameters, ``Request``, dependencies). It costs
the least per request: FastAPI sees an endpoint that takes the ``Request``, and solves no
dependency for the webhook.

>>> from fastapi import FastAPI
>>> from hookproof import Event
>>> from hookproof.fastapi import webhook_route
>>> app = FastAPI()
>>> @app.post("/webhooks/printone")
... @webhook_route("my-webhook-secret")
... async def receive(event: Event) -> dict:
...     return {"received": event.event}

A rejected request gets ``{"code": ..., "message": ...}`` with the core's status for its code,
as every hookproof helper answers. With ``replay=`` a duplicate is answered 200 ``{"duplicate":
true}`` without running the endpoint, and an endpoint that raises (or answers a non-2xx
``Response``) releases its claim before the failure is answered, so that the sender's retry is
processed. With ``background=True`` the decorator answers 200 first and runs the endpoint
afterwards.

The dependency, for endpoints that take the event as a FastAPI dependency (FastAPI's own
machinery for one dependency costs more per request than hookproof's verification does):

>>> from fastapi import Depends
>>> from hookproof.fastapi import webhook_event
>>> printone_event = webhook_event("my-webhook-secret")
>>> @app.post("/webhooks/printone-dependency")
... async def receive_dependency(event: Event = Depends(printone_event, scope="function")):
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

import functools
import inspect
import typing
from typing import Any, Awaitable, Callable, Optional, Union

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ._errors import WebhookError
from ._names import SchemeName
from ._receiver import DUPLICATE_BODY, Background, Receiver, SecretOrWebhook, Seconds
from .starlette import (
    WebhookDuplicate,
    WebhookHTTPException,
    WebhookRejected,
    _dependency,
    read_body,
    rejection_handler,
    rejection_response,
    verify_request,
    webhook_endpoint,
)

__all__ = [
    "webhook_route",
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


def webhook_route(
    secret: SecretOrWebhook,
    *,
    scheme: Optional[SchemeName] = None,
    tolerance: Seconds = None,
    max_age: Seconds = None,
    parse_event: Optional[bool] = None,
    body_limit: Union[int, str, None] = None,
    replay: Any = None,
    background: Union[bool, Background, None] = None,
) -> Callable[[Callable[..., Any]], Callable[..., Awaitable[Any]]]:
    """Decorates a FastAPI endpoint (``async def`` or ``def``) whose first parameter receives the
    verified ``hookproof.Event`` (or, for a scheme without a typed event, the verified raw body
    as ``bytes``); put it under ``@app.post(...)``. See the module docs for the options and the
    answers. The decorated endpoint keeps the prepared Webhook as ``.webhook``.
    """
    receiver = Receiver(secret, scheme=scheme, tolerance=tolerance, max_age=max_age, parse_event=parse_event,
                        body_limit=body_limit, replay=replay, background=background, who="webhook_route")

    def decorate(endpoint: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
        signature, event_name, request_name, own_request = _route_signature(endpoint)
        is_async = inspect.iscoroutinefunction(endpoint)

        async def call(event: Any, kwargs: dict[str, Any]) -> Any:
            kwargs[event_name] = event
            if is_async:
                return await endpoint(**kwargs)
            return await run_in_threadpool(endpoint, **kwargs)

        @functools.wraps(endpoint)
        async def wrapper(**kwargs: Any) -> Any:
            request: Request = kwargs[request_name] if own_request else kwargs.pop(request_name)
            try:
                body = await read_body(request, receiver)
                # Without a replay store nothing waits (only a store's claim may): no coroutine.
                accepted = (receiver.accept(body, request.headers) if receiver.replay is None
                            else await receiver.accept_async(body, request.headers))
            except WebhookError as error:
                return JSONResponse(receiver.error_body(error), status_code=receiver.status(error))
            if accepted is None:
                return JSONResponse(DUPLICATE_BODY, status_code=200)
            if receiver.background is not None:
                # Starlette runs the task after the response has been sent.
                task = BackgroundTask(receiver.background.run_async, call, (accepted.verified, kwargs),
                                      accepted.verified, accepted.claim)
                return JSONResponse({"received": True}, status_code=200, background=task)
            if accepted.claim is None:
                return await call(accepted.verified, kwargs)
            result = await receiver.run_async(call, (accepted.verified, kwargs), accepted)
            if isinstance(result, Response):
                await receiver.settle_async(accepted, result.status_code)
            return result

        # FastAPI reads the endpoint's parameters from this signature: the event's parameter is
        # gone, and the request is there (the endpoint's own, or one only the wrapper sees).
        wrapper.__signature__ = signature  # type: ignore[attr-defined]
        wrapper.webhook = receiver.webhook  # type: ignore[attr-defined]
        wrapper.receiver = receiver  # type: ignore[attr-defined]
        return wrapper

    return decorate


_REQUEST_PARAMETER = "hookproof_request"


def _route_signature(endpoint: Callable[..., Any]) -> tuple[inspect.Signature, str, str, bool]:
    """The signature FastAPI sees for the decorated endpoint: its parameters but the first (the
    event), all keyword-only (FastAPI passes every argument by name), annotations resolved in the
    endpoint's own module, and a ``Request`` parameter. Also the event parameter's name, the
    request parameter's name, and whether the endpoint takes that request itself."""
    signature = inspect.signature(endpoint)
    parameters = list(signature.parameters.values())
    if not parameters or parameters[0].kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
        raise TypeError("webhook_route: the endpoint's first parameter receives the event: "
                        "declare one, e.g. `async def receive(event: hookproof.Event)`")
    if parameters[0].kind is inspect.Parameter.POSITIONAL_ONLY:
        raise TypeError("webhook_route: the event parameter cannot be positional-only (FastAPI passes arguments by name)")
    try:
        hints = typing.get_type_hints(endpoint, include_extras=True)
    except Exception:  # an annotation that does not resolve here: FastAPI resolves it itself
        hints = {}
    rest = []
    request_name = None
    for parameter in parameters[1:]:
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            raise TypeError("webhook_route: the endpoint cannot take *args (FastAPI passes arguments by name)")
        annotation = hints.get(parameter.name, parameter.annotation)
        if request_name is None and isinstance(annotation, type) and issubclass(annotation, Request):
            request_name = parameter.name
        kind = parameter.kind if parameter.kind is inspect.Parameter.VAR_KEYWORD else inspect.Parameter.KEYWORD_ONLY
        rest.append(parameter.replace(kind=kind, annotation=annotation))
    own_request = request_name is not None
    if request_name is None:
        request_name = _REQUEST_PARAMETER
        if any(parameter.name == request_name for parameter in parameters):
            raise TypeError(f"webhook_route: the endpoint has a parameter named {request_name!r}, which the decorator uses")
        added = inspect.Parameter(request_name, inspect.Parameter.KEYWORD_ONLY, annotation=Request)
        rest = [*[p for p in rest if p.kind is not inspect.Parameter.VAR_KEYWORD], added,
                *[p for p in rest if p.kind is inspect.Parameter.VAR_KEYWORD]]
    returns = hints.get("return", signature.return_annotation)
    return signature.replace(parameters=rest, return_annotation=returns), parameters[0].name, request_name, own_request
