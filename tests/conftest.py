"""Shared fixtures: a fresh database per test on SQLite and on PostgreSQL, and a GraphQL client
of the app on it (`support.client`; the builders are `support.builders.Scenario`).

PostgreSQL: `SERIALTRACE_TEST_POSTGRES_URL` (default postgres://postgres@127.0.0.1:5432/test)
names a server where the tests may create and drop databases. Without one the PostgreSQL
variants are skipped with the reason printed; with CI=true they fail instead.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.register_assert_rewrite("support")

from backend.database import migrate  # noqa: E402
from support import postgres  # noqa: E402
from support.client import Client, in_process  # noqa: E402

IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def unavailable(reason: str) -> None:
    """Skips the test with the reason printed; in CI, where nothing may be skipped, fails it."""
    if IN_CI:
        pytest.fail(f"{reason} (required in CI)")
    print(f"SKIP: {reason}")
    pytest.skip(reason)


class Templates:
    """Migrating takes a while; each backend is migrated once per session into a template that
    every test copies (a file copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sqlite: Path | None = None
        self.server = postgres.Postgres(postgres.admin_url(postgres.TESTS))
        self.postgres = postgres.Template(self.server)
        self.postgres_problem: str | None = None  # "" once the server answered

    def sqlite_url(self, folder: Path) -> str:
        if self.sqlite is None:
            self.sqlite = self.root / "template.sqlite3"
            asyncio.run(migrate(f"sqlite://{self.sqlite}"))
        target = folder / "serialtrace.sqlite3"
        shutil.copyfile(self.sqlite, target)
        return f"sqlite://{target}"

    def postgres_url(self) -> str:
        """A new migrated database (the caller drops it with `self.server.drop`)."""
        if self.postgres_problem is None:
            self.postgres_problem = self.server.problem() or ""
        if self.postgres_problem:
            unavailable(self.postgres_problem)
        return self.postgres.copy()

    def drop(self) -> None:
        self.postgres.drop()


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    found = Templates(tmp_path_factory.mktemp("templates"))
    yield found
    found.drop()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(
    request: pytest.FixtureRequest, templates: Templates, tmp_path: Path
) -> Iterator[str]:
    """A fresh, migrated database for one test."""
    if request.param == "sqlite":
        yield templates.sqlite_url(tmp_path)
        return
    url = templates.postgres_url()
    try:
        yield url
    finally:
        templates.server.drop(url)


@pytest.fixture
def postgres_url(database_url: str) -> str:
    """`database_url` for a test parametrized with ["postgres"] only (e.g. races between two
    uvicorn workers: SQLite runs one writer); without a server it fails in CI, skips locally."""
    assert database_url.startswith("postgres"), database_url
    return database_url


@pytest.fixture
def client(database_url: str) -> Iterator[Client]:
    """The app in-process on a fresh database, signed in as the admin `tester`."""
    with in_process(database_url) as signed_in:
        yield signed_in
