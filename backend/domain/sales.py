"""Sales orders (SO): rows, picking serial numbers from stock, delivering, reverting."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.timezone import now

from backend.domain import changes
from backend.domain.bulk import Located, locate
from backend.domain.dates import business_time
from backend.domain.db import atomic, next_number
from backend.domain.errors import DomainError, Problem, in_input_order
from backend.domain.errors import SalesOrderErrorCode as Code
from backend.domain.errors import SerialNumberErrorCode as SerialCode
from backend.domain.history import record
from backend.domain.rows import (
    OrderKind,
    RowInput,
    RowKind,
    check_new_rows,
    create_rows,
    delete_empty,
    new_row,
    set_quantity,
)
from backend.domain.rows import lock_order as lock_any_order
from backend.domain.rows import lock_row as lock_any_row
from backend.domain.serial_rules import MAX_PER_INPUT, check_text
from backend.models import (
    Customer,
    SalesOrder,
    SalesOrderRow,
    SalesOrderStatus,
    SerialNumber,
    SerialNumberEventKind,
    SerialNumberStatus,
)

PREFIX = "SO"
HELD = "serial numbers picked; release"


def _not_found(what: str, field: str) -> DomainError:
    return DomainError([Problem(Code.NOT_FOUND, f"{what} was not found.", field=field)])


async def create_sales_order(
    customer_id: int, rows: list[RowInput], ordered: datetime | None = None
) -> SalesOrder:
    try:
        stamp = business_time(
            ordered, what="order date", field="orderedAt", codes=Code, not_before=[]
        )
        first: list[Problem] = []
    except DomainError as error:
        stamp, first = now(), error.problems

    async def work(conn: BaseDBAsyncClient) -> SalesOrder:
        problems: list[Problem] = list(first)
        if not await Customer.filter(id=customer_id).using_db(conn).exists():
            problems.append(
                Problem(Code.NOT_FOUND, "The customer was not found.", field="customerId")
            )
        row_problems, variants = await check_new_rows(rows, conn, Code)
        problems += row_problems
        if problems:
            raise DomainError(problems)
        order = await SalesOrder.create(
            number=await next_number(conn, PREFIX),
            customer_id=customer_id,
            ordered_at=stamp,
            using_db=conn,
        )
        await create_rows(ROWS, order.id, rows, variants, conn)
        changes.note_document(changes.ChangeKind.SALES_ORDER_CHANGED, order.id)
        return order

    return await atomic(work)


ORDERS = OrderKind(
    SalesOrder, changes.ChangeKind.SALES_ORDER_CHANGED, "The sales order", "salesOrderId", Code
)


async def _lock_order(order_id: int, conn: BaseDBAsyncClient) -> SalesOrder:
    return await lock_any_order(ORDERS, order_id, conn)


ROWS = RowKind(SalesOrderRow, "sales_order_id", "The sales order row", Code, HELD)


async def lock_row(row_id: int, conn: BaseDBAsyncClient) -> tuple[SalesOrder, SalesOrderRow, bool]:
    """Locks the row's order, returns the order, the row and whether it is serial-tracked."""
    return await lock_any_row(ROWS, row_id, conn, _lock_order)


def _refuse_delivered(order: SalesOrder, code: type[Code] | type[SerialCode] = Code) -> None:
    if order.status == SalesOrderStatus.DELIVERED:
        raise DomainError(
            [
                Problem(
                    code.ORDER_DELIVERED,
                    f"{order.number} is delivered; revert the delivery first.",
                    field="rowId",
                )
            ]
        )


async def add_row(order_id: int, sku: str, quantity: Decimal) -> SalesOrderRow:
    async def work(conn: BaseDBAsyncClient) -> SalesOrderRow:
        order = await _lock_order(order_id, conn)
        _refuse_delivered(order)
        return await new_row(ROWS, order.id, sku, quantity, conn)

    return await atomic(work)


async def update_row(row_id: int, quantity: Decimal) -> SalesOrderRow:
    async def work(conn: BaseDBAsyncClient) -> SalesOrderRow:
        order, row, tracked = await lock_row(row_id, conn)
        _refuse_delivered(order)
        await set_quantity(ROWS, row, quantity, tracked, conn)
        return row

    return await atomic(work)


async def delete_row(row_id: int) -> SalesOrder:
    async def work(conn: BaseDBAsyncClient) -> SalesOrder:
        order, row, _ = await lock_row(row_id, conn)
        _refuse_delivered(order)
        await delete_empty(ROWS, row, conn)
        return order

    return await atomic(work)


