"""Builds a large, realistic serialtrace database through bulk SQL, on the project's own
migrations: 2,000 variants, 50,000 purchase order rows, about half received, a fifth of the
numbers picked or shipped, an event per change.

    python -m bench.bigdata --serials 1000000 --db sqlite --path data/big.sqlite3
    python -m bench.bigdata --serials 1000000 --db postgres --dsn postgres://postgres@127.0.0.1/big

The database is created from scratch (an existing file or database of that name is replaced).
Rows are written in batches (SQLite `executemany` in one transaction, PostgreSQL `COPY`), then
the tables are ANALYZEd, as a bulk load should be.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from backend.database import migrate
from backend.domain.serial_rules import sort_key

VARIANTS = 2000
PRODUCTS = 1000
SUPPLIERS = 200
CUSTOMERS = 500
PO_ROWS = 50_000
ROWS_PER_PO = 5
BATCH = 50_000
START = datetime(2020, 1, 1, tzinfo=UTC)

TABLES = (
    "supplier",
    "customer",
    "product",
    "variant",
    "purchase_order",
    "purchase_order_row",
    "sales_order",
    "sales_order_row",
    "serial_number",
    "serial_number_event",
    "sequence",
)


def _columns() -> dict[str, tuple[str, ...]]:
    return {
        "supplier": ("id", "name", "created_at", "address", "contact_person", "email", "phone"),
        "customer": ("id", "name", "created_at", "address", "contact_person", "email", "phone"),
        "product": ("id", "name", "serial_tracked", "created_at"),
        "variant": ("id", "sku", "name", "product_id"),
        "purchase_order": (
            "id",
            "number",
            "kind",
            "status",
            "created_at",
            "supplier_id",
            "expected_on",
            "ordered_at",
        ),
        "purchase_order_row": (
            "id",
            "position",
            "quantity",
            "status",
            "received_at",
            "assigned_count",
            "purchase_order_id",
            "variant_id",
        ),
        "sales_order": (
            "id",
            "number",
            "status",
            "delivered_at",
            "created_at",
            "customer_id",
            "ordered_at",
        ),
        "sales_order_row": (
            "id",
            "position",
            "quantity",
            "assigned_count",
            "sales_order_id",
            "variant_id",
        ),
        "serial_number": (
            "id",
            "number",
            "number_key",
            "status",
            "added_at",
            "created_at",
            "purchase_order_row_id",
            "variant_id",
            "sales_order_row_id",
            "number_sort",
        ),
        "serial_number_event": (
            "id",
            "number",
            "number_key",
            "kind",
            "at",
            "document",
            "user",
            "variant_id",
            "purchase_order_id",
            "sales_order_id",
            "recorded_at",
        ),
        "sequence": ("name", "value"),
    }


class Plan:
    """Everything to write, generated table by table in batches (never all in memory)."""

    def __init__(self, serials: int, seed: int = 12) -> None:
        self.serials = serials
        self.rng = random.Random(seed)
        self.per_row = max(serials // PO_ROWS, 1)
        self.po_rows = min(PO_ROWS, serials)  # none without numbers: the catalog alone
        self.orders = (self.po_rows + ROWS_PER_PO - 1) // ROWS_PER_PO
        self.sales_orders = 0

    def small(self) -> Iterator[tuple[str, list[tuple]]]:
        yield (
            "supplier",
            [(i, f"Supplier {i:04d}", START, "", "", "", "") for i in range(1, SUPPLIERS + 1)],
        )
        yield (
            "customer",
            [(i, f"Customer {i:04d}", START, "", "", "", "") for i in range(1, CUSTOMERS + 1)],
        )
        yield "product", [(i, f"Product {i:04d}", True, START) for i in range(1, PRODUCTS + 1)]
        yield (
            "variant",
            [
                (i, f"SKU-{i:05d}", f"Variant {i:05d}", (i - 1) % PRODUCTS + 1)
                for i in range(1, VARIANTS + 1)
            ],
        )

    def _order_time(self, po: int) -> datetime:
        return START + timedelta(minutes=po * 7)

    def orders_and_rows(self) -> Iterator[tuple[str, list[tuple]]]:
        orders = []
        for po in range(1, self.orders + 1):
            at = self._order_time(po)
            received = po % 2 == 0
            orders.append(
                (
                    po,
                    f"PO-{po}",
                    "PURCHASE",
                    "RECEIVED" if received else "NOT_RECEIVED",
                    at,
                    (po - 1) % SUPPLIERS + 1,
                    None,
                    at,
                )
            )
        yield "purchase_order", orders
        rows = []
        for row in range(1, self.po_rows + 1):
            po = (row - 1) // ROWS_PER_PO + 1
            received = po % 2 == 0
            rows.append(
                (
                    row,
                    (row - 1) % ROWS_PER_PO,
                    Decimal(self.per_row),
                    "RECEIVED" if received else "NOT_RECEIVED",
                    self._order_time(po) + timedelta(days=3) if received else None,
                    self.per_row,
                    po,
                    self._variant_of(row),
                )
            )
            if len(rows) >= BATCH:
                yield "purchase_order_row", rows
                rows = []
        if rows:
            yield "purchase_order_row", rows

    @staticmethod
    def _variant_of(row: int) -> int:
        return (row * 7919) % VARIANTS + 1

    def serials_and_events(self) -> Iterator[tuple[str, list[tuple]]]:
        """Serial numbers row by row; in a received order, 2 rows in 5 picked on a sales order
        (half of those shipped): a fifth of all numbers."""
        serials: list[tuple] = []
        events: list[tuple] = []
        sales: list[tuple] = []
        sales_rows: list[tuple] = []
        serial_id = event_id = 0
        total = self.serials
        for row in range(1, self.po_rows + 1):
            po = (row - 1) // ROWS_PER_PO + 1
            variant = self._variant_of(row)
            received = po % 2 == 0
            ordered = self._order_time(po)
            received_at = ordered + timedelta(days=3) if received else None
            count = self.per_row if row < self.po_rows else total - serial_id
            picked = received and row % 5 in (1, 2)
            so_row = None
            if picked and count:
                self.sales_orders += 1
                so = self.sales_orders
                shipped = row % 5 == 1
                sold = ordered + timedelta(days=10)
                sales.append(
                    (
                        so,
                        f"SO-{so}",
                        "DELIVERED" if shipped else "NOT_SHIPPED",
                        sold if shipped else None,
                        sold,
                        (so - 1) % CUSTOMERS + 1,
                        sold,
                    )
                )
                sales_rows.append((so, 0, Decimal(count), count, so, variant))
                so_row = so
            for _ in range(count):
                serial_id += 1
                number = f"SN{variant:05d}-{serial_id:09d}"
                key = number.casefold()
                status = "EXPECTED"
                if received:
                    status = "IN_STOCK"
                if so_row is not None:
                    status = "SHIPPED" if row % 5 == 1 else "RESERVED"
                serials.append(
                    (
                        serial_id,
                        number,
                        key,
                        status,
                        received_at,
                        ordered,
                        row,
                        variant,
                        so_row,
                        sort_key(number),
                    )
                )
                event_id += 1
                events.append(
                    (
                        event_id,
                        number,
                        key,
                        "ASSIGNED",
                        ordered,
                        f"PO-{po}",
                        "bench",
                        variant,
                        po,
                        None,
                        ordered,
                    )
                )
                if received:
                    event_id += 1
                    events.append(
                        (
                            event_id,
                            number,
                            key,
                            "RECEIVED",
                            received_at,
                            f"PO-{po}",
                            "bench",
                            variant,
                            po,
                            None,
                            received_at,
                        )
                    )
                if so_row is not None:
                    sold = ordered + timedelta(days=10)
                    event_id += 1
                    events.append(
                        (
                            event_id,
                            number,
                            key,
                            "RESERVED",
                            sold,
                            f"SO-{so_row}",
                            "bench",
                            variant,
                            None,
                            so_row,
                            sold,
                        )
                    )
                    if status == "SHIPPED":
                        event_id += 1
                        events.append(
                            (
                                event_id,
                                number,
                                key,
                                "SHIPPED",
                                sold,
                                f"SO-{so_row}",
                                "bench",
                                variant,
                                None,
                                so_row,
                                sold,
                            )
                        )
                if len(serials) >= BATCH:
                    # sales orders first: the serials refer to their rows
                    yield "sales_order", sales
                    yield "sales_order_row", sales_rows
                    yield "serial_number", serials
                    yield "serial_number_event", events
                    serials, events, sales, sales_rows = [], [], [], []
        yield "sales_order", sales
        yield "sales_order_row", sales_rows
        yield "serial_number", serials
        yield "serial_number_event", events

    def sequences(self) -> Iterator[tuple[str, list[tuple]]]:
        yield "sequence", [("PO", self.orders), ("SO", self.sales_orders)]

    def all(self) -> Iterator[tuple[str, list[tuple]]]:
        yield from self.small()
        yield from self.orders_and_rows()
        yield from self.serials_and_events()
        yield from self.sequences()


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime | Decimal):
        return str(value)
    return int(value) if isinstance(value, bool) else value


def build_sqlite(path: Path, serials: int) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    asyncio.run(migrate(f"sqlite://{path}"))
    db = sqlite3.connect(path, isolation_level=None)
    # A bulk load: the indexes and triggers of the large tables are set aside and made again
    # afterwards (each in one pass, far faster than row by row); the generated data keeps the
    # rules the triggers check.
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-400000")
    large = ("serial_number", "serial_number_event", "purchase_order_row", "sales_order_row")
    marks = ", ".join("?" * len(large))
    aside = db.execute(
        f"SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', "
        f"'trigger') AND sql IS NOT NULL AND tbl_name IN ({marks})",
        large,
    ).fetchall()
    for kind, name, _ in aside:
        db.execute(f'DROP {kind.upper()} "{name}"')
    columns = _columns()
    db.execute("BEGIN")
    for table, rows in Plan(serials).all():
        if not rows:
            continue
        names = columns[table]
        quoted = ", ".join(f'"{c}"' for c in names)
        sql = f'INSERT OR REPLACE INTO "{table}" ({quoted}) VALUES ({", ".join("?" * len(names))})'
        db.executemany(sql, ([_sqlite_value(v) for v in row] for row in rows))
    db.execute("COMMIT")
    for _kind, _, sql in sorted(aside, key=lambda a: a[0]):  # indexes, then triggers
        db.execute(sql)
    db.execute("INSERT INTO serial_number_fts(serial_number_fts) VALUES ('rebuild')")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("ANALYZE")
    db.close()


async def build_postgres(dsn: str, serials: int) -> None:
    import asyncpg

    base, _, name = dsn.rpartition("/")
    admin = await asyncpg.connect(f"{base}/postgres")
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    await migrate(dsn)
    conn = await asyncpg.connect(dsn)
    columns = _columns()
    large = ["serial_number", "serial_number_event", "purchase_order_row", "sales_order_row"]
    # A bulk load: the plain indexes of the large tables are set aside and built again in one
    # pass each afterwards (unique and primary keys stay, and so do the constraints).
    aside = await conn.fetch(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = "
        "i.indexname JOIN pg_index x ON x.indexrelid = c.oid WHERE i.tablename = ANY($1) "
        "AND NOT x.indisunique",
        large,
    )
    async with conn.transaction():
        await conn.execute("SET LOCAL synchronous_commit = off")
        await conn.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for index in aside:
            await conn.execute(f'DROP INDEX "{index["indexname"]}"')
        await conn.execute("DELETE FROM sequence")
        for table, rows in Plan(serials).all():
            if rows:
                await conn.copy_records_to_table(table, records=rows, columns=columns[table])
        for index in aside:
            await conn.execute(index["indexdef"])
        for table in TABLES:
            if table != "sequence":
                await conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))'
                )
    await conn.execute("VACUUM ANALYZE")
    await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serials", type=int, default=1_000_000)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--path", default="data/big.sqlite3", help="SQLite file")
    parser.add_argument(
        "--dsn",
        default="postgres://postgres@127.0.0.1:5432/serialtrace_big",
        help="PostgreSQL database (dropped and created)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    if args.db == "sqlite":
        build_sqlite(Path(args.path), args.serials)
    else:
        asyncio.run(build_postgres(args.dsn, args.serials))
    print(f"{args.serials:,} serial numbers on {args.db} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
