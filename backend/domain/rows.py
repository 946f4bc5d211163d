"""Rules shared by the rows of purchase orders and sales orders: what a quantity may be, which
item a SKU names, when a row's quantity may change or the row go."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Generic, TypeVar, cast

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from backend.domain import changes
from backend.domain.db import locked
from backend.domain.errors import DomainError, Problem, PurchaseOrderErrorCode, SalesOrderErrorCode
from backend.models import PurchaseOrder, PurchaseOrderRow, SalesOrder, SalesOrderRow, Variant

Codes = type[PurchaseOrderErrorCode] | type[SalesOrderErrorCode]
Order = TypeVar("Order")
OrderModel = TypeVar("OrderModel", PurchaseOrder, SalesOrder)
OrderRow = TypeVar("OrderRow", PurchaseOrderRow, SalesOrderRow)
MAX_QUANTITY = Decimal("100000000")


@dataclass(frozen=True)
class RowInput:
    sku: str
    quantity: Decimal


def check_quantity(
    quantity: Decimal | None,
    tracked: bool,
    *,
    codes: Codes = PurchaseOrderErrorCode,
    field: str = "quantity",
    index: int | None = None,
) -> list[Problem]:
    """Quantities are positive; on serial-tracked rows they are whole numbers."""
    where = f"Row {index + 1}: " if index is not None else ""
    try:
        ok = quantity is not None and quantity.is_finite() and quantity > 0
    except InvalidOperation:
        ok = False
    if not ok:
        return [
            Problem(
                codes.INVALID_QUANTITY,
                f"{where}the quantity must be above 0.",
                field=field,
                index=index,
            )
        ]
    assert quantity is not None
    if quantity >= MAX_QUANTITY or quantity != quantity.quantize(Decimal("0.001")):
        return [
            Problem(
                codes.INVALID_QUANTITY,
                f"{where}the quantity {quantity} has too many digits "
                "(at most 3 decimals, below 100,000,000).",
                field=field,
                index=index,
            )
        ]
    if tracked and quantity != quantity.to_integral_value():
        return [
            Problem(
                codes.INVALID_QUANTITY,
                f"{where}the item is serial-tracked, so the quantity must be a whole "
                f"number, not {quantity}.",
                field=field,
                index=index,
            )
        ]
    return []


async def variants_by_sku(skus: list[str], conn: BaseDBAsyncClient) -> dict[str, Variant]:
    found = await Variant.filter(sku__in=skus).using_db(conn).prefetch_related("product")
    return {v.sku: v for v in found}


async def check_new_rows(
    rows: list[RowInput], conn: BaseDBAsyncClient, codes: Codes
) -> tuple[list[Problem], dict[str, Variant]]:
    """The rows of a new order: every SKU known, every quantity right; all problems at once."""
    problems: list[Problem] = []
    variants = await variants_by_sku([r.sku.strip() for r in rows], conn)
    for index, row in enumerate(rows):
        variant = variants.get(row.sku.strip())
        if variant is None:
            problems.append(
                Problem(
                    codes.UNKNOWN_SKU,
                    f"Row {index + 1}: no item has the SKU {row.sku!r}.",
                    field="rows.sku",
                    index=index,
                )
            )
        problems += check_quantity(
            row.quantity,
            bool(variant and variant.product.serial_tracked),
            codes=codes,
            field="rows.quantity",
            index=index,
        )
    return problems, variants


async def check_new_row(
    sku: str, quantity: Decimal, conn: BaseDBAsyncClient, codes: Codes
) -> tuple[list[Problem], Variant | None]:
    variant = (await variants_by_sku([sku.strip()], conn)).get(sku.strip())
    problems = (
        []
        if variant
        else [Problem(codes.UNKNOWN_SKU, f"No item has the SKU {sku!r}.", field="sku")]
    )
    problems += check_quantity(
        quantity, bool(variant and variant.product.serial_tracked), codes=codes
    )
    return problems, variant


def check_quantity_change(
    assigned: int, quantity: Decimal, tracked: bool, codes: Codes, held: str
) -> list[Problem]:
    """A row's quantity never drops below the serial numbers it holds (`held` says how:
    "serial numbers; remove", "serial numbers picked; release")."""
    problems = check_quantity(quantity, tracked, codes=codes)
    if not problems and quantity < assigned:
        numbers, undo = held.split("; ")
        problems.append(
            Problem(
                codes.QUANTITY_BELOW_ASSIGNED,
                f"The row has {assigned} {numbers}; {undo} some before lowering the quantity to "
                f"{quantity}.",
                field="quantity",
            )
        )
    return problems


def check_deletable(assigned: int, codes: Codes, held: str) -> list[Problem]:
    """A row that holds serial numbers can't be deleted: they go first."""
    if not assigned:
        return []
    numbers, undo = held.split("; ")
    return [
        Problem(
            codes.ROW_HAS_SERIAL_NUMBERS,
            f"The row has {assigned} {numbers}; {undo} them first.",
            field="rowId",
        )
    ]


