"""The bad-input matrix (tests/matrix/bad_inputs.json), run through the Python binding.

The same table the Rust core runs (crates/hookproof/tests/matrix.rs), row by row: every hostile
or malformed input gets its expected outcome, never an accept, never a crash or a Rust panic, and
no exception text that contains the secret. Unlike the Rust runner, the `wrong_type` rows run
here too: Python has no compiler to rule them out, so the binding must raise a TypeError that
names the argument (except where the table says otherwise: a None signature is a missing header,
so the one-shot returns False).

Each row runs twice: with the values as the table gives them (text as `str`, raw bytes as
`bytes`, header pairs as bytes when the row has raw bytes in them) and with every value encoded
to `bytes`, as the Rust runner passes them.
"""

from __future__ import annotations

import base64
import json
from typing import Any, Callable

import pytest

import hookproof
from conftest import ROOT

TABLE = json.loads((ROOT / "tests" / "matrix" / "bad_inputs.json").read_text(encoding="utf-8"))
ROWS: list[dict[str, Any]] = TABLE["rows"]
NOW: int = TABLE["now"]
TOLERANCE: int = TABLE["tolerance"]

# The class for each of the core's codes: `signature_mismatch` -> SignatureMismatch.
CLASSES = {code: getattr(hookproof, code.title().replace("_", "")) for code in hookproof.CODES}

# The Python value for each `wrong_type.kind` (the JSON kinds, as Python spells them).
WRONG_VALUES: dict[str, Callable[[], Any]] = {
    "number": lambda: 12345,
    "null": lambda: None,
    "object": lambda: {"value": 1},
    "list_of_numbers": lambda: [1, 2, 3],
}

def value(spec: Any) -> str | bytes:
    """A table value: a string, {"base64": ...} raw bytes, or {"repeat": s, "count": n}."""
    if isinstance(spec, str):
        return spec
    if "base64" in spec:
        return base64.b64decode(spec["base64"], validate=True)
    return spec["repeat"] * spec["count"]


def as_bytes(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text


def arguments(row: dict[str, Any], all_bytes: bool) -> dict[str, Any]:
    """The row's arguments as Python values: str for text, bytes for raw bytes (or all bytes)."""
    convert = as_bytes if all_bytes else (lambda v: v)
    headers = []
    for name_spec, value_spec in row["headers"]:
        name, val = value(name_spec), value(value_spec)
        if all_bytes or isinstance(name, bytes) or isinstance(val, bytes):
            name, val = as_bytes(name), as_bytes(val)
        headers.append((name, val))
    args = {
        "secret": convert(value(row["secret"])),
        "body": convert(value(row["body"])),
        "headers": headers,
    }
    if "signature" in row:
        args["signature"] = convert(value(row["signature"]))
    wrong = row.get("wrong_type")
    if wrong:
        assert wrong["argument"] in args, f"{row['name']}: no argument {wrong['argument']!r}"
        args[wrong["argument"]] = WRONG_VALUES[wrong["kind"]]()
    return args


def outcome(row: dict[str, Any], args: dict[str, Any]) -> tuple[str, BaseException | None]:
    """Runs one row: "valid" (an accept), "false", an error code, "type_error", or "crash: ..."
    for anything else (a PanicException is a BaseException)."""
    try:
        if row["call"] == "verify":
            result = hookproof.verify(args["body"], args["signature"], args["secret"])
            assert type(result) is bool
            return ("valid" if result else "false"), None
        assert row["call"] in ("webhook", "construct"), row["call"]
        webhook = hookproof.Webhook(args["secret"], scheme=row["scheme"], tolerance=TOLERANCE)
        if row["call"] == "construct":
            webhook.construct_event(args["body"], args["headers"], now=NOW)
        else:
            webhook.verify(args["body"], args["headers"], now=NOW)
        return "valid", None
    except hookproof.WebhookError as err:
        if type(err) is not CLASSES.get(err.code):
            return f"crash: {type(err).__name__} with code {err.code!r}", err
        return err.code, err
    except TypeError as err:
        return "type_error", err
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as err:  # noqa: BLE001 - a panic or any other escape is a failure
        return f"crash: {type(err).__module__}.{type(err).__name__}: {err}", err


def test_the_table_is_the_one_every_language_runs():
    assert len(ROWS) >= 40, "the matrix must keep at least 40 rows"
    names = [row["name"] for row in ROWS]
    assert len(set(names)) == len(names), "row names are unique"
    for row in ROWS:
        assert row["call"] in ("webhook", "construct", "verify"), row["name"]
        assert row["expect"] in (*CLASSES, "false", "type_error"), row["name"]
        if "wrong_type" in row:
            assert row["wrong_type"]["kind"] in WRONG_VALUES, row["name"]
    # The heavy rows are in the table, so this run covers them.
    sizes = [len(value(row["body"])) for row in ROWS]
    assert max(sizes) >= 100 * 1024 * 1024
    longest_header = max(len(value(v)) for row in ROWS for _, v in row["headers"])
    assert longest_header >= 10 * 1024 * 1024


@pytest.mark.parametrize("all_bytes", [False, True], ids=["as_given", "all_bytes"])
def test_every_row_gets_its_expected_outcome(all_bytes):
    ran, accepted, crashed, wrong, leaked = [], [], [], [], []
    for row in ROWS:
        name = row["name"]
        args = arguments(row, all_bytes)
        got, err = outcome(row, args)
        expect = row["expect"]
        if got == "valid":
            accepted.append(name)
        elif got.startswith("crash"):
            crashed.append(f"{name}: {got}")
        elif got != expect:
            wrong.append(f"{name}: expected {expect}, got {got} ({err!r})"[:300])
        elif got == "type_error":
            argument = row["wrong_type"]["argument"]
            if argument not in str(err):
                wrong.append(f"{name}: the TypeError does not name {argument!r}: {err}")
        secret = row["secret"] if isinstance(row["secret"], str) else ""
        if err is not None and len(secret) >= 8:
            texts = [str(err), repr(err), getattr(err, "message", "")]
            if any(secret in text for text in texts):
                leaked.append(name)
        ran.append(name)
        del args, err  # the 100 MB body and 10 MB headers go before the next row
    assert not accepted, f"hostile inputs accepted: {accepted}"
    assert not crashed, "\n".join(crashed)
    assert not wrong, "\n".join(wrong)
    assert not leaked, f"an exception contains the secret: {leaked}"
    assert ran == [row["name"] for row in ROWS] and len(ran) >= 40
    type_rows = [row for row in ROWS if "wrong_type" in row]
    assert len(ran) - len(type_rows) >= 40 and type_rows