def describe_place(serial: Located) -> str:
    if serial.status == SerialNumberStatus.EXPECTED:
        return f"expected on {serial.purchase_order}, not received yet"
    if serial.status == SerialNumberStatus.RESERVED:
        return f"reserved on {serial.sales_order}"
    if serial.status == SerialNumberStatus.SHIPPED:
        return f"shipped on {serial.sales_order}"
    return "in stock"


@dataclass
class _Pick:
    order: SalesOrder
    row: SalesOrderRow
    serials: list[Located]
    problems: list[Problem]
    releasing: list[Located]


async def _plan_pick(
    row_id: int,
    numbers: list[str],
    serial_ids: list[int],
    conn: BaseDBAsyncClient,
    *,
    lock: bool,
    release_ids: list[int] | None = None,
) -> _Pick:
    order, row, tracked = await lock_row(row_id, conn)
    _refuse_delivered(order, SerialCode)
    if not tracked:
        raise DomainError(
            [
                Problem(
                    SerialCode.NOT_TRACKED,
                    f"{row.variant.sku} is not serial-tracked; its rows take no serial numbers.",
                    field="rowId",
                )
            ]
        )
    problems, clean = check_text(numbers, limit=MAX_PER_INPUT)
    if len(serial_ids) > MAX_PER_INPUT:
        problems.append(
            Problem(
                SerialCode.TOO_MANY_AT_ONCE,
                f"{len(serial_ids)} serial numbers were named at once; the most "
                f"is {MAX_PER_INPUT}.",
                field="serialNumberIds",
            )
        )
    releasing: list[Located] = []
    if release_ids:
        on_row = {
            s.id: s
            for s in await locate(conn, [], release_ids, lock=lock)
            if s.sales_order_row_id == row.id
        }
        for index, serial_id in enumerate(release_ids):
            if serial_id in on_row:
                releasing.append(on_row[serial_id])
            else:
                problems.append(
                    Problem(
                        SerialCode.NOT_FOUND,
                        "This serial number is not on the row.",
                        field="releaseSerialNumberIds",
                        index=index,
                    )
                )
    found = await locate(conn, [c.key for c in clean], serial_ids, lock=lock)
    released = {s.id for s in releasing}
    # Numbers released in the same change are back in stock for it.
    found = [
        dataclasses.replace(s, status=SerialNumberStatus.IN_STOCK, sales_order_row_id=None)
        if s.id in released
        else s
        for s in found
    ]
    by_key: dict[str, list[Located]] = {}
    for serial in found:
        by_key.setdefault(serial.key, []).append(serial)
    by_id = {s.id: s for s in found}
    sku = row.variant.sku

    # (field, index, text) -> the serial it names, in input order
    named: list[tuple[str, int, str, Located]] = []
    for entry in clean:
        candidates = by_key.get(entry.key, [])
        mine = next((s for s in candidates if s.variant_id == row.variant_id), None)
        if mine:
            named.append(("numbers", entry.index, entry.number, mine))
        elif candidates:
            others = ", ".join(sorted({s.sku for s in candidates}))
            problems.append(
                Problem(
                    SerialCode.WRONG_VARIANT,
                    f"{entry.number} is a serial number of {others}, not of {sku}.",
                    field="numbers",
                    index=entry.index,
                    number=entry.number,
                    conflict_id=candidates[0].id,
                )
            )
        else:
            problems.append(
                Problem(
                    SerialCode.NOT_FOUND,
                    f"{entry.number} is not a serial number of {sku}.",
                    field="numbers",
                    index=entry.index,
                    number=entry.number,
                )
            )
    for index, serial_id in enumerate(serial_ids):
        named_serial = by_id.get(serial_id)
        if named_serial is None:
            problems.append(
                Problem(
                    SerialCode.NOT_FOUND,
                    "This serial number was not found.",
                    field="serialNumberIds",
                    index=index,
                )
            )
        elif named_serial.variant_id != row.variant_id:
            problems.append(
                Problem(
                    SerialCode.WRONG_VARIANT,
                    f"{named_serial.number} is a serial number of "
                    f"{named_serial.sku}, "
                    f"not of {sku}.",
                    field="serialNumberIds",
                    index=index,
                    number=named_serial.number,
                    conflict_id=named_serial.id,
                )
            )
        else:
            named.append(("serialNumberIds", index, named_serial.number, named_serial))

    picking: list[tuple[str, int, Located]] = []
    seen: set[int] = set()
    for field, index, text, serial in named:
        if serial.id in seen:
            problems.append(
                Problem(
                    SerialCode.DUPLICATE_IN_INPUT,
                    f"{text} is named more than once.",
                    field=field,
                    index=index,
                    number=text,
                )
            )
            continue
        seen.add(serial.id)
        if serial.status != SerialNumberStatus.IN_STOCK:
            here = serial.sales_order_row_id == row.id
            problems.append(
                Problem(
                    SerialCode.NOT_IN_STOCK,
                    f"{serial.number} is already picked on this row."
                    if here
                    else f"{serial.number} is not in stock: {describe_place(serial)}.",
                    field=field,
                    index=index,
                    number=serial.number,
                    conflict_id=serial.id,
                )
            )
            continue
        picking.append((field, index, serial))

    picked = row.assigned_count - len(releasing)
    room = max(int(row.quantity) - picked, 0)
    for field, index, serial in picking[room:]:
        problems.append(
            Problem(
                SerialCode.EXCEEDS_QUANTITY,
                f"{serial.number} is one too many: the row takes {int(row.quantity)} and "
                f"{picked} are picked, so {room} more fit.",
                field=field,
                index=index,
                number=serial.number,
            )
        )
    return _Pick(order, row, [s for _, _, s in picking[:room]], in_input_order(problems), releasing)


