"""Bulk import of serial numbers from a supplier's spreadsheet into received POs and OPOs.

One file, one all-or-nothing change. The same rules as manual entry (`serial_rules`), except
that the 1000-per-input cap gives way to the file limits (`spreadsheets`: 20 MB, 100,000
lines). Every problem of the file is reported at once, each with its line and column; a dry run
writes nothing, a commit writes everything or nothing.

Speed: the file's orders, rows and SKUs are read in three queries, the existing numbers in one
query per variant, and the serials, their events and the row counters are written by a few
statements over JSON (SQLite) or arrays (PostgreSQL), whatever the number of lines.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.timezone import now

from backend import spreadsheets
from backend.domain import changes
from backend.domain.bulk import SERIAL_COLUMNS, Existing, find_existing
from backend.domain.db import atomic, refresh_statistics
from backend.domain.errors import SerialNumberErrorCode
from backend.domain.serial_rules import MAX_LENGTH, check_text, sort_key
from backend.domain.serials import where
from backend.domain.sql import any_of, db_time, is_postgres
from backend.domain.sql import json_item as _j
from backend.models import (
    PurchaseOrderStatus,
    SerialNumberEventKind,
    SerialNumberStatus,
)
from backend.spreadsheets import SheetError, SheetProblem

PURCHASE_ORDER = "purchase_order"
SKU = "sku"
SERIAL_NUMBER = "serial_number"
ROW = "row"
COLUMNS = (PURCHASE_ORDER, SKU, SERIAL_NUMBER, ROW)
REQUIRED = (PURCHASE_ORDER, SKU, SERIAL_NUMBER)
# Serials per INSERT statement: a batch's JSON and lists are what the import's peak memory holds
# (100,000 in one took it from 70 to 103 MB for no speed).
BATCH = 20_000
ANALYZE_AFTER = 10_000  # a committed import of this many numbers refreshes the statistics


class ImportErrorCode(StrEnum):
    # The file as a whole (line and column may be empty): nothing of it is used.
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    TOO_MANY_LINES = "TOO_MANY_LINES"
    UNREADABLE_FILE = "UNREADABLE_FILE"
    UNSAFE_FILE = "UNSAFE_FILE"
    MISSING_COLUMN = "MISSING_COLUMN"
    NO_LINES = "NO_LINES"
    # One line.
    UNKNOWN_ORDER = "UNKNOWN_ORDER"
    ORDER_NOT_RECEIVED = "ORDER_NOT_RECEIVED"
    UNKNOWN_SKU = "UNKNOWN_SKU"
    SKU_NOT_ON_ORDER = "SKU_NOT_ON_ORDER"
    NOT_TRACKED = "NOT_TRACKED"
    UNKNOWN_ROW = "UNKNOWN_ROW"
    AMBIGUOUS_ROW = "AMBIGUOUS_ROW"
    EMPTY = "EMPTY"
    TOO_LONG = "TOO_LONG"
    INVALID_CHARACTERS = "INVALID_CHARACTERS"
    DUPLICATE_IN_FILE = "DUPLICATE_IN_FILE"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    EXCEEDS_QUANTITY = "EXCEEDS_QUANTITY"
    NUMERIC_CELL = "NUMERIC_CELL"  # a warning: the number is read, but may not be as typed


class Severity(StrEnum):
    ERROR = "ERROR"  # the file can't be committed
    WARNING = "WARNING"  # worth a look; does not stop the commit


Code = ImportErrorCode

_SHEET_CODES = {
    SheetProblem.TOO_LARGE: Code.FILE_TOO_LARGE,
    SheetProblem.TOO_MANY_LINES: Code.TOO_MANY_LINES,
    SheetProblem.UNREADABLE: Code.UNREADABLE_FILE,
    SheetProblem.UNSAFE: Code.UNSAFE_FILE,
    SheetProblem.MISSING_COLUMN: Code.MISSING_COLUMN,
    SheetProblem.NO_LINES: Code.NO_LINES,
}
_TEXT_CODES = {
    SerialNumberErrorCode.EMPTY: Code.EMPTY,
    SerialNumberErrorCode.TOO_LONG: Code.TOO_LONG,
    SerialNumberErrorCode.INVALID_CHARACTERS: Code.INVALID_CHARACTERS,
    SerialNumberErrorCode.DUPLICATE_IN_INPUT: Code.DUPLICATE_IN_FILE,
}


@dataclass(frozen=True)
class ImportProblem:
    line: int | None
    column: str | None
    code: ImportErrorCode
    message: str
    severity: Severity = Severity.ERROR


@dataclass
class ImportSummary:
    lines: int = 0  # lines of serial numbers read (the header and blank lines not counted)
    numbers: int = 0  # numbers imported (commit) or that would be (dry run): the clean lines
    rows: int = 0  # order rows they go to
    orders: int = 0  # orders they go to
    errors: int = 0
    warnings: int = 0


@dataclass
class ImportResult:
    summary: ImportSummary
    problems: list[ImportProblem]
    committed: bool = False
    document: str | None = None  # the events' document, e.g. "import 2026-11-26 (file.csv)"
    order_ids: list[int] = field(default_factory=list)  # the orders its numbers go to


# stage ("reading", "checking", "writing"), done, total (None while unknown)
Progress = Callable[[str, int, int | None], None]
RowRef = Callable[[str], int | None]


def plain_row_ref(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def document_name(filename: str, today: date) -> str:
    name = re.split(r"[\\/]", filename)[-1]
    name = "".join(c for c in name if c.isprintable()).strip()[:150] or "file"
    return f"import {today.isoformat()} ({name})"


# --- Reading the database ------------------------------------------------------------------


@dataclass
class _Order:
    id: int
    number: str
    status: str


@dataclass
class _Row:
    id: int
    order_id: int
    ordinal: int  # 1-based, as the order shows its rows
    variant_id: int
    sku: str
    tracked: bool
    quantity: int
    assigned: int
    received_at: datetime | None
    taking: int = 0  # numbers of the file it takes

    def describe(self, order_number: str) -> str:
        return f"{order_number} row {self.ordinal} ({self.sku})"


@dataclass
class _Variant:
    id: int
    sku: str
    tracked: bool


async def _load_orders(
    conn: BaseDBAsyncClient, numbers: list[str], lock: bool
) -> dict[str, _Order]:
    if not numbers:
        return {}
    where_sql, param = any_of(conn, "number", numbers)
    sql = f"SELECT id, number, status FROM purchase_order WHERE {where_sql} ORDER BY id"
    if lock and is_postgres(conn):
        # The lock every change of an order takes (see purchasing.lock_row), in id order.
        sql += " FOR UPDATE"
    _, rows = await conn.execute_query(sql, [param])
    return {r[1].upper(): _Order(r[0], r[1], r[2]) for r in (tuple(x) for x in rows)}


def _datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


async def _load_rows(conn: BaseDBAsyncClient, order_ids: list[int]) -> list[_Row]:
    if not order_ids:
        return []
    where_sql, param = any_of(conn, "r.purchase_order_id", order_ids, cast="int")
    sql = (
        "SELECT r.id, r.purchase_order_id, r.variant_id, v.sku, p.serial_tracked, "
        "r.quantity, r.assigned_count, r.received_at FROM purchase_order_row r "
        "JOIN variant v ON v.id = r.variant_id JOIN product p ON p.id = v.product_id "
        f"WHERE {where_sql} ORDER BY r.purchase_order_id, r.position, r.id"
    )
    _, rows = await conn.execute_query(sql, [param])
    found: list[_Row] = []
    ordinal: dict[int, int] = defaultdict(int)
    for r in (tuple(x) for x in rows):
        ordinal[r[1]] += 1
        found.append(
            _Row(
                r[0],
                r[1],
                ordinal[r[1]],
                r[2],
                r[3],
                bool(r[4]),
                int(float(r[5])),
                r[6],
                _datetime(r[7]),
            )
        )
    return found


async def _load_variants(conn: BaseDBAsyncClient, skus: list[str]) -> dict[str, _Variant]:
    if not skus:
        return {}
    where_sql, param = any_of(conn, "v.sku", skus)
    sql = (
        "SELECT v.id, v.sku, p.serial_tracked FROM variant v "
        f"JOIN product p ON p.id = v.product_id WHERE {where_sql}"
    )
    _, rows = await conn.execute_query(sql, [param])
    return {r[1]: _Variant(r[0], r[1], bool(r[2])) for r in (tuple(x) for x in rows)}


# --- Checking ------------------------------------------------------------------------------


@dataclass
class _Line:
    line: int
    order: str
    sku: str
    raw: str
    row_ref: str
    number: str = ""
    key: str = ""
    target: _Row | None = None
    variant: _Variant | None = None
    failed: bool = False


@dataclass
class _Plan:
    problems: list[ImportProblem] = field(default_factory=list)
    taking: list[_Line] = field(default_factory=list)  # clean lines, in file order
    order_numbers: dict[int, str] = field(default_factory=dict)

    def targets(self) -> list[_Row]:
        """The row of each line taken (every line taken has one), in file order."""
        return [i.target for i in self.taking if i.target is not None]

    def error(self, item: _Line, column: str, code: ImportErrorCode, message: str) -> None:
        item.failed = True
        self.problems.append(ImportProblem(item.line, column, code, message))


def _status_text(status: str) -> str:
    return status.lower().replace("_", " ")


@dataclass
class _Targets:
    """What the file's lines can name: the orders, their rows and the SKUs, from the database."""

    orders: dict[str, _Order]  # by upper-case number
    variants: dict[str, _Variant]  # by SKU
    rows_by_id: dict[int, _Row]
    rows_of: dict[tuple[int, str], list[_Row]]  # by (order id, SKU), in the order's row order
    has_row_column: bool

    @classmethod
    def of(
        cls,
        rows: list[_Row],
        orders: dict[str, _Order],
        variants: dict[str, _Variant],
        has_row_column: bool,
    ) -> _Targets:
        rows_of: dict[tuple[int, str], list[_Row]] = defaultdict(list)
        for row in rows:
            rows_of[(row.order_id, row.sku)].append(row)
        return cls(orders, variants, {r.id: r for r in rows}, rows_of, has_row_column)


