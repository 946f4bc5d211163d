"""Request hardening in front of the app: body size limits, and the content types that a
cross-site form can't send (CSRF)."""

from __future__ import annotations

import json

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
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        kind = headers.get("content-type", "").split(";")[0].strip().lower()
        upload = kind == "multipart/form-data"
        limit = MAX_UPLOAD_BYTES if upload else MAX_JSON_BYTES
        most = (f"a file may have at most {MAX_FILE_BYTES // (1024 * 1024)} MB" if upload
                else f"the most is {limit:,}")
        if scope["path"] == "/graphql" and kind not in ("application/json",
                                                         "multipart/form-data"):
            await self._refuse(send, *_error(
                415, "Send GraphQL requests as application/json (uploads as multipart/form-data "
                     "with the X-Serialtrace-CSRF header)."))
            return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            await self._refuse(send, *_error(
                413, f"The request has {int(length):,} bytes; {most}."))
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
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class BodyTooLarge(Exception):
    pass
