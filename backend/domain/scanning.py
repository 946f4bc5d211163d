"""Receiving by scanning: each scanned number checked against a purchase order's expected
numbers, and one all-or-nothing receipt of exactly the scanned units.

Outcomes of a scan, in the order they are decided:
- SCANNED_TWICE: the same number (in any case) came earlier in the same list.
- MATCHED: expected on a row of this order that is not received (with its place among the
  row's numbers, n of the row's numbers).
- ALREADY_RECEIVED: on a row of this order that is received already.
- NOT_TRACKED: the text is the SKU of an item that is not serial-tracked (its barcode was
  scanned; such items are counted, not scanned).
- UNKNOWN: the text can't be a serial number (invalid characters, too long, empty) or is the
  SKU of a tracked item rather than a unit's number.
- NOT_ON_ORDER: anything else; `location` says where the number is if serialtrace knows it
  (the PO it is expected on, "in stock", the SO it is picked or shipped on), null if nowhere —
  such a number can be added to a row with room when receiving.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from backend.domain.bulk import Located, locate
from backend.domain.db import atomic
from backend.domain.errors import DomainError, Problem, in_input_order
from backend.domain.errors import SerialNumberErrorCode as Code
from backend.domain.purchasing import lock_order, receive_units, received_time
from backend.domain.serial_rules import MAX_PER_INPUT, check_text, normalise_key
from backend.domain.serials import assign_in
from backend.domain.sql import any_of
from backend.models import (
    PurchaseOrder,
    PurchaseOrderRow,
    RowStatus,
    SerialNumber,
    SerialNumberStatus,
)


class Outcome(StrEnum):
    MATCHED = "MATCHED"
    NOT_ON_ORDER = "NOT_ON_ORDER"
    SCANNED_TWICE = "SCANNED_TWICE"
    NOT_TRACKED = "NOT_TRACKED"
    ALREADY_RECEIVED = "ALREADY_RECEIVED"
    UNKNOWN = "UNKNOWN"


# The payload error a scan that is not MATCHED becomes when receiving.
REFUSAL = {
    Outcome.NOT_ON_ORDER: Code.NOT_ON_ORDER,
    Outcome.SCANNED_TWICE: Code.DUPLICATE_IN_INPUT,
    Outcome.NOT_TRACKED: Code.NOT_TRACKED,
    Outcome.ALREADY_RECEIVED: Code.ROW_RECEIVED,
}


@dataclass(frozen=True)
class Verification:
    number: str  # as scanned, trimmed
    outcome: Outcome
    message: str
    row_id: int | None = None
    position: int | None = None  # n of the row's numbers (1-based)
    location: str | None = None
    serial_id: int | None = None
    code: StrEnum | None = None  # UNKNOWN: the problem of the text


def _too_many(count: int, field: str = "numbers") -> DomainError:
    return DomainError(
        [
            Problem(
                Code.TOO_MANY_AT_ONCE,
                f"{count:,} numbers were scanned at once; the most is {MAX_PER_INPUT:,}.",
                field=field,
            )
        ]
    )


def _where(found: Located) -> str:
    if found.status == SerialNumberStatus.EXPECTED:
        return found.purchase_order or "expected"
    if found.status == SerialNumberStatus.IN_STOCK:
        return "in stock"
    return found.sales_order or found.status.lower()


async def _skus(conn: BaseDBAsyncClient, texts: list[str]) -> dict[str, tuple[int, str, bool]]:
    """Variants whose SKU (in any case) is among `texts`: lower SKU → (id, SKU, tracked)."""
    if not texts:
        return {}
    where, param = any_of(conn, "lower(v.sku)", [t.lower() for t in texts])
    _, rows = await conn.execute_query(
        "SELECT v.id, v.sku, p.serial_tracked FROM variant v "
        f"JOIN product p ON p.id = v.product_id WHERE {where}",
        [param],
    )
    return {r[1].lower(): (r[0], r[1], bool(r[2])) for r in (tuple(row) for row in rows)}


async def check_scans(
    conn: BaseDBAsyncClient, order: PurchaseOrder, numbers: list[str]
) -> list[Verification]:
    """Each scanned number's outcome against `order` (see the module's docstring)."""
    if len(numbers) > MAX_PER_INPUT:
        raise _too_many(len(numbers))
    rows = {
        r.id: r
        for r in await PurchaseOrderRow.filter(purchase_order_id=order.id)
        .using_db(conn)
        .prefetch_related("variant__product")
    }
    on_order: dict[str, tuple[int, int, int]] = {}  # key → (serial id, row id, position)
    count_on_row: dict[int, int] = defaultdict(int)
    for serial_id, key, row_id in (
        await SerialNumber.filter(purchase_order_row_id__in=list(rows))
        .using_db(conn)
        .order_by("id")
        .values_list("id", "number_key", "purchase_order_row_id")
    ):
        count_on_row[row_id] += 1
        on_order.setdefault(key, (serial_id, row_id, count_on_row[row_id]))

    text_problems, _ = check_text(numbers, limit=None)
    bad_text = {
        p.index: p
        for p in text_problems
        if p.index is not None and p.code != Code.DUPLICATE_IN_INPUT
    }
    trimmed = [n.strip() for n in numbers]
    keys = [normalise_key(n) for n in trimmed]
    unmatched = [i for i, k in enumerate(keys) if k not in on_order]
    skus = await _skus(conn, [trimmed[i] for i in unmatched if trimmed[i]])
    elsewhere: dict[str, Located] = {}
    for found in await locate(conn, [keys[i] for i in unmatched if i not in bad_text], []):
        elsewhere.setdefault(found.key, found)

    results: list[Verification] = []
    first: dict[str, int] = {}
    for index, (number, key) in enumerate(zip(trimmed, keys, strict=True)):
        if key in first and number:
            earlier = results[first[key]]
            results.append(
                Verification(
                    number,
                    Outcome.SCANNED_TWICE,
                    f"{number} was scanned already (scan {first[key] + 1}).",
                    row_id=earlier.row_id,
                    position=earlier.position,
                )
            )
            continue
        first.setdefault(key, index)
        if key in on_order:
            serial_id, row_id, position = on_order[key]
            row = rows[row_id]
            of = f"{position} of {count_on_row[row_id]}"
            if row.status == RowStatus.RECEIVED:
                results.append(
                    Verification(
                        number,
                        Outcome.ALREADY_RECEIVED,
                        f"{number} ({row.variant.sku}) was received already on {order.number}.",
                        row_id=row_id,
                        position=position,
                        location=order.number,
                        serial_id=serial_id,
                    )
                )
            else:
                results.append(
                    Verification(
                        number,
                        Outcome.MATCHED,
                        f"{number}: {row.variant.sku}, {of} on {order.number}.",
                        row_id=row_id,
                        position=position,
                        location=order.number,
                        serial_id=serial_id,
                    )
                )
            continue
        sku = skus.get(number.lower())
        if sku is not None:
            row_of = next((r.id for r in rows.values() if r.variant_id == sku[0]), None)
            if sku[2]:
                results.append(
                    Verification(
                        number,
                        Outcome.UNKNOWN,
                        f"{number} is the SKU of a serial-tracked item; "
                        "scan the unit's serial number instead.",
                        row_id=row_of,
                        code=Code.NOT_FOUND,
                    )
                )
            else:
                results.append(
                    Verification(
                        number,
                        Outcome.NOT_TRACKED,
                        f"{sku[1]} is not serial-tracked: its units "
                        "have no serial numbers to scan; receive them by quantity.",
                        row_id=row_of,
                    )
                )
            continue
        if index in bad_text:
            problem = bad_text[index]
            results.append(
                Verification(
                    number,
                    Outcome.UNKNOWN,
                    f"Not a serial number: {problem.message}",
                    code=problem.code,
                )
            )
            continue
        known = elsewhere.get(key)
        if known is not None:
            place = _where(known)
            results.append(
                Verification(
                    number,
                    Outcome.NOT_ON_ORDER,
                    f"{number} is not on {order.number}: it is {known.sku}'s, "
                    f"{'in stock' if place == 'in stock' else 'on ' + place}.",
                    location=place,
                    serial_id=known.id,
                )
            )
            continue
        results.append(
            Verification(
                number,
                Outcome.NOT_ON_ORDER,
                f"{number} is not on {order.number} nor anywhere else; it can be added to a row "
                "that has room.",
                location=None,
            )
        )
    return results


async def verify(order_id: int, numbers: list[str]) -> list[Verification]:
    """Checks scanned numbers against an order; reads only."""
    if len(numbers) > MAX_PER_INPUT:
        raise _too_many(len(numbers))

    # A read outside any transaction (no write lock on SQLite); receiving checks again under
    # the order's lock.
    conn = connections.get(SerialNumber._meta.default_connection)
    order = await PurchaseOrder.filter(id=order_id).using_db(conn).first()
    if order is None:
        raise DomainError(
            [Problem(Code.NOT_FOUND, "The purchase order was not found.", field="purchaseOrderId")]
        )
    return await check_scans(conn, order, numbers)


@dataclass(frozen=True)
class Addition:
    """Unexpected numbers to put on a row (of the same order, with room) and receive."""

    row_id: int
    numbers: list[str]


async def receive(
    order_id: int,
    numbers: list[str],
    received_at: datetime | None = None,
    additions: list[Addition] | None = None,
    actor: str | None = None,
) -> tuple[PurchaseOrder, int]:
    """Receives exactly the scanned units, all or nothing: every number of `numbers` must be
    MATCHED (or be one of the additions), and each addition's numbers are assigned to its row
    and received with them. Rows are received whole when every unit is scanned, else split as
    a partial receipt. Returns the order and how many units were received."""
    additions = additions or []
    total = len(numbers) + sum(len(a.numbers) for a in additions)
    if total > MAX_PER_INPUT:
        raise _too_many(total)
    if total == 0:
        raise DomainError([Problem(Code.EMPTY, "No serial numbers were scanned.", field="numbers")])

    async def work(conn: BaseDBAsyncClient) -> tuple[PurchaseOrder, int]:
        order = await lock_order(order_id, conn)
        problems: list[Problem] = []
        try:
            stamp = received_time(received_at, order)
        except DomainError as error:
            problems += error.problems
            stamp = None
        added = {normalise_key(n.strip()) for a in additions for n in a.numbers}
        received: dict[int, list[int]] = defaultdict(list)
        for index, scan in enumerate(await check_scans(conn, order, numbers)):
            if scan.outcome == Outcome.MATCHED and scan.row_id and scan.serial_id:
                received[scan.row_id].append(scan.serial_id)
            elif not (
                normalise_key(scan.number) in added
                and scan.outcome in (Outcome.NOT_ON_ORDER, Outcome.SCANNED_TWICE)
            ):
                problems.append(
                    Problem(
                        REFUSAL.get(scan.outcome) or scan.code or Code.NOT_FOUND,
                        scan.message,
                        field="numbers",
                        index=index,
                        number=scan.number,
                    )
                )
        for index, addition in enumerate(additions):
            row = (
                await PurchaseOrderRow.filter(id=addition.row_id, purchase_order_id=order.id)
                .using_db(conn)
                .first()
            )
            if row is None:
                problems.append(
                    Problem(
                        Code.NOT_FOUND,
                        f"Addition {index + 1}: the row is not on {order.number}.",
                        field="additions.rowId",
                        index=index,
                    )
                )
                continue
            if row.status == RowStatus.RECEIVED:
                problems.append(
                    Problem(
                        Code.ROW_RECEIVED,
                        f"Addition {index + 1}: the row is "
                        "received already; add numbers to a row still to "
                        "receive.",
                        field="additions.rowId",
                        index=index,
                    )
                )
                continue
            try:
                _row, created = await assign_in(
                    conn, row.id, addition.numbers, [], actor, field="additions.numbers"
                )
            except DomainError as error:
                problems += [
                    Problem(
                        p.code,
                        f"Addition {index + 1}: {p.message}",
                        p.field,
                        p.index,
                        p.number,
                        p.conflict_id,
                    )
                    for p in error.problems
                ]
                continue
            received[row.id] += [s.id for s in created]
        if problems or stamp is None:
            raise DomainError(in_input_order(problems))
        await receive_units(order, dict(received), stamp, actor, conn)
        return order, sum(len(v) for v in received.values())

    return await atomic(work)
