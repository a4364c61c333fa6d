"""Type stubs for the native module (re-exported by ``hookproof``); checked against the compiled
module by ``mypy.stubtest`` in bindings/python/test.sh."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Final, Optional, Union, final

from ._errors import WebhookError
from ._names import ErrorCode, SchemeName

_Body = Union[bytes, bytearray, memoryview, str]
# Unix seconds, or a timezone-aware datetime (a naive one raises ValueError).
_UnixTime = Union[int, float, datetime]
_Seconds = Union[int, float, timedelta]
_Secret = Union[str, bytes]
_HeaderText = Union[str, bytes]
_Headers = Union[
    Mapping[str, Union[_HeaderText, Sequence[_HeaderText]]],
    Mapping[bytes, Union[_HeaderText, Sequence[_HeaderText]]],
    Iterable[tuple[_HeaderText, _HeaderText]],
    Iterable[Sequence[_HeaderText]],
    Any,  # Starlette/Werkzeug/Django header objects, multidict, ...
]

__all__ = [
    "verify", "sign", "Webhook", "Event", "ReplayKeys", "MemoryStore", "RedisClaim", "redis_release_commands",
    "store_unavailable", "body_limit", "check_content_length", "body_too_large", "raw_body_unavailable",
    "overloaded", "http_status", "lambda_request", "lambda_source", "lambda_response", "CODES", "SCHEMES", "GIL_RELEASE_THRESHOLD", "DEFAULT_BODY_LIMIT",
    "DEFAULT_REPLAY_TTL", "__version__", "_panic_for_tests",
]

CODES: Final[tuple[ErrorCode, ...]]
SCHEMES: Final[tuple[SchemeName, ...]]
GIL_RELEASE_THRESHOLD: Final[int]
DEFAULT_BODY_LIMIT: Final[int]
DEFAULT_REPLAY_TTL: Final[int]
__version__: Final[str]

def verify(body: _Body, signature: Union[str, bytes, None], secret: _Secret) -> bool:
    """The one-shot Print.one check: True only for a valid signature.

    Raises InvalidSecret for an unusable secret, TypeError for wrong argument types.
    """

def sign(body: _Body, secret: _Secret) -> str:
    """The Print.one signature (base64 HMAC-SHA256) of ``body`` under ``secret``."""

@final
class Event:
    """A verified event of a scheme with a typed event (Print.one)."""

    @property
    def event(self) -> str:
        """The event name, e.g. ``"order_status_update"`` (unknown names are kept)."""
    @property
    def known(self) -> bool:
        """True if the provider documents this event (see ``hookproof.printone``)."""
    @property
    def data(self) -> Any:
        """The event's object as Python values (usually a dict), in the sender's order."""
    @property
    def created_at(self) -> datetime:
        """When the event was created: a timezone-aware UTC datetime (millisecond precision)."""
    @property
    def raw_created_at(self) -> str:
        """``created_at`` exactly as sent."""

@final
class ReplayKeys:
    """The replay keys of a verified request (digests of its signed data)."""

    @property
    def hex(self) -> tuple[str, ...]: ...

@final
class Webhook:
    """A reusable verifier with keys prepared once; several secrets for rotation."""

    def __new__(
        cls,
        secret: Union[_Secret, Iterable[_Secret]],
        *,
        scheme: Optional[SchemeName] = None,
        tolerance: Optional[_Seconds] = None,
        max_age: Optional[_Seconds] = None,
    ) -> Webhook: ...
    def verify(self, body: _Body, headers: _Headers, now: Optional[_UnixTime] = None) -> None:
        """Returns None for an authentic request; raises a WebhookError subclass otherwise."""
    def construct_event(self, body: _Body, headers: _Headers, now: Optional[_UnixTime] = None) -> Any:
        """Verifies, then parses: an ``Event`` for a scheme with a typed event, the JSON otherwise."""
    def sign(
        self, body: _Body, *, timestamp: Optional[_UnixTime] = None, msg_id: Optional[str] = None
    ) -> dict[str, str]:
        """The headers a sender attaches to ``body`` (name -> value), signed with the first secret."""
    def replay_keys(self, body: _Body, headers: _Headers) -> ReplayKeys:
        """The replay keys of a verified request."""
    def http_status(self, error: Union[WebhookError, str]) -> int:
        """The HTTP status for an error (or its code) in this scheme."""
    @property
    def scheme(self) -> SchemeName: ...
    @property
    def typed_event(self) -> bool: ...
    @property
    def tolerance(self) -> float: ...
    @property
    def max_age(self) -> Optional[float]: ...

@final
class MemoryStore:
    """Replay claims in this process's memory, bounded, with TTLs."""

    def __new__(cls, max_entries: int = 100000) -> MemoryStore: ...
    def claim(self, keys: ReplayKeys, ttl: _Seconds) -> Optional[str]: ...
    def release(self, keys: ReplayKeys, token: str) -> None: ...
    def stats(self) -> tuple[int, int]: ...

@final
class RedisClaim:
    """A claim in Redis as the core runs it: send ``command()`` until None, ``reply`` each answer."""

    def __new__(cls, keys: ReplayKeys, prefix: str, ttl: _Seconds) -> RedisClaim: ...
    def command(self) -> Optional[list[str]]: ...
    def reply(self, value: Any) -> None: ...
    def fail(self, message: str) -> None: ...
    def outcome(self) -> Optional[str]: ...

def redis_release_commands(keys: ReplayKeys, prefix: str, token: str) -> list[list[str]]: ...
def store_unavailable(message: str) -> WebhookError: ...
def body_limit(value: Union[int, float, str, None] = None) -> int: ...
def check_content_length(value: Union[str, bytes, None], limit: int) -> Optional[int]: ...
def body_too_large(limit: int) -> WebhookError: ...
def raw_body_unavailable() -> WebhookError: ...
def overloaded(pending: int) -> WebhookError: ...
def lambda_request(
    event_json: bytes, limit: int
) -> tuple[str, str, str, list[tuple[str, str]], bytes, Optional[str]]: ...
def lambda_source(event_json: bytes) -> Optional[str]: ...
def lambda_response(source: str, status: int, body: str) -> str: ...
def http_status(code: str, scheme: Optional[str] = None) -> int: ...
def _panic_for_tests(body: Optional[_Body] = None) -> None: ...
