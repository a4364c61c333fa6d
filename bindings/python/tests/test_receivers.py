"""Every Python helper on a real server of its framework, over real HTTP on 127.0.0.1.

Starlette and FastAPI under uvicorn, Flask and Django under Werkzeug's threaded WSGI server,
aiohttp under its own runner. For each: the verified event; a duplicate acknowledged without
running the handler (replay, in memory); a failing handler releasing its claim so the retry runs;
an unsigned 100 MiB POST refused with 413 without the process's memory growing by it; and
answering first: a burst of slow deliveries each answered 200 at once, every handler run
afterwards, never more at once than the bound, a late failure at the error hook.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import select
import socket
import threading
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import pytest
from conftest import SECRET
from conftest_django import configure

configure()

import hookproof  # noqa: E402
from hookproof import Background, MemoryStore, ReplayGuard  # noqa: E402

SLOW_SECONDS = 0.3
BOUND = 3


def event_body(order_id: str, fail: bool = False) -> bytes:
    data = {"id": order_id, "fail": fail}
    return json.dumps({"data": data, "event": "order_status_update", "created_at": "2026-11-28T10:00:01.250Z"},
                      separators=(",", ":")).encode()


def signed(body: bytes, secret: str = SECRET) -> dict[str, str]:
    return {"X-Webhook-Hmac-Sha256": hookproof.sign(body, secret), "Content-Type": "application/json"}


class Record:
    """What the handlers did: runs per path, background completions and failures."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.runs: dict[str, int] = {}
        self.done = 0
        self.failures: list[tuple[str, str]] = []
        self.background = Background(max_concurrent=BOUND, on_error=self.on_error)

    def ran(self, path: str) -> None:
        with self.lock:
            self.runs[path] = self.runs.get(path, 0) + 1

    def on_error(self, error: BaseException, event: Any) -> None:
        with self.lock:
            self.failures.append((str(error), event.data["id"]))

    def slow(self, event: Any) -> None:
        time.sleep(SLOW_SECONDS)
        with self.lock:
            self.done += 1
        if event.data["fail"]:
            raise RuntimeError("late failure")

    async def slow_async(self, event: Any) -> None:
        await asyncio.sleep(SLOW_SECONDS)
        with self.lock:
            self.done += 1
        if event.data["fail"]:
            raise RuntimeError("late failure")


def options(record: Record) -> dict[str, dict[str, Any]]:
    """The helper options of each route."""
    return {
        "hook": {"replay": ReplayGuard(MemoryStore()), "body_limit": "64kb"},
        "failing": {"replay": True},
        "later": {"background": record.background},
    }


# --- the apps --------------------------------------------------------------------------------


def starlette_app(record: Record) -> Any:
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from hookproof.starlette import webhook_endpoint

    opts = options(record)

    @webhook_endpoint(SECRET, **opts["hook"])
    async def hook(request: Any, event: Any) -> Any:
        record.ran("hook")
        return JSONResponse({"event": event.event, "id": event.data["id"]})

    @webhook_endpoint(SECRET, **opts["failing"])
    async def failing(request: Any, event: Any) -> Any:
        record.ran("failing")
        return JSONResponse({"failed": True}, status_code=500)

    @webhook_endpoint(SECRET, **opts["later"])
    async def later(request: Any, event: Any) -> Any:
        await record.slow_async(event)

    return Starlette(routes=[Route(f"/{n}", f, methods=["POST"]) for n, f in
                             (("hook", hook), ("failing", failing), ("later", later))])


def fastapi_app(record: Record) -> Any:
    from fastapi import Depends, FastAPI
    from fastapi.responses import JSONResponse

    from hookproof.fastapi import WebhookHTTPException, rejection_handler, webhook_event
    from hookproof.starlette import webhook_endpoint

    opts = options(record)
    app = FastAPI()
    app.add_exception_handler(WebhookHTTPException, rejection_handler)

    @app.post("/hook")
    async def hook(event: hookproof.Event = Depends(webhook_event(SECRET, **opts["hook"]), scope="function")) -> Any:
        record.ran("hook")
        return {"event": event.event, "id": event.data["id"]}

    @app.post("/failing")
    async def failing(event: hookproof.Event = Depends(webhook_event(SECRET, **opts["failing"]), scope="function")) -> Any:
        record.ran("failing")
        raise RuntimeError("handler failed")  # FastAPI answers 500; the dependency releases the claim

    @webhook_endpoint(SECRET, **opts["later"])
    async def later(request: Any, event: Any) -> Any:
        await record.slow_async(event)

    app.post("/later")(later)
    return app


