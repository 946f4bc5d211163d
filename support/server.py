"""The app served for real: `python -m backend serve` (uvicorn) in a subprocess on a free
loopback port, and users with API tokens made with the command line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 60


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (at the moment of asking)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cli(database_url: str, *args: str) -> str:
    env = {**os.environ, "SERIALTRACE_DATABASE_URL": database_url}
    done = subprocess.run(
        [sys.executable, "-m", "backend", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(
            f"`serialtrace {' '.join(args)}` failed ({done.returncode}):\n"
            f"{done.stdout}{done.stderr}"
        )
    return done.stdout


def cli_token(database_url: str, username: str = "tester", role: str = "ADMIN") -> str:
    """A new user and an API token for it, made with the command line on the database (which
    that migrates, too)."""
    _cli(database_url, "create-user", username, "--role", role)
    return _cli(database_url, "create-token", "--user", username).strip()


@dataclass
class LiveServer:
    url: str  # http://127.0.0.1:PORT, no trailing slash
    process: subprocess.Popen[bytes]
    log: Path  # the server's stdout and stderr

    def output(self, tail: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-tail:]


@contextmanager
def live_server(
    database_url: str,
    workers: int = 1,
    demo: bool = False,
    env: Mapping[str, str] | None = None,
    log: Path | None = None,
) -> Iterator[LiveServer]:
    """The app on a free port for the `with` block, up once /healthz answers; terminated at
    the end (unless the block ended the process itself). Its output goes to `log` (by default
    a temporary file, deleted afterwards); `env` adds to or overrides the environment."""
    port = free_port()
    environment = {
        **os.environ,
        "SERIALTRACE_DATABASE_URL": database_url,
        "SERIALTRACE_HOST": "127.0.0.1",
        "SERIALTRACE_PORT": str(port),
        "SERIALTRACE_DEMO_DATA": "1" if demo else "0",
        **(env or {}),
    }
    command = [sys.executable, "-m", "backend", "serve", "--workers", str(workers)]
    if not demo:
        command.append("--no-demo")
    with ExitStack() as stack:
        if log is None:
            log = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "server.log"
        with open(log, "wb") as output:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        server = LiveServer(f"http://127.0.0.1:{port}", process, log)
        try:
            _wait_until_up(server)
            yield server
        finally:
            _stop(process)


def _wait_until_up(server: LiveServer) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"the server exited ({server.process.returncode}) before it "
                f"answered:\n{server.output()}"
            )
        try:
            if httpx2.get(f"{server.url}/healthz", timeout=1).status_code == 200:
                return
        except httpx2.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"the server did not answer /healthz within {STARTUP_SECONDS} s:\n{server.output()}"
            )
        time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
