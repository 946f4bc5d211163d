"""Bulk import benchmark: `python -m bench.bench_import [--runs N] [--quick]` from the repository
root.

Imports 100,000 serial numbers (10 received orders x 100 rows of 100 units = 1,000 rows) from
a CSV and from an XLSX file, as a dry run and as a commit, on SQLite and on PostgreSQL, in
process through the domain service the API and the CLI call (`importing.import_serial_numbers`),
and prints the median times; each commit runs on a fresh copy of the prepared database.

Floor: the same writes (100,000 serial_number rows, 100,000 serial_number_event rows, 1,000
row counters) by the raw driver (sqlite3 / asyncpg `executemany`) in one transaction, with no
file to read and nothing to check. Memory: the peak traced by tracemalloc during one commit of
each format on SQLite (Python allocations), and the process's peak RSS at the end.

PostgreSQL: `SERIALTRACE_BENCH_POSTGRES_URL` (default postgres://postgres@127.0.0.1:5432/test)
names a server where the benchmark may create and drop databases; when it is not reachable the
PostgreSQL half is skipped, with the reason printed.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import io
import os
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import asyncpg

from backend import spreadsheets
from backend.database import connected, migrate
from backend.domain import catalog, importing, purchasing
from backend.domain.rows import RowInput
from backend.domain.serial_rules import sort_key
from backend.models import PurchaseOrderKind
from support import postgres

POSTGRES_URL = postgres.admin_url(postgres.BENCH)
ORDERS = 10
ROWS_PER_ORDER = 100  # one row per SKU on each order
QUANTITY = 100
LINES = ORDERS * ROWS_PER_ORDER * QUANTITY  # 100,000

TARGET_SQLITE_CSV_COMMIT_S = 5.0
TARGET_RATIO = 4.0
TARGET_MEMORY_MB = 300.0


def sku(k: int) -> str:
    return f"BEN-{k:03d}"


def lines() -> list[tuple[str, str, str, str]]:
    return [
        (f"PO-{o + 1}", sku(r), f"SN{o:02d}-{r:03d}-{u:03d}", "")
        for o in range(ORDERS)
        for r in range(ROWS_PER_ORDER)
        for u in range(QUANTITY)
    ]


def csv_file() -> bytes:
    return "".join(spreadsheets.csv_chunks(importing.COLUMNS, lines())).encode()


def xlsx_file() -> bytes:
    buffer = io.BytesIO()
    spreadsheets.write_xlsx(buffer, "Import", importing.COLUMNS, lines(), text_columns=(2,))
    return buffer.getvalue()


async def populate(url: str) -> None:
    async with connected(url):
        supplier = await catalog.create_supplier("Bench supplier")
        await catalog.create_product(
            "Bench item",
            True,
            [catalog.VariantInput(sku(k), f"Item {k}") for k in range(ROWS_PER_ORDER)],
        )
        for _ in range(ORDERS):
            order = await purchasing.create_purchase_order(
                PurchaseOrderKind.PURCHASE,
                supplier.id,
                [RowInput(sku(k), Decimal(QUANTITY)) for k in range(ROWS_PER_ORDER)],
            )
            await purchasing.receive_order(order.id)


async def import_file(url: str, data: bytes, name: str, dry_run: bool) -> float:
    async with connected(url):
        start = time.perf_counter()
        result = await importing.import_serial_numbers(data, name, dry_run=dry_run)
        elapsed = time.perf_counter() - start
    if result.summary.errors or result.summary.numbers != LINES or result.committed == dry_run:
        raise SystemExit(f"unexpected import result: {result.summary} {result.problems[:3]}")
    return elapsed


# --- the workbook alone --------------------------------------------------------------------

# The XLSX figures of the implementation before python-calamine and XlsxWriter (a streaming
# reader on expat for every workbook, openpyxl's write-only writer): `python -m
# bench.bench_import --sqlite-only` with `xlsx_figures` below, on the old code (commit e845211),
# on this project's 2-core machine while other work ran on it (load about 2), medians of 3 runs.
# A second run of the old read_table and write_xlsx alone gave 3.45 s and 16.85 s.
OLD_XLSX = {
    "read 100,000 lines": (3.50, "s"),  # read_table, no database
    "write 100,000 rows": (15.92, "s"),  # write_xlsx to memory
    "read peak memory": (31.9, "MB"),  # tracemalloc peak during read_table
    "write peak memory": (2.1, "MB"),  # tracemalloc peak during write_xlsx
    "SQLite XLSX dry run": (5.10, "s"),  # the import's median below
    "SQLite XLSX memory": (91.0, "MB"),  # tracemalloc peak during one commit, as below
    "SQLite raw floor": (2.32, "s"),  # no spreadsheet code: how busy the machine was
}


def xlsx_figures(runs: int, data: bytes) -> dict[str, float]:
    """The XLSX reading and writing alone: median seconds, tracemalloc peaks in MB."""
    rows = lines()

    def write() -> None:
        spreadsheets.write_xlsx(io.BytesIO(), "Import", importing.COLUMNS, rows, text_columns=(2,))

    def read() -> None:
        table = spreadsheets.read_table(data, "bench.xlsx", importing.COLUMNS, importing.REQUIRED)
        assert len(table.lines) == LINES

    def seconds(work: Callable[[], None]) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    def peak(work: Callable[[], None]) -> float:
        tracemalloc.start()
        try:
            work()
            return tracemalloc.get_traced_memory()[1] / (1024 * 1024)
        finally:
            tracemalloc.stop()

    return {
        "read 100,000 lines": seconds(read),
        "write 100,000 rows": seconds(write),
        "read peak memory": peak(read),
        "write peak memory": peak(write),
    }


def against_old(figures: dict[str, float]) -> str:
    out = [
        "",
        "XLSX against the previous implementation (expat reader, openpyxl writer)",
        f"{'case':<22} {'now':>8} {'before':>8} {'ratio':>6}",
        "-" * 48,
    ]
    for case, (old, unit) in OLD_XLSX.items():
        if case in figures:
            new = figures[case]
            ratio = f"{old / new:.1f}x" if unit == "s" else f"{new / old:.2f}"
            out.append(f"{case:<22} {new:>7.2f}{unit[0]} {old:>7.2f}{unit[0]} {ratio:>6}")
    out.append(
        "ratio: times as old/new (higher is faster), memory as new/old (lower is less);"
        " the raw floor's ratio below 1.0x: the machine runs slower now than then"
    )
    return "\n".join(out)


# --- databases -----------------------------------------------------------------------------


class Database:
    name: str

    def prepare(self) -> None:
        """Migrates and fills a template database once."""

    def fresh(self) -> str:
        raise NotImplementedError

    def drop(self, url: str) -> None:
        raise NotImplementedError

    def floor(self, url: str) -> float:
        raise NotImplementedError

    def close(self) -> None:
        pass


def _floor_data(
    row_ids: dict[tuple[int, str], tuple[int, int, object]],
) -> tuple[list[tuple], list[tuple], list[tuple[int, int]]]:
    serials, events = [], []
    stamp = datetime.now(UTC)
    for o, sku_, number, _ in lines():
        row_id, variant_id, received_at = row_ids[(int(o.removeprefix("PO-")), sku_)]
        key = number.lower()
        serials.append(
            (variant_id, number, key, "IN_STOCK", received_at, row_id, stamp, sort_key(number))
        )
        events.append((variant_id, number, key, "IMPORTED", stamp, "import (bench)", None))
    counts = [(QUANTITY, row_id) for row_id, _, _ in row_ids.values()]
    return serials, events, counts


SERIAL_INSERT = (
    'INSERT INTO serial_number ("variant_id", "number", "number_key", "status", '
    '"added_at", "purchase_order_row_id", "created_at", "number_sort") VALUES ({})'
)
EVENT_INSERT = (
    'INSERT INTO serial_number_event ("variant_id", "number", "number_key", "kind", '
    '"at", "document", "user") VALUES ({})'
)
ROW_SQL = (
    "SELECT r.id, r.variant_id, r.received_at, o.number, v.sku FROM purchase_order_row r "
    "JOIN purchase_order o ON o.id = r.purchase_order_id "
    "JOIN variant v ON v.id = r.variant_id"
)


class Sqlite(Database):
    name = "SQLite"

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="serialtrace-bench-import-")
        self.template = f"{self.folder}/template.sqlite3"

    def prepare(self) -> None:
        url = f"sqlite://{self.template}"
        asyncio.run(migrate(url))
        asyncio.run(populate(url))

    def fresh(self) -> str:
        path = f"{self.folder}/{uuid.uuid4().hex}.sqlite3"
        shutil.copyfile(self.template, path)
        return f"sqlite://{path}"

    def drop(self, url: str) -> None:
        path = url.removeprefix("sqlite://")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)

    def floor(self, url: str) -> float:
        conn = sqlite3.connect(url.removeprefix("sqlite://"), isolation_level=None)
        try:
            for pragma in (
                "journal_mode=WAL",
                "foreign_keys=ON",
                "busy_timeout=10000",
                "synchronous=FULL",
            ):
                conn.execute(f"PRAGMA {pragma}")
            row_ids = {
                (int(n.removeprefix("PO-")), s): (i, v, a)
                for i, v, a, n, s in conn.execute(ROW_SQL)
            }
            serials, events, counts = _floor_data(row_ids)
            serials = [(*s[:4], str(s[4]), s[5], str(s[6]), s[7]) for s in serials]
            events = [(*e[:4], str(e[4]), *e[5:]) for e in events]
            start = time.perf_counter()
            conn.execute("BEGIN")
            conn.executemany(SERIAL_INSERT.format(", ".join("?" * 8)), serials)
            conn.executemany(EVENT_INSERT.format(", ".join("?" * 7)), events)
            conn.executemany(
                "UPDATE purchase_order_row SET assigned_count = assigned_count + ? WHERE id = ?",
                counts,
            )
            conn.execute("COMMIT")
            return time.perf_counter() - start
        finally:
            conn.close()

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class Postgres(Database):
    name = "PostgreSQL"

    def __init__(self, admin_url: str) -> None:
        self.server = postgres.Postgres(admin_url)
        self.template = postgres.Template(self.server, "serialtrace_bench_import", self._fill)

    @staticmethod
    def _fill(url: str) -> None:
        asyncio.run(migrate(url))
        asyncio.run(populate(url))

    def problem(self) -> str | None:
        return self.server.problem()

    def prepare(self) -> None:
        self.template.ready()

    def fresh(self) -> str:
        return self.template.copy("serialtrace_bench_import")

    def drop(self, url: str) -> None:
        self.server.drop(url)

    def floor(self, url: str) -> float:
        async def run() -> float:
            conn = await asyncpg.connect(url)
            try:
                row_ids = {
                    (int(r[3].removeprefix("PO-")), r[4]): (r[0], r[1], r[2])
                    for r in await conn.fetch(ROW_SQL)
                }
                serials, events, counts = _floor_data(row_ids)
                marks = ", ".join(f"${i}" for i in range(1, 8))
                start = time.perf_counter()
                async with conn.transaction():
                    await conn.executemany(
                        SERIAL_INSERT.format(", ".join(f"${i}" for i in range(1, 9))), serials
                    )
                    await conn.executemany(EVENT_INSERT.format(marks), events)
                    await conn.executemany(
                        "UPDATE purchase_order_row SET assigned_count = "
                        "assigned_count + $1 WHERE id = $2",
                        counts,
                    )
                return time.perf_counter() - start
            finally:
                await conn.close()

        return asyncio.run(run())

    def close(self) -> None:
        self.template.drop()


# --- measuring -----------------------------------------------------------------------------


@dataclass
class Result:
    backend: str
    times: dict[str, list[float]] = field(default_factory=dict)
    floor: list[float] = field(default_factory=list)
    memory_mb: dict[str, float] = field(default_factory=dict)


def import_and_wait(url: str, data: bytes, name: str) -> float:
    """`import_file` committed, from synchronous code."""
    return asyncio.run(import_file(url, data, name, False))


def on_fresh(db: Database, action: Callable[[str], float]) -> float:
    url = db.fresh()
    try:
        return action(url)
    finally:
        db.drop(url)


def traced_peak(work: Callable[[], Coroutine[Any, Any, object]]) -> float:
    tracemalloc.start()
    try:
        asyncio.run(work())
        return tracemalloc.get_traced_memory()[1] / (1024 * 1024)
    finally:
        tracemalloc.stop()


def run_backend(db: Database, files: dict[str, bytes], runs: int, memory: bool) -> Result:
    result = Result(db.name)
    db.prepare()
    try:
        dry_url = db.fresh()
        try:
            for fmt, data in files.items():
                name = f"bench.{fmt.lower()}"
                result.times[f"{fmt} dry run"] = [
                    asyncio.run(import_file(dry_url, data, name, True)) for _ in range(runs)
                ]
        finally:
            db.drop(dry_url)
        for fmt, data in files.items():
            name = f"bench.{fmt.lower()}"
            result.times[f"{fmt} commit"] = [
                on_fresh(db, functools.partial(import_and_wait, data=data, name=name))
                for _ in range(runs)
            ]
        result.floor = [on_fresh(db, db.floor) for _ in range(runs)]
        if memory:
            for fmt, data in files.items():
                url = db.fresh()
                try:
                    result.memory_mb[fmt] = traced_peak(
                        functools.partial(import_file, url, data, f"bench.{fmt.lower()}", False)
                    )
                finally:
                    db.drop(url)
    finally:
        db.close()
    return result


def table(results: list[Result], sizes: dict[str, int]) -> str:
    out = [
        f"{LINES:,} serial numbers in {ORDERS * ROWS_PER_ORDER:,} rows; "
        + ", ".join(f"{fmt} file {size / 1e6:.1f} MB" for fmt, size in sizes.items()),
        "",
        f"{'backend':<11} {'case':<15} {'median s':>9} {'floor s':>8} {'ratio':>6}  target",
        "-" * 64,
    ]
    for r in results:
        floor = statistics.median(r.floor)
        for case, times in r.times.items():
            median = statistics.median(times)
            target = ""
            if case == "CSV commit":
                ok = median <= floor * TARGET_RATIO and (
                    r.backend != "SQLite" or median <= TARGET_SQLITE_CSV_COMMIT_S
                )
                target = (
                    f"< {TARGET_SQLITE_CSV_COMMIT_S:.0f} s and " if r.backend == "SQLite" else ""
                ) + f"<= {TARGET_RATIO:.0f}x floor: {'ok' if ok else 'MISSED'}"
            ratio = f"{median / floor:.1f}x" if "commit" in case else ""
            out.append(
                f"{r.backend:<11} {case:<15} {median:>9.2f} {floor:>8.2f} {ratio:>6}  {target}"
            )
        out.append(f"{r.backend:<11} {'raw floor':<15} {floor:>9.2f}")
        for fmt, peak in r.memory_mb.items():
            verdict = "ok" if peak < TARGET_MEMORY_MB else "MISSED"
            out.append(
                f"{r.backend:<11} {fmt + ' memory':<15} {peak:>8.0f}M  (tracemalloc "
                f"peak, < {TARGET_MEMORY_MB:.0f} MB: {verdict})"
            )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.append(f"process peak RSS: {rss:.0f} MB")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="repetitions of each case")
    parser.add_argument("--quick", action="store_true", help="one repetition, no memory run")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    files = {"CSV": csv_file(), "XLSX": xlsx_file()}
    sizes = {fmt: len(data) for fmt, data in files.items()}
    results = [run_backend(Sqlite(), files, runs, memory=not args.quick)]
    if not args.sqlite_only:
        postgres = Postgres(POSTGRES_URL)
        problem = postgres.problem()
        if problem:
            print(f"PostgreSQL skipped: {problem}", file=sys.stderr)
        else:
            results.append(run_backend(postgres, files, runs, memory=False))
    print(table(results, sizes))
    figures = xlsx_figures(runs, files["XLSX"])
    figures["SQLite XLSX dry run"] = statistics.median(results[0].times["XLSX dry run"])
    if "XLSX" in results[0].memory_mb:
        figures["SQLite XLSX memory"] = results[0].memory_mb["XLSX"]
    figures["SQLite raw floor"] = statistics.median(results[0].floor)
    print(against_old(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