async def check_pick(
    row_id: int,
    numbers: list[str],
    serial_ids: list[int] | None = None,
    release_ids: list[int] | None = None,
) -> list[Problem]:
    """A dry run of `pick`."""

    async def work(conn: BaseDBAsyncClient) -> list[Problem]:
        with changes.unannounced():
            try:
                return (
                    await _plan_pick(
                        row_id, numbers, serial_ids or [], conn, lock=False, release_ids=release_ids
                    )
                ).problems
            except DomainError as error:
                return error.problems

    return await atomic(work)


async def pick(
    row_id: int,
    numbers: list[str],
    serial_ids: list[int] | None = None,
    actor: str | None = None,
    release_ids: list[int] | None = None,
) -> tuple[SalesOrderRow, list[SerialNumber]]:
    """Reserves in-stock serial numbers of the row's item on the row, by number or by id;
    `release_ids` go back to stock first, in the same all-or-nothing change."""

    async def work(conn: BaseDBAsyncClient) -> tuple[SalesOrderRow, list[SerialNumber]]:
        plan = await _plan_pick(
            row_id, numbers, serial_ids or [], conn, lock=True, release_ids=release_ids
        )
        if plan.problems:
            raise DomainError(plan.problems)
        if plan.releasing:
            await _release(plan.order, plan.row, [s.id for s in plan.releasing], actor, conn)
        ids = [s.id for s in plan.serials]
        moved = (
            await SerialNumber.filter(id__in=ids, status=SerialNumberStatus.IN_STOCK)
            .using_db(conn)
            .update(status=SerialNumberStatus.RESERVED, sales_order_row_id=plan.row.id)
        )
        if moved != len(ids):  # taken by a concurrent pick after our check: run again
            raise IntegrityError("a serial number was picked concurrently")
        picked = await SerialNumber.filter(id__in=ids).using_db(conn).order_by("id")
        order_of = {serial_id: i for i, serial_id in enumerate(ids)}
        picked.sort(key=lambda s: order_of[s.id])
        await record(conn, picked, SerialNumberEventKind.RESERVED, plan.order, actor)
        plan.row.assigned_count += len(ids)
        await (
            SalesOrderRow.filter(id=plan.row.id)
            .using_db(conn)
            .update(assigned_count=plan.row.assigned_count)
        )
        return plan.row, picked

    return await atomic(work)


async def release(row_id: int, serial_ids: list[int], actor: str | None = None) -> SalesOrderRow:
    """Returns picked numbers of an undelivered row to stock."""

    async def work(conn: BaseDBAsyncClient) -> SalesOrderRow:
        order, row, _ = await lock_row(row_id, conn)
        _refuse_delivered(order, SerialCode)
        on_row = {
            s.id: s
            for s in await SerialNumber.filter(
                sales_order_row_id=row.id, id__in=serial_ids
            ).using_db(conn)
        }
        problems = (
            []
            if serial_ids
            else [
                Problem(
                    SerialCode.EMPTY,
                    "No serial numbers were named to release.",
                    field="serialNumberIds",
                )
            ]
        )
        problems += [
            Problem(
                SerialCode.NOT_FOUND,
                "This serial number is not on the row.",
                field="serialNumberIds",
                index=i,
            )
            for i, serial_id in enumerate(serial_ids)
            if serial_id not in on_row
        ]
        if problems:
            raise DomainError(problems)
        await _release(order, row, list(on_row), actor, conn)
        return row

    return await atomic(work)