def fastapi_route_app(record: Record) -> Any:
    from fastapi import FastAPI

    from hookproof.fastapi import webhook_route

    opts = options(record)
    app = FastAPI()

    @app.post("/hook")
    @webhook_route(SECRET, **opts["hook"])
    async def hook(event: hookproof.Event) -> Any:
        record.ran("hook")
        return {"event": event.event, "id": event.data["id"]}

    @app.post("/failing")
    @webhook_route(SECRET, **opts["failing"])
    async def failing(event: hookproof.Event) -> Any:
        record.ran("failing")
        raise RuntimeError("handler failed")  # FastAPI answers 500; the decorator releases the claim first

    @app.post("/later")
    @webhook_route(SECRET, **opts["later"])
    async def later(event: hookproof.Event) -> None:
        await record.slow_async(event)

    return app


def flask_app(record: Record) -> Any:
    from flask import Flask

    from hookproof.flask import webhook_view

    opts = options(record)
    app = Flask(__name__)

    @app.post("/hook")
    @webhook_view(SECRET, **opts["hook"])
    def hook(event: Any) -> Any:
        record.ran("hook")
        return {"event": event.event, "id": event.data["id"]}

    @app.post("/failing")
    @webhook_view(SECRET, **opts["failing"])
    def failing(event: Any) -> Any:
        record.ran("failing")
        return {"failed": True}, 500

    @app.post("/later")
    @webhook_view(SECRET, **opts["later"])
    def later(event: Any) -> Any:
        record.slow(event)

    return app


DJANGO_RECORD: dict[str, Record] = {}


def django_app(record: Record) -> Any:
    from django.core.handlers.wsgi import WSGIHandler
    from django.http import JsonResponse
    from django.urls import path

    from hookproof.django import webhook_view

    opts = options(record)

    @webhook_view(SECRET, **opts["hook"])
    def hook(request: Any, event: Any) -> Any:
        record.ran("hook")
        return JsonResponse({"event": event.event, "id": event.data["id"]})

    @webhook_view(SECRET, **opts["failing"])
    def failing(request: Any, event: Any) -> Any:
        record.ran("failing")
        return JsonResponse({"failed": True}, status=500)

    @webhook_view(SECRET, **opts["later"])
    def later(request: Any, event: Any) -> Any:
        record.slow(event)

    global urlpatterns
    urlpatterns = [path("hook", hook), path("failing", failing), path("later", later)]
    return WSGIHandler()


urlpatterns: list[Any] = []


def aiohttp_app(record: Record) -> Any:
    from aiohttp import web

    from hookproof.aiohttp import webhook_handler

    opts = options(record)

    @webhook_handler(SECRET, **opts["hook"])
    async def hook(request: Any, event: Any) -> Any:
        record.ran("hook")
        return web.json_response({"event": event.event, "id": event.data["id"]})

    @webhook_handler(SECRET, **opts["failing"])
    async def failing(request: Any, event: Any) -> Any:
        record.ran("failing")
        return web.json_response({"failed": True}, status=500)

    @webhook_handler(SECRET, **opts["later"])
    async def later(request: Any, event: Any) -> Any:
        await record.slow_async(event)

    app = web.Application()
    for name, handler in (("hook", hook), ("failing", failing), ("later", later)):
        app.router.add_post(f"/{name}", handler)
    return app


# --- the servers -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def uvicorn_server(app: Any) -> Iterator[int]:
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        wait_for(port)
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def wsgi_server(app: Any) -> Iterator[int]:
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(10)


@contextmanager
def django_server(app: Any) -> Iterator[int]:
    from django.test.utils import override_settings

    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["127.0.0.1"]), wsgi_server(app) as port:
        yield port


@contextmanager
def aiohttp_server(app: Any) -> Iterator[int]:
    from aiohttp import web

    port = free_port()
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app)
    loop.run_until_complete(runner.setup())
    loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def wait_for(port: int) -> None:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