_Found = list[tuple[str, ImportErrorCode, str]]  # (column, code, message)


def _resolve(
    targets: _Targets, row_ref: RowRef, order_text: str, sku: str, ref: str
) -> tuple[_Row | None, _Found]:
    """The row a line goes to (order, SKU, row column), or why it goes nowhere."""
    found: _Found = []
    order = targets.orders.get(order_text.upper()) if order_text else None
    if not order_text:
        found.append((PURCHASE_ORDER, Code.EMPTY, "The purchase order is empty."))
    elif order is None:
        found.append(
            (PURCHASE_ORDER, Code.UNKNOWN_ORDER, f"There is no purchase order {order_text}.")
        )
    elif order.status != PurchaseOrderStatus.RECEIVED:
        found.append(
            (
                PURCHASE_ORDER,
                Code.ORDER_NOT_RECEIVED,
                f"{order.number} is {_status_text(order.status)}; serial numbers are "
                "imported only into fully received orders.",
            )
        )
    variant = targets.variants.get(sku) if sku else None
    if not sku:
        found.append((SKU, Code.EMPTY, "The SKU is empty."))
    elif variant is None:
        found.append((SKU, Code.UNKNOWN_SKU, f"No item has the SKU {sku!r}."))
    elif not variant.tracked:
        found.append(
            (SKU, Code.NOT_TRACKED, f"{sku} is not serial-tracked; it takes no serial numbers.")
        )
    elif order is not None and not targets.rows_of.get((order.id, sku)):
        found.append((SKU, Code.SKU_NOT_ON_ORDER, f"{order.number} has no row of {sku}."))
    if found or order is None or variant is None:
        return None, found
    candidates = targets.rows_of[(order.id, sku)]
    if ref:
        row = targets.rows_by_id.get(row_ref(ref) or 0)
        if row is None or row.order_id != order.id or row.sku != sku:
            return None, [
                (
                    ROW,
                    Code.UNKNOWN_ROW,
                    f"The row {ref!r} is not a row of {sku} on {order.number}; "
                    "its rows of that SKU are "
                    f"{', '.join(str(r.ordinal) for r in candidates)}.",
                )
            ]
        return row, []
    if len(candidates) > 1:
        listed = ", ".join(str(r.ordinal) for r in candidates)
        how = (
            "fill in the row column"
            if targets.has_row_column
            else "add a row column and fill it in"
        )
        return None, [
            (
                ROW,
                Code.AMBIGUOUS_ROW,
                f"{order.number} has {len(candidates)} rows of {sku} (rows {listed}); "
                f"{how} to say which one (the order's own template has it).",
            )
        ]
    return candidates[0], []


