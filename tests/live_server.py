"""The app served by real uvicorn in a subprocess, for end-to-end tests over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx2

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cli_token(database_url: str, username: str = "tester", role: str = "ADMIN") -> str:
    """A user and an API token, made with the command line on the server's database."""
    env = {**os.environ, "SERIALTRACE_DATABASE_URL": database_url}
    run = [sys.executable, "-m", "backend"]
    subprocess.run([*run, "create-user", username, "--role", role], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    made = subprocess.run([*run, "create-token", "--user", username], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True)
    return made.stdout.strip()


@contextmanager
def live_server(database_url: str, workers: int = 1, demo: bool = False) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "SERIALTRACE_DATABASE_URL": database_url,
           "SERIALTRACE_PORT": str(port), "SERIALTRACE_HOST": "127.0.0.1",
           "SERIALTRACE_DEMO_DATA": "1" if demo else "0"}
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "backend", "serve", "--workers", str(workers)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(process, log, f"http://127.0.0.1:{port}")
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(process: subprocess.Popen, log: IO[bytes], url: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the server exited early:\n{log.read().decode(errors='replace')}")
        try:
            if httpx2.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx2.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not answer within 30 s")
        time.sleep(0.1)
