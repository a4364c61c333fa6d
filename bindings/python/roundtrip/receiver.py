#!/usr/bin/env python3
"""The Python receivers of the round-trip harness (tests/roundtrip): one program, every helper.

    .venv/bin/python bindings/python/roundtrip/receiver.py --framework fastapi --port P --secret-file F
        [--replay memory|redis://...] [--count-file PATH] [--flaky] [--slow-ms 1500]
        [--max-concurrent 3] [--body-limit 1mb] [--idle-timeout 60]

Frameworks: fastapi, starlette, flask and django (under Werkzeug's threaded WSGI server),
aiohttp, and lambda (``hookproof.aws_lambda`` behind a small adapter that turns each HTTP request
into one of AWS's event shapes, in turn, the body base64-encoded as API Gateway does for binary
content types). Every one serves the harness's contract (tests/roundtrip/receivers.json):

- ``POST /events``: the helper with the typed event (and the replay guard with ``--replay``);
  the handler appends ``handled <sha256 of the body>`` to ``--count-file``, and with ``--flaky``
  fails the first time it sees one body in ten (by its digest), so that the sender's retry is
  what processes it.
- ``POST /raw``: verifies arbitrary bytes (``parse_event=False``): 204.
- ``POST /later``: answers first (``Background``, at most ``--max-concurrent`` handlers at once);
  the handler sleeps ``--slow-ms`` and fails for events whose data has ``"fail": true`` (the
  error hook counts it).
- ``GET /stats``: ``{"peak", "done", "errors"}`` of /later.

Exits by itself after ``--idle-timeout`` seconds without a request.
"""


# (No `from __future__ import annotations`: FastAPI reads the endpoints' annotations at run time.)
import argparse
import asyncio
import base64
import hashlib
import json
import os
import sys
import threading
import time
from typing import Any

import hookproof
from hookproof import Background, MemoryStore, ReplayGuard


