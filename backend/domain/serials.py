"""Assigning serial numbers to purchase order rows, and removing them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from tortoise.backends.base.client import BaseDBAsyncClient

from backend.domain import changes
from backend.domain.bulk import Existing, find_existing, insert_serials
from backend.domain.db import atomic
from backend.domain.errors import DomainError, Problem, in_input_order
from backend.domain.errors import SerialNumberErrorCode as Code
from backend.domain.history import record
from backend.domain.purchasing import lock_row
from backend.domain.serial_rules import MAX_PER_INPUT, CleanNumber, check_text
from backend.models import (
    PurchaseOrder,
    PurchaseOrderRow,
    RowStatus,
    SerialNumber,
    SerialNumberEventKind,
    SerialNumberStatus,
)


@dataclass
class _Plan:
    order: PurchaseOrder
    row: PurchaseOrderRow
    add: list[CleanNumber]
    remove: list[SerialNumber]
    problems: list[Problem]


def where(serial: Existing) -> str:
    return f"on {serial.document}" if serial.document else "in stock"


async def _plan(
    row_id: int, numbers: list[str], remove_ids: list[int], conn: BaseDBAsyncClient
) -> _Plan:
    order, row, tracked = await lock_row(row_id, conn)
    problems: list[Problem] = []
    if not tracked:
        raise DomainError(
            [
                Problem(
                    Code.NOT_TRACKED,
                    f"{row.variant.sku} is not serial-tracked; its rows take no serial numbers.",
                    field="rowId",
                )
            ]
        )
    text_problems, clean = check_text(numbers, limit=MAX_PER_INPUT)
    problems += text_problems

    removing: list[SerialNumber] = []
    if remove_ids:
        on_row = {
            s.id: s
            for s in await SerialNumber.filter(
                purchase_order_row_id=row.id, id__in=remove_ids
            ).using_db(conn)
        }
        if row.status == RowStatus.RECEIVED:
            problems.append(
                Problem(
                    Code.ROW_RECEIVED,
                    "The row is received: its serial numbers can no longer be "
                    "removed or changed, only added.",
                    field="removeSerialNumberIds",
                )
            )
        for index, serial_id in enumerate(remove_ids):
            serial = on_row.get(serial_id)
            if serial is None:
                problems.append(
                    Problem(
                        Code.NOT_FOUND,
                        "This serial number is not on the row.",
                        field="removeSerialNumberIds",
                        index=index,
                    )
                )
            elif serial not in removing:
                removing.append(serial)

    removing_keys = {s.number_key for s in removing}
    existing = await find_existing(
        conn, row.variant_id, [c.key for c in clean if c.key not in removing_keys]
    )
    fresh: list[CleanNumber] = []
    for entry in clean:
        found = existing.get(entry.key)
        if found is None:
            fresh.append(entry)
            continue
        problems.append(
            Problem(
                Code.ALREADY_EXISTS,
                f"{entry.number} exists already for {row.variant.sku} "
                f"({found.number}, {where(found)}).",
                field="numbers",
                index=entry.index,
                number=entry.number,
                conflict_id=found.id,
            )
        )

    room = int(row.quantity) - (row.assigned_count - len(removing))
    for entry in fresh[max(room, 0) :]:
        problems.append(
            Problem(
                Code.EXCEEDS_QUANTITY,
                f"{entry.number} is one too many: the row takes {int(row.quantity)} and "
                f"{row.assigned_count - len(removing)} are assigned, so {max(room, 0)} more fit.",
                field="numbers",
                index=entry.index,
                number=entry.number,
            )
        )
    return _Plan(order, row, fresh[: max(room, 0)], removing, in_input_order(problems))


async def check_assignment(
    row_id: int, numbers: list[str], remove_ids: list[int] | None = None
) -> list[Problem]:
    """A dry run of `assign`: every problem the same call would meet, nothing written."""

    async def work(conn: BaseDBAsyncClient) -> list[Problem]:
        with changes.unannounced():
            try:
                return (await _plan(row_id, numbers, remove_ids or [], conn)).problems
            except DomainError as error:
                return error.problems

    return await atomic(work)


async def assign(
    row_id: int,
    numbers: list[str],
    remove_ids: list[int] | None = None,
    actor: str | None = None,
) -> tuple[PurchaseOrderRow, list[SerialNumber]]:
    """Adds numbers to a row (and removes `remove_ids` from it) in one transaction."""

    async def work(conn: BaseDBAsyncClient) -> tuple[PurchaseOrderRow, list[SerialNumber]]:
        return await assign_in(conn, row_id, numbers, remove_ids or [], actor)

    return await atomic(work)


async def _apply(plan: _Plan, actor: str | None, conn: BaseDBAsyncClient) -> list[SerialNumber]:
    row = plan.row
    if plan.remove:
        await _delete(plan.remove, plan.order, actor, conn)
    received = row.status == RowStatus.RECEIVED
    created = await insert_serials(
        conn,
        row.variant_id,
        row.id,
        SerialNumberStatus.IN_STOCK if received else SerialNumberStatus.EXPECTED,
        row.received_at if received else None,
        [(c.number, c.key) for c in plan.add],
    )
    await record(conn, created, SerialNumberEventKind.ASSIGNED, plan.order, actor)
    row.assigned_count += len(created) - len(plan.remove)
    await (
        PurchaseOrderRow.filter(id=row.id).using_db(conn).update(assigned_count=row.assigned_count)
    )
    return created


async def assign_to_rows(
    order_id: int, entries: list[tuple[int, list[str]]], actor: str | None = None
) -> tuple[list[PurchaseOrderRow], list[SerialNumber]]:
    """Adds numbers to several rows of one purchase order in one all-or-nothing change: the
    rules of `assign` for each row, every problem tagged with its entry (`row_index`). At most
    MAX_PER_INPUT numbers over the whole call, refused before any entry is looked at. A number
    given for two rows of the same item is refused on the later one (ALREADY_EXISTS)."""
    total = sum(len(numbers) for _, numbers in entries)
    if total > MAX_PER_INPUT:
        raise DomainError(
            [
                Problem(
                    Code.TOO_MANY_AT_ONCE,
                    f"{total:,} serial numbers were given over all rows; one "
                    f"call takes at most {MAX_PER_INPUT:,}.",
                    field="rows",
                )
            ]
        )

    async def work(conn: BaseDBAsyncClient) -> tuple[list[PurchaseOrderRow], list[SerialNumber]]:
        order_of = {
            r.id: r.purchase_order_id
            for r in await PurchaseOrderRow.filter(
                id__in=[row_id for row_id, _ in entries]
            ).using_db(conn)
        }
        problems: list[Problem] = []
        rows: dict[int, PurchaseOrderRow] = {}
        created: list[SerialNumber] = []
        for row_index, (row_id, numbers) in enumerate(entries):
            if order_of.get(row_id) != order_id:
                problems.append(
                    Problem(
                        Code.NOT_FOUND,
                        "This row is not on the purchase order.",
                        field="rows.rowId",
                        row_index=row_index,
                        row_id=row_id,
                    )
                )
                continue
            try:
                plan = await _plan(row_id, numbers, [], conn)
            except DomainError as error:
                problems += [
                    replace(
                        p,
                        field=f"rows.{p.field}" if p.field else "rows",
                        row_index=row_index,
                        row_id=row_id,
                    )
                    for p in error.problems
                ]
                continue
            if plan.problems:
                problems += [
                    replace(
                        p,
                        field=f"rows.{p.field}" if p.field else "rows",
                        row_index=row_index,
                        row_id=row_id,
                    )
                    for p in plan.problems
                ]
                continue
            created += await _apply(plan, actor, conn)  # later entries see these numbers
            rows[row_id] = plan.row
        if problems:
            raise DomainError(problems)  # the transaction is rolled back: nothing is written
        return list(rows.values()), created

    return await atomic(work)


async def assign_in(
    conn: BaseDBAsyncClient,
    row_id: int,
    numbers: list[str],
    remove_ids: list[int],
    actor: str | None,
    *,
    field: str = "numbers",
) -> tuple[PurchaseOrderRow, list[SerialNumber]]:
    """`assign` inside the caller's transaction (generated numbers, receiving by scanning);
    its problems name `field`."""
    plan = await _plan(row_id, numbers, remove_ids, conn)
    if plan.problems:
        raise DomainError(
            [replace(p, field=field if p.field == "numbers" else p.field) for p in plan.problems]
        )
    return plan.row, await _apply(plan, actor, conn)


async def _delete(
    serials: list[SerialNumber],
    order: PurchaseOrder,
    actor: str | None,
    conn: BaseDBAsyncClient,
) -> None:
    await SerialNumber.filter(id__in=[s.id for s in serials]).using_db(conn).delete()
    await record(conn, serials, SerialNumberEventKind.REMOVED, order, actor)


async def remove(row_id: int, serial_ids: list[int], actor: str | None = None) -> PurchaseOrderRow:
    """Removes numbers from a row that is not received yet."""

    async def work(conn: BaseDBAsyncClient) -> PurchaseOrderRow:
        plan = await _plan(row_id, [], serial_ids, conn)
        problems = [
            Problem(p.code, p.message, "serialNumberIds", p.index, p.number, p.conflict_id)
            for p in plan.problems
        ]
        if not serial_ids:
            problems.append(
                Problem(
                    Code.EMPTY, "No serial numbers were named to remove.", field="serialNumberIds"
                )
            )
        if problems:
            raise DomainError(problems)
        await _delete(plan.remove, plan.order, actor, conn)
        plan.row.assigned_count -= len(plan.remove)
        await (
            PurchaseOrderRow.filter(id=plan.row.id)
            .using_db(conn)
            .update(assigned_count=plan.row.assigned_count)
        )
        return plan.row

    return await atomic(work)
