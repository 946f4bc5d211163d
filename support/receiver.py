"""A webhook receiver for tests: an HTTP server on 127.0.0.1 in a thread that keeps every
request (headers and body) and answers 500 to the first `failures` of them, 204 after."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    status: int  # what the receiver answered


@dataclass
class Receiver:
    url: str
    failures: int = 0
    requests: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def accepted(self) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.status < 300]

    def wait_for(self, done: Callable[[Receiver], bool], seconds: float = 60) -> None:
        """Waits until `done(self)` (not a timed assertion: a generous limit for a hang)."""
        deadline = time.monotonic() + seconds
        while not done(self):
            assert time.monotonic() < deadline, f"the receiver got {len(self.requests)} requests"
            time.sleep(0.05)


@contextmanager
def receiver(failures: int = 0, port: int = 0) -> Iterator[Receiver]:
    found: dict[str, Any] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            state: Receiver = found["receiver"]
            with state.lock:
                status = 500 if state.failures > 0 else 204
                state.failures = max(0, state.failures - 1)
                state.requests.append(
                    Received({k.lower(): v for k, v in self.headers.items()}, body, status)
                )
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    state = Receiver(f"http://127.0.0.1:{server.server_address[1]}/hook", failures)
    found["receiver"] = state
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