def _place_lines(plan: _Plan, lines: list[_Line], targets: _Targets, row_ref: RowRef) -> None:
    """Step 1: where each line goes. Resolved once per distinct (order, SKU, row) it names."""
    resolved: dict[tuple[str, str, str], tuple[_Row | None, _Found]] = {}
    for item in lines:
        key = (item.order, item.sku, item.row_ref)
        outcome = resolved.get(key)
        if outcome is None:
            outcome = resolved[key] = _resolve(targets, row_ref, *key)
        item.target, found = outcome
        item.variant = targets.variants.get(item.sku)
        for column, code, message in found:
            plan.error(item, column, code, message)


def _text_message(
    code: ImportErrorCode, number: str, detail: str, first_line: int, sku: str
) -> str:
    if code == Code.EMPTY:
        return "The serial number is empty."
    if code == Code.TOO_LONG:
        return (
            f"The serial number {number[:40]} has {len(number)} characters; "
            f"the most is {MAX_LENGTH}."
        )
    if code == Code.INVALID_CHARACTERS:
        return f"The serial number {number!r} contains " + detail.split(" contains ", 1)[-1]
    return f"{number} repeats line {first_line}" + (f" ({sku})." if sku else ".")


def _check_numbers(
    plan: _Plan, lines: list[_Line], notes: dict[int, list[spreadsheets.Note]]
) -> None:
    """Step 2: the text of each number, and repeats, per SKU (numbers are unique per
    variant); a number Excel stored as a number is a warning."""
    by_sku: dict[str, list[_Line]] = defaultdict(list)
    for item in lines:
        by_sku[item.sku].append(item)
    for sku, group in by_sku.items():
        text_problems, clean = check_text([i.raw for i in group], field=SERIAL_NUMBER, limit=None)
        first_line: dict[str, int] = {}
        for entry in clean:
            item = group[entry.index]
            item.number, item.key = entry.number, entry.key
            first_line[entry.key] = item.line
        for problem in text_problems:
            assert problem.index is not None
            code = _TEXT_CODES[SerialNumberErrorCode(problem.code)]
            number = problem.number or ""
            plan.error(
                group[problem.index],
                SERIAL_NUMBER,
                code,
                _text_message(
                    code, number, problem.message, first_line.get(number.lower(), 0), sku
                ),
            )
        for item in group:
            for note in notes.get(item.line, ()):
                if note.column == SERIAL_NUMBER:
                    plan.problems.append(
                        ImportProblem(
                            item.line,
                            SERIAL_NUMBER,
                            Code.NUMERIC_CELL,
                            f"The serial number cell {note.message}. Check "
                            "it, and format the column as text ('@') before typing numbers.",
                            Severity.WARNING,
                        )
                    )


