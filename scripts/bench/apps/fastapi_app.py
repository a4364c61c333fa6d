"""FastAPI under uvicorn: the hookproof dependency against the same route written by hand (read the
raw body, parse the JSON, answer), for scripts/bench_limits.py."""
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


@app.post("/hook")
async def hook(event: hookproof.Event = Depends(verified, scope="function")) -> dict:
    return {"received": event.event}

from fastapi.responses import JSONResponse  # noqa: E402
from hookproof.starlette import webhook_endpoint  # noqa: E402


@webhook_endpoint(SECRET)
async def endpoint(request: Request, event: hookproof.Event) -> JSONResponse:
    return JSONResponse({"received": event.event})


app.post("/endpoint")(endpoint)

