"""The stock screen's list of serial numbers in SQL shaped for its indexes (migration 0011), so
that a page costs the same at ten thousand numbers and at ten million:

- every order is a keyset walk on an index: `(added_at, id)`, `(number_sort, id)`, by status
  one stretch per status on `(status, number_sort, id)` (then by number), `(variant_id, id)`
  under the variants in SKU order, and with a status filter
  `(status, added_at, id)` / `(status, number_sort, id)`, with an item `(variant_id, added_at, id)`;
- a number without an added date (expected, not received) has no place among dates: "newest
  first" lists the dated numbers first and then the undated ones (newest id first), on both
  databases; ascending is the exact reverse (undated first);
- several statuses at once: one walk per status, merged (each reads at most a page);
- an SKU is resolved to its variant id first;
- search by part of the number: PostgreSQL's trigram index (pg_trgm) on the normalised number;
  SQLite's FTS5 trigram table kept by triggers (texts of 3 characters or more; shorter ones
  scan, and a page of them is found quickly as they match often);
- counts stop at `keyset.COUNT_CAP`.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, TypeAlias

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from backend.domain import keyset
from backend.domain.serial_rules import normalise_key
from backend.domain.sql import db_time, is_postgres
from backend.models import SerialNumber, SerialNumberStatus


@dataclass(frozen=True)
class SerialNumberFilter:
    sku: str | None = None
    status: SerialNumberStatus | None = None
    statuses: tuple[SerialNumberStatus, ...] = ()  # any of them (with `status`, both apply)
    purchase_order_id: int | None = None
    supplier_id: int | None = None
    customer_id: int | None = None
    sales_order_id: int | None = None
    added_from: datetime | None = None  # received (added) date range, inclusive
    added_to: datetime | None = None
    shipped_from: datetime | None = None  # delivered date of the sales order, inclusive
    shipped_to: datetime | None = None
    search: str | None = None


SEARCH_CANDIDATES = 10_000
ORDER_FIELDS = ("NUMBER", "SKU", "STATUS", "ADDED_AT")
_KINDS: dict[str, keyset.Kind] = {
    "NUMBER": str,
    "SKU": str,
    "STATUS": str,
    "ADDED_AT": (datetime, None),
}
_COLUMN = {
    "NUMBER": "s.number_sort",
    "SKU": "v.sku",
    "STATUS": "s.number_sort",
    "ADDED_AT": "s.added_at",
}


class _Params:
    """Parameters in the order their `?` appear; PostgreSQL's `$n` are numbered at the end."""

    def __init__(self, conn: BaseDBAsyncClient) -> None:
        self.conn = conn
        self.postgres = is_postgres(conn)
        self.values: list[Any] = []

    def add(self, value: Any) -> str:
        if isinstance(value, datetime):
            value = db_time(self.conn, value)
        self.values.append(value)
        return "?"

    def sql(self, text: str) -> str:
        if not self.postgres:
            return text
        parts = text.split("?")
        return "".join(
            f"{part}${i}" if i < len(parts) else part for i, part in enumerate(parts, start=1)
        )


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


Condition = tuple[str, list[Any]]  # SQL with `?` marks, and their values


@dataclass
class _Where:
    """The filter as SQL conditions on `s` (serial_number), without the statuses."""

    conditions: list[Condition] = field(default_factory=list)
    statuses: list[str] | None = None  # None: any
    empty: bool = False  # nothing can match (an unknown SKU, statuses that exclude each other)


async def _where(f: SerialNumberFilter, conn: BaseDBAsyncClient) -> _Where:
    """The filter's conditions; worked out once per filter object (a page and its count, or
    the steps of an export, share its SKU look-up and its search candidates)."""
    cached = f.__dict__.get("_where")
    if isinstance(cached, _Where):
        return cached
    w = await _conditions(f, conn)
    object.__setattr__(f, "_where", w)
    return w