async def _check_existing(conn: BaseDBAsyncClient, plan: _Plan, lines: list[_Line]) -> None:
    """Step 3: numbers that exist already — one query per variant."""
    keyed: dict[int, list[_Line]] = defaultdict(list)
    for item in lines:
        if item.key and item.variant is not None and item.variant.tracked:
            keyed[item.variant.id].append(item)
    for variant_id, group in keyed.items():
        existing: dict[str, Existing] = await find_existing(
            conn, variant_id, list({i.key for i in group})
        )
        for item in group:
            serial = existing.get(item.key)
            if serial is not None:
                plan.error(
                    item,
                    SERIAL_NUMBER,
                    Code.ALREADY_EXISTS,
                    f"{item.number} already exists for {item.sku} "
                    f"({serial.number}, {where(serial)}).",
                )


def _check_room(plan: _Plan, lines: list[_Line]) -> None:
    """Step 4: what fits — a row takes at most its quantity; the clean lines that fit are what
    the import takes, in file order."""
    for item in lines:
        if not item.failed and item.target is not None:
            item.target.taking += 1
    seen: dict[int, int] = defaultdict(int)
    for item in lines:
        row = item.target
        if item.failed or row is None:
            continue
        seen[row.id] += 1
        room = max(row.quantity - row.assigned, 0)
        if seen[row.id] > room:
            plan.error(
                item,
                SERIAL_NUMBER,
                Code.EXCEEDS_QUANTITY,
                f"{item.number} is one too many for "
                f"{row.describe(plan.order_numbers[row.order_id])}: it takes "
                f"{row.quantity}, has {row.assigned} already, so {room} more fit, and "
                f"the file has {row.taking} for it.",
            )
            continue
        plan.taking.append(item)


