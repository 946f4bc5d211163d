"""The Starlette application: /graphql, GraphiQL from local files, sign-in, downloads and the
static app."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.types.unset import UNSET
from tortoise.contrib.starlette import RegisterTortoise
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from backend import auth, downloads
from backend.config import Settings, tortoise_config
from backend.graphql.context import Context
from backend.graphql.importing import check_upload_request, is_multipart
from backend.graphql.schema import build_schema
from backend.models import IdempotentRequest, Role, User
from backend.security import RequestGuard

log = logging.getLogger("serialtrace")
IDEMPOTENCY_HEADER = "idempotency-key"


class _Rollback(Exception):
    """Leaves the request's transaction without committing (a failed request changes nothing
    and stores no idempotent answer)."""

    def __init__(self, response: Response) -> None:
        self.response = response


async def _holds_nul(request: Request) -> bool:
    """Whether any text of the request holds U+0000, which no field of ours may (PostgreSQL
    text can't store it): refused whole, at the door, rather than deep in a query."""
    if request.method == "GET":
        return _any_nul(list(request.query_params.values()))
    body = await request.body()  # Starlette keeps it for Strawberry to read again
    if b"u0000" not in body and b"\x00" not in body:
        return False
    try:
        return _any_nul(json.loads(body))
    except ValueError:
        return False


def _any_nul(value: object) -> bool:
    if isinstance(value, str):  # the character itself, or its escape in a GraphQL string
        return "\x00" in value or "\\u0000" in value
    if isinstance(value, dict):
        return any(_any_nul(k) or _any_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_any_nul(v) for v in value)
    return False


class GraphQLApp(GraphQL):
    def __init__(self, graphiql_page: Path, production: bool) -> None:
        super().__init__(build_schema(production=production),
                         graphql_ide=None if production else "graphiql",
                         multipart_uploads_enabled=True)
        self.graphiql_page = graphiql_page

    async def run(self, request, context=UNSET, root_value=UNSET):  # type: ignore[no-untyped-def]
        if not isinstance(request, Request):
            return await super().run(request, context, root_value)
        user = await auth.user_of(request)
        if is_multipart(request):
            check_upload_request(request)  # CSRF header and size, before the body is read
            try:
                return await super().run(request, Context(user=user), root_value)
            finally:
                await request.close()  # the uploaded files' temporary storage
        if await _holds_nul(request):
            return JSONResponse({"errors": [{"message": (
                "Text in a request may not contain the NUL character (U+0000).")}]}, 400)
        key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if key and user is not None and request.method == "POST":
            return await self._idempotent(request, user, key[:200], root_value)
        return await super().run(request, Context(user=user), root_value)

    async def _idempotent(self, request: Request, user: User, key: str, root_value):  # type: ignore[no-untyped-def]
        """A retry with the same key gets the first answer, and the change applies once: the
        answer is stored in the transaction of the change itself."""
        body = await request.body()
        try:
            parsed = json.loads(body)
            digest = hashlib.sha256(json.dumps(
                [parsed.get("query"), parsed.get("variables") or {}, parsed.get("operationName")],
                sort_keys=True).encode()).hexdigest()
        except (ValueError, AttributeError):
            return await super().run(request, Context(user=user), root_value)

        async def replay() -> Response | None:
            first = await IdempotentRequest.filter(user_id=user.id, key=key).first()
            if first is None:
                return None
            if first.request_hash != digest:
                return JSONResponse({"errors": [{"message": (
                    "This Idempotency-Key was used for a different request; use a new key "
                    "for a new request.")}]}, 422)
            return Response(first.response, media_type="application/json",
                            headers={"Idempotent-Replayed": "true"})

        if (earlier := await replay()) is not None:
            return earlier
        try:
            async with in_transaction():
                response = await super().run(request, Context(user=user), root_value)
                answer = bytes(response.body)
                if response.status_code != 200 or "errors" in json.loads(answer):
                    raise _Rollback(response)
                await IdempotentRequest.create(user_id=user.id, key=key, request_hash=digest,
                                               response=answer.decode())
            return response
        except _Rollback as rollback:
            return rollback.response
        except IntegrityError:  # the same key, at the same moment: the other one won
            return await replay() or JSONResponse(
                {"errors": [{"message": "A request with this key is in progress."}]}, 409)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket
                          ) -> Context:  # type: ignore[override]
        return Context(user=await auth.user_of(request))

    async def render_graphql_ide(self, request: Request) -> Response:
        # Strawberry's own page loads GraphiQL from a CDN; ours comes from local npm files.
        if not self.graphiql_page.exists():
            return PlainTextResponse("GraphiQL is not installed: run `make run`.", 503)
        return FileResponse(self.graphiql_page, media_type="text/html")


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with RegisterTortoise(app, config=tortoise_config(settings.database_url)):
            yield

    graphql_app = GraphQLApp(settings.frontend_dir / "graphiql.html", settings.production)
    routes = [
        Route("/graphql", graphql_app, methods=["GET", "POST"]),
        Route("/healthz", lambda request: PlainTextResponse("ok")),
        *auth.routes,
        *auth.guarded(downloads.routes, Role.VIEWER),
    ]
    if settings.frontend_dir.is_dir():
        routes.append(
            Mount("/", app=StaticFiles(directory=settings.frontend_dir, html=True), name="app")
        )
    return Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(RequestGuard)])
