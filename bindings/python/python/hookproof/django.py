"""hookproof for Django (``pip install hookproof[django]``): a CSRF-exempt view decorator.

>>> from django.http import JsonResponse
>>> from hookproof.django import webhook_view
>>> @webhook_view("my-webhook-secret")
... def receive(request, event):
...     return JsonResponse({"received": event.event})

The view runs only for authentic requests and receives the ``hookproof.Event`` after the request
(URL parameters follow); the event is also ``request.webhook_event``. Other requests get 401 (400
for ``invalid_payload``) with ``{"code": ..., "message": ...}``. The body is ``request.body``, the
raw bytes; the headers are ``request.headers``. Webhook senders have no CSRF token, so the view is
marked ``csrf_exempt``: the signature is what authenticates the request. Async views work too.

Other providers: ``webhook_view(secret, scheme="github")`` (``tolerance=`` too). Their bodies are
not Print.one events, so for any scheme but ``"printone"`` the view receives the verified raw body
(``bytes``) instead of an ``Event``; ``parse_event=True``/``False`` overrides that choice.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Optional

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from ._common import (
    SchemeName,
    SecretOrWebhook,
    Tolerance,
    as_webhook,
    error_body,
    parses_event,
    status_for,
    verified,
)
from ._errors import WebhookError

__all__ = ["webhook_view"]


def webhook_view(
    secret: SecretOrWebhook,
    *,
    scheme: Optional[SchemeName] = None,
    tolerance: Tolerance = None,
    parse_event: Optional[bool] = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorates a Django view ``def view(request, event, *args, **kwargs)`` (sync or async).

    ``secret``: a secret, a list of secrets (rotation) or a ``hookproof.Webhook``; ``scheme`` and
    ``tolerance`` are ``Webhook``'s (only with a secret). ``event`` is the ``hookproof.Event`` for
    the Print.one scheme, the verified raw body (bytes) for the others, unless ``parse_event``.
    """
    webhook = as_webhook(secret, scheme, tolerance)
    parse = parses_event(webhook, parse_event)

    def check(request: HttpRequest) -> Any:
        try:
            event = verified(webhook, parse, request.body, request.headers)
        except WebhookError as error:
            return None, JsonResponse(error_body(error), status=status_for(error))
        request.webhook_event = event
        return event, None

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        if inspect.iscoroutinefunction(view):

            @functools.wraps(view)
            async def async_wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
                event, rejection = check(request)
                if rejection is not None:
                    return rejection
                return await view(request, event, *args, **kwargs)

            exempt_async: Callable[..., Any] = csrf_exempt(async_wrapper)
            return exempt_async

        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            event, rejection = check(request)
            if rejection is not None:
                return rejection
            return view(request, event, *args, **kwargs)

        exempt: Callable[..., Any] = csrf_exempt(wrapper)
        return exempt

    return decorate
