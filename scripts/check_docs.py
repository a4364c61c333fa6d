#!/usr/bin/env python3
"""Run every code sample in README.md and docs/*.md, so that the documentation cannot drift.

    python3 scripts/check_docs.py            # every file
    python3 scripts/check_docs.py docs/node.md README.md
    python3 scripts/check_docs.py --rust     # also run the Rust doctests (cargo test --doc)
    python3 scripts/check_docs.py -v         # print the output of failing and passing blocks

Each fenced block is handled by its language tag:

  python, py   written to a file and run with $ROOT/.venv/bin/python (bindings/python/build.sh
               installs hookproof and fastapi, flask, django, starlette, uvicorn, httpx there).
  pycon        a `>>>` session, checked with the standard library's doctest.
  js, cjs, mjs run with `node` in a temporary directory whose node_modules holds `hookproof`
               (a symlink to bindings/node), `@hookproof/wasm` (bindings/wasm) and every package
               of the npm workspace's bindings/node_modules (express, fastify, hono, ...). A `js` block that
               uses `import`/`export` runs as an ES module, otherwise as CommonJS. `.wasm`
               imports give a `WebAssembly.Module`, as in Cloudflare Workers.
  ts           type-checked with the workspace's TypeScript (`tsc --noEmit --strict`, with the
               legacy decorators NestJS uses), then transpiled and run as an ES module.
  rust         not run here: crates/hookproof/src/lib.rs includes README.md and docs/rust.md with
               `#[doc = include_str!(..)]`, so `cargo test` runs them as doctests. This script
               checks that every file with a rust block is included; `--rust` also runs
               `cargo test --doc -p hookproof` and reports each rust block by that result.
  sh, console, text, diff, toml, json, html and anything else: shown, never executed
               (reported as "skipped", not counted).

Samples run with these environment variables set, like a deployed app's configuration:
PRINTONE_WEBHOOK_SECRET, PRINTONE_SECRET_OLD, STRIPE_WEBHOOK_SECRET, WEBHOOK_SECRET, SVIX_SECRET,
GITHUB_WEBHOOK_SECRET, SHOPIFY_SECRET, SHOPIFY_OLD_SECRET, SLACK_SIGNING_SECRET (see ENV below).

Hidden code (use sparingly; it is not rendered, so readers never see it): an HTML comment that
starts with `<!-- before` placed directly above a fence is put in front of the block's code, and
one that starts with `<!-- after` directly below the closing fence is appended to it; typically a
`before` defines what a fragment takes as given (`raw_body`, `request`) and an `after` drives the
sample (sends it a signed request through the framework's test client and asserts the answer).
For an ES module whose exports are what matters (`export default { fetch }`), `<!-- driver`
below the fence is run as a separate module that starts with `import * as sample from
'<the block>'`, so it can call `sample.default.fetch(...)`.
`<!-- skip: reason -->` directly above a fence reports the block as skipped with the reason.

Output: one line per block, `file:line lang ok|FAIL|skipped`, then exactly `N passed, M failed`.
The exit status is 1 if any block failed.
"""
from __future__ import annotations

import argparse
import itertools
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_PKG = ROOT / "bindings" / "node"
WASM_PKG = ROOT / "bindings" / "wasm"
# The npm workspace's one install (bindings/package.json); a per-package install if there is one.
NODE_MODULES = next((d for d in (NODE_PKG / "node_modules", ROOT / "bindings" / "node_modules") if d.is_dir()),
                    ROOT / "bindings" / "node_modules")
PYTHON = ROOT / ".venv" / "bin" / "python"
TIMEOUT = 120

ENV = {
    "PRINTONE_WEBHOOK_SECRET": "whk_docs_current",
    "PRINTONE_SECRET": "whk_docs_current",
    "PRINTONE_SECRET_OLD": "whk_docs_previous",
    "WEBHOOK_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    "SVIX_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    "STRIPE_WEBHOOK_SECRET": "whsec_test_secret",
    "GITHUB_WEBHOOK_SECRET": "It's a Secret to Everybody",
    "SHOPIFY_SECRET": "shpss_client_secret",
    "SHOPIFY_OLD_SECRET": "shpss_old_client_secret",
    "SHOPIFY_API_SECRET": "shpss_client_secret",
    "SLACK_SIGNING_SECRET": "8f742231b10e8888abcd99yyyzzz85a5",
}

RUN_LANGS = {"python", "py", "pycon", "js", "cjs", "mjs", "ts", "rust"}
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")