async def _release(
    order: SalesOrder,
    row: SalesOrderRow,
    serial_ids: list[int],
    actor: str | None,
    conn: BaseDBAsyncClient,
) -> None:
    serials = await SerialNumber.filter(id__in=serial_ids).using_db(conn)
    await (
        SerialNumber.filter(id__in=serial_ids)
        .using_db(conn)
        .update(status=SerialNumberStatus.IN_STOCK, sales_order_row_id=None)
    )
    await record(conn, serials, SerialNumberEventKind.RELEASED, order, actor)
    row.assigned_count -= len(serial_ids)
    await SalesOrderRow.filter(id=row.id).using_db(conn).update(assigned_count=row.assigned_count)


async def deliver(
    order_id: int, delivered_at: datetime | None = None, actor: str | None = None
) -> SalesOrder:
    """Ships the order: every tracked row must have all its numbers picked."""

    async def work(conn: BaseDBAsyncClient) -> SalesOrder:
        order = await _lock_order(order_id, conn)
        if order.status == SalesOrderStatus.DELIVERED:
            raise DomainError(
                [
                    Problem(
                        Code.ORDER_DELIVERED,
                        f"{order.number} is delivered already.",
                        field="salesOrderId",
                    )
                ]
            )
        rows = (
            await SalesOrderRow.filter(sales_order_id=order.id)
            .using_db(conn)
            .order_by("position", "id")
            .prefetch_related("variant__product")
        )
        incomplete = [
            Problem(
                Code.INCOMPLETE_ROW,
                f"Row {i + 1} ({r.variant.sku}): {r.assigned_count} of {int(r.quantity)} "
                "serial numbers picked.",
                field="rows",
                index=i,
            )
            for i, r in enumerate(rows)
            if r.variant.product.serial_tracked and r.assigned_count != r.quantity
        ]
        if incomplete:
            raise DomainError(incomplete)
        serials = await SerialNumber.filter(sales_order_row_id__in=[r.id for r in rows]).using_db(
            conn
        )
        received = max((s.added_at for s in serials if s.added_at), default=None)
        stamp = business_time(
            delivered_at,
            what="delivery date",
            field="deliveredAt",
            codes=Code,
            not_before=[
                (order.ordered_at or order.created_at, f"{order.number} was ordered"),
                (received, "its last unit was received"),
            ],
        )
        await (
            SerialNumber.filter(id__in=[s.id for s in serials])
            .using_db(conn)
            .update(status=SerialNumberStatus.SHIPPED)
        )
        await record(conn, serials, SerialNumberEventKind.SHIPPED, order, actor, at=stamp)
        order.status, order.delivered_at = SalesOrderStatus.DELIVERED, stamp
        await order.save(using_db=conn, update_fields=["status", "delivered_at"])
        return order

    return await atomic(work)


async def revert_delivery(order_id: int, actor: str | None = None) -> SalesOrder:
    """Takes a delivery back: the shipped numbers are reserved on the order again."""

    async def work(conn: BaseDBAsyncClient) -> SalesOrder:
        order = await _lock_order(order_id, conn)
        if order.status != SalesOrderStatus.DELIVERED:
            raise DomainError(
                [
                    Problem(
                        Code.NOT_DELIVERED,
                        f"{order.number} is not delivered.",
                        field="salesOrderId",
                    )
                ]
            )
        row_ids = (
            await SalesOrderRow.filter(sales_order_id=order.id)
            .using_db(conn)
            .values_list("id", flat=True)
        )
        serials = await SerialNumber.filter(sales_order_row_id__in=row_ids).using_db(conn)
        await (
            SerialNumber.filter(id__in=[s.id for s in serials])
            .using_db(conn)
            .update(status=SerialNumberStatus.RESERVED)
        )
        await record(conn, serials, SerialNumberEventKind.DELIVERY_REVERTED, order, actor)
        order.status, order.delivered_at = SalesOrderStatus.NOT_SHIPPED, None
        await order.save(using_db=conn, update_fields=["status", "delivered_at"])
        return order

    return await atomic(work)
