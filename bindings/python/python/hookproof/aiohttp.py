"""hookproof for aiohttp (``pip install hookproof[aiohttp]``).

>>> from aiohttp import web
>>> from hookproof.aiohttp import webhook_handler
>>> @webhook_handler("my-webhook-secret")
... async def receive(request, event):
...     return web.json_response({"received": event.event})
>>> app = web.Application()
>>> _ = app.router.add_post("/webhooks/printone", receive)

The body is read from the stream within the size limit (``body_limit``, default 1 MiB: a
larger declared or actual body is answered 413 without reading the rest), verified with every
header as received, and the handler runs only for an authentic, new request. A rejection is
``{"code": ..., "message": ...}`` with the core's status for its code.

Options (keyword-only): ``scheme``, ``tolerance``, ``max_age``, ``parse_event``, ``body_limit``,
``replay`` (True, a ``ReplayGuard``, a ``MemoryStore`` or a Redis client, sync or asyncio: a
duplicate is answered 200 ``{"duplicate": true}`` without running the handler), and
``background`` (True or a ``Background``: answer 200 first and run the handler afterwards,
bounded, failures to ``on_error``; its return value is then ignored).
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any, Awaitable, Callable, Optional, Union

from aiohttp import web

from ._errors import WebhookError
from ._names import SchemeName
from ._receiver import DUPLICATE_BODY, Background, Receiver, SecretOrWebhook, Seconds, Verified

__all__ = ["read_body", "webhook_handler"]


async def read_body(request: web.Request, receiver: Receiver) -> bytes:
    """The raw body, read within the receiver's limit (``BodyTooLarge`` past it, without reading
    the rest), and kept for ``await request.read()``."""
    receiver.check_length(request.headers.get("Content-Length"))
    chunks, size = [], 0
    async for chunk in request.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > receiver.body_limit:
            raise receiver.too_large()
        chunks.append(chunk)
    body = b"".join(chunks)
    request._read_bytes = body  # aiohttp's own cache: the handler can `await request.read()` again
    return body


Handler = Callable[[web.Request, Verified], Awaitable[web.StreamResponse]]


def webhook_handler(
    secret: SecretOrWebhook,
    *,
    scheme: Optional[SchemeName] = None,
    tolerance: Seconds = None,
    max_age: Seconds = None,
    parse_event: Optional[bool] = None,
    body_limit: Union[int, str, None] = None,
    replay: Any = None,
    background: Union[bool, Background, None] = None,
) -> Callable[[Handler], Callable[[web.Request], Awaitable[web.StreamResponse]]]:
    """Decorates ``async def handler(request, event)``; see the module docs."""
    receiver = Receiver(secret, scheme=scheme, tolerance=tolerance, max_age=max_age, parse_event=parse_event,
                        body_limit=body_limit, replay=replay, background=background, who="hookproof.aiohttp")
    tasks: set[asyncio.Task[None]] = set()  # strong references until each background run ends

    def decorate(handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        @functools.wraps(handler)
        async def wrapper(request: web.Request) -> web.StreamResponse:
            try:
                body = await read_body(request, receiver)
                accepted = await receiver.accept_async(body, request.headers)
            except WebhookError as error:
                headers = {"Connection": "close"} if error.code == "body_too_large" else None
                return web.json_response(receiver.error_body(error), status=receiver.status(error), headers=headers)
            if accepted is None:
                return web.json_response(DUPLICATE_BODY, status=200)
            if receiver.background is not None:
                answer = web.json_response({"received": True}, status=200)
                await answer.prepare(request)
                await answer.write_eof()
                # The answer is out: the handler runs from here, bounded.
                task = asyncio.ensure_future(receiver.background.run_async(
                    handler, (request, accepted.verified), accepted.verified, accepted.claim))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
                return answer
            response: web.StreamResponse = await receiver.run_async(handler, (request, accepted.verified), accepted)
            await receiver.settle_async(accepted, response.status)
            return response

        wrapper.receiver = receiver  # type: ignore[attr-defined]
        return wrapper

    return decorate
