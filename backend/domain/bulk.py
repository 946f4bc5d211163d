"""The hot paths of thousands of serial numbers, written as one SQL statement each.

Going through the ORM row by row costs milliseconds per thousand numbers in Python alone; here
each step is one round trip whatever the count: PostgreSQL takes arrays (`unnest`, `ANY`),
SQLite takes one JSON array (`json_each`). Both return what was written (`RETURNING`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.timezone import now

from backend.domain import changes
from backend.domain.serial_rules import sort_key
from backend.domain.sql import db_time, is_postgres
from backend.domain.sql import json_item as _j
from backend.models import SerialNumber, SerialNumberEventKind, SerialNumberStatus

# The columns every INSERT of serial numbers fills (the importer's too).
SERIAL_COLUMNS = (
    '"variant_id", "number", "number_key", "number_sort", "status", "added_at", '
    '"purchase_order_row_id", "created_at"'
)


@dataclass(frozen=True)
class Existing:
    id: int
    number: str
    key: str
    document: str | None  # the PO it is on


async def find_existing(
    conn: BaseDBAsyncClient, variant_id: int, keys: Sequence[str]
) -> dict[str, Existing]:
    """The serials of a variant among the normalised numbers `keys`, with the PO each is on."""
    if not keys:
        return {}
    select = (
        "SELECT s.id, s.number, s.number_key, o.number FROM serial_number s "
        "LEFT JOIN purchase_order_row r ON r.id = s.purchase_order_row_id "
        "LEFT JOIN purchase_order o ON o.id = r.purchase_order_id "
    )
    if is_postgres(conn):
        # Driven by the input list: a plan that PostgreSQL caches for the prepared statement
        # stays an index lookup per key however many serials the variant gathers later.
        sql = (
            "SELECT s.id, s.number, s.number_key, o.number FROM unnest($2::text[]) AS k(key) "
            "JOIN serial_number s ON s.variant_id = $1 AND s.number_key = k.key "
            "LEFT JOIN purchase_order_row r ON r.id = s.purchase_order_row_id "
            "LEFT JOIN purchase_order o ON o.id = r.purchase_order_id"
        )
        params: list[Any] = [variant_id, list(keys)]
    else:
        sql = select + (
            "WHERE s.variant_id = ? AND s.number_key IN (SELECT value FROM json_each(?))"
        )
        params = [variant_id, json.dumps(list(keys))]
    _, rows = await conn.execute_query(sql, params)
    return {r[2]: Existing(r[0], r[1], r[2], r[3]) for r in (tuple(row) for row in rows)}


async def insert_serials(
    conn: BaseDBAsyncClient,
    variant_id: int,
    row_id: int,
    status: SerialNumberStatus,
    added_at: datetime | None,
    numbers: Sequence[tuple[str, str]],
) -> list[SerialNumber]:
    """Inserts (number, key) pairs on one PO row; returns them as models, in input order."""
    if not numbers:
        return []
    created = now()
    if is_postgres(conn):
        sql = (
            f"INSERT INTO serial_number ({SERIAL_COLUMNS}) "
            "SELECT $1, n, k, o, $2, $3, $4, $5 "
            "FROM unnest($6::text[], $7::text[], $8::text[]) AS t(n, k, o) "
            "RETURNING id, number_key"
        )
        params: list[Any] = [
            variant_id,
            status.value,
            added_at,
            row_id,
            created,
            [n for n, _ in numbers],
            [k for _, k in numbers],
            [sort_key(k) for _, k in numbers],
        ]
    else:
        sql = (
            f"INSERT INTO serial_number ({SERIAL_COLUMNS}) "
            f"SELECT ?, {_j(0)}, {_j(1)}, "
            f"{_j(2)}, ?, ?, ?, ? "
            "FROM json_each(?) WHERE true RETURNING id, number_key"
        )
        params = [
            variant_id,
            status.value,
            db_time(conn, added_at),
            row_id,
            db_time(conn, created),
            json.dumps([[n, k, sort_key(k)] for n, k in numbers]),
        ]
    # execute_query_dict: Tortoise's execute_query drops RETURNING rows of an INSERT.
    rows = await conn.execute_query_dict(sql, params)
    ids = {row["number_key"]: row["id"] for row in rows}
    return [
        SerialNumber.construct(
            _saved_in_db=True,
            id=ids[key],
            variant_id=variant_id,
            number=number,
            number_key=key,
            number_sort=sort_key(key),
            status=status,
            added_at=added_at,
            purchase_order_row_id=row_id,
            created_at=created,
        )
        for number, key in numbers
    ]


async def insert_events(
    conn: BaseDBAsyncClient,
    serials: Sequence[SerialNumber],
    kind: SerialNumberEventKind,
    document: str | None,
    user: str | None,
    at: datetime | None = None,
    *,
    purchase_order_id: int | None = None,
    sales_order_id: int | None = None,
) -> None:
    """One history event per serial, in one statement."""
    if not serials:
        return
    recorded = now()
    stamp = at or recorded
    columns = (
        '"variant_id", "number", "number_key", "kind", "at", "recorded_at", "document", '
        '"user", "purchase_order_id", "sales_order_id"'
    )
    if is_postgres(conn):
        sql = (
            f"INSERT INTO serial_number_event ({columns}) "
            "SELECT v, n, k, $1, $2, $3, $4, $5, $6, $7 "
            "FROM unnest($8::int[], $9::text[], $10::text[]) AS t(v, n, k)"
        )
        params: list[Any] = [
            kind.value,
            stamp,
            recorded,
            document,
            user,
            purchase_order_id,
            sales_order_id,
            [s.variant_id for s in serials],
            [s.number for s in serials],
            [s.number_key for s in serials],
        ]
    else:
        sql = (
            f"INSERT INTO serial_number_event ({columns}) "
            f"SELECT {_j(0)}, {_j(1)}, "
            f"{_j(2)}, ?, ?, ?, ?, ?, ?, ? FROM json_each(?)"
        )
        params = [
            kind.value,
            db_time(conn, stamp),
            db_time(conn, recorded),
            document,
            user,
            purchase_order_id,
            sales_order_id,
            json.dumps([[s.variant_id, s.number, s.number_key] for s in serials]),
        ]
    await conn.execute_query(sql, params)
    changes.note_serials(
        kind.value,
        purchase_order_id=purchase_order_id,
        sales_order_id=sales_order_id,
        serial_ids=[s.id for s in serials],
        variant_ids=[s.variant_id for s in serials],
        count=len(serials),
        user=user,
    )


@dataclass(frozen=True)
class Located:
    """A serial number with where it is now: its variant, status and documents."""

    id: int
    number: str
    key: str
    variant_id: int
    sku: str
    status: SerialNumberStatus
    purchase_order: str | None
    sales_order: str | None
    sales_order_row_id: int | None


async def locate(
    conn: BaseDBAsyncClient, keys: Sequence[str], ids: Sequence[int], *, lock: bool = False
) -> list[Located]:
    """Serials of any variant whose normalised number is among `keys` or whose id is among
    `ids`, in one query; with `lock`, the serial rows stay locked until the transaction ends
    (PostgreSQL), so two sales orders can't pick the same unit at once."""
    if not keys and not ids:
        return []
    select = (
        "SELECT s.id, s.number, s.number_key, s.variant_id, v.sku, s.status, po.number, "
        "so.number, s.sales_order_row_id FROM serial_number s "
        "JOIN variant v ON v.id = s.variant_id "
        "LEFT JOIN purchase_order_row pr ON pr.id = s.purchase_order_row_id "
        "LEFT JOIN purchase_order po ON po.id = pr.purchase_order_id "
        "LEFT JOIN sales_order_row sr ON sr.id = s.sales_order_row_id "
        "LEFT JOIN sales_order so ON so.id = sr.sales_order_id "
    )
    if is_postgres(conn):
        sql = select + (
            "WHERE s.number_key = ANY($1::text[]) OR s.id = ANY($2::int[]) "
            "ORDER BY s.id" + (" FOR UPDATE OF s" if lock else "")
        )
        params: list[Any] = [list(keys), list(ids)]
    else:
        sql = select + (
            "WHERE s.number_key IN (SELECT value FROM json_each(?)) "
            "OR s.id IN (SELECT value FROM json_each(?)) ORDER BY s.id"
        )
        params = [json.dumps(list(keys)), json.dumps(list(ids))]
    _, rows = await conn.execute_query(sql, params)
    return [
        Located(r[0], r[1], r[2], r[3], r[4], SerialNumberStatus(r[5]), r[6], r[7], r[8])
        for r in (tuple(row) for row in rows)
    ]
