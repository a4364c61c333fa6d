"""hookproof for Django (``pip install hookproof[django]``): a CSRF-exempt view decorator.

>>> from django.http import JsonResponse
>>> from hookproof.django import webhook_view
>>> @webhook_view("my-webhook-secret")
... def receive(request, event):
...     return JsonResponse({"received": event.event})

The view runs only for authentic, new requests and receives the ``hookproof.Event`` after the
request (URL parameters follow); the event is also ``request.webhook_event``. Other requests get
``{"code": ..., "message": ...}`` with the core's status for the error (401 for a bad signature,
400 ``invalid_payload``, 413 ``body_too_large``, 503 ``store_unavailable``). The body is read raw
within the size limit (``body_limit``, default 1 MiB; a larger declared body is refused before
reading, and reading stops at the limit) and stays available as ``request.body``. Webhook senders
have no CSRF token, so the view is marked ``csrf_exempt``: the signature is what authenticates
the request. Async views work too.

Options: ``scheme``, ``tolerance``, ``max_age``, ``parse_event``, ``body_limit``, ``replay``
(True, a ``ReplayGuard``, a ``MemoryStore`` or a Redis client), ``background`` (True or a
``Background``: answer 200 first, run the view once the response has been sent). For a scheme
without a typed event the view receives the verified raw body (``bytes``).
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Optional, Union

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from ._errors import WebhookError
from ._names import SchemeName
from ._receiver import DUPLICATE_BODY, Accepted, Background, Receiver, SecretOrWebhook, Seconds

__all__ = ["webhook_view"]

_CHUNK = 64 * 1024


def _read_body(request: HttpRequest, receiver: Receiver) -> bytes:
    receiver.check_length(request.META.get("CONTENT_LENGTH"))
    if hasattr(request, "_body"):  # already read (by a middleware): the bytes Django kept
        body: bytes = request._body
        if len(body) > receiver.body_limit:
            raise receiver.too_large()
        return body
    chunks, size = [], 0
    while True:
        chunk = request.read(_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > receiver.body_limit:
            raise receiver.too_large()
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # Django's own cache: the view can read `request.body`
    return body


class _AnswerFirst(JsonResponse):  # type: ignore[misc]
    """A 200 that starts the handler when the server closes it (after it was sent)."""

    def __init__(self, start: Callable[[], None]) -> None:
        super().__init__({"received": True})
        self._start: Optional[Callable[[], None]] = start

    def close(self) -> None:
        super().close()
        start, self._start = self._start, None
        if start is not None:
            start()


def webhook_view(
    secret: SecretOrWebhook,
    *,
    scheme: Optional[SchemeName] = None,
    tolerance: Seconds = None,
    max_age: Seconds = None,
    parse_event: Optional[bool] = None,
    body_limit: Union[int, str, None] = None,
    replay: Any = None,
    background: Union[bool, Background, None] = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorates a Django view ``def view(request, event, *args, **kwargs)`` (sync or async)."""
    receiver = Receiver(secret, scheme=scheme, tolerance=tolerance, max_age=max_age, parse_event=parse_event,
                        body_limit=body_limit, replay=replay, background=background, who="webhook_view")

    def checked(request: HttpRequest, accepted: Optional[Accepted]) -> tuple[Optional[Accepted], Optional[JsonResponse]]:
        if accepted is None:
            return None, JsonResponse(DUPLICATE_BODY)
        request.webhook_event = accepted.verified
        return accepted, None

    def rejected(error: WebhookError) -> tuple[None, JsonResponse]:
        return None, JsonResponse(receiver.error_body(error), status=receiver.status(error))

    def check(request: HttpRequest) -> tuple[Optional[Accepted], Optional[JsonResponse]]:
        try:
            return checked(request, receiver.accept(_read_body(request, receiver), request.headers))
        except WebhookError as error:
            return rejected(error)

    async def check_async(request: HttpRequest) -> tuple[Optional[Accepted], Optional[JsonResponse]]:
        try:
            return checked(request, await receiver.accept_async(_read_body(request, receiver), request.headers))
        except WebhookError as error:
            return rejected(error)

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        is_async = inspect.iscoroutinefunction(view)

        def answer_first(request: HttpRequest, accepted: Accepted, args: tuple[Any, ...],
                         kwargs: dict[str, Any]) -> JsonResponse:
            runner = receiver.background
            assert runner is not None
            handler = (lambda *a: view(*a, **kwargs))
            return _AnswerFirst(lambda: runner.submit(
                handler if not is_async else (lambda *a: _run_coroutine(view(*a, **kwargs))),
                (request, accepted.verified, *args), accepted.verified, accepted.claim))

        if is_async:

            @functools.wraps(view)
            async def async_wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
                accepted, rejection = await check_async(request)
                if accepted is None:
                    return rejection
                if receiver.background is not None:
                    return answer_first(request, accepted, args, kwargs)
                answer = await receiver.run_async(lambda *a: view(*a, **kwargs),
                                                  (request, accepted.verified, *args), accepted)
                await receiver.settle_async(accepted, answer.status_code)
                return answer

            exempt_async: Callable[..., Any] = csrf_exempt(async_wrapper)
            exempt_async.receiver = receiver  # type: ignore[attr-defined]
            return exempt_async

        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            accepted, rejection = check(request)
            if accepted is None:
                return rejection
            if receiver.background is not None:
                return answer_first(request, accepted, args, kwargs)
            answer = receiver.run(lambda *a: view(*a, **kwargs), (request, accepted.verified, *args), accepted)
            receiver.settle(accepted, answer.status_code)
            return answer

        exempt: Callable[..., Any] = csrf_exempt(wrapper)
        exempt.receiver = receiver  # type: ignore[attr-defined]
        return exempt

    return decorate


def _run_coroutine(coroutine: Any) -> Any:
    import asyncio

    return asyncio.run(coroutine)
