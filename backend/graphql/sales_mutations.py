"""Mutations of customers and sales orders: picking, releasing, delivering."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from backend import ids
from backend.domain import sales
from backend.graphql.context import Info
from backend.graphql.errors import SalesOrderError, SerialNumberError
from backend.graphql.mutations import mutation
from backend.graphql.rows import QUANTITY, SKU, RowLine, serial_ids
from backend.graphql.types import SalesOrder, SalesOrderRow, SerialNumber


def _row_id(value: strawberry.ID) -> int:
    return ids.decode_or_missing("SalesOrderRow", value)


def _order_id(value: strawberry.ID) -> int:
    return ids.decode_or_missing("SalesOrder", value)


@strawberry.input(description="A row of a new sales order: an item and how many.")
class SalesOrderRowInput(RowLine):
    pass


@strawberry.input(description="A new sales order; the server gives its number (`SO-…`).")
class CreateSalesOrderInput:
    customer_id: strawberry.ID = strawberry.field(
        description="The customer, by its ID (NOT_FOUND when it names none)."
    )
    rows: list[SalesOrderRowInput] = strawberry.field(
        default_factory=list, description="May be empty: rows can be added later."
    )
    ordered_at: datetime | None = strawberry.field(
        default=None,
        description="When the order was placed. Default: now; never in the "
        "future. Deliveries can't be dated before it.",
    )


@strawberry.type(description="The sales order after the change, or why nothing changed.")
class SalesOrderPayload:
    sales_order: SalesOrder | None = strawberry.field(
        default=None,
        description="The order as it is now (rows, status, tracing); null when refused.",
    )
    errors: list[SalesOrderError] = strawberry.field(
        default_factory=list,
        description="Why nothing was written, every problem at once; empty on success.",
    )


@strawberry.input(description="A row to add at the end of a sales order.")
class AddSalesOrderRowInput:
    sales_order_id: strawberry.ID = strawberry.field(
        description="The order, by its ID (NOT_FOUND when it names none); not delivered "
        "(ORDER_DELIVERED)."
    )
    sku: str = strawberry.field(description=SKU)
    quantity: Decimal = strawberry.field(description=QUANTITY)


@strawberry.input(description="A new quantity for a sales order row.")
class UpdateSalesOrderRowInput:
    row_id: strawberry.ID = strawberry.field(
        description="The row, by its ID (NOT_FOUND when it names none), of an order not "
        "delivered (ORDER_DELIVERED)."
    )
    quantity: Decimal = strawberry.field(
        description="Units, as for a new row; never below the serial numbers picked on the row "
        "(QUANTITY_BELOW_ASSIGNED)."
    )


@strawberry.input(description="The sales order row to delete.")
class DeleteSalesOrderRowInput:
    row_id: strawberry.ID = strawberry.field(
        description="The row, by its ID (NOT_FOUND when it names none), of an order not "
        "delivered (ORDER_DELIVERED), with no serial numbers picked (ROW_HAS_SERIAL_NUMBERS)."
    )


@strawberry.type(description="The sales order row after the change, or why nothing changed.")
class SalesOrderRowPayload:
    row: SalesOrderRow | None = strawberry.field(
        default=None,
        description="The row as it is now (its order via `salesOrder`); null when refused.",
    )
    errors: list[SalesOrderError] = strawberry.field(
        default_factory=list, description="Why nothing was written; empty on success."
    )


@strawberry.input(
    description="Serial numbers in stock to reserve on a sales order row, by "
    "number or by ID, and optionally some of its picks to release in "
    "the same change."
)
class PickSerialNumbersInput:
    row_id: strawberry.ID = strawberry.field(
        description="The row, by its ID (NOT_FOUND when it names none), of a serial-tracked item "
        "(NOT_TRACKED) on an order not delivered (ORDER_DELIVERED)."
    )
    numbers: list[str] = strawberry.field(
        default_factory=list, description="Numbers as typed, scanned or pasted."
    )
    serial_number_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Or serial numbers chosen by id."
    )
    release_serial_number_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Numbers of the row to return to stock first, in the same "
        "all-or-nothing change.",
    )


@strawberry.type(description="A sales order row after its picks changed, or why nothing changed.")
class PickedSerialNumbersPayload:
    row: SalesOrderRow | None = strawberry.field(
        default=None,
        description="The row as it is now (`tracing` counts its picks); null when refused.",
    )
    serial_numbers: list[SerialNumber] = strawberry.field(
        default_factory=list,
        description="The numbers picked (now RESERVED), in input order: "
        "`numbers` first, then `serialNumberIds`. Empty for a release.",
    )
    errors: list[SerialNumberError] = strawberry.field(
        default_factory=list,
        description="Every problem at once, each with its `field`, `index` "
        "and `number`; nothing was written when there is any. Empty on success.",
    )


@strawberry.input(description="Picked serial numbers to put back in stock.")
class ReleaseSerialNumbersInput:
    row_id: strawberry.ID = strawberry.field(
        description="The row, by its ID (NOT_FOUND when it names none), of an order not "
        "delivered (ORDER_DELIVERED)."
    )
    serial_number_ids: list[strawberry.ID] = strawberry.field(
        description="At least one (EMPTY) serial number picked on this row, by ID (NOT_FOUND, "
        "with `index`, for one that is not on it)."
    )


@strawberry.input(description="A sales order to deliver (ship) as a whole.")
class DeliverSalesOrderInput:
    sales_order_id: strawberry.ID = strawberry.field(
        description="The order, by its ID (NOT_FOUND when it names none); not delivered "
        "(ORDER_DELIVERED)."
    )
    delivered_at: datetime | None = strawberry.field(
        default=None,
        description="Default: now. Not in the future, not before the order date "
        "nor before its last unit was received (DATE_IN_FUTURE, DATE_TOO_EARLY).",
    )


@strawberry.input(description="A delivered sales order whose delivery to take back.")
class RevertSalesOrderDeliveryInput:
    sales_order_id: strawberry.ID = strawberry.field(
        description="The order, by its ID (NOT_FOUND when it names none); delivered "
        "(NOT_DELIVERED otherwise)."
    )


@strawberry.type
class SalesMutation:
    @mutation(
        description="Creates a sales order, numbered by the server (`SO-…`), with its "
        "rows; all or nothing. Errors: NOT_FOUND (customerId), UNKNOWN_SKU and "
        "INVALID_QUANTITY (per row: `field` rows.sku or rows.quantity, `index`), "
        "DATE_IN_FUTURE, DATE_TOO_EARLY, INVALID_DATE (orderedAt)."
    )
    async def create_sales_order(self, input: CreateSalesOrderInput) -> SalesOrderPayload:
        order = await sales.create_sales_order(
            ids.decode_or_missing("Customer", input.customer_id),
            [r.domain() for r in input.rows],
            ordered=input.ordered_at,
        )
        return SalesOrderPayload(sales_order=SalesOrder(m=order))

    @mutation(
        description="Adds a row at the end of a sales order that is not delivered. Errors: "
        "NOT_FOUND, ORDER_DELIVERED, UNKNOWN_SKU, INVALID_QUANTITY."
    )
    async def add_sales_order_row(self, input: AddSalesOrderRowInput) -> SalesOrderRowPayload:
        row = await sales.add_row(_order_id(input.sales_order_id), input.sku, input.quantity)
        return SalesOrderRowPayload(row=SalesOrderRow(m=row))

    @mutation(
        description="Changes a row's quantity while its order is not delivered. Errors: "
        "NOT_FOUND, ORDER_DELIVERED, INVALID_QUANTITY, QUANTITY_BELOW_ASSIGNED."
    )
    async def update_sales_order_row(self, input: UpdateSalesOrderRowInput) -> SalesOrderRowPayload:
        row = await sales.update_row(_row_id(input.row_id), input.quantity)
        return SalesOrderRowPayload(row=SalesOrderRow(m=row))

    @mutation(
        description="Deletes a row without picks from an order that is not delivered; "
        "answers with its order. Errors: NOT_FOUND, ORDER_DELIVERED, "
        "ROW_HAS_SERIAL_NUMBERS (release them first)."
    )
    async def delete_sales_order_row(self, input: DeleteSalesOrderRowInput) -> SalesOrderPayload:
        order = await sales.delete_row(_row_id(input.row_id))
        return SalesOrderPayload(sales_order=SalesOrder(m=order))

    @mutation(
        description="Reserves serial numbers in stock on a sales order row (RESERVED, a "
        "RESERVED event each), by `numbers` and/or `serialNumberIds`, after releasing "
        "`releaseSerialNumberIds`; all or nothing. At most 1000 of each per call. Errors: "
        "NOT_FOUND, NOT_TRACKED, ORDER_DELIVERED, TOO_MANY_AT_ONCE, EMPTY, TOO_LONG, "
        "INVALID_CHARACTERS, DUPLICATE_IN_INPUT, WRONG_VARIANT (a number of another item), "
        "NOT_IN_STOCK (expected, reserved or shipped; `conflict` says which), "
        "EXCEEDS_QUANTITY. checkPickSerialNumbers is its dry run."
    )
    async def pick_serial_numbers(
        self, info: Info, input: PickSerialNumbersInput
    ) -> PickedSerialNumbersPayload:
        row, picked = await sales.pick(
            _row_id(input.row_id),
            input.numbers,
            serial_ids(input.serial_number_ids),
            actor=info.context.actor,
            release_ids=serial_ids(input.release_serial_number_ids),
        )
        return PickedSerialNumbersPayload(
            row=SalesOrderRow(m=row), serial_numbers=[SerialNumber(m=s) for s in picked]
        )

    @mutation(
        description="Puts picked serial numbers of a row back in stock (a RELEASED event "
        "each) while the order is not delivered. Errors: NOT_FOUND (the row, or a number "
        "not on it), ORDER_DELIVERED, EMPTY (none named)."
    )
    async def release_serial_numbers(
        self, info: Info, input: ReleaseSerialNumbersInput
    ) -> PickedSerialNumbersPayload:
        row = await sales.release(
            _row_id(input.row_id), serial_ids(input.serial_number_ids), actor=info.context.actor
        )
        return PickedSerialNumbersPayload(row=SalesOrderRow(m=row))

    @mutation(
        description="Delivers the whole order: every tracked row must have all its numbers "
        "picked; they become SHIPPED (a SHIPPED event each, dated `deliveredAt`). "
        "Untracked rows ship by quantity. Errors: NOT_FOUND, ORDER_DELIVERED (already), "
        "INCOMPLETE_ROW (one per row short of picks, with `index`), DATE_IN_FUTURE, "
        "DATE_TOO_EARLY (before the order date or its last unit's receipt), INVALID_DATE."
    )
    async def deliver_sales_order(
        self, info: Info, input: DeliverSalesOrderInput
    ) -> SalesOrderPayload:
        order = await sales.deliver(
            _order_id(input.sales_order_id), input.delivered_at, actor=info.context.actor
        )
        return SalesOrderPayload(sales_order=SalesOrder(m=order))

    @mutation(
        description="Takes a delivery back: the order is NOT_SHIPPED again and its numbers "
        "RESERVED on it (a DELIVERY_REVERTED event each), so rows and picks can change. "
        "Errors: NOT_FOUND, NOT_DELIVERED."
    )
    async def revert_sales_order_delivery(
        self, info: Info, input: RevertSalesOrderDeliveryInput
    ) -> SalesOrderPayload:
        order = await sales.revert_delivery(
            _order_id(input.sales_order_id), actor=info.context.actor
        )
        return SalesOrderPayload(sales_order=SalesOrder(m=order))