@dataclass
class Block:
    path: Path
    line: int  # 1-based line of the opening fence
    lang: str
    code: str
    before: str = ""
    after: str = ""
    skip: str | None = None
    driver: str = ""

    @property
    def where(self) -> str:
        rel = os.path.relpath(self.path, ROOT)
        return f"{self.path if rel.startswith('..') else rel}:{self.line}"


@dataclass
class Result:
    block: Block
    status: str  # ok, FAIL, skipped
    detail: str = ""
    output: str = field(default="", repr=False)


def parse(path: Path) -> list[Block]:
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    i = 0
    pending_before = ""
    pending_skip: str | None = None
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith(("<!-- before", "<!-- after", "<!-- driver")):
            kind = stripped[5:].split()[0].rstrip("-")
            body: list[str] = []
            rest = stripped[len("<!-- " + kind):]
            if rest.rstrip().endswith("-->"):
                body.append(rest.rstrip()[:-3])
            else:
                if rest.strip():
                    body.append(rest)
                i += 1
                while i < len(lines) and lines[i].strip() != "-->":
                    body.append(lines[i])
                    i += 1
            text = "\n".join(body).strip("\n") + "\n"
            if kind == "before":
                pending_before += text
            else:
                if not blocks:
                    raise SystemExit(f"{path}:{i + 1}: `<!-- {kind}` with no block above it")
                if kind == "after":
                    blocks[-1].after += text
                else:
                    blocks[-1].driver += text
            i += 1
            continue
        m_skip = re.match(r"<!--\s*skip:?\s*(.*?)\s*-->$", stripped)
        if m_skip:
            pending_skip = m_skip.group(1) or "marked skip"
            i += 1
            continue
        m = FENCE.match(line)
        if m:
            fence, info = m.group("fence"), m.group("info").strip()
            lang = info.split()[0].lower() if info else ""
            start = i
            code: list[str] = []
            i += 1
            indent = len(m.group("indent"))
            while i < len(lines):
                close = lines[i].strip()
                if close.startswith(fence[0] * len(fence)) and set(close) == {fence[0]}:
                    break
                code.append(lines[i][indent:] if lines[i][:indent].strip() == "" else lines[i])
                i += 1
            blocks.append(Block(path, start + 1, lang, "\n".join(code) + "\n", pending_before, "", pending_skip))
            pending_before, pending_skip = "", None
            i += 1
            continue
        if stripped and (pending_before or pending_skip):
            raise SystemExit(f"{path}:{i + 1}: a `<!-- before` / `<!-- skip` comment must sit directly above a fence")
        i += 1
    return blocks


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[bool, str]:
    try:
        proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=TIMEOUT, text=True, errors="replace")
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout if isinstance(exc.stdout, str) else (exc.stdout or b"").decode("utf-8", "replace")
        return False, f"{out}\ntimed out after {TIMEOUT} s (a sample must not start anything long-running)"
    return proc.returncode == 0, proc.stdout


