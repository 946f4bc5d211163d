"""Transactions, row locks and document numbers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar, cast

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError, OperationalError, TransactionManagementError
from tortoise.expressions import F
from tortoise.models import Model
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from backend.domain import changes
from backend.models import Sequence

T = TypeVar("T")
M = TypeVar("M", bound=Model)

# A unique index or a CHECK can refuse a write that a concurrent transaction made invalid after
# our checks ran; PostgreSQL can end a transaction as a deadlock or serialization victim; SQLite
# can time out waiting for the write lock. The whole unit of work is then run again (a bounded
# number of times); its checks now see the other transaction's rows and report properly.
ATTEMPTS = 4
_RETRYABLE_SQLSTATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected


def _retryable(error: Exception) -> bool:
    if isinstance(error, IntegrityError):
        return True
    # Tortoise passes some driver errors through as they are (asyncpg's DeadlockDetectedError,
    # SerializationError) and wraps others: look at the error and at what it wraps.
    for candidate in (error, error.__cause__, error.args[0] if error.args else None):
        if getattr(candidate, "sqlstate", None) in _RETRYABLE_SQLSTATES:
            return True
    return isinstance(error, OperationalError | TransactionManagementError) and (
        "database is locked" in str(error)
    )


async def atomic(work: Callable[[BaseDBAsyncClient], Awaitable[T]]) -> T:
    """Runs `work` in one transaction: all of it is written, or nothing.

    The unit of work runs to its end (commit or rollback) even when the caller is cancelled —
    graphql-core cancels a request's other root fields when one fails. Cancelled half-way into
    Tortoise's transaction, it would keep SQLite's connection lock (or a PostgreSQL pool
    connection) for good, and every later write would wait forever."""
    return await asyncio.shield(_atomic(work))


async def _atomic(work: Callable[[BaseDBAsyncClient], Awaitable[T]]) -> T:
    for attempt in range(1, ATTEMPTS + 1):
        pending, outermost = changes.begin()
        try:
            if outermost:  # the notes of a failed attempt go with it
                pending.notes.clear()
                pending.documents.clear()
            async with in_transaction() as conn:
                result = await work(conn)
                last = await changes.flush(conn, pending) if outermost else None
            await changes.committed(last)
            return result
        except Exception as error:
            if attempt == ATTEMPTS or not _retryable(error):
                raise
            await asyncio.sleep(0.01 * attempt)
        finally:
            changes.end(outermost)
    raise AssertionError("unreachable")


async def locked(query: QuerySet[M], conn: BaseDBAsyncClient) -> M | None:
    """Fetches one row and locks it until the transaction ends (PostgreSQL: FOR UPDATE; SQLite
    has one writer at a time, so the write transaction itself is the lock)."""
    return await query.using_db(conn).select_for_update().first()


async def flat(query: QuerySet[M], field: str, _kind: type[T]) -> list[T]:
    """The values of one column of `query`, as a list (`values_list(field, flat=True)`, which
    Tortoise types as tuples). `_kind` names the column's Python type for the type checker."""
    return cast(list[T], await query.values_list(field, flat=True))


async def next_number(conn: BaseDBAsyncClient, prefix: str) -> str:
    """The next document number (`PO-17`), from a counter advanced by one UPDATE."""
    updated = await Sequence.filter(name=prefix).using_db(conn).update(value=F("value") + 1)
    if not updated:
        await Sequence.create(name=prefix, value=1, using_db=conn)
        return f"{prefix}-1"
    sequence = await Sequence.get(name=prefix, using_db=conn)
    return f"{prefix}-{sequence.value}"


async def refresh_statistics(tables: tuple[str, ...]) -> None:
    """The planner's statistics of `tables` brought up to date after a bulk load (an import
    into a nearly empty database otherwise plans as if the tables were still empty).
    PostgreSQL samples the table; SQLite reads at most about 1000 rows of each index."""
    conn = connections.get(Sequence._meta.default_connection)
    if conn.capabilities.dialect == "sqlite":
        await conn.execute_script(
            "PRAGMA analysis_limit = 1000; " + " ".join(f"ANALYZE {t};" for t in tables)
        )
    else:
        await conn.execute_script(f"ANALYZE {', '.join(tables)}")
