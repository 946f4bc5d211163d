"""Tortoise's SQLite backend with write transactions that start with `BEGIN IMMEDIATE`.

A plain (deferred) BEGIN takes the write lock only at the first write; two processes that both
read first then fail with "database is locked" instead of waiting. IMMEDIATE takes the lock at
the start, so a second writer waits (up to `busy_timeout`) and then runs.

The count of rows a statement changed is the statement's own (the cursor's `rowcount`), not
Tortoise's difference of `total_changes`, which also counts what triggers wrote: the triggers
that keep `updated_at` (backend/integrity.py) would double every UPDATE's count."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
    translate_exceptions,
)
from tortoise.exceptions import TransactionManagementError

# A mixin of SqliteClient's subclasses below: typed as one, a plain class at run time.
if TYPE_CHECKING:
    _Client = SqliteClient
else:
    _Client = object


class OwnCount(_Client):
    @translate_exceptions
    async def execute_query(
        self, query: str, values: list | None = None
    ) -> tuple[int, Sequence[dict]]:
        query = query.replace("\x00", "'||CHAR(0)||'")
        async with self.acquire_connection() as connection:
            self.log.debug("%s: %s", query, values)
            # One trip to aiosqlite's thread, as its execute_fetchall makes.
            count, rows = await connection._execute(_run, connection._conn, query, values or [])
            return (count if count > 0 else len(rows)), rows


def _run(conn: sqlite3.Connection, query: str, values: list) -> tuple[int, list]:
    cursor = conn.execute(query, values)
    try:
        return cursor.rowcount, cursor.fetchall()
    finally:
        cursor.close()


class ImmediateTransactionWrapper(OwnCount, SqliteTransactionWrapper):
    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TransactionManagementError(exc) from exc


class ImmediateSqliteClient(OwnCount, SqliteClient):
    def _in_transaction(self) -> SqliteTransactionContext:
        return SqliteTransactionContext(ImmediateTransactionWrapper(self), self._lock)


client_class = ImmediateSqliteClient


def get_client_class(db_info: dict) -> type[SqliteClient]:
    return ImmediateSqliteClient