class Runner:
    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="hookproof-docs-"))
        self.env = {**os.environ, **ENV}
        self.env.pop("NODE_OPTIONS", None)
        self._node_ready = False
        self._ids = itertools.count(1)  # next() on a count is atomic under the GIL

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def workdir(self, block: Block) -> Path:
        n = next(self._ids)
        name = re.sub(r"[^A-Za-z0-9]+", "_", block.where)
        d = self.tmp / f"{n:03d}_{name}"
        d.mkdir()
        return d

    # --- Node ---------------------------------------------------------------------------------
    def node_setup(self) -> Path:
        """A project dir whose node_modules resolves hookproof, @hookproof/wasm and the dev deps."""
        proj = self.tmp / "node"
        if self._node_ready:
            return proj
        mods = proj / "node_modules"
        mods.mkdir(parents=True)
        for entry in sorted(NODE_MODULES.iterdir()):
            if entry.name in {".bin", ".package-lock.json", "hookproof", "@hookproof"}:
                continue
            (mods / entry.name).symlink_to(entry)
        (mods / "hookproof").symlink_to(NODE_PKG)
        (mods / "@hookproof").mkdir()
        if (WASM_PKG / "pkg" / "hookproof_wasm_bg.wasm").exists():
            (mods / "@hookproof" / "wasm").symlink_to(WASM_PKG)
        (proj / "package.json").write_text('{"name": "hookproof-docs-samples", "private": true}\n')
        # Cloudflare Workers (and wrangler/esbuild) hand a `.wasm` import over as a compiled
        # WebAssembly.Module; this loader does the same for Node.
        (proj / "wasm-loader.mjs").write_text(
            "import { readFileSync } from 'node:fs';\n"
            "export async function load(url, context, next) {\n"
            "  if (url.endsWith('.wasm')) {\n"
            "    const bytes = readFileSync(new URL(url));\n"
            "    return { format: 'module', shortCircuit: true, source:\n"
            "      `export default new WebAssembly.Module(new Uint8Array([${Array.from(bytes).join(',')}]));` };\n"
            "  }\n"
            "  return next(url, context);\n"
            "}\n")
        (proj / "register.mjs").write_text(
            "import { register } from 'node:module';\n"
            "register('./wasm-loader.mjs', import.meta.url);\n")
        self._node_ready = True
        return proj

    def run_node(self, block: Block, code: str, module: bool) -> tuple[bool, str]:
        proj = self.node_setup()
        n = next(self._ids)
        ext = "mjs" if module else "cjs"
        f = proj / f"sample_{n:03d}.{ext}"
        f.write_text(code)
        if block.driver:
            if not module:
                return False, "`<!-- driver` needs an ES module sample (use `<!-- after` for CommonJS)"
            f = proj / f"driver_{n:03d}.mjs"
            f.write_text(f"import * as sample from './sample_{n:03d}.mjs';\n" + block.driver)
        env = {**self.env, "NODE_PATH": str(NODE_MODULES)}
        cmd = ["node", "--no-warnings", "--import", "./register.mjs", f.name]
        return run(cmd, proj, env)

    def run_ts(self, block: Block, code: str) -> tuple[bool, str]:
        proj = self.node_setup()
        n = next(self._ids)
        d = proj / f"ts_{n:03d}"
        d.mkdir()
        (d / "sample.ts").write_text(code)
        (d / "tsconfig.json").write_text(
            '{"compilerOptions": {"target": "es2022", "module": "esnext", "moduleResolution": "bundler",\n'
            ' "strict": true, "noEmit": true, "skipLibCheck": true, "lib": ["es2022", "dom"],\n'
            # NestJS's decorators (@Controller, @Post, @Req, ...) are TypeScript's legacy ones.
            ' "experimentalDecorators": true, "emitDecoratorMetadata": true,\n'
            f' "types": ["node"], "typeRoots": ["{NODE_MODULES / "@types"}"]}},\n'
            ' "files": ["sample.ts"]}\n')
        tsc = NODE_MODULES / "typescript" / "bin" / "tsc"
        ok, out = run(["node", str(tsc), "-p", "tsconfig.json"], d, self.env)
        if not ok:
            return False, "tsc --noEmit:\n" + out
        transpile = (
            "const ts = require(process.argv[1]); const fs = require('fs');\n"
            "const out = ts.transpileModule(fs.readFileSync('sample.ts', 'utf8'), {compilerOptions: "
            "{target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, experimentalDecorators: true, "
            "emitDecoratorMetadata: true}}).outputText;\n"
            "fs.writeFileSync('../ts_sample_' + process.argv[2] + '.mjs', out);\n")
        ok, out = run(["node", "-e", transpile, str(NODE_MODULES / "typescript"), str(n)], d, self.env)
        if not ok:
            return False, "transpile:\n" + out
        env = {**self.env, "NODE_PATH": str(NODE_MODULES)}
        return run(["node", "--no-warnings", "--import", "./register.mjs", f"ts_sample_{n}.mjs"], proj, env)

    # --- Python -------------------------------------------------------------------------------
    def run_python(self, block: Block, code: str) -> tuple[bool, str]:
        d = self.workdir(block)
        (d / "sample.py").write_text(code)
        return run([str(PYTHON), "sample.py"], d, self.env)

    def run_pycon(self, block: Block, code: str) -> tuple[bool, str]:
        d = self.workdir(block)
        (d / "session.txt").write_text(code)
        driver = (
            "import doctest, sys\n"
            "text = open('session.txt', encoding='utf-8').read()\n"
            "test = doctest.DocTestParser().get_doctest(text, {}, 'session', 'session.txt', 0)\n"
            "runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)\n"
            "runner.run(test)\n"
            "sys.exit(1 if runner.failures else 0)\n")
        (d / "driver.py").write_text(driver)
        return run([str(PYTHON), "driver.py"], d, self.env)

    def check(self, block: Block) -> Result:
        lang = block.lang
        if block.skip is not None:
            return Result(block, "skipped", block.skip)
        if lang not in RUN_LANGS:
            return Result(block, "skipped", "not executed" if lang else "no language tag: not executed")
        code = block.before + block.code + block.after
        if lang in ("python", "py"):
            if not PYTHON.exists():
                return Result(block, "FAIL", f"{PYTHON} is missing: run bash bindings/python/build.sh")
            ok, out = self.run_python(block, code)
        elif lang == "pycon":
            ok, out = self.run_pycon(block, code)
        elif lang in ("js", "cjs", "mjs"):
            module = lang == "mjs" or (lang == "js" and re.search(r"^\s*(import|export)\s", code, re.M) is not None)
            ok, out = self.run_node(block, code, module)
        elif lang == "ts":
            ok, out = self.run_ts(block, code)
        else:
            raise AssertionError(lang)
        return Result(block, "ok" if ok else "FAIL", "", out)


