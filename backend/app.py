"""The Starlette application: /graphql, GraphiQL from local files, and the static app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.types.unset import UNSET
from tortoise.contrib.starlette import RegisterTortoise

from backend import downloads
from backend.config import Settings, tortoise_config
from backend.graphql.context import Context
from backend.graphql.importing import check_upload_request, is_multipart
from backend.graphql.schema import schema

log = logging.getLogger("serialtrace")


class GraphQLApp(GraphQL):
    def __init__(self, graphiql_page: Path) -> None:
        super().__init__(schema, graphql_ide="graphiql", multipart_uploads_enabled=True)
        self.graphiql_page = graphiql_page

    async def run(self, request, context=UNSET, root_value=UNSET):  # type: ignore[no-untyped-def]
        if not (isinstance(request, Request) and is_multipart(request)):
            return await super().run(request, context, root_value)
        check_upload_request(request)  # CSRF header and size, before the body is read
        try:
            return await super().run(request, context, root_value)
        finally:
            await request.close()  # the uploaded files' temporary storage

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket
                          ) -> Context:  # type: ignore[override]
        return Context()

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

    graphql_app = GraphQLApp(settings.frontend_dir / "graphiql.html")
    routes = [
        Route("/graphql", graphql_app, methods=["GET", "POST"]),
        Route("/healthz", lambda request: PlainTextResponse("ok")),
        *downloads.routes,
    ]
    if settings.frontend_dir.is_dir():
        routes.append(
            Mount("/", app=StaticFiles(directory=settings.frontend_dir, html=True), name="app")
        )
    return Starlette(routes=routes, lifespan=lifespan)
