"""Transactions, row locks and document numbers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.models import Model
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from backend.models import Sequence

T = TypeVar("T")
M = TypeVar("M", bound=Model)

# A unique index or a CHECK can refuse a write that a concurrent transaction made invalid after
# our checks ran. The whole unit of work is then run again; its checks now see the other
# transaction's rows and report the problem properly.
ATTEMPTS = 3


async def atomic(work: Callable[[BaseDBAsyncClient], Awaitable[T]]) -> T:
    """Runs `work` in one transaction: all of it is written, or nothing."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            async with in_transaction() as conn:
                return await work(conn)
        except IntegrityError:
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")


async def locked(query: QuerySet[M], conn: BaseDBAsyncClient) -> M | None:
    """Fetches one row and locks it until the transaction ends (PostgreSQL: FOR UPDATE; SQLite
    has one writer at a time, so the write transaction itself is the lock)."""
    return await query.using_db(conn).select_for_update().first()


async def next_number(conn: BaseDBAsyncClient, prefix: str) -> str:
    """The next document number (`PO-17`), from a counter advanced by one UPDATE."""
    updated = await Sequence.filter(name=prefix).using_db(conn).update(value=F("value") + 1)
    if not updated:
        await Sequence.create(name=prefix, value=1, using_db=conn)
        return f"{prefix}-1"
    sequence = await Sequence.get(name=prefix).using_db(conn)
    return f"{prefix}-{sequence.value}"