async def _conditions(f: SerialNumberFilter, conn: BaseDBAsyncClient) -> _Where:
    w = _Where()

    def add(sql: str, *values: Any) -> None:
        w.conditions.append(
            (sql, [db_time(conn, v) if isinstance(v, datetime) else v for v in values])
        )

    if f.sku and f.sku.strip():
        _, rows = await conn.execute_query(
            f"SELECT id FROM variant WHERE sku = {'$1' if is_postgres(conn) else '?'}",
            [f.sku.strip()],
        )
        if not rows:
            w.empty = True
            return w
        add("s.variant_id = ?", tuple(rows[0])[0])
    statuses: set[str] | None = None
    if f.status:
        statuses = {f.status.value}
    if f.statuses:
        wanted = {s.value for s in f.statuses}
        statuses = wanted if statuses is None else statuses & wanted
    if statuses is not None:
        w.statuses = sorted(statuses)
        w.empty = not statuses
    if f.purchase_order_id is not None:
        add(
            "s.purchase_order_row_id IN (SELECT id FROM purchase_order_row "
            "WHERE purchase_order_id = ?)",
            f.purchase_order_id,
        )
    if f.supplier_id is not None:
        add(
            "s.purchase_order_row_id IN (SELECT r.id FROM purchase_order_row r JOIN "
            "purchase_order o ON o.id = r.purchase_order_id WHERE o.supplier_id = ?)",
            f.supplier_id,
        )
    if f.sales_order_id is not None:
        add(
            "s.sales_order_row_id IN (SELECT id FROM sales_order_row WHERE sales_order_id = ?)",
            f.sales_order_id,
        )
    if f.customer_id is not None:
        add(
            "s.sales_order_row_id IN (SELECT r.id FROM sales_order_row r JOIN sales_order o "
            "ON o.id = r.sales_order_id WHERE o.customer_id = ?)",
            f.customer_id,
        )
    if f.added_from:
        add("s.added_at >= ?", f.added_from)
    if f.added_to:
        add("s.added_at <= ?", f.added_to)
    if f.shipped_from or f.shipped_to:
        dates, values = [], []
        if f.shipped_from:
            dates.append("o.delivered_at >= ?")
            values.append(f.shipped_from)
        if f.shipped_to:
            dates.append("o.delivered_at <= ?")
            values.append(f.shipped_to)
        add(
            "s.status = 'SHIPPED' AND s.sales_order_row_id IN (SELECT r.id FROM "
            "sales_order_row r JOIN sales_order o ON o.id = r.sales_order_id WHERE "
            f"{' AND '.join(dates)})",
            *values,
        )
    if f.search and f.search.strip():
        key = normalise_key(f.search.strip())
        pattern = "%" + _like_escape(key) + "%"
        if not is_postgres(conn) and len(key) >= 3:
            # The trigram table finds the candidates (its LIKE knows no ESCAPE: `_` and `%`
            # match any character there; the exact test follows on the row). A text found in
            # more than SEARCH_CANDIDATES numbers is common: a page of them is found faster
            # by reading the list's own index.
            _, rows = await conn.execute_query(
                "SELECT rowid FROM serial_number_fts WHERE number_key LIKE ? LIMIT ?",
                [f"%{key}%", SEARCH_CANDIDATES + 1],
            )
            if len(rows) <= SEARCH_CANDIDATES:
                add(
                    "s.id IN (SELECT value FROM json_each(?))",
                    json.dumps([tuple(r)[0] for r in rows]),
                )
        add("s.number_key LIKE ? ESCAPE '\\'", pattern)
    return w


@dataclass(frozen=True)
class _Segment:
    """A stretch of the order in which the sort column is never null."""

    name: str  # part of the cursor
    condition: str | None
    column: str | None  # None: by id only
    # Ordered by this column too although it is the same (null) on every row: PostgreSQL then
    # reads the order from the index that starts with it.
    constant: str | None = None


# Where a stretch's walk starts: after (sort value, id) in the order; with "same" only the rest
# of that sort value, with "beyond" only the values after it.
_After: TypeAlias = tuple[Any, int] | tuple[Any, int, Literal["same", "beyond"]]

STATUS_ORDER = tuple(sorted(st.value for st in SerialNumberStatus))


