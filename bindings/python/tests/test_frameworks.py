"""Each framework helper through the framework's own test client."""

import json

import pytest
from conftest_django import configure

configure()

import hookproof  # noqa: E402
from conftest import EVENT_BODY, SECRET  # noqa: E402

SIG = hookproof.sign(EVENT_BODY, SECRET)
PRETTY = json.dumps(json.loads(EVENT_BODY), indent=2).encode()
NOT_EVENT = b'{"hello":"world"}'


def cases():
    """(body, headers, expected status, expected code) for every helper."""
    return [
        (EVENT_BODY, {"X-Webhook-Hmac-Sha256": SIG, "Content-Type": "application/json"}, 200, None),
        (EVENT_BODY, {"x-printone-hmac-sha256": SIG}, 200, None),
        (PRETTY, {"X-Webhook-Hmac-Sha256": SIG, "Content-Type": "application/json"}, 401, "signature_mismatch"),
        (EVENT_BODY, {"Content-Type": "application/json"}, 401, "missing_signature"),
        (EVENT_BODY, {"X-Webhook-Hmac-Sha256": SIG[:-4]}, 401, "malformed_signature"),
        (NOT_EVENT, {"X-Webhook-Hmac-Sha256": hookproof.sign(NOT_EVENT, SECRET)}, 400, "invalid_payload"),
        # A form content type must not make the framework consume the body before verification.
        (b"a=1&b=2", {"X-Webhook-Hmac-Sha256": hookproof.sign(b"a=1&b=2", SECRET), "Content-Type": "application/x-www-form-urlencoded"}, 400, "invalid_payload"),
    ]


def check(status, payload, expected_status, expected_code):
    assert status == expected_status, payload
    if expected_code is None:
        assert payload == {"received": "order_status_update", "id": "ord_8f3kZ2"}
    else:
        assert payload["code"] == expected_code
        assert payload["message"]


# --- FastAPI ------------------------------------------------------------------------------------


def fastapi_app(top_level_errors: bool):
    from fastapi import Depends, FastAPI

    from hookproof.fastapi import WebhookRejected, rejection_handler, webhook_event

    app = FastAPI()
    dependency = webhook_event([SECRET, "old-secret"])
    if top_level_errors:
        app.add_exception_handler(WebhookRejected, rejection_handler)

    @app.post("/hook")
    async def receive(event: hookproof.Event = Depends(dependency)):
        return {"received": event.event, "id": event.data["id"]}

    return app


@pytest.mark.parametrize("body, headers, status, code", cases())
def test_fastapi_dependency(body, headers, status, code):
    from fastapi.testclient import TestClient

    response = TestClient(fastapi_app(False)).post("/hook", content=body, headers=headers)
    payload = response.json()
    if code is not None:
        assert set(payload) == {"detail"}  # FastAPI's usual shape by default
        payload = payload["detail"]
    check(response.status_code, payload, status, code)


@pytest.mark.parametrize("body, headers, status, code", cases())
def test_fastapi_dependency_with_top_level_errors(body, headers, status, code):
    from fastapi.testclient import TestClient

    response = TestClient(fastapi_app(True)).post("/hook", content=body, headers=headers)
    check(response.status_code, response.json(), status, code)


def test_fastapi_endpoint_can_still_read_the_body():
    from fastapi import Depends, FastAPI, Request
    from fastapi.testclient import TestClient

    from hookproof.fastapi import webhook_event

    app = FastAPI()

    @app.post("/hook")
    async def receive(request: Request, event: hookproof.Event = Depends(webhook_event(SECRET))):
        return {"size": len(await request.body()), "event": event.event}

    response = TestClient(app).post("/hook", content=EVENT_BODY, headers={"x-webhook-hmac-sha256": SIG})
    assert response.json() == {"size": len(EVENT_BODY), "event": "order_status_update"}


# --- plain Starlette ----------------------------------------------------------------------------


@pytest.mark.parametrize("body, headers, status, code", cases())
def test_starlette_endpoint(body, headers, status, code):
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from hookproof.starlette import webhook_endpoint

    @webhook_endpoint(hookproof.Webhook(SECRET))
    async def receive(request, event):
        return JSONResponse({"received": event.event, "id": event.data["id"]})

    app = Starlette(routes=[Route("/hook", receive, methods=["POST"])])
    response = TestClient(app).post("/hook", content=body, headers=headers)
    check(response.status_code, response.json(), status, code)


# --- Flask --------------------------------------------------------------------------------------


@pytest.mark.parametrize("body, headers, status, code", cases())
def test_flask_decorator(body, headers, status, code):
    from flask import Flask, g

    from hookproof.flask import webhook_view

    app = Flask(__name__)

    @app.post("/hook/<tenant>")
    @webhook_view(SECRET)
    def receive(event, tenant):
        assert tenant == "acme" and g.webhook_event is event
        return {"received": event.event, "id": event.data["id"]}

    response = app.test_client().post("/hook/acme", data=body, headers=headers)
    check(response.status_code, response.get_json(), status, code)


# --- Django -------------------------------------------------------------------------------------

from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402

from hookproof.django import webhook_view as django_webhook_view  # noqa: E402


@django_webhook_view(SECRET)
def django_receive(request, event, tenant):
    assert tenant == "acme" and request.webhook_event is event
    return JsonResponse({"received": event.event, "id": event.data["id"]})


@django_webhook_view([SECRET])
async def django_receive_async(request, event):
    return JsonResponse({"received": event.event, "id": event.data["id"]})


urlpatterns = [
    path("hook/<str:tenant>", django_receive),
    path("async-hook", django_receive_async),
]


def django_headers(headers):
    """The headers without Content-Type (Django's test clients take it separately), and it."""
    rest = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "application/octet-stream")
    return rest, content_type


@pytest.mark.parametrize("body, headers, status, code", cases())
def test_django_decorator_csrf_exempt(body, headers, status, code):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)  # no CSRF token: the view must be exempt
    extra, content_type = django_headers(headers)
    response = client.generic("POST", "/hook/acme", data=body, content_type=content_type, headers=extra)
    check(response.status_code, json.loads(response.content), status, code)


@pytest.mark.parametrize("body, headers, status, code", cases()[:4])
def test_django_async_view(body, headers, status, code):
    import asyncio

    from django.test import AsyncClient

    extra, content_type = django_headers(headers)

    async def go():
        return await AsyncClient(enforce_csrf_checks=True).generic(
            "POST", "/async-hook", data=body, content_type=content_type, headers=extra
        )

    response = asyncio.run(go())
    check(response.status_code, json.loads(response.content), status, code)
