#!/usr/bin/env python3
"""One version for every package: the Cargo workspace's. Fails (exit 1) naming each mismatch.

Checked: every crate of the workspace (its own `version` or `version.workspace`), the workspace's
`hookproof` dependency, the Python package (maturin takes its version from Cargo: `dynamic`), the
npm packages (`hookproof`, `@hookproof/wasm`, the JavaScript layer) and the exact version the main
package depends on `@hookproof/wasm` with, and the newest CHANGELOG.md entry.

    python3 scripts/check_versions.py           # check
    python3 scripts/check_versions.py --print   # print the version (after checking)
"""

import json
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[1]


def main() -> int:
    workspace = tomllib.loads((ROOT / "Cargo.toml").read_text())
    version = workspace["workspace"]["package"]["version"]
    problems = []

    def expect(what: str, found: object) -> None:
        if found != version:
            problems.append(f"{what}: {found!r}, not {version!r}")

    for member in workspace["workspace"]["members"]:
        package = tomllib.loads((ROOT / member / "Cargo.toml").read_text())["package"]
        found = version if package.get("version") == {"workspace": True} else package.get("version")
        expect(f"{member}/Cargo.toml", found)
    expect("Cargo.toml [workspace.dependencies] hookproof", workspace["workspace"]["dependencies"]["hookproof"]["version"])
    pyproject = tomllib.loads((ROOT / "bindings/python/pyproject.toml").read_text())
    if "version" not in pyproject["project"].get("dynamic", []):
        problems.append("bindings/python/pyproject.toml: the version must be dynamic (maturin reads Cargo's)")
    for path in ["bindings/node/package.json", "bindings/wasm/package.json", "bindings/js/package.json"]:
        expect(path, json.loads((ROOT / path).read_text())["version"])
    node = json.loads((ROOT / "bindings/node/package.json").read_text())
    expect("bindings/node/package.json dependencies @hookproof/wasm", node["dependencies"]["@hookproof/wasm"])
    changelog = (ROOT / "CHANGELOG.md").read_text()
    newest = re.search(r"^## \[?(\d+\.\d+\.\d+[^\]\s]*)", changelog, re.M)
    expect("CHANGELOG.md (newest entry)", newest.group(1) if newest else None)
    if problems:
        print("versions disagree:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    if "--print" in sys.argv:
        print(version)
    else:
        print(f"every package is at {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