def _segments(order_by: str, descending: bool) -> list[_Segment]:
    column = _COLUMN[order_by]
    if order_by == "STATUS":
        # One stretch per status, each by number: on the index (status, number_sort, id).
        stretches = [_Segment(st, f"s.status = '{st}'", column) for st in STATUS_ORDER]
        return stretches[::-1] if descending else stretches
    if order_by != "ADDED_AT":
        return [_Segment("a", None, column)]
    dated = _Segment("a", "s.added_at IS NOT NULL", column)
    undated = _Segment("b", "s.added_at IS NULL", None, constant="s.added_at")
    return [dated, undated] if descending else [undated, dated]


def _branch_sql(
    seg: _Segment,
    where: _Where,
    status: str | None,
    after: _After | None,
    descending: bool,
    limit: int,
    p: _Params,
) -> str:
    conditions = []
    for sql, values in where.conditions:
        conditions.append(sql)
        p.values.extend(values)
    if status is not None:
        conditions.append(f"s.status = {p.add(status)}")
    if seg.condition:
        conditions.append(seg.condition)
    sign = "<" if descending else ">"
    if after is not None:
        mode = after[2] if len(after) > 2 else "row"
        if not seg.column:
            conditions.append(f"s.id {sign} {p.add(after[1])}")
        elif mode == "same":  # the rest of the cursor's own value (e.g. its SKU)
            conditions.append(f"{seg.column} = {p.add(after[0])} AND s.id {sign} {p.add(after[1])}")
        elif mode == "beyond":  # the values after the cursor's
            conditions.append(f"{seg.column} {sign} {p.add(after[0])}")
        else:
            conditions.append(f"({seg.column}, s.id) {sign} ({p.add(after[0])}, {p.add(after[1])})")
    direction = "DESC" if descending else "ASC"
    column = seg.column or seg.constant or "NULL"
    join = " JOIN variant v ON v.id = s.variant_id" if seg.column == "v.sku" else ""
    first = seg.column or seg.constant
    order = (f"{first} {direction}, " if first else "") + f"s.id {direction}"
    where_sql = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return (
        f"SELECT s.id AS id, {column} AS k FROM serial_number s{join}{where_sql} "
        f"ORDER BY {order} LIMIT {int(limit)}"
    )


def segment_sql(
    seg: _Segment,
    where: _Where,
    after: _After | None,
    descending: bool,
    limit: int,
    conn: BaseDBAsyncClient,
) -> tuple[str, list[Any]]:
    p = _Params(conn)
    statuses: Sequence[str | None] = where.statuses if where.statuses else [None]
    if len(statuses) == 1:
        sql = _branch_sql(seg, where, statuses[0], after, descending, limit, p)
    else:
        direction = "DESC" if descending else "ASC"
        branches = [
            f"SELECT * FROM ({_branch_sql(seg, where, s, after, descending, limit, p)}) AS b{i}"
            for i, s in enumerate(statuses)
        ]
        order = (
            f"k {direction}, id {direction}" if seg.column or seg.constant else f"id {direction}"
        )
        sql = f"{' UNION ALL '.join(branches)} ORDER BY {order} LIMIT {int(limit)}"
    return p.sql(sql), p.values


async def _segment_rows(
    seg: _Segment,
    where: _Where,
    after: _After | None,
    descending: bool,
    limit: int,
    conn: BaseDBAsyncClient,
) -> list[tuple[int, Any]]:
    sql, values = segment_sql(seg, where, after, descending, limit, conn)
    _, rows = await conn.execute_query(sql, values)
    return [(row[0], row[1]) for row in (tuple(r) for r in rows)]


def _order_name(order_by: str, descending: bool) -> str:
    return f"serial:{order_by}:{'d' if descending else 'a'}"


def _value(order_by: str, raw: Any) -> Any:
    if order_by == "ADDED_AT" and isinstance(raw, str):
        return SerialNumber._meta.fields_map["added_at"].to_python_value(raw)
    return raw


