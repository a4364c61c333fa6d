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


def test_the_readme_examples_at_the_prompt_run():
    """The README's ```pycon blocks (the receiver snippets need a request, so they are not run)."""
    import re

    from conftest import ROOT

    text = (ROOT / "bindings" / "python" / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```pycon\n(.*?)```", text, flags=re.S)
    assert blocks
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for number, block in enumerate(blocks):
        runner.run(parser.get_doctest(block, {}, f"README block {number}", "README.md", 0))
    result = runner.summarize(verbose=False)
    assert result.attempted >= 2 and result.failed == 0
