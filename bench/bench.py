"""serialtrace benchmark: `python -m bench.bench [--quick] [--profile]` from the repository root.

For SQLite and for PostgreSQL it serves the app with uvicorn (`python -m backend serve`) on a
fresh database and measures over real HTTP, with one keep-alive client:

1. assign 1000 numbers: one `assignSerialNumbers` mutation of 1000 numbers into an empty row;
   floor: the same rows (1000 serial_number + 1000 serial_number_event + the row counter
   update) written by the raw driver (sqlite3 / asyncpg) in one transaction;
2. PO view: the app's order-detail query of an order with 200 rows and 5,000 serial numbers
   (rows with item and tracing counts); floor: the same data read by one raw SQL query; and
   the same order with all 5,000 numbers listed, against one raw query that joins them in;
3. SQL statements per request, counted in-process from Tortoise's `tortoise.db_client` debug
   log (an executemany counts as one), and the PO view with 5 rows against 200 rows (no N+1).

PostgreSQL: `SERIALTRACE_BENCH_POSTGRES_URL` (default postgres://postgres@127.0.0.1:5432/test)
names a server where the benchmark may create and drop its own databases; when it is not
reachable the PostgreSQL half is skipped, with the reason printed. The server, the client, the
builders that set up the data and the databases come from `support/`.

`--quick` takes fewer repetitions; `--profile` also prints pyinstrument profiles of one
assign mutation and one PO view per backend, in-process (needs `pip install pyinstrument`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import math
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import asyncpg

from backend import ids
from support import postgres
from support.builders import Scenario
from support.client import Client, in_process, over_http
from support.server import cli_token, live_server

POSTGRES_URL = postgres.admin_url(postgres.BENCH)

ASSIGN_COUNT = 1000
VIEW_ROWS = 200
VIEW_QUANTITY = 25  # 200 rows x 25 = 5,000 serial numbers
VIEW_VARIANTS = 20
SMALL_ROWS = 5
WARMUP = 2

TARGET_ASSIGN_MS = 100.0  # on SQLite
TARGET_RATIO = 5.0

# --- GraphQL -------------------------------------------------------------------------------

ASSIGN = """
mutation ($input: AssignSerialNumbersInput!) {
  assignSerialNumbers(input: $input) {
    row { id status tracing { required assigned state } }
    serialNumbers { id number status }
    errors { code message field index number }
  }
}"""

# The order screen of the app: rows with their tracing counts; a row's numbers load when its
# dialog opens.
PO_VIEW = """
query ($id: ID!) {
  purchaseOrder(id: $id) {
    id number kind status createdAt supplier { name } hasTrackedRows
    tracing { required assigned state }
    rows {
      id quantity status receivedAt canRemoveSerialNumbers
      tracing { required assigned state }
      variant { sku name product { name serialTracked } }
    }
  }
}"""

# The same order with every one of its numbers listed (an API client's full export).
PO_VIEW_ALL = """
query ($id: ID!) {
  purchaseOrder(id: $id) {
    number status supplier { name } hasTrackedRows
    tracing { required assigned state }
    rows {
      id quantity status receivedAt
      tracing { required assigned state }
      variant { sku name product { name serialTracked } }
      serialNumbers { id number status addedAt }
    }
  }
}"""


# The order's summary alone (as a list of orders shows it): no rows asked for.
PO_SUMMARY = """
query ($id: ID!) {
  purchaseOrder(id: $id) { number hasTrackedRows tracing { required assigned state } }
}"""


class BenchError(Exception):
    pass


def gql(client: Client, query: str, variables: dict[str, Any] | None = None) -> Any:
    """Runs one operation and returns its single top-level field; any error raises."""
    (payload,) = client(query, variables).values()
    if isinstance(payload, dict) and payload.get("errors"):
        raise BenchError(f"payload errors: {payload['errors'][:3]}")
    return payload


def assign_numbers(rep: int) -> list[str]:
    return [f"SN{rep:03d}-{k:05d}" for k in range(ASSIGN_COUNT)]


@dataclass
class Fixture:
    """What the setup made, as GraphQL IDs."""

    assign_rows: list[str]  # empty rows of quantity 1000, one per assign call
    view_order: str  # 200 rows, 5,000 serial numbers
    small_order: str  # 5 rows, 125 serial numbers


def set_up(client: Client, assign_rows: int) -> Fixture:
    api = Scenario(client, strict=True)
    supplier = api.supplier("Bench Supplier")
    api.product("Bench motor", True, ["BENCH-A"])
    skus = [f"BENCH-V{i:02d}" for i in range(VIEW_VARIANTS)]
    for p in range(0, VIEW_VARIANTS, 5):  # 4 products of 5 variants
        api.product(f"Bench part {p // 5}", True, skus[p : p + 5])

    assign_order = api.order([("BENCH-A", ASSIGN_COUNT)] * assign_rows, supplier=supplier)
    view = api.order(
        [(skus[i % VIEW_VARIANTS], VIEW_QUANTITY) for i in range(VIEW_ROWS)], supplier=supplier
    )
    # The small order reaches all 4 products too, so that only the number of rows differs.
    small = api.order(
        [(skus[(i * 5 + i // 4) % VIEW_VARIANTS], VIEW_QUANTITY) for i in range(SMALL_ROWS)],
        supplier=supplier,
    )
    for prefix, po in (("V", view), ("S", small)):
        for i, row in enumerate(po["rows"]):
            api.assign(row["id"], [f"{prefix}{i:03d}-{k:02d}" for k in range(VIEW_QUANTITY)])
    return Fixture([r["id"] for r in assign_order["rows"]], view["id"], small["id"])


# --- the server ----------------------------------------------------------------------------


@contextlib.contextmanager
def served(database_url: str) -> Iterator[Client]:
    """`python -m backend serve` on a free port; yields a keep-alive client, signed in."""
    token = cli_token(database_url, "bench")  # migrates, too
    with live_server(database_url) as server, over_http(server.url, token, 120) as client:
        yield client


def timed(runs: int, action: Callable[[int], None]) -> list[float]:
    """Runs `action(i)` WARMUP + runs times; returns the last `runs` durations in ms."""
    times = []
    for i in range(WARMUP + runs):
        start = time.perf_counter()
        action(i)
        elapsed = (time.perf_counter() - start) * 1000
        if i >= WARMUP:
            times.append(elapsed)
    return times


# --- databases -----------------------------------------------------------------------------


class Database:
    """A fresh database of one dialect, and the raw-driver floors on it."""

    name: str

    def create(self) -> str:
        raise NotImplementedError

    def drop(self, url: str) -> None:
        raise NotImplementedError

    def floor_assign(self, url: str, variant_id: int, row_ids: list[int]) -> list[float]:
        raise NotImplementedError

    def floor_view(
        self, url: str, order_id: int, runs: int, sql: str, expected: int
    ) -> list[float]:
        raise NotImplementedError


SERIAL_COLUMNS = (
    "variant_id",
    "number",
    "number_key",
    "status",
    "added_at",
    "purchase_order_row_id",
    "created_at",
)
EVENT_COLUMNS = ("variant_id", "number", "number_key", "kind", "at", "document", "user")


def _insert(table: str, columns: tuple[str, ...], marks: list[str]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({", ".join(marks)})'


VIEW_SQL = """
SELECT r.id, r.quantity, r.status, r.received_at, r.assigned_count,
       v.sku, v.name, p.name, p.serial_tracked
