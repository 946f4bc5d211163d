"""Request hardening in front of the app: body size limits, and the content types that a
cross-site form can't send (CSRF)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.spreadsheets import MAX_BYTES as MAX_FILE_BYTES

MAX_JSON_BYTES = 1024 * 1024  # a GraphQL request; 1000 numbers of 32 characters is ~40 KB
MAX_UPLOAD_BYTES = MAX_FILE_BYTES + 1024 * 1024  # an import: the file and the form around it


def _error(status: int, message: str) -> tuple[int, bytes]:
    return status, json.dumps({"errors": [{"message": message}]}).encode()


class RequestGuard:
    """ASGI middleware:

    - POST /graphql must be `application/json`, or a multipart upload (which the GraphQL app
      checks for its CSRF header). `text/plain` and form posts, which a browser sends cross-site
      without a preflight, are refused before anything runs.
    - Bodies are capped (by Content-Length and while streaming), so nobody can make the server
      buffer gigabytes.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)  # latin-1, as HTTP has it: any bytes decode
        kind = headers.get("content-type", "").split(";")[0].strip().lower()
        upload = kind == "multipart/form-data"
        limit = MAX_UPLOAD_BYTES if upload else MAX_JSON_BYTES
        most = (
            f"a file may have at most {MAX_FILE_BYTES // (1024 * 1024)} MB"
            if upload
            else f"the most is {limit:,}"
        )
        if scope["path"] == "/graphql" and kind not in ("application/json", "multipart/form-data"):
            await self._refuse(
                send,
                *_error(
                    415,
                    "Send GraphQL requests as application/json (uploads as multipart/form-data "
                    "with the X-Serialtrace-CSRF header).",
                ),
            )
            return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            await self._refuse(
                send, *_error(413, f"The request has {int(length):,} bytes; {most}.")
            )
            return

        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except BodyTooLarge:
            await self._refuse(send, *_error(413, f"The request is over {limit:,} bytes; {most}."))

    @staticmethod
    async def _refuse(send: Send, status: int, body: bytes) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class BodyTooLarge(Exception):
    pass


def _inline_hashes(page: Path) -> str:
    """CSP source expressions for the inline scripts of a page (the app's import map)."""
    if not page.exists():
        return ""
    text = page.read_text()
    found = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", text, flags=re.S)
    return " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in found
    )


def content_security_policy(frontend_dir: Path) -> dict[str, str]:
    """Per path prefix, the policy its pages get: the app runs only its own ES modules (and its
    import map, by hash, and WebAssembly compiled from its own files: the camera's barcode
    reader, 'wasm-unsafe-eval' allows no JavaScript eval); GraphiQL's page, its own scripts and
    inline styles. No page of ours may be framed. `connect-src 'self'` covers the live socket
    too: in CSP Level 3 'self' matches ws: and wss: on the page's own host."""
    common = (
        "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    )
    hashes = _inline_hashes(frontend_dir / "index.html")
    app = f"{common}; script-src 'self' 'wasm-unsafe-eval' {hashes}".rstrip()
    return {
        "app": app + "; style-src 'self' 'unsafe-inline'",
        "graphiql": f"{common}; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "font-src 'self' data:",
    }


class SecurityHeaders:
    """ASGI middleware: security headers on every HTTP response (not framed, no sniffing, no
    referrer to other sites, a strict Content-Security-Policy; HSTS over HTTPS)."""

    def __init__(self, app: ASGIApp, frontend_dir: Path) -> None:
        self.app = app
        self.policies = content_security_policy(frontend_dir)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        graphiql = path in ("/graphql", "/graphiql.html")
        policy = self.policies["graphiql" if graphiql else "app"]
        extra = [
            (b"content-security-policy", policy.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if scope.get("scheme") == "https":
            extra.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *[(k, v) for k, v in extra if k not in names],
                ]
            await send(message)

        await self.app(scope, receive, with_headers)