async def next_position(query_model: type[Model], conn: BaseDBAsyncClient, **order: int) -> int:
    """Where a row added to an order goes: after its last row."""
    last = (
        await query_model.filter(**order)
        .using_db(conn)
        .order_by("-position")
        .values_list("position", flat=True)
    )
    return cast(int, last[0]) + 1 if last else 0


@dataclass(frozen=True)
class RowKind(Generic[OrderRow]):
    """What differs between the rows of purchase orders and of sales orders, for the rules
    they share: the table, the column naming the order, the words of a refusal."""

    model: type[OrderRow]
    order_column: str  # "purchase_order_id"
    what: str  # "The order row", as "… was not found."
    codes: Codes
    held: str  # how a row holds numbers, see check_quantity_change


@dataclass(frozen=True)
class OrderKind(Generic[OrderModel]):
    """What differs between purchase and sales orders for locking one: the table, the change
    the feed records, the words of a refusal."""

    model: type[OrderModel]
    change: changes.ChangeKind
    what: str  # "The purchase order", as "… was not found."
    field: str  # "purchaseOrderId"
    codes: Codes


async def lock_order(
    kind: OrderKind[OrderModel], order_id: int, conn: BaseDBAsyncClient
) -> OrderModel:
    """Locks an order: the one lock every change of it takes, so that they queue up on
    PostgreSQL too; the change feed notes the order as changed (if the transaction commits)."""
    order = await locked(kind.model.filter(id=order_id), conn)
    if order is None:
        raise DomainError(
            [Problem(kind.codes.NOT_FOUND, f"{kind.what} was not found.", field=kind.field)]
        )
    changes.note_document(kind.change, order.id)
    return order


async def new_row(
    kind: RowKind[OrderRow], order_id: int, sku: str, quantity: Decimal, conn: BaseDBAsyncClient
) -> OrderRow:
    """A row added at the end of a locked order, once its SKU and quantity are good."""
    problems, variant = await check_new_row(sku, quantity, conn, kind.codes)
    if problems:
        raise DomainError(problems)
    position = await next_position(kind.model, conn, **{kind.order_column: order_id})
    return await kind.model.create(
        **{kind.order_column: order_id},
        variant=variant,
        quantity=quantity,
        position=position,
        using_db=conn,
    )


async def create_rows(
    kind: RowKind[OrderRow],
    order_id: int,
    rows: list[RowInput],
    variants: dict[str, Variant],
    conn: BaseDBAsyncClient,
) -> None:
    """The rows of a new order, in the order given (`check_new_rows` found their variants)."""
    await kind.model.bulk_create(
        [
            kind.model(
                **{kind.order_column: order_id},
                variant=variants[r.sku.strip()],
                quantity=r.quantity,
                position=i,
            )
            for i, r in enumerate(rows)
        ],
        using_db=conn,
    )


async def lock_row(
    kind: RowKind[OrderRow],
    row_id: int,
    conn: BaseDBAsyncClient,
    lock_order: Callable[[int, BaseDBAsyncClient], Awaitable[Order]],
) -> tuple[Order, OrderRow, bool]:
    """Locks a row's order (the one lock every change of an order takes, so that they queue up
    on PostgreSQL too), then returns the order, the row and whether its item is
    serial-tracked."""
    order_id = (
        await kind.model.filter(id=row_id).using_db(conn).values_list(kind.order_column, flat=True)
    )
    if not order_id:
        raise DomainError(
            [Problem(kind.codes.NOT_FOUND, f"{kind.what} was not found.", field="rowId")]
        )
    order = await lock_order(cast(int, order_id[0]), conn)
    row = await kind.model.get(id=row_id, using_db=conn).prefetch_related("variant__product")
    return order, row, row.variant.product.serial_tracked


async def set_quantity(
    kind: RowKind[OrderRow],
    row: OrderRow,
    quantity: Decimal,
    tracked: bool,
    conn: BaseDBAsyncClient,
) -> None:
    """A locked row's new quantity, never below the numbers it holds."""
    problems = check_quantity_change(row.assigned_count, quantity, tracked, kind.codes, kind.held)
    if problems:
        raise DomainError(problems)
    row.quantity = quantity
    await row.save(using_db=conn, update_fields=["quantity"])


async def delete_empty(kind: RowKind[OrderRow], row: OrderRow, conn: BaseDBAsyncClient) -> None:
    """Deletes a locked row unless it holds serial numbers."""
    if problems := check_deletable(row.assigned_count, kind.codes, kind.held):
        raise DomainError(problems)
    await row.delete(using_db=conn)
