"""Mutations of customers and sales orders: picking, releasing, delivering."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from backend import ids
from backend.domain import rows, sales
from backend.graphql.context import Info
from backend.graphql.errors import SalesOrderError, SerialNumberError
from backend.graphql.mutations import mutation
from backend.graphql.types import SalesOrder, SalesOrderRow, SerialNumber


def _row_id(value: strawberry.ID) -> int:
    return ids.decode_or_missing("SalesOrderRow", value)


def _order_id(value: strawberry.ID) -> int:
    return ids.decode_or_missing("SalesOrder", value)


def _serial_ids(values: list[strawberry.ID] | None) -> list[int]:
    return [ids.decode_or_missing("SerialNumber", v) for v in values or []]


@strawberry.input
class SalesOrderRowInput:
    sku: str
    quantity: Decimal


@strawberry.input
class CreateSalesOrderInput:
    customer_id: strawberry.ID
    rows: list[SalesOrderRowInput] = strawberry.field(
        default_factory=list, description="May be empty: rows can be added later.")
    ordered_at: datetime | None = strawberry.field(
        default=None, description="When the order was placed. Default: now; never in the "
        "future. Deliveries can't be dated before it.")


@strawberry.type
class SalesOrderPayload:
    sales_order: SalesOrder | None = None
    errors: list[SalesOrderError] = strawberry.field(default_factory=list)


@strawberry.input
class AddSalesOrderRowInput:
    sales_order_id: strawberry.ID
    sku: str
    quantity: Decimal


@strawberry.input
class UpdateSalesOrderRowInput:
    row_id: strawberry.ID
    quantity: Decimal


@strawberry.input
class DeleteSalesOrderRowInput:
    row_id: strawberry.ID


@strawberry.type
class SalesOrderRowPayload:
    row: SalesOrderRow | None = None
    errors: list[SalesOrderError] = strawberry.field(default_factory=list)


@strawberry.input
class PickSerialNumbersInput:
    row_id: strawberry.ID
    numbers: list[str] = strawberry.field(default_factory=list,
                                          description="Numbers as typed, scanned or pasted.")
    serial_number_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Or serial numbers chosen by id.")
    release_serial_number_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Numbers of the row to return to stock first, in the same "
        "all-or-nothing change.")


@strawberry.type
class PickedSerialNumbersPayload:
    row: SalesOrderRow | None = None
    serial_numbers: list[SerialNumber] = strawberry.field(default_factory=list)
    errors: list[SerialNumberError] = strawberry.field(default_factory=list)


@strawberry.input
class ReleaseSerialNumbersInput:
    row_id: strawberry.ID
    serial_number_ids: list[strawberry.ID]


@strawberry.input
class DeliverSalesOrderInput:
    sales_order_id: strawberry.ID
    delivered_at: datetime | None = strawberry.field(
        default=None, description="Default: now. Not in the future, not before the order date "
        "nor before its last unit was received (DATE_IN_FUTURE, DATE_TOO_EARLY).")


@strawberry.input
class RevertSalesOrderDeliveryInput:
    sales_order_id: strawberry.ID


@strawberry.type
class SalesMutation:
    @mutation()
    async def create_sales_order(self, input: CreateSalesOrderInput) -> SalesOrderPayload:
        order = await sales.create_sales_order(
            ids.decode_or_missing("Customer", input.customer_id),
            [rows.RowInput(r.sku, r.quantity) for r in input.rows], ordered=input.ordered_at)
        return SalesOrderPayload(sales_order=SalesOrder(m=order))

    @mutation()
    async def add_sales_order_row(self, input: AddSalesOrderRowInput) -> SalesOrderRowPayload:
        row = await sales.add_row(_order_id(input.sales_order_id), input.sku, input.quantity)
        return SalesOrderRowPayload(row=SalesOrderRow(m=row))

    @mutation()
    async def update_sales_order_row(
        self, input: UpdateSalesOrderRowInput
    ) -> SalesOrderRowPayload:
        row = await sales.update_row(_row_id(input.row_id), input.quantity)
        return SalesOrderRowPayload(row=SalesOrderRow(m=row))

    @mutation()
    async def delete_sales_order_row(self, input: DeleteSalesOrderRowInput) -> SalesOrderPayload:
        order = await sales.delete_row(_row_id(input.row_id))
        return SalesOrderPayload(sales_order=SalesOrder(m=order))

    @mutation()
    async def pick_serial_numbers(
        self, info: Info, input: PickSerialNumbersInput
    ) -> PickedSerialNumbersPayload:
        row, picked = await sales.pick(
            _row_id(input.row_id), input.numbers, _serial_ids(input.serial_number_ids),
            actor=info.context.actor, release_ids=_serial_ids(input.release_serial_number_ids))
        return PickedSerialNumbersPayload(row=SalesOrderRow(m=row),
                                          serial_numbers=[SerialNumber(m=s) for s in picked])

    @mutation()
    async def release_serial_numbers(
        self, info: Info, input: ReleaseSerialNumbersInput
    ) -> PickedSerialNumbersPayload:
        row = await sales.release(_row_id(input.row_id), _serial_ids(input.serial_number_ids),
                                  actor=info.context.actor)
        return PickedSerialNumbersPayload(row=SalesOrderRow(m=row))

    @mutation()
    async def deliver_sales_order(
        self, info: Info, input: DeliverSalesOrderInput
    ) -> SalesOrderPayload:
        order = await sales.deliver(_order_id(input.sales_order_id), input.delivered_at,
                                    actor=info.context.actor)
        return SalesOrderPayload(sales_order=SalesOrder(m=order))

    @mutation()
    async def revert_sales_order_delivery(
        self, info: Info, input: RevertSalesOrderDeliveryInput
    ) -> SalesOrderPayload:
        order = await sales.revert_delivery(_order_id(input.sales_order_id),
                                            actor=info.context.actor)
        return SalesOrderPayload(sales_order=SalesOrder(m=order))
