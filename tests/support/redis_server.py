"""A throwaway redis-server for tests: on 127.0.0.1, a free port, no persistence, its own
directory; stopped (and startable again on the same port, for outage tests) by the test.

    with RedisServer() as redis:
        redis.url          # redis://127.0.0.1:PORT/0
        redis.stop(); redis.start()

Debian's `redis-server` package provides the binary (the test scripts install it); it starts no
service of its own here.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from typing import Optional


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisServer:
    def __init__(self, port: Optional[int] = None, password: Optional[str] = None, persist: bool = False) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server not found: apt-get install redis-server (the test scripts do)")
        self.binary = binary
        self.port = port or _free_port()
        self.password = password
        # With `persist`, every write is on disk before it is acknowledged (appendfsync always),
        # so claims survive a restart, as in a deployment that persists its Redis.
        self.persist = persist
        self.dir = tempfile.mkdtemp(prefix="hookproof-redis-")
        self.process: Optional[subprocess.Popen[bytes]] = None

    @property
    def url(self) -> str:
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        appendonly = ["--appendonly", "yes", "--appendfsync", "always"] if self.persist else ["--appendonly", "no"]
        args = [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", *appendonly,
                "--dir", self.dir, "--daemonize", "no", "--loglevel", "warning"]
        if self.password:
            args += ["--requirepass", self.password]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(64).startswith((b"+PONG", b"-NOAUTH")):
                        return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    def __enter__(self) -> "RedisServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
