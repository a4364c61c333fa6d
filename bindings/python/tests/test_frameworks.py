"""Each framework helper through the framework's own test client."""

import datetime
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


def fastapi_route_app():
    from fastapi import FastAPI, Request

    from hookproof.fastapi import webhook_route

    app = FastAPI()

    @app.post("/hook")
    @webhook_route([SECRET, "old-secret"])
    async def receive(event: hookproof.Event) -> dict:
        return {"received": event.event, "id": event.data["id"]}

    @app.post("/orders/{shop}/hook", status_code=202)
    @webhook_route(SECRET)
    def receive_sync(event: hookproof.Event, shop: str, request: Request, verbose: bool = False) -> dict:
        # A sync endpoint (run in FastAPI's thread pool), a path and a query parameter, and the
        # endpoint's own Request, whose body is still readable.
        return {"shop": shop, "verbose": verbose, "event": event.event, "method": request.method}

    return app


@pytest.mark.parametrize("body, headers, status, code", cases())
def test_fastapi_route_decorator(body, headers, status, code):
    from fastapi.testclient import TestClient

    response = TestClient(fastapi_route_app()).post("/hook", content=body, headers=headers)
    check(response.status_code, response.json(), status, code)


def test_fastapi_route_decorator_keeps_the_endpoints_other_parameters():
    from fastapi.testclient import TestClient

    client = TestClient(fastapi_route_app())
    response = client.post("/orders/acme/hook?verbose=true", content=EVENT_BODY, headers={"x-webhook-hmac-sha256": SIG})
    assert (response.status_code, response.json()) == (
        202, {"shop": "acme", "verbose": True, "event": "order_status_update", "method": "POST"})
    # FastAPI still validates the endpoint's own parameters, after the signature.
    response = client.post("/orders/acme/hook?verbose=maybe", content=EVENT_BODY, headers={"x-webhook-hmac-sha256": SIG})
    assert response.status_code == 422
    response = client.post("/orders/acme/hook", content=EVENT_BODY)
    assert (response.status_code, response.json()["code"]) == (401, "missing_signature")
    # The event's parameter is not one FastAPI reads from the request.
    openapi = client.get("/openapi.json").json()
    names = [p["name"] for p in openapi["paths"]["/orders/{shop}/hook"]["post"].get("parameters", [])]
    assert sorted(names) == ["shop", "verbose"]


def test_fastapi_route_decorator_refuses_an_endpoint_without_an_event_parameter():
    from hookproof.fastapi import webhook_route

    with pytest.raises(TypeError, match="first parameter receives the event"):
        webhook_route(SECRET)(lambda: None)


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


# --- other providers' schemes: scheme= and tolerance=, the view gets the verified raw body ------

import time  # noqa: E402

STRIPE_SECRET = "whsec_test_frameworks"
GITHUB_SECRET = "gh-frameworks-secret"
PROVIDER_BODY = b'{"id":"evt_1","type":"invoice.paid"}'


def raw_answer(body):
    assert isinstance(body, bytes) and body == PROVIDER_BODY
    return {"received": json.loads(body)["id"]}


def stripe_cases():
    """(headers, status, code) for a Stripe-scheme helper with tolerance=7200, on the real clock.
    Stripe's guide answers a failed check with 400, so the core gives its rejections 400."""
    stripe = hookproof.Webhook(STRIPE_SECRET, scheme="stripe")
    now = int(time.time())
    return [
        (stripe.sign(PROVIDER_BODY), 200, None),
        (stripe.sign(PROVIDER_BODY, timestamp=now - 3600), 200, None),  # inside the 2 h tolerance
        (stripe.sign(PROVIDER_BODY, timestamp=now - 3 * 3600), 400, "timestamp_too_old"),
        (stripe.sign(PROVIDER_BODY, timestamp=now + 3 * 3600), 400, "timestamp_too_new"),
        (hookproof.Webhook("whsec_other", scheme="stripe").sign(PROVIDER_BODY), 400, "signature_mismatch"),
        ({"stripe-signature": f"t={now}abc,v1={'0' * 64}"}, 400, "malformed_timestamp"),
        (hookproof.Webhook(GITHUB_SECRET, scheme="github").sign(PROVIDER_BODY), 400, "missing_signature"),
    ]


def github_cases():
    github = hookproof.Webhook(GITHUB_SECRET, scheme="github")
    return [
        ({k.upper(): v for k, v in github.sign(PROVIDER_BODY).items()}, 200, None),
        (hookproof.Webhook("other", scheme="github").sign(PROVIDER_BODY), 401, "signature_mismatch"),
        ({"x-hub-signature-256": "sha256=abc"}, 401, "malformed_signature"),
        (hookproof.Webhook(STRIPE_SECRET, scheme="stripe").sign(PROVIDER_BODY), 401, "missing_signature"),
    ]


def check_raw(status, payload, expected_status, expected_code):
    assert status == expected_status, payload
    if expected_code is None:
        assert payload == {"received": "evt_1"}
    else:
        assert payload["code"] == expected_code and payload["message"]


