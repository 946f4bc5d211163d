"""The Starlette application: /graphql, GraphiQL from local files, sign-in, downloads and the
static app."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    parse,
    print_ast,
)
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLRequestData
from strawberry.printer import print_schema
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UNSET, UnsetType
from tortoise.contrib.starlette import RegisterTortoise
from tortoise.exceptions import IntegrityError
from tortoise.timezone import now
from tortoise.transactions import in_transaction

from backend import auth, downloads
from backend.broker import broker
from backend.config import Settings, tortoise_config
from backend.domain import throttle, users, webhooks
from backend.graphql.context import Context
from backend.graphql.importing import check_upload_request, is_multipart
from backend.graphql.schema import build_schema
from backend.models import IdempotentRequest, Role, User
from backend.security import RequestGuard, SecurityHeaders
from backend.webhook_sender import sender

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


OPEN_ROOT_FIELDS = {"me", "__typename"}  # what an anonymous client may ask
IDEMPOTENCY_KEY_LENGTH = 200
IDEMPOTENCY_LIFETIME = timedelta(hours=24)
GRAPHQL_RESPONSE = "application/graphql-response+json"


def _unauthenticated(request: Request) -> JSONResponse:
    """401 for a request that carried no valid credential, with the challenge HTTP clients
    expect; it says nothing of the schema (no validation ran, so no suggestions leak)."""
    error = ', error="invalid_token"' if request.headers.get("authorization") else ""
    return JSONResponse(
        {"errors": [{"message": "Sign in first.", "extensions": {"code": "UNAUTHENTICATED"}}]},
        401,
        headers={"WWW-Authenticate": f'Bearer realm="serialtrace"{error}'},
    )


def _root_fields(document: DocumentNode) -> set[str]:
    """The root field names of every operation, through fragments."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    names: set[str] = set()

    def walk(selections: Any, seen: frozenset[str]) -> None:
        for node in selections:
            if isinstance(node, FieldNode):
                names.add(node.name.value)
            elif isinstance(node, InlineFragmentNode):
                walk(node.selection_set.selections, seen)
            elif isinstance(node, FragmentSpreadNode) and node.name.value not in seen:
                fragment = fragments.get(node.name.value)
                if fragment is not None:
                    walk(fragment.selection_set.selections, seen | {node.name.value})

    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            walk(definition.selection_set.selections, frozenset())
    return names