class Work:
    """What the handlers do, the same in every framework."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.count_file = args.count_file
        self.flaky = args.flaky
        self.slow = args.slow_ms / 1000
        self.lock = threading.Lock()
        self.failed: set[str] = set()
        self.done = 0
        self.errors = 0
        self.background = Background(max_concurrent=args.max_concurrent, on_error=self.on_error)
        self.last = time.monotonic()

    def touch(self) -> None:
        self.last = time.monotonic()

    def record(self, line: str) -> None:
        if self.count_file:
            with self.lock, open(self.count_file, "a") as out:
                out.write(line + "\n")

    def handle(self, event: Any, body: bytes) -> dict[str, Any]:
        digest = hashlib.sha256(body).hexdigest()
        with self.lock:
            fail = self.flaky and digest[:2] < "1a" and digest not in self.failed
            if fail:
                self.failed.add(digest)
        if fail:
            raise RuntimeError("flaky handler: fails the first time (the sender's retry is processed)")
        self.record(f"handled {digest}")
        return {"received": event.event if isinstance(event, hookproof.Event) else "raw", "digest": digest}

    def later(self, event: Any) -> None:
        time.sleep(self.slow)
        self.finish(event)

    async def later_async(self, event: Any) -> None:
        await asyncio.sleep(self.slow)
        self.finish(event)

    def finish(self, event: Any) -> None:
        if isinstance(event.data, dict) and event.data.get("fail"):
            raise RuntimeError("a late failure (after the answer)")
        with self.lock:
            self.done += 1

    def on_error(self, error: BaseException, event: Any) -> None:
        with self.lock:
            self.errors += 1

    def stats(self) -> dict[str, int]:
        return {"peak": self.background.peak, "done": self.done, "errors": self.errors}


def replay_store(spec: str | None, asyncio_client: bool) -> Any:
    if spec is None:
        return None
    if spec == "memory":
        return ReplayGuard(MemoryStore())
    if asyncio_client:
        import redis.asyncio as aioredis

        return ReplayGuard(aioredis.Redis.from_url(spec, socket_timeout=2, socket_connect_timeout=2))
    import redis

    return ReplayGuard(redis.Redis.from_url(spec, socket_timeout=2, socket_connect_timeout=2))


# --- the apps --------------------------------------------------------------------------------


def fastapi_app(args: argparse.Namespace, work: Work) -> Any:
    from fastapi import Depends, FastAPI, Request
    from fastapi.responses import JSONResponse, Response

    from hookproof.fastapi import WebhookHTTPException, rejection_handler, webhook_event, webhook_endpoint

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.add_exception_handler(WebhookHTTPException, rejection_handler)
    options = {"body_limit": args.body_limit}
    events = webhook_event(args.secret, replay=replay_store(args.replay, True), **options)
    raw = webhook_event(args.secret, parse_event=False, **options)

    @app.post("/events")
    async def receive(request: Request, event: hookproof.Event = Depends(events, scope="function")) -> Any:
        return work.handle(event, await request.body())

    @app.post("/raw")
    async def receive_raw(body: bytes = Depends(raw)) -> Response:
        return Response(status_code=204)

    @webhook_endpoint(args.secret, background=work.background, **options)
    async def later(request: Any, event: Any) -> None:
        await work.later_async(event)

    app.post("/later")(later)

    @app.get("/stats")
    async def stats() -> Any:
        return JSONResponse(work.stats())

    return app


def starlette_app(args: argparse.Namespace, work: Work) -> Any:
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    from hookproof.starlette import webhook_endpoint

    options = {"body_limit": args.body_limit}

    @webhook_endpoint(args.secret, replay=replay_store(args.replay, True), **options)
    async def events(request: Any, event: Any) -> Any:
        return JSONResponse(work.handle(event, await request.body()))

    @webhook_endpoint(args.secret, parse_event=False, **options)
    async def raw(request: Any, body: bytes) -> Any:
        return Response(status_code=204)

    @webhook_endpoint(args.secret, background=work.background, **options)
    async def later(request: Any, event: Any) -> None:
        await work.later_async(event)

    async def stats(request: Any) -> Any:
        return JSONResponse(work.stats())

    return Starlette(routes=[
        Route("/events", events, methods=["POST"]), Route("/raw", raw, methods=["POST"]),
        Route("/later", later, methods=["POST"]), Route("/stats", stats, methods=["GET"]),
    ])


def flask_app(args: argparse.Namespace, work: Work) -> Any:
    from flask import Flask, request

    from hookproof.flask import webhook_view

    app = Flask("hookproof-roundtrip")
    options = {"body_limit": args.body_limit}

    @app.post("/events")
    @webhook_view(args.secret, replay=replay_store(args.replay, False), **options)
    def events(event: Any) -> Any:
        return work.handle(event, request.get_data(cache=True))

    @app.post("/raw")
    @webhook_view(args.secret, parse_event=False, **options)
    def raw(body: bytes) -> Any:
        return "", 204

    @app.post("/later")
    @webhook_view(args.secret, background=work.background, **options)
    def later(event: Any) -> None:
        work.later(event)

    @app.get("/stats")
    def stats() -> Any:
        return work.stats()

    return app


def django_app(args: argparse.Namespace, work: Work) -> Any:
    import django
    from django.conf import settings

    settings.configure(DEBUG=False, SECRET_KEY="roundtrip-only", ROOT_URLCONF=__name__, ALLOWED_HOSTS=["127.0.0.1"],
                       MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"], INSTALLED_APPS=[])
    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.http import HttpResponse, JsonResponse
    from django.urls import path

    from hookproof.django import webhook_view

    options = {"body_limit": args.body_limit}

    @webhook_view(args.secret, replay=replay_store(args.replay, False), **options)
    def events(request: Any, event: Any) -> Any:
        return JsonResponse(work.handle(event, request.body))

    @webhook_view(args.secret, parse_event=False, **options)
    def raw(request: Any, body: bytes) -> Any:
        return HttpResponse(status=204)

    @webhook_view(args.secret, background=work.background, **options)
    def later(request: Any, event: Any) -> None:
        work.later(event)

    def stats(request: Any) -> Any:
        return JsonResponse(work.stats())

    global urlpatterns
    urlpatterns = [path("events", events), path("raw", raw), path("later", later), path("stats", stats)]
    return WSGIHandler()


urlpatterns: list[Any] = []


def aiohttp_app(args: argparse.Namespace, work: Work) -> Any:
    from aiohttp import web

    from hookproof.aiohttp import webhook_handler

    options = {"body_limit": args.body_limit}

    @webhook_handler(args.secret, replay=replay_store(args.replay, True), **options)
    async def events(request: Any, event: Any) -> Any:
        return web.json_response(work.handle(event, await request.read()))

    @webhook_handler(args.secret, parse_event=False, **options)
    async def raw(request: Any, body: bytes) -> Any:
        return web.Response(status=204)

    @webhook_handler(args.secret, background=work.background, **options)
    async def later(request: Any, event: Any) -> None:
        await work.later_async(event)

    async def stats(request: Any) -> Any:
        return web.json_response(work.stats())

    @web.middleware
    async def touch(request: Any, handler: Any) -> Any:
        work.touch()
        return await handler(request)

    app = web.Application(middlewares=[touch], client_max_size=1 << 40)  # hookproof's limit holds
    app.router.add_post("/events", events)
    app.router.add_post("/raw", raw)
    app.router.add_post("/later", later)
    app.router.add_get("/stats", stats)
    return app


# --- servers ---------------------------------------------------------------------------------


def touching_wsgi(app: Any, work: Work) -> Any:
    def wrapped(environ: Any, start_response: Any) -> Any:
        work.touch()
        return app(environ, start_response)

    return wrapped


def touching_asgi(app: Any, work: Work) -> Any:
    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            work.touch()
        await app(scope, receive, send)

    return wrapped


def serve_wsgi(app: Any, port: int, work: Work) -> None:
    from werkzeug.serving import WSGIRequestHandler, make_server

    WSGIRequestHandler.log_request = lambda *a, **k: None  # type: ignore[method-assign]
    make_server("127.0.0.1", port, touching_wsgi(app, work), threaded=True).serve_forever()


def serve_asgi(app: Any, port: int, work: Work) -> None:
    import uvicorn

    uvicorn.run(touching_asgi(app, work), host="127.0.0.1", port=port, log_level="warning", access_log=False,
                lifespan="off")


def serve_aiohttp(app: Any, port: int, work: Work) -> None:
    from aiohttp import web

    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


# --- Lambda behind an adapter ----------------------------------------------------------------

SHAPES = ["rest_api", "http_api", "alb", "alb_multi_value"]


def lambda_event(shape: str, method: str, path: str, headers: list[tuple[str, str]], body: bytes) -> dict[str, Any]:
    """The event AWS would hand the function for this request (the body base64-encoded, as API
    Gateway and the ALB do for any content type they consider binary)."""
    encoded = base64.b64encode(body).decode()
    single = {name: value for name, value in headers}  # the last value of a repeated header
    multi: dict[str, list[str]] = {}
    for name, value in headers:
        multi.setdefault(name, []).append(value)
    if shape == "http_api":
        joined = {name.lower(): ",".join(values) for name, values in multi.items()}
        return {"version": "2.0", "rawPath": path, "headers": joined, "body": encoded, "isBase64Encoded": True,
                "requestContext": {"http": {"method": method, "path": path}}}
    if shape == "rest_api":
        return {"httpMethod": method, "path": path, "headers": single, "multiValueHeaders": multi,
                "requestContext": {"stage": "prod"}, "body": encoded, "isBase64Encoded": True}
    event: dict[str, Any] = {"httpMethod": method, "path": path, "requestContext": {"elb": {"targetGroupArn": "arn"}},
                             "body": encoded, "isBase64Encoded": True}
    if shape == "alb_multi_value":
        event["multiValueHeaders"] = {k.lower(): v for k, v in multi.items()}
    else:
        event["headers"] = {k.lower(): v for k, v in single.items()}
    return event


def serve_lambda(args: argparse.Namespace, port: int, work: Work) -> None:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from hookproof.aws_lambda import webhook_handler

    options = {"body_limit": args.body_limit}
    functions = {
        "/events": webhook_handler(args.secret, replay=replay_store(args.replay, False), **options)(
            lambda event, request: work.handle(event, request.body)),
        "/raw": webhook_handler(args.secret, parse_event=False, **options)(lambda body, request: None),
    }
    turn = iter(range(1 << 62))
    # Lambda takes at most 6 MB per invocation (API Gateway refuses larger requests itself);
    # below that, the helper's own limit holds.
    adapter_cap = 6 << 20

    class Adapter(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a: Any) -> None:
            pass

        def answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            work.touch()
            self.answer(200, {"content-type": "application/json"}, json.dumps(work.stats()).encode())

        def do_POST(self) -> None:
            work.touch()
            length = int(self.headers.get("Content-Length") or 0)
            function = functions.get(self.path)
            if function is None or length > adapter_cap:
                # Like API Gateway, refuse what it would not pass on, without reading it.
                self.close_connection = True
                return self.answer(413 if function else 404, {}, b"")
            body = self.rfile.read(length)
            event = lambda_event(SHAPES[next(turn) % len(SHAPES)], "POST", self.path, list(self.headers.items()), body)
            result = function(event, None)
            headers = result.get("headers") or {k: v[-1] for k, v in (result.get("multiValueHeaders") or {}).items()}
            self.answer(result["statusCode"], headers, result["body"].encode())

    ThreadingHTTPServer(("127.0.0.1", port), Adapter).serve_forever()


APPS = {"fastapi": fastapi_app, "starlette": starlette_app, "flask": flask_app, "django": django_app,
        "aiohttp": aiohttp_app}
SERVERS = {"fastapi": serve_asgi, "starlette": serve_asgi, "flask": serve_wsgi, "django": serve_wsgi,
           "aiohttp": serve_aiohttp}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--framework", required=True, choices=[*APPS, "lambda"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret")
    parser.add_argument("--secret-file")
    parser.add_argument("--replay")
    parser.add_argument("--count-file")
    parser.add_argument("--flaky", action="store_true")
    parser.add_argument("--slow-ms", type=int, default=1500)
    parser.add_argument("--max-concurrent", type=int, default=3)
    parser.add_argument("--body-limit", default="1mb")
    parser.add_argument("--idle-timeout", type=float, default=60.0)
    args = parser.parse_args()
    if args.secret_file:
        with open(args.secret_file) as f:
            args.secret = f.read().strip()
    if not args.secret:
        parser.error("--secret or --secret-file is required")
    work = Work(args)

    def watchdog() -> None:
        while True:
            time.sleep(0.2)
            if time.monotonic() - work.last > args.idle_timeout:
                print(f"python {args.framework} receiver idle for {args.idle_timeout:g}s: exiting", flush=True)
                os._exit(0)

    threading.Thread(target=watchdog, daemon=True).start()
    print(f"python {args.framework} receiver on http://127.0.0.1:{args.port}", flush=True)
    if args.framework == "lambda":
        serve_lambda(args, args.port, work)
    else:
        SERVERS[args.framework](APPS[args.framework](args, work), args.port, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