FROM purchase_order_row r
JOIN variant v ON v.id = r.variant_id
JOIN product p ON p.id = v.product_id
WHERE r.purchase_order_id = {mark}
ORDER BY r.position, r.id
"""

VIEW_ALL_SQL = """
SELECT r.id, r.quantity, r.status, r.received_at, r.assigned_count,
       v.sku, v.name, p.name, p.serial_tracked,
       s.id, s.number, s.status, s.added_at
FROM purchase_order_row r
JOIN variant v ON v.id = r.variant_id
JOIN product p ON p.id = v.product_id
LEFT JOIN serial_number s ON s.purchase_order_row_id = r.id
WHERE r.purchase_order_id = {mark}
ORDER BY r.position, r.id, s.id
"""


def _floor_rows(
    variant_id: int, row_id: int, rep: int, stamp: Any
) -> tuple[list[tuple], list[tuple]]:
    serials, events = [], []
    for number in assign_numbers(rep):
        key = number.lower()
        serials.append((variant_id, number, key, "EXPECTED", None, row_id, stamp))
        events.append((variant_id, number, key, "ASSIGNED", stamp, "PO-1", None))
    return serials, events


class Sqlite(Database):
    name = "SQLite"

    def __init__(self) -> None:
        self.folders: dict[str, str] = {}

    def create(self) -> str:
        folder = tempfile.mkdtemp(prefix="serialtrace-bench-")
        url = f"sqlite://{folder}/serialtrace.sqlite3"
        self.folders[url] = folder
        return url

    def drop(self, url: str) -> None:
        shutil.rmtree(self.folders.pop(url), ignore_errors=True)

    @staticmethod
    def connect(url: str) -> sqlite3.Connection:
        # As the app connects: WAL, foreign keys, busy timeout, full fsync.
        conn = sqlite3.connect(url.removeprefix("sqlite://"), isolation_level=None)
        for pragma in (
            "journal_mode=WAL",
            "foreign_keys=ON",
            "busy_timeout=10000",
            "synchronous=FULL",
        ):
            conn.execute(f"PRAGMA {pragma}")
        return conn

    def floor_assign(self, url: str, variant_id: int, row_ids: list[int]) -> list[float]:
        conn = self.connect(url)
        insert_serial = _insert("serial_number", SERIAL_COLUMNS, ["?"] * 7)
        insert_event = _insert("serial_number_event", EVENT_COLUMNS, ["?"] * 7)
        try:

            def write(i: int) -> None:
                stamp = datetime.now(UTC).isoformat()
                serials, events = _floor_rows(variant_id, row_ids[i], i, stamp)
                conn.execute("BEGIN")
                conn.executemany(insert_serial, serials)
                conn.executemany(insert_event, events)
                conn.execute(
                    'UPDATE "purchase_order_row" SET "assigned_count" = ? WHERE "id" = ?',
                    (len(serials), row_ids[i]),
                )
                conn.execute("COMMIT")

            return timed(len(row_ids) - WARMUP, write)
        finally:
            conn.close()

    def floor_view(
        self, url: str, order_id: int, runs: int, sql: str, expected: int
    ) -> list[float]:
        conn = self.connect(url)
        sql = sql.format(mark="?")
        try:

            def read(_i: int) -> None:
                rows = conn.execute(sql, (order_id,)).fetchall()
                assert len(rows) == expected, len(rows)

            return timed(runs, read)
        finally:
            conn.close()


async def _atimed(runs: int, action: Callable[[int], Any]) -> list[float]:
    times = []
    for i in range(WARMUP + runs):
        start = time.perf_counter()
        await action(i)
        elapsed = (time.perf_counter() - start) * 1000
        if i >= WARMUP:
            times.append(elapsed)
    return times


class Postgres(Database):
    name = "PostgreSQL"

    def __init__(self, server: postgres.Postgres) -> None:
        self.server = server

    def create(self) -> str:
        return self.server.create("serialtrace_bench")

    def drop(self, url: str) -> None:
        self.server.drop(url)

    def floor_assign(self, url: str, variant_id: int, row_ids: list[int]) -> list[float]:
        insert_serial = _insert("serial_number", SERIAL_COLUMNS, [f"${i}" for i in range(1, 8)])
        insert_event = _insert("serial_number_event", EVENT_COLUMNS, [f"${i}" for i in range(1, 8)])

        async def run() -> list[float]:
            conn = await asyncpg.connect(url)
            try:

                async def write(i: int) -> None:
                    serials, events = _floor_rows(variant_id, row_ids[i], i, datetime.now(UTC))
                    async with conn.transaction():
                        await conn.executemany(insert_serial, serials)
                        await conn.executemany(insert_event, events)
                        await conn.execute(
                            'UPDATE "purchase_order_row" SET "assigned_count" = $1 WHERE "id" = $2',
                            len(serials),
                            row_ids[i],
                        )

                return await _atimed(len(row_ids) - WARMUP, write)
            finally:
                await conn.close()

        return asyncio.run(run())

    def floor_view(
        self, url: str, order_id: int, runs: int, sql: str, expected: int
    ) -> list[float]:
        sql = sql.format(mark="$1")

        async def run() -> list[float]:
            conn = await asyncpg.connect(url)
            try:

                async def read(_i: int) -> None:
                    rows = await conn.fetch(sql, order_id)
                    assert len(rows) == expected, len(rows)

                return await _atimed(runs, read)
            finally:
                await conn.close()

        return asyncio.run(run())


async def _prepare_floor_schema(url: str, rows: int) -> tuple[int, list[int]]:
    """The migrated schema with one empty row of 1000 per write (set up through the domain
    layer; only the writes are timed)."""
    from backend.database import connected, migrate
    from backend.domain import catalog, purchasing
    from backend.domain.rows import RowInput
    from backend.models import PurchaseOrderKind, PurchaseOrderRow, Variant

    await migrate(url)
    async with connected(url):
        supplier = await catalog.create_supplier("Floor Supplier")
        await catalog.create_product("Floor motor", True, [catalog.VariantInput("FLOOR-A")])
        order = await purchasing.create_purchase_order(
            PurchaseOrderKind.PURCHASE,
            supplier.id,
            [RowInput("FLOOR-A", Decimal(ASSIGN_COUNT))] * rows,
        )
        variant = await Variant.get(sku="FLOOR-A")
        row_ids = (
            await PurchaseOrderRow.filter(purchase_order_id=order.id)
            .order_by("position", "id")
            .values_list("id")
        )
        return variant.id, [row_id for (row_id,) in row_ids]


# --- SQL statements per request ------------------------------------------------------------


class StatementCounter(logging.Handler):
    """Counts the SQL statements Tortoise sends (its `tortoise.db_client` debug log)."""

    KINDS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Queries are logged as ("%s: %s", query, values) or (query,); avoid formatting the
        # values (a bulk insert logs thousands).
        args = record.args
        text = (
            args[0] if isinstance(args, tuple) and args and record.msg == "%s: %s" else record.msg
        )
        if isinstance(text, str) and text.lstrip().upper().startswith(self.KINDS):
            self.statements.append(text)

    def take(self) -> int:
        count = len(self.statements)
        self.statements.clear()
        return count


@contextlib.contextmanager
def counting() -> Iterator[StatementCounter]:
    logger = logging.getLogger("tortoise.db_client")
    counter = StatementCounter()
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
        logger.propagate = propagate


def count_statements(url: str, fixture: Fixture, row_id: str) -> dict[str, int]:
    counts = {}
    with in_process(url, username="bench-counter") as client, counting() as counter:
        counter.take()
        payload = gql(client, ASSIGN, {"input": {"rowId": row_id, "numbers": assign_numbers(900)}})
        assert len(payload["serialNumbers"]) == ASSIGN_COUNT
        counts["assign"] = counter.take()
        gql(client, PO_VIEW, {"id": fixture.view_order})
        counts["view"] = counter.take()
        gql(client, PO_VIEW_ALL, {"id": fixture.view_order})
        counts["view_all"] = counter.take()
        gql(client, PO_VIEW, {"id": fixture.small_order})
        counts["view_small"] = counter.take()
        gql(client, PO_SUMMARY, {"id": fixture.view_order})
        counts["summary"] = counter.take()
        gql(client, PO_SUMMARY, {"id": fixture.small_order})
        counts["summary_small"] = counter.take()
    return counts


def profile(url: str, rows: list[str], order: str) -> str:
    """pyinstrument profiles, in-process (schema + domain + ORM, no HTTP), of one assign
    mutation and one PO view, each after a warm-up call."""
    # Optional (`--profile` only), so not a dependency and perhaps not installed.
    from pyinstrument import Profiler  # type: ignore[import-not-found, unused-ignore]

    from backend.database import connected
    from backend.graphql.context import Context
    from backend.graphql.schema import schema
    from backend.models import User

    async def execute(query: str, variables: dict[str, Any]) -> None:
        user = await User.get(username="bench")
        result = await schema.execute(
            query, variable_values=variables, context_value=Context(user=user)
        )
        assert not result.errors, result.errors

    async def run() -> str:
        texts = []
        async with connected(url):
            await execute(ASSIGN, {"input": {"rowId": rows[0], "numbers": assign_numbers(901)}})
            await execute(PO_VIEW, {"id": order})
            for title, query, variables in (
                (
                    "assign 1000 numbers",
                    ASSIGN,
                    {"input": {"rowId": rows[1], "numbers": assign_numbers(902)}},
                ),
                ("PO view", PO_VIEW, {"id": order}),
            ):
                profiler = Profiler(async_mode="enabled")
                profiler.start()
                await execute(query, variables)
                profiler.stop()
                texts.append(f"{title}:\n" + profiler.output_text(unicode=False, color=False))
        return "\n".join(texts)

    return asyncio.run(run())


# --- one backend ---------------------------------------------------------------------------


@dataclass
class Result:
    backend: str
    assign: list[float] = field(default_factory=list)
    assign_floor: list[float] = field(default_factory=list)
    view: list[float] = field(default_factory=list)
    view_floor: list[float] = field(default_factory=list)
    view_all: list[float] = field(default_factory=list)
    view_all_floor: list[float] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    profile: str = ""


def run_backend(db: Database, runs: int, with_profile: bool) -> Result:
    result = Result(db.name)
    extra = 3  # spare rows: the statement count, and the profile's warm-up and run
    url = db.create()
    try:
        with served(url) as client:
            fixture = set_up(client, WARMUP + runs + extra)
            rows = iter(fixture.assign_rows)

            def assign(i: int) -> None:
                payload = gql(
                    client, ASSIGN, {"input": {"rowId": next(rows), "numbers": assign_numbers(i)}}
                )
                assert len(payload["serialNumbers"]) == ASSIGN_COUNT
                assert payload["row"]["tracing"]["state"] == "COMPLETE"

            def view(_i: int) -> None:
                order = gql(client, PO_VIEW, {"id": fixture.view_order})
                assert len(order["rows"]) == VIEW_ROWS
                assert order["tracing"]["assigned"] == VIEW_ROWS * VIEW_QUANTITY

            def view_all(_i: int) -> None:
                order = gql(client, PO_VIEW_ALL, {"id": fixture.view_order})
                assert (
                    sum(len(r["serialNumbers"]) for r in order["rows"]) == VIEW_ROWS * VIEW_QUANTITY
                )

            result.assign = timed(runs, assign)
            result.view = timed(runs, view)
            result.view_all = timed(runs, view_all)
        spare = fixture.assign_rows[-extra:]
        result.counts = count_statements(url, fixture, spare[0])
        if with_profile:
            result.profile = profile(url, spare[1:], fixture.view_order)
        order_pk = ids.decode("PurchaseOrder", fixture.view_order)
        assert order_pk is not None
        result.view_floor = db.floor_view(url, order_pk, runs, VIEW_SQL, VIEW_ROWS)
        result.view_all_floor = db.floor_view(
            url, order_pk, runs, VIEW_ALL_SQL, VIEW_ROWS * VIEW_QUANTITY
        )
    finally:
        db.drop(url)

    url = db.create()
    try:
        variant_id, row_ids = asyncio.run(_prepare_floor_schema(url, WARMUP + runs))
        result.assign_floor = db.floor_assign(url, variant_id, row_ids)
    finally:
        db.drop(url)
    return result


# --- report --------------------------------------------------------------------------------


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(0.9 * len(ordered)) - 1, 0)]


def table(results: list[Result]) -> str:
    header = ("backend", "operation", "median ms", "p90 ms", "floor ms", "ratio", "SQL queries")
    lines = []
    for r in results:
        for name, times, floor, count in (
            (f"assign {ASSIGN_COUNT} numbers", r.assign, r.assign_floor, r.counts["assign"]),
            (
                f"PO view ({VIEW_ROWS} rows, {VIEW_ROWS * VIEW_QUANTITY} serials)",
                r.view,
                r.view_floor,
                r.counts["view"],
            ),
            ("  the same, all numbers listed", r.view_all, r.view_all_floor, r.counts["view_all"]),
        ):
            median, floor_median = statistics.median(times), statistics.median(floor)
            lines.append(
                (
                    r.backend,
                    name,
                    f"{median:.1f}",
                    f"{p90(times):.1f}",
                    f"{floor_median:.1f}",
                    f"{median / floor_median:.1f}x",
                    str(count),
                )
            )
        for name, key in (
            (f"PO view ({SMALL_ROWS} rows)", "view_small"),
            (f"PO summary ({VIEW_ROWS} rows)", "summary"),
            (f"PO summary ({SMALL_ROWS} rows)", "summary_small"),
        ):
            lines.append((r.backend, name, "", "", "", "", str(r.counts[key])))
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]

    def fmt(row: tuple[str, ...]) -> str:
        cells = [
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return " | ".join(cells)

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([fmt(header), rule, *map(fmt, lines)])


def targets(results: list[Result]) -> list[str]:
    def verdict(ok: bool) -> str:
        return "MET" if ok else "NOT MET"

    lines = []
    for r in results:
        median = statistics.median(r.assign)
        ratio = median / statistics.median(r.assign_floor)
        context = "" if r.backend == "SQLite" else " (the target is set for SQLite; context)"
        lines.append(
            f"  {r.backend}: assign {ASSIGN_COUNT} numbers under "
            f"{TARGET_ASSIGN_MS:.0f} ms: {median:.1f} ms -> "
            f"{verdict(median < TARGET_ASSIGN_MS)}{context}"
        )
        lines.append(
            f"  {r.backend}: assign within {TARGET_RATIO:.0f}x the raw-driver floor: "
            f"{ratio:.2f}x -> {verdict(ratio <= TARGET_RATIO)}"
        )
        for what, key in (("view", "view"), ("summary", "summary")):
            small, large = r.counts[f"{key}_small"], r.counts[key]
            lines.append(
                f"  {r.backend}: PO {what} without N+1 (SQL queries for {SMALL_ROWS} "
                f"rows = for {VIEW_ROWS} rows): {small} vs {large} -> "
                f"{verdict(small == large)}"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (5, not 15)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print pyinstrument profiles of one assign and one PO view (in-process)",
    )
    args = parser.parse_args(argv)
    runs = 5 if args.quick else 15
    started = time.perf_counter()

    databases: list[Database] = [Sqlite()]
    server = postgres.Postgres(POSTGRES_URL)
    skipped = server.problem()
    if skipped is None:
        databases.append(Postgres(server))

    results = []
    for db in databases:
        print(f"{db.name}: benchmarking ({runs} runs after {WARMUP} warm-up runs)...", flush=True)
        results.append(run_backend(db, runs, args.profile))

    print()
    print(table(results))
    if skipped is not None:
        print(f"\nPostgreSQL skipped: {skipped}.")
    print(
        "\nmedian/p90: over HTTP (uvicorn, one keep-alive client). floor: the raw driver "
        "(sqlite3 / asyncpg) doing the same writes in one transaction, or the same read in "
        "one SQL query. SQL queries: statements per request, in-process; a bulk insert "
        "(executemany) counts as one."
    )
    print(
        "PO summary: the order's number, hasTrackedRows and tracing, without its rows. "
        f"Every assign goes to one variant, which holds {ASSIGN_COUNT:,} more serial numbers "
        "after each run."
    )
    print("\nTargets (assign: from the issue):")
    print("\n".join(targets(results)))
    for r in results:
        if r.profile:
            print(f"\n--- {r.backend}: profiles (in-process, warm) ---")
            print(r.profile)
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\nTotal time {time.perf_counter() - started:.0f} s; load average {load} on "
        f"{os.cpu_count()} CPUs (other work on the machine makes p90 noisy)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
