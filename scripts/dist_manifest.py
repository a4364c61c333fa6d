#!/usr/bin/env python3
"""Writes dist/MANIFEST.json: every artifact of ./dev dist with its size, SHA-256 and tags (the
wheel tags, the npm package's name and platform fields, the binary's architecture), and prints it
as a table."""

import hashlib
import json
import pathlib
import subprocess
import sys
import tarfile


def tags(path: pathlib.Path) -> str:
    name = path.name
    if name.endswith(".whl"):
        return "-".join(name[:-4].split("-")[2:])
    if name.endswith(".tgz"):
        with tarfile.open(path) as tar:
            manifest = json.load(tar.extractfile("package/package.json"))
        fields = [manifest["name"]] + ["/".join(manifest[k]) for k in ("os", "cpu", "libc") if k in manifest]
        return " ".join(fields)
    if name.endswith(".tar.gz"):
        return "sdist"
    if name.endswith(".crate"):
        return "crate"
    if path.parent.name == "bin" and name != "SHA256SUMS":
        return subprocess.run(["file", "-b", str(path)], capture_output=True, text=True).stdout.split(",")[1].strip()
    return ""


def main() -> int:
    dist = pathlib.Path(sys.argv[1])
    rows = []
    for path in sorted(p for p in dist.rglob("*") if p.is_file() and p.name != "MANIFEST.json" and not p.name.endswith(".txt")):
        data = path.read_bytes()
        rows.append({"file": str(path.relative_to(dist)), "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                     "tags": tags(path)})
    (dist / "MANIFEST.json").write_text(json.dumps(rows, indent=1) + "\n")
    width = max(len(r["file"]) for r in rows)
    for row in rows:
        print(f"{row['file']:<{width}}  {row['bytes'] / 1024:>8.1f} KiB  {row['tags']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
