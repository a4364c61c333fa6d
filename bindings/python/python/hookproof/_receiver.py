"""What every framework helper does with a request, written once.

A helper reads the raw body within the size limit, verifies it (with the event parsed for a
scheme with a typed event, the raw bytes otherwise), claims it with the replay guard, and then
either runs the handler before answering (the default) or answers first and runs the handler
afterwards, with a bounded number at once. Every policy in it (what is malformed, the status of
each error, the replay key, the size limit and its parsing) is the core's; this module only
wires it to Python's concurrency.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Awaitable, Callable, Iterable, Optional, Union

from . import _hookproof
from ._errors import WebhookError
from ._hookproof import Event, Webhook
from ._names import SchemeName
from ._replay import Claim, ReplayGuard

__all__ = ["Receiver", "Background", "Accepted", "DUPLICATE_BODY", "SecretOrWebhook", "Seconds", "Verified"]

SecretOrWebhook = Union[str, bytes, Iterable[Union[str, bytes]], Webhook]
Seconds = Union[int, float, timedelta, None]
#: What a helper hands the handler: the typed event, or the verified raw body.
Verified = Union[Event, bytes]
#: The answer to a duplicate delivery (with status 200: the sender must stop retrying).
DUPLICATE_BODY = {"duplicate": True}

log = logging.getLogger("hookproof")


def _what(verified: Any) -> str:
    if isinstance(verified, Event):
        return verified.event
    if isinstance(verified, (bytes, bytearray)):
        return f"{len(verified)} bytes"
    return type(verified).__name__


def _default_on_error(error: BaseException, verified: Any) -> None:
    log.error("hookproof: a webhook handler failed after its delivery was answered (%s)", _what(verified),
              exc_info=(type(error), error, error.__traceback__))


class Background:
    """Answer first, process after: the handler runs after the 2xx has been sent, at most
    ``max_concurrent`` at once; at most ``max_pending`` more wait (beyond that a delivery is
    answered 503 ``overloaded``, so the sender retries). A handler's failure goes to
    ``on_error(error, event)`` (default: logged on the ``hookproof`` logger; never swallowed
    silently) and releases its replay claim.

    Choose it when a handler may take longer than the sender waits (Print.one gives up after
    30 s): the sender sees success at once. Keep the default (synchronous) when the sender's retry
    on failure is what makes your processing reliable: with ``Background`` a failure after the
    answer is yours to handle, since the sender already saw success.
    """

    def __init__(
        self,
        *,
        max_concurrent: int = 8,
        max_pending: int = 1000,
        on_error: Optional[Callable[[BaseException, Any], Any]] = None,
    ) -> None:
        if not isinstance(max_concurrent, int) or max_concurrent < 1:
            raise ValueError("max_concurrent must be an int of at least 1")
        if not isinstance(max_pending, int) or max_pending < 0:
            raise ValueError("max_pending must be a non-negative int")
        self.max_concurrent = max_concurrent
        self.max_pending = max_pending
        self.on_error = on_error or _default_on_error
        self._slots = threading.BoundedSemaphore(max_concurrent + max_pending)
        self._executor: Optional[ThreadPoolExecutor] = None
        self._lock = threading.Lock()
        self._running = 0
        self.peak = 0  # the most handlers that ran at once (for tests and metrics)
        self._async_limit: Optional[asyncio.Semaphore] = None

    def reserve(self) -> None:
        """Takes a place in the queue before the delivery is answered, or raises ``Overloaded``."""
        if not self._slots.acquire(blocking=False):
            raise _hookproof.overloaded(self.max_pending)

    def _enter(self) -> None:
        with self._lock:
            self._running += 1
            self.peak = max(self.peak, self._running)

    def _leave(self) -> None:
        with self._lock:
            self._running -= 1
        self._slots.release()

    def _fail(self, error: BaseException, verified: Any, claim: Optional[Claim]) -> None:
        try:
            if claim is not None:
                claim.release()
        except WebhookError as release_error:
            log.error("hookproof: could not release the replay claim: %s", release_error)
        try:
            self.on_error(error, verified)
        except Exception:  # an error hook that fails must not hide the handler's failure
            log.exception("hookproof: the on_error hook failed")

    def submit(self, handler: Callable[..., Any], args: tuple[Any, ...], verified: Any, claim: Optional[Claim]) -> None:
        """Runs a sync handler on the pool (after a ``reserve``)."""
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self.max_concurrent, thread_name_prefix="hookproof")

        def job() -> None:
            self._enter()
            try:
                handler(*args)
            except BaseException as error:
                self._fail(error, verified, claim)
            finally:
                self._leave()

        self._executor.submit(job)

    async def run_async(self, handler: Callable[..., Any], args: tuple[Any, ...], verified: Any, claim: Optional[Claim]) -> None:
        """Runs a handler (async, or sync in a thread) after a ``reserve``, bounded."""
        if self._async_limit is None:
            self._async_limit = asyncio.Semaphore(self.max_concurrent)
        async with self._async_limit:
            self._enter()
            try:
                result = handler(*args) if inspect.iscoroutinefunction(handler) else await asyncio.to_thread(handler, *args)
                if inspect.isawaitable(result):
                    await result
            except BaseException as error:
                if claim is not None:
                    try:
                        await claim.release_async()
                    except WebhookError as release_error:
                        log.error("hookproof: could not release the replay claim: %s", release_error)
                    claim = None
                self._fail(error, verified, None)
            finally:
                self._leave()


@dataclass
class Accepted:
    """A verified, claimed request: what the handler gets, and the claim to release if it fails."""

    verified: Verified
    claim: Optional[Claim]

    def release(self) -> None:
        if self.claim is not None:
            self.claim.release()

    async def release_async(self) -> None:
        if self.claim is not None:
            await self.claim.release_async()


def _as_guard(replay: Any) -> Optional[ReplayGuard]:
    if replay is None or replay is False:
        return None
    if replay is True:
        return ReplayGuard()
    if isinstance(replay, ReplayGuard):
        return replay
    return ReplayGuard(replay)  # a store or a Redis client


def _as_background(background: Any) -> Optional[Background]:
    if background is None or background is False:
        return None
    if background is True:
        return Background()
    if isinstance(background, Background):
        return background
    raise TypeError(f"background must be True, False or a hookproof.Background, not {type(background).__qualname__}")


class Receiver:
    """A helper's configuration and the steps every helper takes; see the module docs.

    ``secret``: a secret, a list of secrets (rotation) or a ``hookproof.Webhook``; ``scheme``,
    ``tolerance`` and ``max_age`` are ``Webhook``'s (only with a secret: with a ready Webhook they
    raise TypeError). ``parse_event``: hand the handler the typed event (default for a scheme
    with one) or the verified raw bytes. ``body_limit``: bytes, or a size such as "1mb" (default
    1 MiB). ``replay``: True (in memory), a ``ReplayGuard``, a ``MemoryStore`` or a Redis client.
    ``background``: True or a ``Background`` to answer first and run the handler afterwards.
    """

    def __init__(
        self,
        secret: SecretOrWebhook,
        *,
        scheme: Optional[SchemeName] = None,
        tolerance: Seconds = None,
        max_age: Seconds = None,
        parse_event: Optional[bool] = None,
        body_limit: Union[int, str, None] = None,
        replay: Any = None,
        background: Any = None,
        who: str = "hookproof",
    ) -> None:
        if isinstance(secret, Webhook):
            given = [name for name, value in (("scheme", scheme), ("tolerance", tolerance), ("max_age", max_age))
                     if value is not None]
            if given:
                raise TypeError(
                    f"{who}: {', '.join(given)} configure a new Webhook: pass them to Webhook(...) "
                    "rather than together with one"
                )
            self.webhook = secret
        elif secret is None:
            raise TypeError(f"{who}: the webhook secret (or secrets, or a Webhook) is None: is the environment variable set?")
        else:
            self.webhook = Webhook(secret, scheme=scheme, tolerance=tolerance, max_age=max_age)
        self.parse_event = self.webhook.typed_event if parse_event is None else bool(parse_event)
        self.body_limit: int = _hookproof.body_limit(body_limit)
        self.replay = _as_guard(replay)
        self.background = _as_background(background)

    # -- the steps ---------------------------------------------------------------------------

    def check_length(self, content_length: Optional[str]) -> Optional[int]:
        """Refuses a declared length over the limit before a byte is read (``BodyTooLarge``);
        returns the declared length, or None when the limit must be enforced while reading."""
        return _hookproof.check_content_length(content_length, self.body_limit)

    def too_large(self) -> WebhookError:
        """The error for a body found over the limit while reading."""
        return _hookproof.body_too_large(self.body_limit)

    def verify(self, body: bytes, headers: Any) -> Verified:
        """The verified event, or the verified raw bytes; raises WebhookError."""
        if self.parse_event:
            event: Verified = self.webhook.construct_event(body, headers)
            return event
        self.webhook.verify(body, headers)
        return body

    def accept(self, body: bytes, headers: Any) -> Optional[Accepted]:
        """Verifies and claims (sync): ``Accepted``, or None for a duplicate; raises WebhookError
        (``StoreUnavailable`` for an unreachable store, ``Overloaded`` for a full queue)."""
        verified = self.verify(body, headers)
        claim = None
        if self.replay is not None:
            claim = self.replay.claim(self.webhook, body, headers)
            if claim is None:
                log.info("hookproof: a duplicate delivery was acknowledged without running the handler")
                return None
        return self._reserved(Accepted(verified, claim))

    async def accept_async(self, body: bytes, headers: Any) -> Optional[Accepted]:
        """``accept`` for async frameworks (any replay store, sync or asyncio)."""
        verified = self.verify(body, headers)
        claim = None
        if self.replay is not None:
            claim = await self.replay.claim_async(self.webhook, body, headers)
            if claim is None:
                log.info("hookproof: a duplicate delivery was acknowledged without running the handler")
                return None
        try:
            return self._reserved(Accepted(verified, claim))
        except WebhookError:
            await Accepted(verified, claim).release_async()
            raise

    def _reserved(self, accepted: Accepted) -> Accepted:
        if self.background is not None:
            try:
                self.background.reserve()
            except WebhookError:
                accepted.release()
                raise
        return accepted

    def status(self, error: WebhookError) -> int:
        """The HTTP status for ``error`` (the core's, for this scheme)."""
        return self.webhook.http_status(error)

    @staticmethod
    def error_body(error: WebhookError) -> dict[str, str]:
        """The JSON every helper answers an error with: ``{"code": ..., "message": ...}``."""
        return {"code": error.code, "message": error.message}

    @staticmethod
    def settle(accepted: Accepted, status: int) -> None:
        """After the handler answered ``status``: a delivery not answered 2xx failed, and the
        sender will retry it, so its claim is released."""
        if not 200 <= status < 300:
            accepted.release()

    @staticmethod
    async def settle_async(accepted: Accepted, status: int) -> None:
        """``settle`` for async frameworks."""
        if not 200 <= status < 300:
            await accepted.release_async()

    def run(self, handler: Callable[..., Any], args: tuple[Any, ...], accepted: Accepted) -> Any:
        """Runs a sync handler now: a failure releases the claim and propagates."""
        try:
            return handler(*args)
        except BaseException:
            accepted.release()
            raise

    async def run_async(self, handler: Callable[..., Awaitable[Any]], args: tuple[Any, ...], accepted: Accepted) -> Any:
        """Runs an async handler now: a failure releases the claim and propagates."""
        try:
            return await handler(*args)
        except BaseException:
            await accepted.release_async()
            raise
