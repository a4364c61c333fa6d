"""Shared fixtures: the repository root and the shared test vectors."""

from __future__ import annotations

import base64
import json
import os
import pathlib

import pytest

ROOT = pathlib.Path(os.environ.get("HOOKPROOF_ROOT") or pathlib.Path(__file__).resolve().parents[3])
VECTORS_FILE = ROOT / "tests" / "vectors" / "printone.json"


def vector_body(vector: dict) -> bytes:
    """The raw body of a vector, following the format documented in tests/vectors/generate.py."""
    if "body_recipe" in vector:
        recipe = vector["body_recipe"]
        pattern = base64.b64decode(recipe["pattern_base64"])
        length = recipe["length"]
        return (pattern * (length // len(pattern) + 1))[:length]
    return base64.b64decode(vector["body_base64"])


def load_vectors() -> list[dict]:
    data = json.loads(VECTORS_FILE.read_text(encoding="utf-8"))
    assert data["scheme"] == "printone"
    return data["vectors"]


VECTORS = load_vectors()

EVENT_BODY = (
    b'{"data":{"id":"ord_8f3kZ2","status":"order_status_sent","friendlyStatus":"Sent"},'
    b'"event":"order_status_update","created_at":"2026-11-28T10:00:01.250Z"}'
)
SECRET = "whk_3f9a1c7e5b2d4a6f"


@pytest.fixture
def event_body() -> bytes:
    return EVENT_BODY