async def _ids(
    f: SerialNumberFilter,
    order_by: str,
    descending: bool,
    after: tuple[Any, ...] | None,
    limit: int,
    conn: BaseDBAsyncClient,
) -> list[tuple[str, Any, int]]:
    """Up to `limit` (segment, sort value, id) in the order, after `after` (segment, value,
    id)."""
    where = await _where(f, conn)
    if where.empty or limit <= 0:
        return []
    segments = _segments(order_by, descending)
    found: list[tuple[str, Any, int]] = []
    pending = after  # until the walk reaches the cursor's stretch
    for seg in segments:
        position: tuple[Any, int] | None = None
        if pending is not None:
            if seg.name != pending[0]:
                continue
            position = (pending[1], pending[2])
            pending = None
        within = where
        if order_by == "STATUS":
            if where.statuses is not None and seg.name not in where.statuses:
                continue
            within = _Where(where.conditions, None, where.empty)  # the stretch fixes it
        start: _After | None = position
        if position is not None and seg.column == "v.sku":
            # A join's row comparison plans as a scan: the rest of the cursor's SKU (on the
            # index of its variant), then the SKUs after it (variant by variant, in order).
            rows = await _segment_rows(
                seg, within, (*position, "same"), descending, limit - len(found), conn
            )
            found.extend((seg.name, _value(order_by, k), i) for i, k in rows)
            if len(found) >= limit:
                break
            start = (*position, "beyond")
        rows = await _segment_rows(seg, within, start, descending, limit - len(found), conn)
        found.extend((seg.name, _value(order_by, k), i) for i, k in rows)
        if len(found) >= limit:
            break
    return found


async def page(
    f: SerialNumberFilter, order_by: str, descending: bool, request: keyset.Request
) -> keyset.Page[SerialNumber]:
    """One page of the list, read on its index, with the models of its rows."""
    conn = connections.get(SerialNumber._meta.default_connection)
    name = _order_name(order_by, descending)
    cursor = request.before if request.backward else request.after
    after = keyset.decode(name, cursor, (str, _KINDS[order_by], int))
    stretches = {seg.name for seg in _segments(order_by, descending)}
    if after is not None and not (
        after[0] in stretches
        and (after[1] is not None or after[0] == "b" and order_by == "ADDED_AT")
    ):
        raise keyset.BadCursor(
            f"The cursor {cursor!r} is not one this API gave out for this "
            "list and order; start again from the first page."
        )
    walk = descending != request.backward
    found = await _ids(f, order_by, walk, after, request.size + 1, conn)
    more = len(found) > request.size
    found = found[: request.size]
    if request.backward:
        found.reverse()
    models = {m.id: m for m in await SerialNumber.filter(id__in=[i for _, _, i in found])}
    return keyset.Page(
        [
            (keyset.encode(name, [seg, value, i]), models[i])
            for seg, value, i in found
            if i in models
        ],
        more,
    )


async def count(f: SerialNumberFilter) -> keyset.Counted:
    conn = connections.get(SerialNumber._meta.default_connection)

    async def upto(limit: int) -> int:
        where = await _where(f, conn)
        if where.empty:
            return 0
        p = _Params(conn)
        conditions = []
        for sql, values in where.conditions:
            conditions.append(sql)
            p.values.extend(values)
        if where.statuses:
            conditions.append(f"s.status IN ({', '.join(p.add(s) for s in where.statuses)})")
        where_sql = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        _, rows = await conn.execute_query(
            p.sql(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM serial_number s{where_sql} "
                f"LIMIT {int(limit)}) AS t"
            ),
            p.values,
        )
        return int(tuple(rows[0])[0])

    return await keyset.capped_count(upto)


async def walk(
    f: SerialNumberFilter, order_by: str, descending: bool, batch: int
) -> AsyncIterator[list[int]]:
    """Every id of the list in its order, `batch` at a time, each batch one keyset step (an
    export reads in flat memory however long the list)."""
    conn = connections.get(SerialNumber._meta.default_connection)
    after: tuple[str, Any, int] | None = None
    while True:
        found = await _ids(f, order_by, descending, after, batch, conn)
        if not found:
            return
        yield [i for _, _, i in found]
        if len(found) < batch:
            return
        after = found[-1]