def rust_included(path: Path) -> bool:
    lib = (ROOT / "crates" / "hookproof" / "src" / "lib.rs").read_text(encoding="utf-8")
    rel = os.path.relpath(path, ROOT / "crates" / "hookproof" / "src")
    return f'include_str!("{rel}")' in lib


def run_rust_doctests() -> tuple[bool, str]:
    cmd = ["cargo", "test", "--locked", "--doc", "-p", "hookproof", "--", "Doctests"]
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    return proc.returncode == 0, proc.stdout


LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def broken_links(files: list[Path]) -> list[str]:
    """Relative links and images that name no file in the repository (tracked by git: a chart
    that exists only on the machine that drew it counts as missing)."""
    tracked = set(subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.splitlines())
    broken = []
    for path in files:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for target in LINK.findall(line):
                target = target.split("#", 1)[0]
                if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target):
                    continue  # an anchor in the same file, or a URL
                resolved = (path.parent / target).resolve()
                try:
                    relative = resolved.relative_to(ROOT).as_posix()
                except ValueError:
                    broken.append(f"{path.relative_to(ROOT)}:{number}: {target} is outside the repository")
                    continue
                if relative not in tracked and not any(t.startswith(relative + "/") for t in tracked):
                    broken.append(f"{path.relative_to(ROOT)}:{number}: {target} is not a file in the repository")
    return broken


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", type=Path, help="Markdown files (default: README.md and docs/*.md)")
    ap.add_argument("--rust", action="store_true", help="also run the Rust doctests (cargo test --doc -p hookproof)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every block's output")
    ap.add_argument("-j", "--jobs", type=int, default=min(4, os.cpu_count() or 1))
    args = ap.parse_args()

    files = [p.resolve() for p in args.files] or [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    links = broken_links(files)
    for problem in links:
        print(f"broken link: {problem}")
    blocks = [b for f in files for b in parse(f)]
    runner = Runner()
    results: list[Result] = []
    try:
        rust_verdict: tuple[bool, str] | None = None
        if args.rust and any(b.lang == "rust" and b.skip is None for b in blocks):
            rust_verdict = run_rust_doctests()
        todo = [b for b in blocks if b.lang != "rust"]
        if any(b.lang in ("js", "cjs", "mjs", "ts") for b in todo):
            runner.node_setup()
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            done = dict(zip(map(id, todo), pool.map(runner.check, todo)))
        for b in blocks:
            if b.lang != "rust":
                results.append(done[id(b)])
            elif b.skip is not None:
                results.append(Result(b, "skipped", b.skip))
            elif not rust_included(b.path):
                results.append(Result(b, "FAIL", "not a doctest: add `#[doc = include_str!(..)]` for this file "
                                                 "to crates/hookproof/src/lib.rs"))
            elif rust_verdict is None:
                results.append(Result(b, "skipped", "doctest, run by cargo test (pass --rust to run it here)"))
            else:
                ok, out = rust_verdict
                results.append(Result(b, "ok" if ok else "FAIL", "cargo test --doc", out))
    finally:
        runner.close()

    passed = failed = 0
    for r in results:
        note = f" ({r.detail})" if r.detail and r.status != "ok" else ""
        print(f"{r.block.where} {r.block.lang or '-'} {r.status}{note}", flush=True)
        if r.status == "FAIL":
            failed += 1
            if r.output:
                print("    " + "\n    ".join(r.output.rstrip().splitlines()[-40:]))
        elif r.status == "ok":
            passed += 1
            if args.verbose and r.output.strip():
                print("    " + "\n    ".join(r.output.rstrip().splitlines()))
    skipped = sum(r.status == "skipped" for r in results)
    print(f"({skipped} blocks not executed: see the reason on each `skipped` line)")
    print(f"{passed} passed, {failed} failed, {len(links)} broken links")
    return 1 if failed or links else 0


if __name__ == "__main__":
    sys.exit(main())
