"""hookproof for Flask (``pip install hookproof[flask]``): a view decorator.

>>> from flask import Flask
>>> from hookproof.flask import webhook_view
>>> app = Flask(__name__)
>>> @app.post("/webhooks/printone")
... @webhook_view("my-webhook-secret")
... def receive(event):
...     return {"received": event.event}

The view runs only for authentic requests and receives the ``hookproof.Event`` as its first
argument (URL parameters follow as keyword arguments); the event is also ``flask.g.webhook_event``.
Other requests get 401 (400 for ``invalid_payload``) with ``{"code": ..., "message": ...}``.
The body is read raw with ``request.get_data()`` (never ``request.json`` or ``request.form``,
which parse it), and every header is passed as received.

Other providers: ``webhook_view(secret, scheme="github")`` (``tolerance=`` too). Their bodies are
not Print.one events, so for any scheme but ``"printone"`` the view receives the verified raw body
(``bytes``) instead of an ``Event``; ``parse_event=True``/``False`` overrides that choice.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Optional

from flask import g, jsonify, request

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
    """Decorates a Flask view ``def view(event, **url_params)``; see the module docs.

    ``secret``: a secret, a list of secrets (rotation) or a ``hookproof.Webhook``; ``scheme`` and
    ``tolerance`` are ``Webhook``'s (only with a secret). ``event`` is the ``hookproof.Event`` for
    the Print.one scheme, the verified raw body (bytes) for the others, unless ``parse_event``.
    """
    webhook = as_webhook(secret, scheme, tolerance)
    parse = parses_event(webhook, parse_event)

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            # cache=True keeps the bytes for the view; parse_form_data=False keeps a form-encoded
            # body from being consumed by the form parser before it is verified.
            body = request.get_data(cache=True, parse_form_data=False)
            try:
                event = verified(webhook, parse, body, request.headers)
            except WebhookError as error:
                response = jsonify(error_body(error))
                response.status_code = status_for(error)
                return response
            g.webhook_event = event
            return view(event, *args, **kwargs)

        return wrapper

    return decorate
