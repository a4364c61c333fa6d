"""FastAPI under uvicorn, for scripts/bench_limits.py: the hookproof route decorator, dependency
and Starlette endpoint against the same route written by hand (read the raw body, parse the JSON,
answer), with references: the hand-written route with the check inline, behind an empty
dependency, and answering with a JSONResponse as a Starlette endpoint does.

Each route is the only route of its own FastAPI app, and `app` sends a request to the app of its
path: FastAPI matches routes one after another (about 10k instructions each, measured with
callgrind), so in one app a route would also pay for the routes declared before it.
"""
import json
import os

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse

import hookproof
from hookproof.fastapi import webhook_event, webhook_route
from hookproof.starlette import webhook_endpoint

SECRET = os.environ["BENCH_SECRET"]
webhook = hookproof.Webhook(SECRET)
verified = webhook_event(SECRET)
ROUTES = {}


def route(path):
    """Registers `endpoint` as the one POST route of a new app for `path`."""
    def register(endpoint):
        app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
        app.post(path)(endpoint)
        ROUTES[path] = app
        return endpoint
    return register


@route("/bare")
async def bare(request: Request) -> dict:
    event = json.loads(await request.body())
    return {"received": event["event"]}


@route("/checked")
async def checked(request: Request) -> dict:
    # The hand-written route with the check inline: the floor any helper's cost is measured from.
    body = await request.body()
    webhook.verify(body, request.scope["headers"])
    return {"received": json.loads(body)["event"]}


async def nothing(request: Request) -> None:
    return None


@route("/empty-dependency")
async def empty_dependency(request: Request, _: None = Depends(nothing, scope="function")) -> dict:
    # The hand-written route behind a dependency that does nothing: FastAPI's own cost of one.
    event = json.loads(await request.body())
    return {"received": event["event"]}


@route("/route")
@webhook_route(SECRET)
async def decorated(event: hookproof.Event) -> dict:
    return {"received": event.event}


@route("/hook")
async def hook(event: hookproof.Event = Depends(verified, scope="function")) -> dict:
    return {"received": event.event}


@route("/bare-response")
async def bare_response(request: Request):
    # The hand-written route answering as a Starlette endpoint does (a JSONResponse, which
    # FastAPI passes through instead of serializing a dict): the reference of `/endpoint`.
    return JSONResponse({"received": json.loads(await request.body())["event"]})


@route("/endpoint")
@webhook_endpoint(SECRET)
async def endpoint(request: Request, event: hookproof.Event) -> JSONResponse:
    return JSONResponse({"received": event.event})


async def app(scope, receive, send):
    """Sends each request to the app of its path (run uvicorn with `--lifespan off`)."""
    await ROUTES[scope["path"]](scope, receive, send)