async def _plan(
    conn: BaseDBAsyncClient,
    table: spreadsheets.Table,
    row_ref: RowRef,
    lock: bool,
    progress: Progress | None,
) -> _Plan:
    plan = _Plan()
    lines = [_Line(n, v[0].strip(), v[1].strip(), v[2], v[3].strip()) for n, v in table.lines]
    total = len(lines)
    orders = await _load_orders(conn, sorted({i.order.upper() for i in lines if i.order}), lock)
    plan.order_numbers = {o.id: o.number for o in orders.values()}
    rows = await _load_rows(conn, [o.id for o in orders.values()])
    variants = await _load_variants(conn, sorted({i.sku for i in lines if i.sku}))
    if progress:
        progress("checking", 0, total)
    _place_lines(plan, lines, _Targets.of(rows, orders, variants, ROW in table.columns), row_ref)
    _check_numbers(plan, lines, table.notes or {})
    await _check_existing(conn, plan, lines)
    _check_room(plan, lines)
    plan.problems.sort(
        key=lambda p: (p.line or 0, COLUMNS.index(p.column) if p.column in COLUMNS else 9)
    )
    if progress:
        progress("checking", total, total)
    return plan


# --- Writing -------------------------------------------------------------------------------


async def _write(
    conn: BaseDBAsyncClient,
    plan: _Plan,
    document: str,
    actor: str | None,
    progress: Progress | None,
) -> None:
    created = now()
    total = len(plan.taking)
    event_columns = (
        '"variant_id", "number", "number_key", "kind", "at", "recorded_at", '
        '"document", "user", "purchase_order_id"'
    )
    status = SerialNumberStatus.IN_STOCK.value
    kind = SerialNumberEventKind.IMPORTED.value
    targets = plan.targets()
    variant_ids = [t.variant_id for t in targets]
    numbers = [i.number for i in plan.taking]
    keys = [i.key for i in plan.taking]
    assert len(targets) == total
    postgres = is_postgres(conn)
    for start in range(0, total, BATCH):
        part = slice(start, start + BATCH)
        sorts = [sort_key(k) for k in keys[part]]  # per batch: 100,000 at once cost 12 MB
        if postgres:
            await conn.execute_query(
                f"INSERT INTO serial_number ({SERIAL_COLUMNS}) "
                "SELECT v, n, k, o, $1, a, r, $2 FROM unnest($3::int[], $4::text[], $5::text[], "
                "$6::text[], $7::timestamptz[], $8::int[]) AS t(v, n, k, o, a, r)",
                [
                    status,
                    created,
                    variant_ids[part],
                    numbers[part],
                    keys[part],
                    sorts,
                    [t.received_at for t in targets[part]],
                    [t.id for t in targets[part]],
                ],
            )
            await conn.execute_query(
                f"INSERT INTO serial_number_event ({event_columns}) "
                "SELECT v, n, k, $1, $2, $2, $3, $4, o FROM unnest($5::int[], $6::text[], "
                "$7::text[], $8::int[]) AS t(v, n, k, o)",
                [
                    kind,
                    created,
                    document,
                    actor,
                    variant_ids[part],
                    numbers[part],
                    keys[part],
                    [t.order_id for t in targets[part]],
                ],
            )
        else:
            payload = json.dumps(
                [
                    [t.variant_id, n, k, db_time(conn, t.received_at), t.id, t.order_id, o]
                    for t, n, k, o in zip(
                        targets[part], numbers[part], keys[part], sorts, strict=True
                    )
                ]
            )
            await conn.execute_query(
                f"INSERT INTO serial_number ({SERIAL_COLUMNS}) "
                f"SELECT {_j(0)}, {_j(1)}, {_j(2)}, {_j(6)}, ?, {_j(3)}, {_j(4)}, ? "
                "FROM json_each(?)",
                [status, db_time(conn, created), payload],
            )
            await conn.execute_query(
                f"INSERT INTO serial_number_event ({event_columns}) "
                f"SELECT {_j(0)}, {_j(1)}, {_j(2)}, ?, ?, ?, ?, ?, "
                f"{_j(5)} FROM json_each(?)",
                [kind, db_time(conn, created), db_time(conn, created), document, actor, payload],
            )
        if progress:
            progress("writing", min(start + BATCH, total), total)

    counts: dict[int, int] = defaultdict(int)
    per_order: dict[int, list[int]] = defaultdict(list)
    for target in targets:
        counts[target.id] += 1
        per_order[target.order_id].append(target.variant_id)
    for order_id, variants in per_order.items():  # numbers' ids: read them by the order
        changes.note_serials(
            kind,
            purchase_order_id=order_id,
            sales_order_id=None,
            serial_ids=[],
            variant_ids=variants,
            count=len(variants),
            user=actor,
        )
    # Bounded by the quantity in the database too (a CHECK on PostgreSQL, triggers on SQLite).
    if postgres:
        await conn.execute_query(
            "UPDATE purchase_order_row r SET assigned_count = r.assigned_count + t.n "
            "FROM unnest($1::int[], $2::int[]) AS t(id, n) WHERE r.id = t.id",
            [list(counts), list(counts.values())],
        )
    else:
        pairs = json.dumps(list(counts.items()))
        await conn.execute_query(
            "UPDATE purchase_order_row SET assigned_count = assigned_count + "
            f"(SELECT {_j(1)} FROM json_each(?) WHERE {_j(0)} = purchase_order_row.id) "
            f"WHERE id IN (SELECT {_j(0)} FROM json_each(?))",
            [pairs, pairs],
        )


