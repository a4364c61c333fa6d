"""Flask under gunicorn: the hookproof decorator against the same route written by hand."""
import json
import os

from flask import Flask, request

from hookproof.flask import webhook_view

SECRET = os.environ["BENCH_SECRET"]
app = Flask("bench")


@app.post("/bare")
def bare() -> dict:
    event = json.loads(request.get_data())
    return {"received": event["event"]}


@app.post("/hook")
@webhook_view(SECRET)
def hook(event) -> dict:
    return {"received": event.event}
