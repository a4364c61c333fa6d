#!/usr/bin/env python3
"""No hand-written library or binding code outside crates/hookproof/src/scheme/ names a provider.

Adding a provider is the scheme's file, its registration, its vectors and its docs (then
`python3 scripts/generate.py`); everything else reads the scheme's metadata. This checks the code
(comments, docstrings and test modules stripped) of the core, its integrations, the CLI and every
binding for a provider's scheme name as a string literal, or the core's scheme statics
(`scheme::PRINTONE`...), and fails naming each place. Generated files are exempt: they are made
from the core's manifest.
"""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
NAMES = ["printone", "standard", "stripe", "github", "shopify", "slack"]
LITERAL = re.compile(r"""(["'`])(%s)\1""" % "|".join(NAMES))
STATIC = re.compile(r"\bscheme::(PRINTONE|STANDARD|STRIPE|GITHUB|SHOPIFY|SLACK)\b|\{[^}]*\b(PRINTONE|STANDARD|STRIPE|GITHUB|SHOPIFY|SLACK)\b[^}]*\}")
SOURCES = [
    *ROOT.glob("crates/*/src/**/*.rs"),
    *ROOT.glob("bindings/*/src/**/*.rs"),
    *ROOT.glob("bindings/python/python/hookproof/*.py"),
    *ROOT.glob("bindings/js/src/**/*.js"),
]
EXEMPT = {
    "crates/hookproof/src/scheme",  # the providers themselves
    "bindings/python/python/hookproof/_errors.py", "bindings/python/python/hookproof/_names.py",
    "bindings/python/python/hookproof/printone.py", "bindings/js/src/generated.js",  # generated
}


def code_only(path: pathlib.Path, text: str) -> str:
    if path.suffix == ".rs":
        text = text.split("#[cfg(test)]", 1)[0]  # test modules sit at the end of a file
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        return "\n".join(line.split("//", 1)[0] for line in text.splitlines())
    if path.suffix == ".py":
        text = re.sub(r'"""(?:.|\n)*?"""', '""', text)
        return "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(re.sub(r"(^|\s)//.*$", "", line) for line in text.splitlines())


def main() -> int:
    found = []
    for path in sorted(SOURCES):
        relative = path.relative_to(ROOT).as_posix()
        if any(relative == e or relative.startswith(e + "/") for e in EXEMPT):
            continue
        for number, line in enumerate(code_only(path, path.read_text()).splitlines(), 1):
            if LITERAL.search(line) or STATIC.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    if found:
        print("provider names outside crates/hookproof/src/scheme/ (read the scheme's metadata instead):", *found, sep="\n  ")
        return 1
    print(f"no hand-written code outside crates/hookproof/src/scheme/ names a provider ({len(SOURCES)} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
