"""The change feed: every committed change gets a position in one increasing sequence, in commit
order (see docs/design.md, "Change feed").

A unit of work (`db.atomic`) notes what it changes while it runs (`note_document`,
`note_serials`); just before it commits, `flush` writes those notes as rows of the `change`
table. On PostgreSQL `flush` first takes one transaction-level advisory lock, held until the
commit, so positions are handed out in commit order: a reader that sees position n has every
position below it already committed. The same transaction writes the webhook outbox
(backend/domain/webhooks.py: one delivery per change and subscribed endpoint) and sends a
NOTIFY with the positions written (ids only), so only committed changes are ever announced.
SQLite has one writer at a time, which gives the same order; after the commit, `committed`
hooks announce it in-process.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.timezone import now

from backend.domain.sql import db_time, is_postgres
from backend.models import Change

log = logging.getLogger("serialtrace.changes")
CHANNEL = "serialtrace_changes"
# One number for the whole database: pg_advisory_xact_lock(CHANGE_LOCK) orders the feed.
CHANGE_LOCK = 7_310_015


class ChangeKind(StrEnum):
    PURCHASE_ORDER_CHANGED = "PURCHASE_ORDER_CHANGED"
    SALES_ORDER_CHANGED = "SALES_ORDER_CHANGED"
    SERIAL_NUMBER_EVENTS = "SERIAL_NUMBER_EVENTS"


@dataclass
class _Note:
    kind: ChangeKind
    purchase_order_id: int | None = None
    sales_order_id: int | None = None
    event_kind: str | None = None
    serial_ids: list[int] = field(default_factory=list)
    variant_ids: list[int] = field(default_factory=list)
    count: int = 0
    user: str | None = None


@dataclass
class Pending:
    notes: list[_Note] = field(default_factory=list)
    documents: set[tuple[ChangeKind, int]] = field(default_factory=set)


_pending: ContextVar[Pending | None] = ContextVar("serialtrace_pending_changes", default=None)
# Called with the last position after a commit that wrote changes (the in-process broker).
_committed: list[Callable[[int], Awaitable[None] | None]] = []


def begin() -> tuple[Pending, bool]:
    """The notes of the unit of work starting now; (notes, whether it is the outermost)."""
    outer = _pending.get()
    if outer is not None:
        return outer, False
    pending = Pending()
    _pending.set(pending)
    return pending, True


def end(outermost: bool) -> None:
    if outermost:
        _pending.set(None)


def note_document(kind: ChangeKind, document_id: int, user: str | None = None) -> None:
    """The purchase or sales order `document_id` changes in the running unit of work."""
    pending = _pending.get()
    if pending is None or (kind, document_id) in pending.documents:
        return
    pending.documents.add((kind, document_id))
    pending.notes.append(
        _Note(
            kind,
            purchase_order_id=document_id if kind == ChangeKind.PURCHASE_ORDER_CHANGED else None,
            sales_order_id=document_id if kind == ChangeKind.SALES_ORDER_CHANGED else None,
            user=user,
        )
    )


def note_serials(
    event_kind: str,
    *,
    purchase_order_id: int | None,
    sales_order_id: int | None,
    serial_ids: Sequence[int],
    variant_ids: Sequence[int],
    count: int,
    user: str | None,
) -> None:
    """Serial number events of one kind on one document (which changes, too)."""
    if purchase_order_id is not None:
        note_document(ChangeKind.PURCHASE_ORDER_CHANGED, purchase_order_id, user)
    if sales_order_id is not None:
        note_document(ChangeKind.SALES_ORDER_CHANGED, sales_order_id, user)
    pending = _pending.get()
    if pending is None:
        return
    pending.notes.append(
        _Note(
            ChangeKind.SERIAL_NUMBER_EVENTS,
            purchase_order_id,
            sales_order_id,
            event_kind,
            sorted(set(serial_ids)),
            sorted(set(variant_ids)),
            count,
            user,
        )
    )


@contextmanager
def unannounced() -> Iterator[None]:
    """A dry run (a check) locks and reads like the change it checks but writes nothing: what
    it notes meanwhile is dropped, so no feed entry (and no live message) says an order
    changed when it did not. Notes taken before it stay."""
    pending = _pending.get()
    if pending is None:
        yield
        return
    notes, documents = list(pending.notes), set(pending.documents)
    try:
        yield
    finally:
        pending.notes[:] = notes
        pending.documents.clear()
        pending.documents.update(documents)


COLUMNS = (
    '"kind", "purchase_order_id", "sales_order_id", "event_kind", "serial_ids", '
    '"variant_ids", "count", "user", "at"'
)


async def flush(conn: BaseDBAsyncClient, pending: Pending) -> int | None:
    """Writes the notes as change rows, in the transaction, just before its commit; returns
    the last position written (None: nothing changed)."""
    if not pending.notes:
        return None
    from backend.domain import webhooks  # it builds on this module

    endpoints = await webhooks.subscribers(conn)
    stamp = now()
    rows = [
        [
            n.kind.value,
            n.purchase_order_id,
            n.sales_order_id,
            n.event_kind,
            json.dumps(n.serial_ids),
            json.dumps(n.variant_ids),
            n.count,
            n.user,
        ]
        for n in pending.notes
    ]
    if is_postgres(conn):
        await conn.execute_query("SELECT pg_advisory_xact_lock($1)", [CHANGE_LOCK])
        # execute_query_dict: Tortoise's execute_query drops RETURNING rows of an INSERT.
        written = await conn.execute_query_dict(
            f"INSERT INTO change ({COLUMNS}) SELECT k, p, s, e, i, v, c, u, $1 FROM unnest("
            "$2::text[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::int[], "
            "$9::text[]) WITH ORDINALITY AS t(k, p, s, e, i, v, c, u, o) ORDER BY o "
            "RETURNING id",
            [stamp, *[list(column) for column in zip(*rows, strict=True)]],
        )
        ids = sorted(int(r["id"]) for r in written)
        queued = await _enqueue(conn, ids, pending.notes, stamp, endpoints)
        # ids only: far below NOTIFY's 8000-byte limit whatever the change. `webhooks`: how
        # many webhook deliveries it queued (wakes the senders).
        await conn.execute_query(
            "SELECT pg_notify($1, $2)",
            [
                CHANNEL,
                json.dumps(
                    {"first": ids[0], "last": ids[-1], **({"webhooks": queued} if queued else {})}
                ),
            ],
        )
        return ids[-1]
    last = None
    positions: list[int] = []
    for row in rows:
        written = await conn.execute_query_dict(
            f"INSERT INTO change ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [*row, db_time(conn, stamp)],
        )
        last = int(written[0]["id"])
        positions.append(last)
    await _enqueue(conn, positions, pending.notes, stamp, endpoints)
    return last


async def _enqueue(
    conn: BaseDBAsyncClient,
    positions: Sequence[int],
    notes: Sequence[_Note],
    stamp: datetime,
    endpoints: Sequence[tuple[int, set[str]]],
) -> int:
    """The webhook outbox, in the same transaction: one delivery per change and endpoint;
    how many."""
    from backend.domain import webhooks

    if not endpoints:
        return 0
    return await webhooks.enqueue(
        conn,
        [
            webhooks.Written(
                position,
                n.kind,
                n.purchase_order_id,
                n.sales_order_id,
                n.event_kind,
                n.count,
                n.user,
            )
            for position, n in zip(positions, notes, strict=True)
        ],
        stamp,
        endpoints,
    )


def on_commit(hook: Callable[[int], Awaitable[None] | None]) -> None:
    """`hook(last_position)` runs after each commit that wrote changes (in this process)."""
    _committed.append(hook)


async def committed(last: int | None) -> None:
    if last is None:
        return
    for hook in list(_committed):
        try:
            result = hook(last)
            if result is not None:
                await result
        except Exception:  # the change is committed: an announcement failing can't undo it
            log.exception("announcing change %s failed", last)


async def read(after: int, first: int) -> list[Change]:
    """Up to `first` changes after position `after`, in order. Positions are given in commit
    order, so what a reader sees after `after` never gains an earlier entry later."""
    return await Change.filter(id__gt=after).order_by("id").limit(first)


async def last_position() -> int:
    """The newest position (0: none yet)."""
    last = await Change.all().order_by("-id").first()
    return int(last.id) if last else 0
