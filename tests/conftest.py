"""Shared fixtures: a fresh database per test on SQLite and on PostgreSQL, and one GraphQL
client interface for every scenario.

PostgreSQL: `SERIALTRACE_TEST_POSTGRES_URL` (default postgres://postgres@127.0.0.1:5432/test)
names a server where the tests may create and drop databases. Without one the PostgreSQL
variants are skipped with the reason printed; with CI=true they fail instead.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from starlette.testclient import TestClient

from backend.app import create_app
from backend.config import ROOT, Settings
from backend.database import migrate

POSTGRES_URL = os.environ.get(
    "SERIALTRACE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _postgres_admin_url() -> str:
    return POSTGRES_URL


async def _pg_execute(sql: str) -> None:
    conn = await asyncpg.connect(_postgres_admin_url(), timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def _pg_url(name: str) -> str:
    base, _, _ = POSTGRES_URL.rpartition("/")
    return f"{base}/{name}"


_pg_problem: str | None = None


def _postgres_or_skip() -> None:
    global _pg_problem
    if _pg_problem is None:
        try:
            asyncio.run(_pg_execute("SELECT 1"))
            _pg_problem = ""
        except (OSError, asyncpg.PostgresError, TimeoutError) as error:
            _pg_problem = f"PostgreSQL at {POSTGRES_URL} is not reachable: {error}"
    if _pg_problem:
        if IN_CI:
            pytest.fail(f"{_pg_problem} (required in CI)")
        pytest.skip(_pg_problem)


class Templates:
    """Migrating takes a while; each backend is migrated once per session into a template that
    every test copies (a file copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sqlite: Path | None = None
        self.postgres: str | None = None

    def sqlite_url(self, folder: Path) -> str:
        if self.sqlite is None:
            self.sqlite = self.root / "template.sqlite3"
            asyncio.run(migrate(f"sqlite://{self.sqlite}"))
        target = folder / "serialtrace.sqlite3"
        shutil.copyfile(self.sqlite, target)
        return f"sqlite://{target}"

    def postgres_db(self) -> str:
        _postgres_or_skip()
        if self.postgres is None:
            name = f"serialtrace_tpl_{uuid.uuid4().hex[:10]}"
            asyncio.run(_pg_execute(f'CREATE DATABASE "{name}"'))
            self.postgres = name
            asyncio.run(migrate(_pg_url(name)))
        name = f"serialtrace_t_{uuid.uuid4().hex[:12]}"
        asyncio.run(_pg_execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.postgres}"'))
        return name

    def drop(self) -> None:
        if self.postgres:
            asyncio.run(_pg_execute(f'DROP DATABASE IF EXISTS "{self.postgres}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    found = Templates(tmp_path_factory.mktemp("templates"))
    yield found
    found.drop()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, templates: Templates, tmp_path: Path
                 ) -> Iterator[str]:
    """A fresh, migrated database for one test."""
    if request.param == "sqlite":
        yield templates.sqlite_url(tmp_path)
        return
    name = templates.postgres_db()
    try:
        yield _pg_url(name)
    finally:
        asyncio.run(_pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


class GraphQLClient:
    """One way to talk to the API in every test: real requests through the Starlette app, as a
    signed-in user (an admin unless said otherwise)."""

    def __init__(self, http: TestClient, token: str | None = None) -> None:
        self.http = http
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def execute(self, query: str, variables: dict[str, Any] | None = None,
                headers: dict[str, str] | None = None) -> dict[str, Any]:
        response = self.http.post("/graphql", json={"query": query, "variables": variables or {}},
                                  headers={**self.headers, **(headers or {})})
        # 401: the request carried no valid credential (the body still says why).
        assert response.status_code in (200, 401), response.text
        return response.json()

    def as_role(self, role: str, username: str | None = None) -> GraphQLClient:
        """Another client on the same app, signed in as a new user with `role`."""
        return GraphQLClient(self.http, self.run(_user_with_token, username or role.lower(),
                                                 role))

    def anonymous(self) -> GraphQLClient:
        nobody = GraphQLClient(self.http)
        nobody.headers = {"Authorization": ""}  # overrides the app client's default
        return nobody

    def run(self, fn: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        """Runs `fn` on the app's own event loop and database connection (for setting up states
        the API can't reach yet, and for checking what the database holds)."""
        return self.http.portal.call(fn, *args)

    def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Runs an operation that must not fail at the GraphQL level; returns `data`."""
        body = self.execute(query, variables)
        assert "errors" not in body, body["errors"]
        return body["data"]


async def _user_with_token(username: str, role: str) -> str:
    from backend.domain import users
    from backend.models import Role

    user = await users.create_user(username, None, Role(role))
    return (await users.issue(user, users.TOKEN, "tests")).secret


@pytest.fixture
def client(database_url: str) -> Iterator[GraphQLClient]:
    settings = Settings(database_url=database_url, host="127.0.0.1", port=0, demo_data=False,
                        frontend_dir=ROOT / "frontend")
    with TestClient(create_app(settings)) as http:
        token = http.portal.call(_user_with_token, "tester", "ADMIN")
        http.headers["Authorization"] = f"Bearer {token}"  # every request, downloads too
        yield GraphQLClient(http)
