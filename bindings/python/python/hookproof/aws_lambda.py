"""hookproof for AWS Lambda behind API Gateway (REST or HTTP API), a function URL or an
Application Load Balancer.

>>> from hookproof.aws_lambda import webhook_handler
>>> @webhook_handler("my-webhook-secret")
... def handler(event, request):
...     return {"received": event.event}

The core decodes the Lambda event (``hookproof::lambda``): a body that API Gateway or the ALB
base64-encoded is verified as the bytes it encodes, never as the base64 text, and headers are
read from where each event shape keeps every value. ``handler(event, request)`` gets the typed
event (the verified raw ``bytes`` for schemes without one, or with ``parse_event=False``) and a
``LambdaRequest`` (``source``, ``method``, ``path``, ``headers``, ``body``, ``lambda_event``,
``context``). The function answers in the event's own shape: 204 if the handler returns None,
200 with the JSON it returns otherwise, the core's status with ``{"code", "message"}`` for a
rejected request, 200 ``{"duplicate": true}`` for a duplicate (``replay``), and 200 to an ALB
health check (without verifying).

There is no ``background``: Lambda freezes the function once it returns, so work left running
would not run. Finish it, or queue it (SQS, EventBridge) and return.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any, Callable, Optional, Union

from . import _hookproof
from ._errors import WebhookError
from ._names import SchemeName
from ._receiver import DUPLICATE_BODY, Receiver, SecretOrWebhook, Seconds, Verified

__all__ = ["LambdaRequest", "webhook_handler"]


@dataclass(frozen=True)
class LambdaRequest:
    """The request as the sender made it, decoded from the Lambda event."""

    #: ``rest_api``, ``http_api``, ``alb`` or ``alb_multi_value``.
    source: str
    method: str
    path: str
    headers: list[tuple[str, str]]
    #: The exact signed bytes (base64-decoded if the event was encoded).
    body: bytes
    lambda_event: dict[str, Any]
    context: Any


def _answer(source: str, status: int, body: Any = None) -> dict[str, Any]:
    text = "" if body is None or status == 204 else json.dumps(body)
    answer: dict[str, Any] = json.loads(_hookproof.lambda_response(source, status, text))
    return answer


Handler = Callable[[Verified, LambdaRequest], Any]


def webhook_handler(
    secret: SecretOrWebhook,
    *,
    scheme: Optional[SchemeName] = None,
    tolerance: Seconds = None,
    max_age: Seconds = None,
    parse_event: Optional[bool] = None,
    body_limit: Union[int, str, None] = None,
    replay: Any = None,
) -> Callable[[Handler], Callable[[dict[str, Any], Any], dict[str, Any]]]:
    """Decorates ``handler(event, request)`` into a Lambda function ``(lambda_event, context)``;
    see the module docs."""
    receiver = Receiver(secret, scheme=scheme, tolerance=tolerance, max_age=max_age, parse_event=parse_event,
                        body_limit=body_limit, replay=replay, who="hookproof.aws_lambda")

    def decorate(handler: Handler) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
        @functools.wraps(handler)
        def function(lambda_event: dict[str, Any], context: Any = None) -> dict[str, Any]:
            if not isinstance(lambda_event, dict):
                raise TypeError(f"hookproof.aws_lambda: the event must be a dict, not {type(lambda_event).__qualname__}")
            text = json.dumps(lambda_event).encode()
            try:
                source, method, path, headers, body, health = _hookproof.lambda_request(text, receiver.body_limit)
            except WebhookError as error:
                if error.code == "invalid_argument":
                    raise  # not an HTTP event: the function is wired to the wrong trigger
                refused_source = _hookproof.lambda_source(text) or "rest_api"
                return _answer(refused_source, receiver.status(error), receiver.error_body(error))
            if health is not None:
                answer: dict[str, Any] = json.loads(health)
                return answer
            try:
                accepted = receiver.accept(body, headers)
            except WebhookError as error:
                return _answer(source, receiver.status(error), receiver.error_body(error))
            if accepted is None:
                return _answer(source, 200, DUPLICATE_BODY)
            request = LambdaRequest(source, method, path, headers, body, lambda_event, context)
            value = receiver.run(handler, (accepted.verified, request), accepted)
            return _answer(source, 204) if value is None else _answer(source, 200, value)

        return function

    return decorate
