"""What the framework helpers share: turning their argument into a Webhook, and an error into an
HTTP status and a JSON body."""

from __future__ import annotations

from typing import Any, Iterable, Union

from ._errors import WebhookError
from ._hookproof import Webhook

SecretOrWebhook = Union[str, bytes, Iterable[Union[str, bytes]], Webhook]


def as_webhook(secret: Any) -> Webhook:
    """``secret`` as a Webhook: a Webhook is used as is; a secret or list of secrets makes one."""
    return secret if isinstance(secret, Webhook) else Webhook(secret)


def status_for(err: WebhookError) -> int:
    """400 when the signature was valid but the body is not an event, 401 otherwise."""
    return 400 if err.code == "invalid_payload" else 401


def error_body(err: WebhookError) -> dict[str, str]:
    """The JSON error every helper returns: ``{"code": ..., "message": ...}``."""
    return {"code": err.code, "message": err.message}
