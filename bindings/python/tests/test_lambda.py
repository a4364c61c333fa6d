"""hookproof.aws_lambda on every documented AWS event shape (tests/vectors/lambda.json, signed
by Python's hmac from AWS's sample events): the signed bytes recovered from base64 bodies, the
verdicts, answers in each shape, ALB health checks, replay, the body limit, wiring mistakes."""

from __future__ import annotations

import base64
import copy
import json

import pytest
from conftest import ROOT

import hookproof
from hookproof.aws_lambda import LambdaRequest, webhook_handler

CASES = json.loads((ROOT / "tests" / "vectors" / "lambda.json").read_text())["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_every_event_shape(case: dict) -> None:
    seen: list[LambdaRequest] = []

    @webhook_handler(case["secret"], parse_event=False)
    def handler(body: bytes, request: LambdaRequest) -> None:
        assert body == request.body
        seen.append(request)

    answer = handler(copy.deepcopy(case["event"]), object())
    multi = case["source"] == "alb_multi_value"
    assert ("multiValueHeaders" in answer) == multi
    if case["source"].startswith("alb"):
        assert answer["statusDescription"].startswith(str(answer["statusCode"]) + " ")
    if case.get("health_check"):
        assert (answer["statusCode"], json.loads(answer["body"])) == (200, {"healthy": True})
        assert seen == []
    elif case["valid"]:
        assert answer["statusCode"] == 204, answer
        assert seen[0].body == base64.b64decode(case["body_base64"])
        assert seen[0].source == case["source"]
    else:
        assert answer["statusCode"] == 401
        assert json.loads(answer["body"])["code"] == case["error"]
        assert seen == []


def case_named(name: str) -> dict:
    return copy.deepcopy(next(c for c in CASES if c["name"] == name)["event"])


SECRET = CASES[0]["secret"]


def test_typed_events_replay_and_failures() -> None:
    runs: list[str] = []

    @webhook_handler(SECRET, replay=True)
    def handler(event: hookproof.Event, request: LambdaRequest) -> dict:
        runs.append(event.data["id"])
        return {"id": event.data["id"], "created_at": event.created_at.isoformat()}

    first = handler(case_named("apigw-v2/json_text"))
    assert (first["statusCode"], json.loads(first["body"])) == (200, {"id": "ord_1", "created_at": "2026-11-28T10:00:00+00:00"})
    again = handler(case_named("apigw-v2/json_text"))
    assert (again["statusCode"], json.loads(again["body"])) == (200, {"duplicate": True})
    assert runs == ["ord_1"]

    attempts = []

    @webhook_handler(SECRET, replay=True)
    def flaky(event: hookproof.Event, request: LambdaRequest) -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        flaky(case_named("apigw-v1/json_text"))
    assert flaky(case_named("apigw-v1/json_text"))["statusCode"] == 204, "the claim was released: the retry ran"


def test_the_body_limit_answers_in_the_event_shape() -> None:
    @webhook_handler(SECRET, body_limit=16)
    def handler(event: object, request: LambdaRequest) -> None:
        raise AssertionError("never runs")

    answer = handler(case_named("alb-multi-value/binary_base64"))
    assert (answer["statusCode"], answer["statusDescription"]) == (413, "413 Payload Too Large")
    assert json.loads(answer["body"])["code"] == "body_too_large"
    assert "multiValueHeaders" in answer


def test_wiring_mistakes_fail_loudly() -> None:
    @webhook_handler(SECRET)
    def handler(event: object, request: LambdaRequest) -> None:
        raise AssertionError("never runs")

    with pytest.raises(hookproof.InvalidArgument, match="HTTP event"):
        handler({"Records": [{"eventSource": "aws:sqs"}]})
    with pytest.raises(TypeError):
        handler("not an event")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        webhook_handler(SECRET, background=True)  # type: ignore[call-arg]
