"""The replay guard: a verified request is processed once, across every receiver that shares the
store.

The protocol is the core's (``hookproof::replay``): the request's replay keys come from its
signed data only; the keys are claimed atomically with a TTL before the handler runs; a duplicate
is acknowledged without running the handler; a failed handler releases the claim so that the
sender's retry is processed; a store that cannot be reached fails closed (``StoreUnavailable``,
HTTP 503), so the sender retries later. This module only sends the commands the core asks for
with the client you give it.

>>> import hookproof
>>> guard = hookproof.ReplayGuard()            # in memory: one process
>>> webhook = hookproof.Webhook("secret")
>>> body = b'{"data":{},"event":"x","created_at":"2026-11-28T10:00:00Z"}'
>>> headers = webhook.sign(body)
>>> webhook.verify(body, headers)
>>> claim = guard.claim(webhook, body, headers)
>>> claim is not None                          # new: run the handler
True
>>> guard.claim(webhook, body, headers) is None  # the same delivery again: a duplicate
True
>>> claim.release()                            # the handler failed: let the retry through
>>> guard.claim(webhook, body, headers) is not None
True

Several receivers share one Redis: ``ReplayGuard(redis.Redis(...))`` or, in async frameworks,
``ReplayGuard(redis.asyncio.Redis(...))`` with ``await guard.claim_async(...)``.
"""

from __future__ import annotations

import inspect
from datetime import timedelta
from typing import Any, Optional, Union

from . import _hookproof
from ._names import DEFAULT_REPLAY_PREFIX, DEFAULT_REPLAY_TTL

__all__ = ["ReplayGuard", "Claim", "MemoryStore"]

MemoryStore = _hookproof.MemoryStore
Seconds = Union[int, float, timedelta]


class Claim:
    """A claimed request: call ``release()`` (or ``await release_async()``) if its handler failed,
    so that the sender's retry is processed. On success, do nothing: the claim lives its TTL."""

    __slots__ = ("_guard", "_keys", "_token")

    def __init__(self, guard: "ReplayGuard", keys: Any, token: str) -> None:
        self._guard, self._keys, self._token = guard, keys, token

    def release(self) -> None:
        """Frees the claim (sync stores and clients)."""
        self._guard._release(self._keys, self._token)

    async def release_async(self) -> None:
        """Frees the claim (any store or client, sync or asyncio)."""
        await self._guard._release_async(self._keys, self._token)

    def __repr__(self) -> str:
        return f"Claim({self._keys!r})"


class ReplayGuard:
    """Claims verified requests before their handler runs; see the module docs.

    ``store``: a ``MemoryStore`` (the default: one process, bounded, with TTLs), a ``redis.Redis``
    or a ``redis.asyncio.Redis`` client (several receivers, one Redis; any client with
    ``execute_command`` works). ``ttl``: how long a claim lives (seconds or a timedelta; default one
    day). ``prefix``: the Redis key prefix.
    """

    def __init__(
        self,
        store: Any = None,
        *,
        ttl: Seconds = DEFAULT_REPLAY_TTL,
        prefix: str = DEFAULT_REPLAY_PREFIX,
    ) -> None:
        self.store = MemoryStore() if store is None else store
        if not isinstance(self.store, MemoryStore) and not hasattr(self.store, "execute_command"):
            raise TypeError(
                "store must be a hookproof.MemoryStore or a Redis client with execute_command "
                f"(redis.Redis, redis.asyncio.Redis), not {type(self.store).__qualname__}"
            )
        self.ttl = ttl
        self.prefix = prefix
        # The core checks the TTL (a claim reads it): fail at setup, not on the first request.
        _hookproof.RedisClaim(_PROBE_KEYS, prefix, ttl)

    @property
    def is_async(self) -> bool:
        """True for an asyncio client: use ``claim_async``."""
        execute = getattr(self.store, "execute_command", None)
        return execute is not None and inspect.iscoroutinefunction(execute)

    def claim(self, webhook: _hookproof.Webhook, body: Any, headers: Any) -> Optional[Claim]:
        """Claims a verified request: a ``Claim`` if it is new, None for a duplicate. Raises
        ``StoreUnavailable`` if the store cannot be reached (answer 503)."""
        keys = webhook.replay_keys(body, headers)
        if isinstance(self.store, MemoryStore):
            token = self.store.claim(keys, self.ttl)
            return None if token is None else Claim(self, keys, token)
        if self.is_async:
            raise TypeError("this guard's Redis client is asyncio: use `await guard.claim_async(...)`")
        claim = _hookproof.RedisClaim(keys, self.prefix, self.ttl)
        while (command := claim.command()) is not None:
            reply = self._send(claim, command)
            if inspect.isawaitable(reply):
                raise TypeError("this guard's Redis client is asyncio: use `await guard.claim_async(...)`")
            claim.reply(reply)
        token = claim.outcome()
        return None if token is None else Claim(self, keys, token)

    async def claim_async(self, webhook: _hookproof.Webhook, body: Any, headers: Any) -> Optional[Claim]:
        """``claim`` for async frameworks: works with every store and client."""
        keys = webhook.replay_keys(body, headers)
        if isinstance(self.store, MemoryStore):
            token = self.store.claim(keys, self.ttl)
            return None if token is None else Claim(self, keys, token)
        claim = _hookproof.RedisClaim(keys, self.prefix, self.ttl)
        while (command := claim.command()) is not None:
            reply = self._send(claim, command)
            if inspect.isawaitable(reply):
                try:
                    reply = await reply
                except Exception as error:  # the client failed: nothing was decided
                    claim.fail(_describe(error))
            claim.reply(reply)
        token = claim.outcome()
        return None if token is None else Claim(self, keys, token)

    def _send(self, claim: Any, command: list[str]) -> Any:
        try:
            return self.store.execute_command(*command)  # type: ignore[union-attr]
        except Exception as error:  # the client failed: nothing was decided
            claim.fail(_describe(error))

    def _release(self, keys: Any, token: str) -> None:
        if isinstance(self.store, MemoryStore):
            self.store.release(keys, token)
            return
        for command in _hookproof.redis_release_commands(keys, self.prefix, token):
            try:
                self.store.execute_command(*command)
            except Exception as error:
                raise _hookproof.store_unavailable(_describe(error)) from None

    async def _release_async(self, keys: Any, token: str) -> None:
        if isinstance(self.store, MemoryStore):
            self.store.release(keys, token)
            return
        for command in _hookproof.redis_release_commands(keys, self.prefix, token):
            try:
                reply = self.store.execute_command(*command)
                if inspect.isawaitable(reply):
                    await reply
            except Exception as error:
                raise _hookproof.store_unavailable(_describe(error)) from None

    def __repr__(self) -> str:
        return f"ReplayGuard(store={type(self.store).__qualname__}, ttl={self.ttl!r})"


def _describe(error: BaseException) -> str:
    # The core removes credentials from the message and bounds it.
    return f"{type(error).__name__}: {error}"


def _probe_keys() -> Any:
    webhook = _hookproof.Webhook("hookproof-probe")
    return webhook.replay_keys(b"{}", webhook.sign(b"{}"))


_PROBE_KEYS = _probe_keys()