def _request_data(body: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _parsed(query: Any) -> DocumentNode | None:
    if not isinstance(query, str):
        return None
    try:
        return parse(query)
    except GraphQLError:
        return None


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, graphiql_page: Path, production: bool) -> None:
        super().__init__(
            build_schema(production=production),
            graphql_ide=None if production else "graphiql",
            multipart_uploads_enabled=True,
            subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL],
        )
        self.graphiql_page = graphiql_page

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        """Strawberry's parsing, with every malformed shape (a body that is a string, an
        `operations` that is not an object, a `map` that is a list or points nowhere) answered
        400 with what was expected, never 500."""
        try:
            return await super().parse_http_body(request)
        except (json.JSONDecodeError, HTTPException):
            raise
        except (AttributeError, TypeError, ValueError, IndexError, KeyError) as error:
            if (request.content_type or "").startswith("multipart/"):
                raise HTTPException(
                    400,
                    (
                        "The multipart request is malformed: `operations` must be a JSON object "
                        "{query, variables} and `map` a JSON object from each file part's name to "
                        'a list of variable paths such as ["variables.input.file"] (the GraphQL '
                        "multipart request spec)."
                    ),
                ) from error
            raise HTTPException(
                400,
                "The request body must be a JSON object with `query` "
                "(and optionally `variables`, `operationName`).",
            ) from error

    async def parse_multipart(self, request: AsyncHTTPRequestAdapter) -> dict[str, str]:
        """The multipart spec's shapes, checked before Strawberry puts the files in place."""
        form = await request.get_form_data()
        operations = self.parse_json(form.form.get("operations", "{}"))
        files_map = self.parse_json(form.form.get("map", "{}"))
        if not isinstance(operations, dict) or not isinstance(files_map, dict):
            raise TypeError("operations and map must be objects")
        for name, paths in files_map.items():
            if (
                name not in form.files
                or not isinstance(paths, list)
                or not all(isinstance(p, str) and p.startswith("variables.") for p in paths)
            ):
                raise TypeError(f"map entry {name!r} is malformed")
        return await super().parse_multipart(request)

    async def run(self, request, context=UNSET, root_value=UNSET):
        if not isinstance(request, Request):
            return await super().run(request, context, root_value)
        user = await auth.user_of(request)
        key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if len(key) > IDEMPOTENCY_KEY_LENGTH:
            return JSONResponse(
                {
                    "errors": [
                        {
                            "message": (
                                f"The Idempotency-Key has {len(key)} characters; the most is "
                                f"{IDEMPOTENCY_KEY_LENGTH}."
                            )
                        }
                    ]
                },
                400,
            )
        if is_multipart(request):
            check_upload_request(request)  # CSRF header and size, before the body is read
            if user is None:  # no upload is open to anonymous clients: not even read
                return _unauthenticated(request)
            try:
                if key and request.method == "POST":
                    return await self._idempotent(
                        request, user, key, root_value, await self._upload_digest(request)
                    )
                return await super().run(request, Context(user=user), root_value)
            finally:
                await request.close()  # the uploaded files' temporary storage
        if await _holds_nul(request):
            return JSONResponse(
                {
                    "errors": [
                        {
                            "message": (
                                "Text in a request may not contain the NUL character (U+0000)."
                            )
                        }
                    ]
                },
                400,
            )
        data = (
            dict(request.query_params)
            if request.method == "GET"
            else _request_data(await request.body())
        )
        document = _parsed(data.get("query")) if data else None
        if user is None and document is not None and not _root_fields(document) <= OPEN_ROOT_FIELDS:
            return _unauthenticated(request)
        if (
            key
            and user is not None
            and request.method == "POST"
            and document is not None
            and data is not None
            and _is_mutation(document, data.get("operationName"))
        ):
            digest = _digest(print_ast(document), data.get("variables"), data.get("operationName"))
            return self._media(
                request, await self._idempotent(request, user, key, root_value, digest)
            )
        return self._media(request, await super().run(request, Context(user=user), root_value))

    @staticmethod
    def _media(request: Request, response: Response) -> Response:
        """GraphQL over HTTP: a client that accepts application/graphql-response+json gets it,
        with status 400 when the request failed before execution (parse, validation,
        variables)."""
        if (
            GRAPHQL_RESPONSE not in request.headers.get("accept", "")
            or response.media_type != "application/json"
            or response.status_code != 200
        ):
            return response
        body = json.loads(bytes(response.body))
        status = 200
        if (
            isinstance(body, dict)
            and body.get("data") is None
            and body.get("errors")
            and all("path" not in e for e in body["errors"])
        ):
            body.pop("data", None)
            status = 400
        return Response(
            json.dumps(body),
            status,
            media_type=GRAPHQL_RESPONSE,
            headers={
                k: v
                for k, v in response.headers.items()
                if k.lower() not in ("content-length", "content-type")
            },
        )

    async def _upload_digest(self, request: Request) -> str:
        """An upload's request, compared by its operations and the files' contents."""
        form = await request.form()
        files = []
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                content = await value.read()
                await value.seek(0)
                files.append((name, hashlib.sha256(content).hexdigest()))
        operations = form.get("operations")
        return _digest(
            operations if isinstance(operations, str) else None,
            sorted(files),
            form.get("map") if isinstance(form.get("map"), str) else None,
        )

    async def _idempotent(
        self, request: Request, user: User, key: str, root_value: None, digest: str
    ) -> Response:
        """A retry with the same key gets the first answer, and the change applies once: the
        answer is stored in the transaction of the change itself, and kept 24 hours."""

        async def replay() -> Response | None:
            await IdempotentRequest.filter(
                user_id=user.id, key=key, created_at__lt=now() - IDEMPOTENCY_LIFETIME
            ).delete()
            first = await IdempotentRequest.filter(user_id=user.id, key=key).first()
            if first is None:
                return None
            if first.request_hash != digest:
                return JSONResponse(
                    {
                        "errors": [
                            {
                                "message": (
                                    "This Idempotency-Key was used for a different request; "
                                    "use a new key for a new request."
                                )
                            }
                        ]
                    },
                    422,
                )
            return Response(
                first.response,
                media_type="application/json",
                headers={"Idempotent-Replayed": "true"},
            )

        if (earlier := await replay()) is not None:
            return earlier
        try:
            async with in_transaction():
                response = await super().run(request, Context(user=user), root_value)
                answer = bytes(response.body)
                if response.status_code != 200 or "errors" in json.loads(answer):
                    raise _Rollback(response)
                await IdempotentRequest.create(
                    user_id=user.id, key=key, request_hash=digest, response=answer.decode()
                )
            return response
        except _Rollback as rollback:
            return rollback.response
        except IntegrityError:  # the same key, at the same moment: the other one won
            return await replay() or JSONResponse(
                {"errors": [{"message": "A request with this key is in progress."}]}, 409
            )

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        if not isinstance(request, WebSocket):
            return Context(user=await auth.user_of(request))
        credential = auth.credential_of(request)
        context = Context(
            user=await auth.resolve(credential) if credential else None, websocket=request
        )
        context.recheck = _recheck(credential)
        return context

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """A socket is for signed-in clients: by the session cookie (or an Authorization
        header) of the upgrade request, or by `{"token": "st_…"}` (or `{"authorization":
        "Bearer st_…"}`) in the `connection_init` payload. Anybody else is closed (4403)."""
        if context.user is None:
            params = (
                context.connection_params if isinstance(context.connection_params, dict) else {}
            )
            secret = params.get("token") or str(params.get("authorization", "")).partition(" ")[2]
            credential = (str(secret).strip(), users.TOKEN) if secret else None
            context.user = await auth.resolve(credential) if credential else None
            context.recheck = _recheck(credential)
        if context.user is None:
            raise ConnectionRejectionError({"message": "Sign in first.", "code": "UNAUTHENTICATED"})
        return UNSET

    async def render_graphql_ide(self, request: Request) -> Response:
        # Strawberry's own page loads GraphiQL from a CDN; ours comes from local npm files.
        if not self.graphiql_page.exists():
            return PlainTextResponse("GraphiQL is not installed: run `make run`.", 503)
        return FileResponse(self.graphiql_page, media_type="text/html")


