#!/usr/bin/env python3
"""A Print.one webhook receiver in Python: FastAPI + hookproof, served by uvicorn on 127.0.0.1.

    .venv/bin/python bindings/python/roundtrip/receiver.py --port 8788 --secret S [--idle-timeout 60]

- ``POST /events``: the ``hookproof.fastapi`` dependency verifies the raw body and headers and
  parses the event: 200 ``{"received": <event>, "id": ...}``; 401 ``{"code", "message"}`` for a
  request that is not authentic; 400 ``{"code": "invalid_payload", ...}`` when the signature is
  valid but the body is not an event.
- ``POST /raw``: verifies the signature of arbitrary bytes: 204 if valid, else 401 JSON.

Prints one line per request to stdout (flushed), e.g.
``python POST /events event=order_status_update size=712 verdict=accepted code=-``, and exits by
itself after ``--idle-timeout`` seconds without a request (the round-trip harness and the demo
rely on that, so no receiver outlives them).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

import uvicorn
from fastapi import Depends, FastAPI, Request, Response

import hookproof
from hookproof.fastapi import WebhookRejected, rejection_response, webhook_event


def log(path: str, *, event: str = "-", size: int, verdict: str, code: str = "-") -> None:
    print(f"python POST {path} event={event} size={size} verdict={verdict} code={code}", flush=True)


def build_app(secret: str, state: dict) -> FastAPI:
    webhook = hookproof.Webhook(secret)
    verified_event = webhook_event(webhook)
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.exception_handler(WebhookRejected)
    async def rejected(request: Request, exc: WebhookRejected) -> Response:
        size = int(request.headers.get("content-length") or 0)
        log(request.url.path, size=size, verdict="rejected", code=exc.error.code)
        return rejection_response(exc.error)

    @app.post("/events")
    async def events(request: Request, event: hookproof.Event = Depends(verified_event)) -> dict:
        size = len(await request.body())
        log("/events", event=event.event, size=size, verdict="accepted")
        data = event.data if isinstance(event.data, dict) else {}
        return {"received": event.event, "id": data.get("id"), "created_at": event.created_at.isoformat()}

    @app.post("/raw")
    async def raw(request: Request) -> Response:
        body = await request.body()
        try:
            webhook.verify(body, request.headers)
        except hookproof.WebhookError as error:
            log("/raw", size=len(body), verdict="rejected", code=error.code)
            return rejection_response(error)
        log("/raw", size=len(body), verdict="accepted")
        return Response(status_code=204)

    async def asgi(scope, receive, send):
        # Any request, answered or not, resets the idle clock.
        if scope["type"] == "http":
            state["last"] = time.monotonic()
        await app(scope, receive, send)

    return asgi


async def serve(port: int, secret: str, idle_timeout: float) -> None:
    state = {"last": time.monotonic()}
    config = uvicorn.Config(
        build_app(secret, state), host="127.0.0.1", port=port, log_level="warning",
        access_log=False, lifespan="off",
    )
    server = uvicorn.Server(config)

    async def watchdog() -> None:
        while not server.should_exit:
            await asyncio.sleep(min(0.2, idle_timeout))
            if time.monotonic() - state["last"] > idle_timeout:
                print(f"python receiver idle for {idle_timeout:g}s: exiting", flush=True)
                server.should_exit = True

    task = asyncio.create_task(watchdog())
    try:
        await server.serve()
    finally:
        task.cancel()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--idle-timeout", type=float, default=60.0)
    args = parser.parse_args(argv)
    print(f"python receiver listening on http://127.0.0.1:{args.port}", flush=True)
    asyncio.run(serve(args.port, args.secret, args.idle_timeout))
    return 0


if __name__ == "__main__":
    sys.exit(main())