SERVERS: dict[str, tuple[Callable[[Record], Any], Callable[[Any], Any]]] = {
    "starlette": (starlette_app, uvicorn_server),
    "fastapi": (fastapi_app, uvicorn_server),
    "fastapi-route": (fastapi_route_app, uvicorn_server),
    "flask": (flask_app, wsgi_server),
    "django": (django_app, django_server),
    "aiohttp": (aiohttp_app, aiohttp_server),
}


@pytest.fixture(params=sorted(SERVERS))
def served(request: Any) -> Iterator[tuple[str, int, Record]]:
    make_app, serve = SERVERS[request.param]
    record = Record()
    with serve(make_app(record)) as port:
        yield request.param, port, record


# --- the client ------------------------------------------------------------------------------


def post(port: int, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        raw = response.read()
        try:
            return response.status, json.loads(raw)
        except ValueError:
            return response.status, raw
    finally:
        connection.close()


def rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def flood(port: int, path: str, mib: int) -> int:
    """An unsigned POST declaring ``mib`` MiB: the headers first, the body only if no answer came
    within 3 s (a receiver must refuse by the declared length, before reading). Returns the status."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=15)
    try:
        head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                f"X-Webhook-Hmac-Sha256: AAAA\r\nContent-Length: {mib << 20}\r\n\r\n")
        sock.sendall(head.encode())
        chunk = b"x" * (1 << 20)
        if not select.select([sock], [], [], 3)[0]:
            for _ in range(mib):
                if select.select([sock], [], [], 0)[0]:
                    break
                try:
                    sock.sendall(chunk)
                except OSError:
                    break
        answer = sock.recv(65536).decode("latin-1")
        return int(answer.split(" ", 2)[1])
    finally:
        sock.close()


# --- the tests -------------------------------------------------------------------------------


def test_verify_replay_and_release(served: tuple[str, int, Record]) -> None:
    name, port, record = served
    body = event_body("ord_1")
    assert post(port, "/hook", body, signed(body)) == (200, {"event": "order_status_update", "id": "ord_1"})
    assert post(port, "/hook", body, signed(body)) == (200, {"duplicate": True})
    assert record.runs["hook"] == 1, name
    status, answer = post(port, "/hook", event_body("ord_2"), signed(body))
    assert (status, answer["code"]) == (401, "signature_mismatch")
    status, answer = post(port, "/hook", body, {"Content-Type": "application/json"})
    assert (status, answer["code"]) == (401, "missing_signature")
    # A handler that fails (500) releases its claim: the sender's retry runs it again.
    assert post(port, "/failing", body, signed(body))[0] == 500
    assert post(port, "/failing", body, signed(body))[0] == 500
    assert record.runs["failing"] == 2, name


def test_an_unsigned_100_mib_post_is_refused_without_buffering(served: tuple[str, int, Record]) -> None:
    name, port, _ = served
    body = b'{"pad":"' + b"x" * (80 << 10) + b'"}'  # over the 64 KiB limit, declared or not
    status, answer = post(port, "/hook", body, signed(body))
    assert (status, answer["code"]) == (413, "body_too_large"), name
    before = rss_kib()
    for _ in range(3):
        assert flood(port, "/hook", 100) == 413, name
    grown = rss_kib() - before
    assert grown < 16 * 1024, f"{name}: RSS grew by {grown} KiB over three 100 MiB floods"
    # Still answering.
    ok = event_body("ord_after")
    assert post(port, "/hook", ok, signed(ok))[0] == 200


def test_answer_first_bounded_with_late_failures_reported(served: tuple[str, int, Record]) -> None:
    name, port, record = served
    bodies = [event_body(f"ord_{i}", fail=(i == 5)) for i in range(12)]
    results: list[tuple[int, Any]] = []
    started = time.monotonic()
    threads = [threading.Thread(target=lambda b=b: results.append(post(port, "/later", b, signed(b)))) for b in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    elapsed = time.monotonic() - started
    assert [r for r in results if r != (200, {"received": True})] == [], name
    assert len(results) == 12
    # Twelve 0.3 s handlers, three at a time, take 1.2 s: the answers came before that.
    assert elapsed < 1.0, f"{name}: answered in {elapsed:.2f} s"
    deadline = time.monotonic() + 10
    while (record.done < 12 or not record.failures) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert record.done == 12, name
    assert 2 <= record.background.peak <= BOUND, f"{name}: peak {record.background.peak}"
    assert record.failures == [("late failure", "ord_5")], name
