"""FastAPI under uvicorn: the hookproof dependency and endpoint against the same route written by
hand (read the raw body, parse the JSON, answer), with two references: the hand-written route with
the check inline, and behind an empty dependency; for scripts/bench_limits.py."""
import json
import os

from fastapi import Depends, FastAPI, Request

import hookproof
from hookproof.fastapi import webhook_event

SECRET = os.environ["BENCH_SECRET"]
app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
verified = webhook_event(SECRET)


@app.post("/bare")
async def bare(request: Request) -> dict:
    event = json.loads(await request.body())
    return {"received": event["event"]}


webhook = hookproof.Webhook(SECRET)


@app.post("/checked")
async def checked(request: Request) -> dict:
    # The hand-written route with the check inline: the floor any helper's cost is measured from.
    body = await request.body()
    webhook.verify(body, request.scope["headers"])
    return {"received": json.loads(body)["event"]}


async def nothing(request: Request) -> None:
    return None


@app.post("/empty-dependency")
async def empty_dependency(request: Request, _: None = Depends(nothing, scope="function")) -> dict:
    # The hand-written route behind a dependency that does nothing: FastAPI's own cost of one.
    event = json.loads(await request.body())
    return {"received": event["event"]}


@app.post("/hook")
async def hook(event: hookproof.Event = Depends(verified, scope="function")) -> dict:
    return {"received": event.event}

from fastapi.responses import JSONResponse  # noqa: E402
from hookproof.starlette import webhook_endpoint  # noqa: E402


@webhook_endpoint(SECRET)
async def endpoint(request: Request, event: hookproof.Event) -> JSONResponse:
    return JSONResponse({"received": event.event})


app.post("/endpoint")(endpoint)

