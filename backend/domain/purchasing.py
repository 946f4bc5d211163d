"""Purchase orders (PO) and outsourced purchase orders (OPO): rows, receiving, reverting."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.timezone import now

from backend.domain import changes
from backend.domain.dates import business_time
from backend.domain.db import atomic, flat, next_number
from backend.domain.errors import DomainError, Problem
from backend.domain.errors import PurchaseOrderErrorCode as Code
from backend.domain.history import record
from backend.domain.rows import (
    OrderKind,
    RowInput,
    RowKind,
    check_new_rows,
    check_quantity,
    create_rows,
    delete_empty,
    new_row,
    set_quantity,
)
from backend.domain.rows import lock_order as lock_any_order
from backend.domain.rows import lock_row as lock_any_row
from backend.models import (
    PurchaseOrder,
    PurchaseOrderKind,
    PurchaseOrderRow,
    PurchaseOrderStatus,
    RowStatus,
    SerialNumber,
    SerialNumberEventKind,
    SerialNumberStatus,
    Supplier,
)

PREFIX = {PurchaseOrderKind.PURCHASE: "PO", PurchaseOrderKind.OUTSOURCED: "OPO"}
EARLIEST_EXPECTED = date(2000, 1, 1)
LATEST_EXPECTED = date(2100, 12, 31)
HELD = "serial numbers; remove"


def derive_status(row_statuses: Sequence[RowStatus]) -> PurchaseOrderStatus:
    received = sum(1 for s in row_statuses if s == RowStatus.RECEIVED)
    if received == 0:
        return PurchaseOrderStatus.NOT_RECEIVED
    if received == len(row_statuses):
        return PurchaseOrderStatus.RECEIVED
    return PurchaseOrderStatus.PARTIALLY_RECEIVED


async def _refresh_status(order: PurchaseOrder, conn: BaseDBAsyncClient) -> None:
    statuses = await flat(
        PurchaseOrderRow.filter(purchase_order_id=order.id).using_db(conn), "status", str
    )
    status = derive_status([RowStatus(s) for s in statuses])
    if status != order.status:
        order.status = status
        await order.save(using_db=conn, update_fields=["status"])


def _received_time(value: datetime | None, order: PurchaseOrder, field: str) -> datetime:
    """The received date: now by default, never in the future nor before the order."""
    return business_time(
        value,
        what="received date",
        field=field,
        codes=Code,
        not_before=[(ordered_at(order), f"{order.number} was ordered")],
    )


def ordered_at(order: PurchaseOrder) -> datetime:
    return order.ordered_at or order.created_at


def _not_found(what: str, field: str) -> DomainError:
    return DomainError([Problem(Code.NOT_FOUND, f"{what} was not found.", field=field)])


def _check_expected(expected_on: date | None) -> list[Problem]:
    if expected_on is None or EARLIEST_EXPECTED <= expected_on <= LATEST_EXPECTED:
        return []
    return [
        Problem(
            Code.INVALID_DATE,
            f"The expected date {expected_on.isoformat()} is not "
            f"between {EARLIEST_EXPECTED.year} and {LATEST_EXPECTED.year}.",
            field="expectedOn",
        )
    ]


async def create_purchase_order(
    kind: PurchaseOrderKind,
    supplier_id: int,
    rows: list[RowInput],
    expected_on: date | None = None,
    ordered: datetime | None = None,
) -> PurchaseOrder:
    """A new order numbered by the server (PO-17, OPO-3); it may start without rows. Its order
    date (default now) may be earlier: a paper order entered later."""
    try:
        stamp = business_time(
            ordered, what="order date", field="orderedAt", codes=Code, not_before=[]
        )
        first: list[Problem] = []
    except DomainError as error:
        stamp, first = now(), error.problems

    async def work(conn: BaseDBAsyncClient) -> PurchaseOrder:
        problems = [*first, *_check_expected(expected_on)]
        if not await Supplier.filter(id=supplier_id).using_db(conn).exists():
            problems.append(
                Problem(Code.NOT_FOUND, "The supplier was not found.", field="supplierId")
            )
        row_problems, variants = await check_new_rows(rows, conn, Code)
        problems += row_problems
        if problems:
            raise DomainError(problems)
        order = await PurchaseOrder.create(
            number=await next_number(conn, PREFIX[kind]),
            kind=kind,
            supplier_id=supplier_id,
            expected_on=expected_on,
            ordered_at=stamp,
            using_db=conn,
        )
        await create_rows(ROWS, order.id, rows, variants, conn)
        changes.note_document(changes.ChangeKind.PURCHASE_ORDER_CHANGED, order.id)
        return order

    return await atomic(work)


async def update_purchase_order(
    order_id: int,
    *,
    expected_on: date | None,
    supplier_id: int | None = None,
    keep_expected: bool = False,
) -> PurchaseOrder:
    """Changes the expected date (None clears it; `keep_expected` leaves it as it is) and, while
    nothing is received, the supplier."""

    async def work(conn: BaseDBAsyncClient) -> PurchaseOrder:
        order = await _lock_order(order_id, conn)
        changed: list[str] = []
        if not keep_expected:
            if problems := _check_expected(expected_on):
                raise DomainError(problems)
            changed.append("expected_on")
            order.expected_on = expected_on
        if supplier_id is not None and supplier_id != order.supplier_id:
            if not await Supplier.filter(id=supplier_id).using_db(conn).exists():
                raise DomainError(
                    [Problem(Code.NOT_FOUND, "The supplier was not found.", field="supplierId")]
                )
            if order.status != PurchaseOrderStatus.NOT_RECEIVED:
                raise DomainError(
                    [
                        Problem(
                            Code.ROW_RECEIVED,
                            f"{order.number} is received in "
                            "part or whole; its supplier can't change.",
                            field="supplierId",
                        )
                    ]
                )
            order.supplier_id = supplier_id
            changed.append("supplier_id")
        if changed:
            await order.save(using_db=conn, update_fields=changed)
        return order

    return await atomic(work)


ORDERS = OrderKind(
    PurchaseOrder,
    changes.ChangeKind.PURCHASE_ORDER_CHANGED,
    "The purchase order",
    "purchaseOrderId",
    Code,
)


async def _lock_order(order_id: int, conn: BaseDBAsyncClient) -> PurchaseOrder:
    return await lock_any_order(ORDERS, order_id, conn)


ROWS = RowKind(PurchaseOrderRow, "purchase_order_id", "The order row", Code, HELD)


async def lock_row(
    row_id: int, conn: BaseDBAsyncClient
) -> tuple[PurchaseOrder, PurchaseOrderRow, bool]:
    """Locks a row's order, returns the order, the row and whether it is serial-tracked."""
    return await lock_any_row(ROWS, row_id, conn, _lock_order)


