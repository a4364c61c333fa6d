"""Type stubs for the native module (re-exported by ``hookproof``)."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Final, Literal, Optional, Union, final

_Body = Union[bytes, bytearray, memoryview, str]
# The core's schemes (hookproof.SCHEMES); hookproof.SchemeName is the same Literal.
_SchemeName = Literal["printone", "standard", "stripe", "github", "shopify", "slack"]
# Unix seconds, or a timezone-aware datetime (a naive one raises ValueError).
_UnixTime = Union[int, float, datetime]
_Secret = Union[str, bytes]
_HeaderText = Union[str, bytes]
_Headers = Union[
    Mapping[str, Union[_HeaderText, Sequence[_HeaderText]]],
    Mapping[bytes, Union[_HeaderText, Sequence[_HeaderText]]],
    Iterable[tuple[_HeaderText, _HeaderText]],
    Iterable[Sequence[_HeaderText]],
    Any,  # Starlette/Werkzeug/Django header objects, multidict, ...
]

__all__ = ["verify", "sign", "Webhook", "Event", "CODES", "SCHEMES", "GIL_RELEASE_THRESHOLD", "__version__", "_panic_for_tests"]

CODES: Final[tuple[str, ...]]
SCHEMES: Final[tuple[_SchemeName, ...]]
GIL_RELEASE_THRESHOLD: Final[int]
__version__: Final[str]

def verify(body: _Body, signature: Union[str, bytes, None], secret: _Secret) -> bool:
    """The one-shot Print.one check: True only for a valid signature.

    Raises InvalidSecret if the secret is empty, TypeError for wrong argument types.
    """

def sign(body: _Body, secret: _Secret) -> str:
    """The Print.one signature (base64 HMAC-SHA256) of ``body`` under ``secret``."""

@final
class Event:
    """A verified Print.one event."""

    @property
    def event(self) -> str:
        """The event name, e.g. ``"order_status_update"`` (unknown names are kept)."""
    @property
    def data(self) -> Any:
        """The event's object as Python values (usually a dict)."""
    @property
    def created_at(self) -> datetime:
        """When the event was created: a timezone-aware UTC datetime (millisecond precision)."""
    @property
    def raw_created_at(self) -> str:
        """``created_at`` exactly as sent."""

@final
class Webhook:
    """A reusable verifier with keys prepared once; several secrets for rotation.

    ``scheme``: ``"printone"`` (default), ``"standard"`` (Standard Webhooks / Svix), ``"stripe"``,
    ``"github"``, ``"shopify"`` or ``"slack"``. ``tolerance``: seconds or a timedelta (default
    300), how far a signed timestamp may be from the clock in either direction.
    """

    def __new__(
        cls,
        secret: Union[_Secret, Iterable[_Secret]],
        *,
        scheme: Union[_SchemeName, None] = "printone",
        tolerance: Union[int, float, timedelta, None] = 300,
    ) -> Webhook: ...
    def verify(self, body: _Body, headers: _Headers, now: Union[_UnixTime, None] = None) -> None:
        """Returns None for an authentic request; raises a WebhookError subclass otherwise.

        ``now``: the receiver's clock (Unix seconds or an aware datetime); None reads the system clock.
        """
    def construct_event(self, body: _Body, headers: _Headers, now: Union[_UnixTime, None] = None) -> Event:
        """Verifies the request, then parses the body as a Print.one event (InvalidPayload if it is not one)."""
    def sign(
        self, body: _Body, *, timestamp: Union[_UnixTime, None] = None, msg_id: Union[str, None] = None
    ) -> dict[str, str]:
        """The headers a sender attaches to ``body`` (name -> value), signed with the first secret.

        ``timestamp`` (Unix seconds or an aware datetime) and ``msg_id`` apply to schemes that sign them.
        """
    @property
    def scheme(self) -> _SchemeName: ...
    @property
    def tolerance(self) -> float: ...

def _panic_for_tests(body: Optional[_Body] = None) -> None: ...
