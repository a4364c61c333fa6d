"""hookproof for Flask (``pip install hookproof[flask]``): a view decorator.

>>> from flask import Flask
>>> from hookproof.flask import webhook_view
>>> app = Flask(__name__)
>>> @app.post("/webhooks/printone")
... @webhook_view("my-webhook-secret")
... def receive(event):
...     return {"received": event.event}

The view runs only for authentic, new requests and receives the ``hookproof.Event`` as its
first argument (URL parameters follow as keyword arguments); the event is also
``flask.g.webhook_event``. Other requests get ``{"code": ..., "message": ...}`` with the core's
status for the error (401 for a bad signature, 400 ``invalid_payload``, 413 ``body_too_large``,
503 ``store_unavailable``). The body is read raw within the size limit (``body_limit``, default
1 MiB, enforced by Werkzeug while it streams: never ``request.json`` or ``request.form``, which
parse it), and every header is passed as received.

Options: ``scheme``, ``tolerance``, ``max_age``, ``parse_event``, ``body_limit``, ``replay``
(True, a ``ReplayGuard``, a ``MemoryStore`` or a Redis client: a duplicate is answered 200
``{"duplicate": true}`` without running the view; a view that raises releases the claim),
``background`` (True or a ``Background``: answer 200 first, then run the view on a bounded
thread pool once the response has been sent; its return value is ignored). For a scheme without
a typed event the view receives the verified raw body (``bytes``).
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Optional, Union

from flask import g, jsonify, make_response, request
from werkzeug.exceptions import RequestEntityTooLarge

from ._errors import WebhookError
from ._names import SchemeName
from ._receiver import DUPLICATE_BODY, Background, Receiver, SecretOrWebhook, Seconds

__all__ = ["webhook_view"]


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
    """Decorates a Flask view ``def view(event, **url_params)``; see the module docs."""
    receiver = Receiver(secret, scheme=scheme, tolerance=tolerance, max_age=max_age, parse_event=parse_event,
                        body_limit=body_limit, replay=replay, background=background, who="webhook_view")

    def rejected(error: WebhookError) -> Any:
        response = jsonify(receiver.error_body(error))
        response.status_code = receiver.status(error)
        return response

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            # `request` is a context-local proxy that costs a lookup on every attribute: resolve
            # it once per request.
            req = request._get_current_object()  # type: ignore[attr-defined]
            try:
                if receiver.check_length(req.environ.get("CONTENT_LENGTH")) is None:
                    # No declared length (chunked): Werkzeug enforces the limit while it streams
                    # the body, and stops reading there. A declared one, within the limit, is
                    # where the server ends the body already (and a limit would make Werkzeug
                    # read it in pieces: measurably slower under gunicorn).
                    req.max_content_length = receiver.body_limit
                try:
                    # cache=True keeps the bytes for the view; parse_form_data=False keeps a
                    # form-encoded body from being consumed by the form parser before it is verified.
                    body = req.get_data(cache=True, parse_form_data=False)
                except RequestEntityTooLarge:
                    raise receiver.too_large() from None
                accepted = receiver.accept(body, req.headers)
            except WebhookError as error:
                return rejected(error)
            if accepted is None:
                return jsonify(DUPLICATE_BODY)
            g.webhook_event = accepted.verified
            call = (accepted.verified, *args)
            if receiver.background is not None:
                response = jsonify({"received": True})
                background_runner = receiver.background
                # Runs once the WSGI server has sent the response and closes it.
                response.call_on_close(
                    lambda: background_runner.submit(lambda *a: view(*a, **kwargs), call, accepted.verified,
                                                     accepted.claim)
                )
                return response
            if accepted.claim is None:
                # Nothing to release if the view fails or answers an error: Flask turns the return
                # value into the response as it does for any view.
                return view(*call, **kwargs)
            answer = make_response(receiver.run(lambda *a: view(*a, **kwargs), call, accepted))
            receiver.settle(accepted, answer.status_code)
            return answer

        wrapper.receiver = receiver  # type: ignore[attr-defined]
        return wrapper

    return decorate