# --- The import ----------------------------------------------------------------------------


def read(
    data: bytes, filename: str, progress: Progress | None = None
) -> spreadsheets.Table | ImportProblem:
    """The file's lines, or the one problem that makes the whole file unusable."""
    try:
        return spreadsheets.read_table(
            data,
            filename,
            COLUMNS,
            REQUIRED,
            progress=(lambda n: progress("reading", n, None)) if progress else None,
        )
    except SheetError as error:
        return ImportProblem(error.line, error.column, _SHEET_CODES[error.problem], error.message)


async def import_serial_numbers(
    data: bytes,
    filename: str,
    *,
    dry_run: bool = True,
    actor: str | None = None,
    row_ref: RowRef = plain_row_ref,
    progress: Progress | None = None,
    today: date | None = None,
) -> ImportResult:
    """Checks a file of serial numbers and, unless `dry_run` or any error, imports it whole.

    `row_ref` turns the `row` column's text into a row's primary key (the API's opaque IDs)."""
    if len(data) > spreadsheets.MAX_BYTES:  # before a thread is spent on it
        table_or_problem: spreadsheets.Table | ImportProblem = read(data, filename)
    else:
        table_or_problem = await asyncio.to_thread(read, data, filename, progress)
    if isinstance(table_or_problem, ImportProblem):
        return ImportResult(ImportSummary(errors=1), [table_or_problem])
    table = table_or_problem
    del data
    document = document_name(filename, today or now().date())

    async def work(conn: BaseDBAsyncClient) -> ImportResult:
        plan = await _plan(conn, table, row_ref, lock=not dry_run, progress=progress)
        errors = sum(1 for p in plan.problems if p.severity == Severity.ERROR)
        targets = plan.targets()
        summary = ImportSummary(
            lines=len(table.lines),
            numbers=len(plan.taking),
            rows=len({t.id for t in targets}),
            orders=len({t.order_id for t in targets}),
            errors=errors,
            warnings=len(plan.problems) - errors,
        )
        order_ids = sorted({t.order_id for t in targets})
        if dry_run or errors or not plan.taking:
            return ImportResult(summary, plan.problems, committed=False, order_ids=order_ids)
        await _write(conn, plan, document, actor, progress)
        return ImportResult(
            summary, plan.problems, committed=True, document=document, order_ids=order_ids
        )

    result = await atomic(work)
    if result.committed and result.summary.numbers >= ANALYZE_AFTER:
        await refresh_statistics(("serial_number", "serial_number_event"))
    return result