def _refuse_received(row: PurchaseOrderRow, action: str) -> None:
    if row.status == RowStatus.RECEIVED:
        raise DomainError(
            [
                Problem(
                    Code.ROW_RECEIVED,
                    f"The row is received; {action} only while it is not received.",
                    field="rowId",
                )
            ]
        )


async def add_row(order_id: int, sku: str, quantity: Decimal) -> PurchaseOrderRow:
    async def work(conn: BaseDBAsyncClient) -> PurchaseOrderRow:
        order = await _lock_order(order_id, conn)
        row = await new_row(ROWS, order.id, sku, quantity, conn)
        await _refresh_status(order, conn)
        return row

    return await atomic(work)


async def update_row(row_id: int, quantity: Decimal) -> PurchaseOrderRow:
    async def work(conn: BaseDBAsyncClient) -> PurchaseOrderRow:
        _order, row, tracked = await lock_row(row_id, conn)
        _refuse_received(row, "its quantity can be changed")
        await set_quantity(ROWS, row, quantity, tracked, conn)
        return row

    return await atomic(work)


async def delete_row(row_id: int) -> PurchaseOrder:
    async def work(conn: BaseDBAsyncClient) -> PurchaseOrder:
        order, row, _tracked = await lock_row(row_id, conn)
        _refuse_received(row, "it can be deleted")
        await delete_empty(ROWS, row, conn)
        await _refresh_status(order, conn)
        return order

    return await atomic(work)


async def _stamp_received(
    serial_ids: list[int],
    received_at: datetime,
    order: PurchaseOrder,
    row_id: int,
    actor: str | None,
    conn: BaseDBAsyncClient,
) -> None:
    if not serial_ids:
        return
    await (
        SerialNumber.filter(id__in=serial_ids)
        .using_db(conn)
        .update(
            status=SerialNumberStatus.IN_STOCK, added_at=received_at, purchase_order_row_id=row_id
        )
    )
    serials = (
        await SerialNumber.filter(id__in=serial_ids)
        .using_db(conn)
        .only("id", "variant_id", "number", "number_key")
    )
    await record(conn, serials, SerialNumberEventKind.RECEIVED, order, actor, at=received_at)


