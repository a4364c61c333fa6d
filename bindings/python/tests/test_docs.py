"""The examples in the docstrings run."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize(
    "module",
    ["hookproof", "hookproof._hookproof", "hookproof._errors", "hookproof.starlette", "hookproof.fastapi", "hookproof.flask", "hookproof.django"],
)
def test_docstring_examples(module):
    if module == "hookproof.django":
        from conftest_django import configure

        configure()
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_the_package_ships_types():
    import pathlib

    import hookproof

    folder = pathlib.Path(hookproof.__file__).parent
    assert (folder / "py.typed").exists()
    assert (folder / "_hookproof.pyi").exists()