@pytest.mark.parametrize("headers, status, code", stripe_cases())
def test_fastapi_dependency_other_scheme(headers, status, code):
    from fastapi import Depends, FastAPI
    from fastapi.testclient import TestClient

    from hookproof.fastapi import WebhookRejected, rejection_handler, webhook_event

    app = FastAPI()
    app.add_exception_handler(WebhookRejected, rejection_handler)
    stripe_body = webhook_event(STRIPE_SECRET, scheme="stripe", tolerance=7200)
    assert stripe_body.webhook.scheme == "stripe" and stripe_body.webhook.tolerance == 7200

    @app.post("/stripe")
    async def receive(body: bytes = Depends(stripe_body)):
        return raw_answer(body)

    response = TestClient(app).post("/stripe", content=PROVIDER_BODY, headers=headers)
    check_raw(response.status_code, response.json(), status, code)


@pytest.mark.parametrize("headers, status, code", github_cases())
def test_starlette_endpoint_other_scheme(headers, status, code):
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from hookproof.starlette import webhook_endpoint

    @webhook_endpoint(GITHUB_SECRET, scheme="github")
    async def receive(request, body):
        return JSONResponse(raw_answer(body))

    app = Starlette(routes=[Route("/github", receive, methods=["POST"])])
    response = TestClient(app).post("/github", content=PROVIDER_BODY, headers=headers)
    check_raw(response.status_code, response.json(), status, code)


@pytest.mark.parametrize("headers, status, code", stripe_cases())
def test_flask_decorator_other_scheme(headers, status, code):
    from flask import Flask, g

    from hookproof.flask import webhook_view

    app = Flask(__name__)

    @app.post("/stripe")
    @webhook_view([STRIPE_SECRET, "whsec_previous"], scheme="stripe", tolerance=datetime.timedelta(hours=2))
    def receive(body):
        assert g.webhook_event == body
        return raw_answer(body)

    response = app.test_client().post("/stripe", data=PROVIDER_BODY, headers=headers)
    check_raw(response.status_code, response.get_json(), status, code)


@pytest.mark.parametrize("headers, status, code", github_cases())
def test_django_decorator_other_scheme(headers, status, code):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).generic(
        "POST", "/github-hook", data=PROVIDER_BODY, content_type="application/json", headers=headers
    )
    check_raw(response.status_code, json.loads(response.content), status, code)


@pytest.mark.parametrize("headers, status, code", stripe_cases()[:3])
def test_django_async_view_other_scheme(headers, status, code):
    import asyncio

    from django.test import AsyncClient

    async def go():
        return await AsyncClient(enforce_csrf_checks=True).generic(
            "POST", "/stripe-hook", data=PROVIDER_BODY, content_type="application/json", headers=headers
        )

    response = asyncio.run(go())
    check_raw(response.status_code, json.loads(response.content), status, code)


def test_parse_event_overrides_the_default():
    from flask import Flask

    from hookproof.flask import webhook_view

    app = Flask(__name__)
    slack = hookproof.Webhook(SECRET, scheme="slack")

    @app.post("/event")
    @webhook_view(slack, parse_event=True)  # Slack has no typed event: the parsed JSON
    def receive_event(event):
        return {"received": event["event"]}

    @app.post("/raw")
    @webhook_view(SECRET, parse_event=False)  # Print.one, but the raw bytes
    def receive_raw(body):
        assert isinstance(body, bytes)
        return {"size": len(body)}

    client = app.test_client()
    response = client.post("/event", data=EVENT_BODY, headers=slack.sign(EVENT_BODY))
    assert response.status_code == 200 and response.get_json() == {"received": "order_status_update"}
    response = client.post("/raw", data=NOT_EVENT, headers={"x-webhook-hmac-sha256": hookproof.sign(NOT_EVENT, SECRET)})
    assert response.status_code == 200 and response.get_json() == {"size": len(NOT_EVENT)}


def test_helpers_refuse_scheme_options_with_a_ready_webhook():
    from hookproof import django, fastapi, flask, starlette

    ready = hookproof.Webhook(SECRET)
    for helper in (fastapi.webhook_route, fastapi.webhook_event, starlette.webhook_endpoint, flask.webhook_view, django.webhook_view):
        with pytest.raises(TypeError, match="scheme configure a new Webhook"):
            helper(ready, scheme="stripe")
        with pytest.raises(TypeError, match="tolerance configure a new Webhook"):
            helper(ready, tolerance=10)
        with pytest.raises(TypeError, match="max_age configure a new Webhook"):
            helper(ready, max_age=10)
        with pytest.raises(TypeError, match="environment variable"):
            helper(None)
        with pytest.raises(hookproof.InvalidArgument, match="unknown scheme") as info:
            helper(SECRET, scheme="strípe")
        assert isinstance(info.value, ValueError) and "str" not in str(info.value).split("known")[0]
        helper(ready)  # a ready Webhook alone is fine


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


@django_webhook_view(GITHUB_SECRET, scheme="github")
def django_receive_github(request, body):
    assert request.webhook_event == body
    return JsonResponse(raw_answer(body))


@django_webhook_view(STRIPE_SECRET, scheme="stripe", tolerance=7200)
async def django_receive_stripe_async(request, body):
    return JsonResponse(raw_answer(body))


urlpatterns = [
    path("hook/<str:tenant>", django_receive),
    path("async-hook", django_receive_async),
    path("github-hook", django_receive_github),
    path("stripe-hook", django_receive_stripe_async),
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