async def receive_row(
    row_id: int,
    quantity: Decimal | None = None,
    serial_ids: list[int] | None = None,
    received_at: datetime | None = None,
    actor: str | None = None,
) -> PurchaseOrder:
    """Receives a row, or k units of it: then a new received row of k units is split off and
    takes the named serial numbers, filled up with the first assigned ones."""

    async def work(conn: BaseDBAsyncClient) -> PurchaseOrder:
        order, row, tracked = await lock_row(row_id, conn)
        if row.status == RowStatus.RECEIVED:
            raise DomainError(
                [Problem(Code.ROW_RECEIVED, "The row is received already.", field="rowId")]
            )
        take = row.quantity if quantity is None else quantity
        problems = check_quantity(take, tracked)
        if not problems and take > row.quantity:
            problems.append(
                Problem(
                    Code.INVALID_QUANTITY,
                    f"Only {row.quantity} are on the row; {take} can't be received.",
                    field="quantity",
                )
            )
        on_row = await flat(
            SerialNumber.filter(purchase_order_row_id=row.id).using_db(conn).order_by("id"),
            "id",
            int,
        )
        named = list(dict.fromkeys(serial_ids or []))
        for index, serial_id in enumerate(named):
            if serial_id not in on_row:
                problems.append(
                    Problem(
                        Code.SERIAL_NOT_ON_ROW,
                        "This serial number is not on the row.",
                        field="serialNumberIds",
                        index=index,
                    )
                )
        if not problems and len(named) > take:
            problems.append(
                Problem(
                    Code.INVALID_QUANTITY,
                    f"{len(named)} serial numbers were named for {take} units.",
                    field="serialNumberIds",
                )
            )
        if problems:
            raise DomainError(problems)
        stamp = _received_time(received_at, order, "receivedAt")
        if take == row.quantity:
            await _receive_whole(order, row, list(on_row), stamp, actor, conn)
        else:
            moving = named + [i for i in on_row if i not in set(named)]
            moving = moving[: min(int(take), len(on_row))] if tracked else moving[:0]
            await _receive_split(order, row, take, moving, stamp, actor, conn)
        await _refresh_status(order, conn)
        return order

    return await atomic(work)


async def _receive_whole(
    order: PurchaseOrder,
    row: PurchaseOrderRow,
    serial_ids: list[int],
    stamp: datetime,
    actor: str | None,
    conn: BaseDBAsyncClient,
) -> None:
    row.status, row.received_at = RowStatus.RECEIVED, stamp
    await row.save(using_db=conn, update_fields=["status", "received_at"])
    await _stamp_received(serial_ids, stamp, order, row.id, actor, conn)


async def _receive_split(
    order: PurchaseOrder,
    row: PurchaseOrderRow,
    take: Decimal,
    moving: list[int],
    stamp: datetime,
    actor: str | None,
    conn: BaseDBAsyncClient,
) -> PurchaseOrderRow:
    """A new received row of `take` units split off `row`, with the serials `moving`."""
    row.quantity -= take
    row.assigned_count -= len(moving)
    await row.save(using_db=conn, update_fields=["quantity", "assigned_count"])
    split = await PurchaseOrderRow.create(
        purchase_order=order,
        variant_id=row.variant_id,
        position=row.position,
        quantity=take,
        status=RowStatus.RECEIVED,
        received_at=stamp,
        assigned_count=len(moving),
        using_db=conn,
    )
    await _stamp_received(moving, stamp, order, split.id, actor, conn)
    return split


async def receive_units(
    order: PurchaseOrder,
    received: dict[int, list[int]],
    stamp: datetime,
    actor: str | None,
    conn: BaseDBAsyncClient,
) -> None:
    """Receives exactly the serials `received` (row id: serial ids on it, all checked by the
    caller under the order's lock): a row whose every unit is named is received whole, any
    other row is split as a partial receipt of those units."""
    for row_id, serial_ids in received.items():
        row = await PurchaseOrderRow.get(id=row_id, using_db=conn)
        if len(serial_ids) == row.quantity:
            await _receive_whole(order, row, serial_ids, stamp, actor, conn)
        else:
            await _receive_split(
                order, row, Decimal(len(serial_ids)), serial_ids, stamp, actor, conn
            )
    await _refresh_status(order, conn)