def _recheck(credential: tuple[str, str] | None) -> Callable[[], Awaitable[bool]]:
    async def still_valid() -> bool:
        return credential is not None and await auth.resolve(credential) is not None

    return still_valid


def _digest(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _is_mutation(document: DocumentNode, operation_name: Any) -> bool:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [
        o
        for o in operations
        if operation_name is None or (o.name and o.name.value == operation_name)
    ]
    return bool(chosen) and chosen[0].operation == OperationType.MUTATION


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        throttle.forget()
        async with RegisterTortoise(app, config=tortoise_config(settings.database_url)):
            webhooks.configure(
                webhooks.Policy(
                    allow_private=settings.webhooks_allow_private,
                    retry_base=settings.webhook_retry_base,
                    max_attempts=settings.webhook_max_attempts,
                )
            )
            await broker.start(settings.database_url)
            await sender.start()
            try:
                yield
            finally:
                await sender.stop()
                await broker.stop()

    graphql_app = GraphQLApp(settings.frontend_dir / "graphiql.html", settings.production)
    sdl = print_schema(graphql_app.schema) + "\n"  # = schema.graphql (tests/test_schema.py)

    async def schema_file(request: Request) -> Response:
        """The schema for signed-in clients and tools, also where introspection is off."""
        return PlainTextResponse(
            sdl,
            media_type="application/graphql; charset=utf-8",
            headers={"Content-Disposition": 'inline; filename="schema.graphql"'},
        )

    routes = [
        Route("/graphql", graphql_app, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql_app),
        Route("/healthz", lambda request: PlainTextResponse("ok")),
        *auth.routes,
        *auth.guarded(downloads.routes, Role.VIEWER),
        *auth.guarded([Route("/schema.graphql", schema_file)], Role.VIEWER),
    ]
    if settings.production:  # no GraphiQL in production, not even its static page
        routes.append(Route("/graphiql.html", lambda request: PlainTextResponse("Not found.", 404)))
    if settings.frontend_dir.is_dir():
        routes.append(
            Mount("/", app=StaticFiles(directory=settings.frontend_dir, html=True), name="app")
        )
    return Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(SecurityHeaders, frontend_dir=settings.frontend_dir),
            Middleware(RequestGuard),
        ],
    )
