"""The exceptions hookproof raises: one base class, one subclass per stable error code.

The codes come from the Rust core (``hookproof.CODES``); the native module looks the class up in
``_BY_CODE`` when it converts a core error, so every core error becomes exactly one of these.
"""

from __future__ import annotations

__all__ = [
    "WebhookError",
    "MissingSignature",
    "MalformedSignature",
    "SignatureMismatch",
    "MissingTimestamp",
    "TimestampTooOld",
    "TimestampTooNew",
    "InvalidSecret",
    "InvalidPayload",
]


class WebhookError(Exception):
    """A webhook was not accepted. ``.code`` is stable and machine-readable; ``.message`` (also
    ``str(err)``) says what to check next. Neither ever contains a secret.

    >>> import hookproof
    >>> try:
    ...     hookproof.Webhook("secret").verify(b"{}", {"x-webhook-hmac-sha256": "AAAA"})
    ... except hookproof.WebhookError as err:
    ...     print(err.code)
    malformed_signature
    """

    code: str = "webhook_error"

    def __init__(self, message: str = "") -> None:
        super().__init__(message)

    @property
    def message(self) -> str:
        """The human-readable explanation (the same as ``str(err)``)."""
        return str(self.args[0]) if self.args else ""


class MissingSignature(WebhookError):
    """No signature header on the request (check that every header is passed, and no proxy strips it)."""

    code = "missing_signature"


class MalformedSignature(WebhookError):
    """A signature header is present but is not a signature this scheme produces."""

    code = "malformed_signature"


class SignatureMismatch(WebhookError):
    """Well-formed signature, wrong MAC: the body was changed (often: parsed and re-serialized) or
    the secret is not this webhook's."""

    code = "signature_mismatch"


class MissingTimestamp(WebhookError):
    """The scheme signs a timestamp and its header is absent."""

    code = "missing_timestamp"


class TimestampTooOld(WebhookError):
    """The signed timestamp is older than the tolerance (a replay, or a slow queue)."""

    code = "timestamp_too_old"


class TimestampTooNew(WebhookError):
    """The signed timestamp is further in the future than the tolerance (clock skew)."""

    code = "timestamp_too_new"


class InvalidSecret(WebhookError):
    """The configured secret cannot be used (e.g. empty): a configuration error, not a verdict."""

    code = "invalid_secret"


class InvalidPayload(WebhookError):
    """The signature is valid but the body is not a webhook event."""

    code = "invalid_payload"


_BY_CODE: dict[str, type[WebhookError]] = {
    cls.code: cls
    for cls in (
        MissingSignature,
        MalformedSignature,
        SignatureMismatch,
        MissingTimestamp,
        TimestampTooOld,
        TimestampTooNew,
        InvalidSecret,
        InvalidPayload,
    )
}

for _cls in (WebhookError, *_BY_CODE.values()):
    _cls.__module__ = "hookproof"
del _cls