async def lock_order(order_id: int, conn: BaseDBAsyncClient) -> PurchaseOrder:
    """The order, locked as every change of it locks it (NOT_FOUND on `purchaseOrderId`)."""
    return await _lock_order(order_id, conn)


def received_time(value: datetime | None, order: PurchaseOrder) -> datetime:
    """The received date chosen for `order` (see `business_time`), on `receivedAt`."""
    return _received_time(value, order, "receivedAt")


async def receive_order(
    order_id: int, received_at: datetime | None = None, actor: str | None = None
) -> PurchaseOrder:
    """Receives every row that is not received yet."""

    async def work(conn: BaseDBAsyncClient) -> PurchaseOrder:
        order = await _lock_order(order_id, conn)
        rows = await PurchaseOrderRow.filter(
            purchase_order_id=order.id, status=RowStatus.NOT_RECEIVED
        ).using_db(conn)
        if not rows:
            raise DomainError(
                [
                    Problem(
                        Code.ROW_RECEIVED,
                        f"{order.number} has nothing left to receive.",
                        field="purchaseOrderId",
                    )
                ]
            )
        stamp = _received_time(received_at, order, "receivedAt")
        row_ids = [r.id for r in rows]
        await (
            PurchaseOrderRow.filter(id__in=row_ids)
            .using_db(conn)
            .update(status=RowStatus.RECEIVED, received_at=stamp)
        )
        serials = (
            await SerialNumber.filter(purchase_order_row_id__in=row_ids)
            .using_db(conn)
            .only("id", "variant_id", "number", "number_key")
        )
        await (
            SerialNumber.filter(purchase_order_row_id__in=row_ids)
            .using_db(conn)
            .update(status=SerialNumberStatus.IN_STOCK, added_at=stamp)
        )
        await record(conn, serials, SerialNumberEventKind.RECEIVED, order, actor, at=stamp)
        await _refresh_status(order, conn)
        return order

    return await atomic(work)


async def revert_receipt(order_id: int, actor: str | None = None) -> PurchaseOrder:
    """Puts every row back to not received and its serials back to expected; refused while any
    of them is reserved or shipped."""

    async def work(conn: BaseDBAsyncClient) -> PurchaseOrder:
        order = await _lock_order(order_id, conn)
        row_ids = (
            await PurchaseOrderRow.filter(purchase_order_id=order.id, status=RowStatus.RECEIVED)
            .using_db(conn)
            .values_list("id", flat=True)
        )
        if not row_ids:
            raise DomainError(
                [
                    Problem(
                        Code.NOT_RECEIVED,
                        f"{order.number} has no received rows.",
                        field="purchaseOrderId",
                    )
                ]
            )
        serials = (
            await SerialNumber.filter(purchase_order_row_id__in=row_ids)
            .using_db(conn)
            .only("id", "variant_id", "number", "number_key", "status")
        )
        in_use = [
            s
            for s in serials
            if s.status in (SerialNumberStatus.RESERVED, SerialNumberStatus.SHIPPED)
        ]
        if in_use:
            raise DomainError(
                [
                    Problem(
                        Code.SERIAL_IN_USE,
                        f"Serial number {s.number} is {s.status.lower().replace('_', ' ')} on a "
                        "sales order; release it there before reverting the receipt.",
                        field="purchaseOrderId",
                        number=s.number,
                        conflict_id=s.id,
                    )
                    for s in in_use
                ]
            )
        await (
            PurchaseOrderRow.filter(id__in=row_ids)
            .using_db(conn)
            .update(status=RowStatus.NOT_RECEIVED, received_at=None)
        )
        # Only serials still in stock go back: a pick that committed after our read has
        # reserved one, and then the count is short and the whole change runs again (and is
        # refused with SERIAL_IN_USE). An unconditional update would leave it EXPECTED and picked.
        moved = (
            await SerialNumber.filter(
                purchase_order_row_id__in=row_ids,
                status=SerialNumberStatus.IN_STOCK,
                sales_order_row_id=None,
            )
            .using_db(conn)
            .update(status=SerialNumberStatus.EXPECTED, added_at=None)
        )
        if moved != len(serials):
            raise IntegrityError("a serial number was picked concurrently")
        await record(conn, serials, SerialNumberEventKind.RECEIPT_REVERTED, order, actor)
        await _refresh_status(order, conn)
        return order

    return await atomic(work)
