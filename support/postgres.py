"""PostgreSQL databases made for one run and dropped after it, for tests and benchmarks.

`Postgres(admin_url)` names a server where we may create and drop databases (the admin URL's
own database is only connected to, never changed); `Template` is a database prepared once
(migrated, by default) that each test or run copies with `CREATE DATABASE ... TEMPLATE`, which
is much faster than migrating every time.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import asyncpg

DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/test"
TESTS = "SERIALTRACE_TEST_POSTGRES_URL"
BENCH = "SERIALTRACE_BENCH_POSTGRES_URL"


def admin_url(variable: str = TESTS) -> str:
    """The admin URL from the environment `variable` (the tests' or the benchmarks'), else the
    local default."""
    return os.environ.get(variable, DEFAULT_ADMIN_URL)


def _split(url: str) -> tuple[str, str, str]:
    """(everything before the database name, the name, "?query" or "")."""
    address, mark, query = url.partition("?")
    base, _, name = address.rpartition("/")
    return base, name, mark + query


class Postgres:
    """A PostgreSQL server where databases may be created and dropped."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url

    def problem(self) -> str | None:
        """Why the server can't be used, or None when it answers."""
        try:
            self._execute("SELECT 1")
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            return (
                f"PostgreSQL at {self.admin_url} is not reachable: {type(error).__name__}: {error}"
            )
        return None

    def url(self, name: str) -> str:
        """The URL of database `name` on this server (user, host and options as the admin's)."""
        base, _, query = _split(self.admin_url)
        return f"{base}/{name}{query}"

    def create(self, prefix: str = "serialtrace", template: str | None = None) -> str:
        """A new, empty database (or a copy of the database at URL `template`); its URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        copy = f' TEMPLATE "{_split(template)[1]}"' if template else ""
        self._execute(f'CREATE DATABASE "{name}"{copy}')
        return self.url(name)

    def drop(self, url: str) -> None:
        """Drops the database at `url`, even with connections still open to it."""
        self._execute(f'DROP DATABASE IF EXISTS "{_split(url)[1]}" WITH (FORCE)')

    @contextmanager
    def database(self, prefix: str = "serialtrace", template: str | None = None) -> Iterator[str]:
        """A new database's URL for the `with` block; dropped at its end."""
        url = self.create(prefix, template)
        try:
            yield url
        finally:
            self.drop(url)

    def _execute(self, sql: str) -> None:
        async def run() -> None:
            conn = await asyncpg.connect(self.admin_url, timeout=5)
            try:
                await conn.execute(sql)
            finally:
                await conn.close()

        asyncio.run(run())


def _migrate(url: str) -> None:
    from backend.database import migrate

    asyncio.run(migrate(url))


class Template:
    """A database made and prepared (by default: migrated) once, on the first `ready()` or
    `copy()`, that every copy starts from; `drop()` drops it (the copies are the caller's to
    drop)."""

    def __init__(
        self,
        server: Postgres,
        prefix: str = "serialtrace_tpl",
        prepare: Callable[[str], None] = _migrate,
    ) -> None:
        self.server = server
        self.prefix = prefix
        self.prepare = prepare
        self.url: str | None = None

    def ready(self) -> str:
        """Makes and prepares the template, unless that is done; its URL."""
        if self.url is None:
            url = self.server.create(self.prefix)
            try:
                self.prepare(url)
            except BaseException:
                self.server.drop(url)
                raise
            self.url = url
        return self.url

    def copy(self, prefix: str = "serialtrace_t") -> str:
        """A new database with the template's contents; its URL."""
        return self.server.create(prefix, template=self.ready())

    def drop(self) -> None:
        if self.url is not None:
            self.server.drop(self.url)
            self.url = None
