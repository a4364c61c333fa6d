"""What the framework helpers share: turning their arguments into a Webhook, choosing what the
view receives, and turning an error into an HTTP status and a JSON body."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Iterable, Literal, Optional, Union

from ._errors import WebhookError
from ._hookproof import Event, Webhook

#: The names ``Webhook(scheme=...)`` accepts, for type checkers (the same as ``hookproof.SCHEMES``).
SchemeName = Literal["printone", "standard", "stripe", "github", "shopify", "slack"]
SecretOrWebhook = Union[str, bytes, Iterable[Union[str, bytes]], Webhook]
Tolerance = Union[int, float, timedelta, None]
#: What a helper hands the view: the Print.one event, or the verified raw body.
Verified = Union[Event, bytes]


def as_webhook(secret: Any, scheme: Optional[SchemeName] = None, tolerance: Tolerance = None) -> Webhook:
    """``secret`` as a Webhook: a Webhook is used as is; a secret or list of secrets makes one
    with ``scheme`` and ``tolerance`` (None: the defaults, "printone" and 300 s)."""
    if isinstance(secret, Webhook):
        if scheme is not None or tolerance is not None:
            raise TypeError(
                "scheme= and tolerance= configure a new Webhook: pass them to Webhook(...) "
                "rather than together with one"
            )
        return secret
    if secret is None:
        raise TypeError(
            "the webhook secret (or secrets, or a Webhook) is None: is the environment variable set?"
        )
    return Webhook(secret, scheme=scheme, tolerance=tolerance)


def parses_event(webhook: Webhook, parse_event: Optional[bool]) -> bool:
    """Whether a helper parses the body as a Print.one event: ``parse_event`` if given, else only
    for the Print.one scheme. Other providers' bodies are not Print.one events, so for them the
    helper verifies and hands the view the raw body (bytes) to parse as the provider documents."""
    return webhook.scheme == "printone" if parse_event is None else bool(parse_event)


def verified(webhook: Webhook, parse_event: bool, body: bytes, headers: Any) -> Verified:
    """The verified event (``parse_event``) or the verified raw body; raises WebhookError."""
    if parse_event:
        return webhook.construct_event(body, headers)
    webhook.verify(body, headers)
    return body


def status_for(err: WebhookError) -> int:
    """400 when the signature was valid but the body is not an event, 401 otherwise."""
    return 400 if err.code == "invalid_payload" else 401


def error_body(err: WebhookError) -> dict[str, str]:
    """The JSON error every helper returns: ``{"code": ..., "message": ...}``."""
    return {"code": err.code, "message": err.message}
