"""Flask under gunicorn: the hookproof decorator against the same route written by hand."""
import json
import os

from flask import Flask, request

import hookproof
from hookproof.flask import webhook_view

SECRET = os.environ["BENCH_SECRET"]
app = Flask("bench")


@app.post("/bare")
def bare() -> dict:
    event = json.loads(request.get_data())
    return {"received": event["event"]}


webhook = hookproof.Webhook(SECRET)


@app.post("/checked")
def checked() -> dict:
    # The hand-written route with the check inline: the floor any helper's cost is measured from.
    body = request.get_data()
    webhook.verify(body, request.headers)
    return {"received": json.loads(body)["event"]}


@app.post("/hook")
@webhook_view(SECRET)
def hook(event) -> dict:
    return {"received": event.event}
