"""Mutations of products, suppliers, purchase orders and their serial numbers: decode the
input, call the domain, map its result or its problems."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from backend import ids
from backend.domain import purchasing, serials
from backend.domain.rows import RowInput
from backend.domain.serial_rules import MAX_PER_INPUT
from backend.graphql.context import Info
from backend.graphql.errors import PurchaseOrderError, SerialNumberError
from backend.graphql.mutations import mutation
from backend.graphql.types import (
    PurchaseOrder,
    PurchaseOrderKind,
    PurchaseOrderRow,
    SerialNumber,
)


def _row_id(value: strawberry.ID) -> int:
    return ids.decode_or_missing("PurchaseOrderRow", value)


def _order_id(value: strawberry.ID) -> int:
    return ids.decode_or_missing("PurchaseOrder", value)


def _serial_ids(values: list[strawberry.ID] | None) -> list[int]:
    return [ids.decode_or_missing("SerialNumber", v) for v in values or []]


@strawberry.input
class PurchaseOrderRowInput:
    sku: str
    quantity: Decimal


@strawberry.input
class CreatePurchaseOrderInput:
    kind: PurchaseOrderKind
    supplier_id: strawberry.ID
    rows: list[PurchaseOrderRowInput] = strawberry.field(
        default_factory=list, description="May be empty: rows can be added later.")
    expected_on: date | None = strawberry.field(
        default=None, description="When the supplier said the goods would arrive.")
    ordered_at: datetime | None = strawberry.field(
        default=None, description="When the order was placed. Default: now; never in the "
        "future. Receipts can't be dated before it.")


@strawberry.input
class UpdatePurchaseOrderInput:
    purchase_order_id: strawberry.ID
    expected_on: date | None = strawberry.field(description="Null clears it.")
    supplier_id: strawberry.ID | None = strawberry.field(
        default=None, description="Another supplier; only while nothing is received.")


@strawberry.type
class PurchaseOrderPayload:
    purchase_order: PurchaseOrder | None = None
    errors: list[PurchaseOrderError] = strawberry.field(default_factory=list)


@strawberry.input
class AddPurchaseOrderRowInput:
    purchase_order_id: strawberry.ID
    sku: str
    quantity: Decimal


@strawberry.input
class UpdatePurchaseOrderRowInput:
    row_id: strawberry.ID
    quantity: Decimal


@strawberry.input
class DeletePurchaseOrderRowInput:
    row_id: strawberry.ID


@strawberry.type
class PurchaseOrderRowPayload:
    row: PurchaseOrderRow | None = None
    errors: list[PurchaseOrderError] = strawberry.field(default_factory=list)


@strawberry.input
class AssignSerialNumbersInput:
    row_id: strawberry.ID
    numbers: list[str]
    remove_serial_number_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Numbers of the row to remove in the same all-or-nothing change "
        "(only while the row is not received).",
    )


@strawberry.input(description="The numbers for one row, in assignSerialNumbersToRows.")
class RowSerialNumbersInput:
    row_id: strawberry.ID = strawberry.field(description="A row of the purchase order.")
    numbers: list[str] = strawberry.field(description="Serial numbers to add to the row, as in "
                                          "assignSerialNumbers.")


@strawberry.input(description="Serial numbers for several rows of one purchase order.")
class AssignSerialNumbersToRowsInput:
    purchase_order_id: strawberry.ID = strawberry.field(
        description="The purchase order every row must be on (else NOT_FOUND for that entry).")
    rows: list[RowSerialNumbersInput] = strawberry.field(
        description=f"At most {MAX_PER_INPUT:,} numbers over all entries. A row may appear "
        "more than once.")


@strawberry.type(description="The rows after assignSerialNumbersToRows, or why not.")
class AssignSerialNumbersToRowsPayload:
    purchase_order: PurchaseOrder | None = strawberry.field(
        default=None, description="The order, after the change (as it was when refused).")
    rows: list[PurchaseOrderRow] = strawberry.field(
        default_factory=list, description="Each row that got numbers, once, in input order.")
    serial_numbers: list[SerialNumber] = strawberry.field(
        default_factory=list, description="The numbers added, in input order.")
    errors: list[SerialNumberError] = strawberry.field(
        default_factory=list, description="Why nothing was written; empty on success.")


@strawberry.input
class RemoveSerialNumbersInput:
    row_id: strawberry.ID
    serial_number_ids: list[strawberry.ID]


@strawberry.type
class SerialNumbersPayload:
    row: PurchaseOrderRow | None = None
    serial_numbers: list[SerialNumber] = strawberry.field(default_factory=list)
    errors: list[SerialNumberError] = strawberry.field(default_factory=list)


@strawberry.input
class ReceivePurchaseOrderRowInput:
    row_id: strawberry.ID
    quantity: Decimal | None = strawberry.field(default=None,
                                                description="Units to receive; all when left out.")
    serial_number_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="On a partial receipt, the numbers that arrived.")
    received_at: datetime | None = strawberry.field(
        default=None, description="Default: now. Not in the future, not before the order "
        "date (DATE_IN_FUTURE, DATE_TOO_EARLY); stored in UTC.")


@strawberry.input
class ReceivePurchaseOrderInput:
    purchase_order_id: strawberry.ID
    received_at: datetime | None = strawberry.field(
        default=None, description="Default: now. Not in the future, not before the order "
        "date; stored in UTC.")


@strawberry.input
class RevertPurchaseOrderReceiptInput:
    purchase_order_id: strawberry.ID


@strawberry.type
class PurchasingMutation:
    @mutation()
    async def create_purchase_order(
        self, input: CreatePurchaseOrderInput
    ) -> PurchaseOrderPayload:
        order = await purchasing.create_purchase_order(
            input.kind, ids.decode_or_missing("Supplier", input.supplier_id),
            [RowInput(r.sku, r.quantity) for r in input.rows],
            expected_on=input.expected_on, ordered=input.ordered_at)
        return PurchaseOrderPayload(purchase_order=PurchaseOrder(m=order))

    @mutation()
    async def update_purchase_order(
        self, input: UpdatePurchaseOrderInput
    ) -> PurchaseOrderPayload:
        order = await purchasing.update_purchase_order(
            _order_id(input.purchase_order_id), expected_on=input.expected_on,
            supplier_id=ids.decode_or_missing("Supplier", input.supplier_id)
            if input.supplier_id is not None else None)
        return PurchaseOrderPayload(purchase_order=PurchaseOrder(m=order))

    @mutation()
    async def add_purchase_order_row(
        self, input: AddPurchaseOrderRowInput
    ) -> PurchaseOrderRowPayload:
        row = await purchasing.add_row(_order_id(input.purchase_order_id), input.sku,
                                       input.quantity)
        return PurchaseOrderRowPayload(row=PurchaseOrderRow(m=row))

    @mutation()
    async def update_purchase_order_row(
        self, input: UpdatePurchaseOrderRowInput
    ) -> PurchaseOrderRowPayload:
        row = await purchasing.update_row(_row_id(input.row_id), input.quantity)
        return PurchaseOrderRowPayload(row=PurchaseOrderRow(m=row))

    @mutation()
    async def delete_purchase_order_row(
        self, input: DeletePurchaseOrderRowInput
    ) -> PurchaseOrderPayload:
        order = await purchasing.delete_row(_row_id(input.row_id))
        return PurchaseOrderPayload(purchase_order=PurchaseOrder(m=order))

    @mutation()
    async def assign_serial_numbers(
        self, info: Info, input: AssignSerialNumbersInput
    ) -> SerialNumbersPayload:
        row, saved = await serials.assign(
            _row_id(input.row_id), input.numbers,
            _serial_ids(input.remove_serial_number_ids), actor=info.context.actor)
        return SerialNumbersPayload(row=PurchaseOrderRow(m=row),
                                    serial_numbers=[SerialNumber(m=s) for s in saved])

    @mutation(description="Adds serial numbers to several rows of one purchase order in one "
              "all-or-nothing change: each row follows assignSerialNumbers' rules, and every "
              "error names its entry (`rowIndex`, `rowId`) and its position in that entry's "
              f"numbers (`index`). At most {MAX_PER_INPUT:,} numbers over the whole call "
              "(TOO_MANY_AT_ONCE, before any entry is checked). Errors: NOT_FOUND (a row not "
              "on the order), NOT_TRACKED, EMPTY, TOO_LONG, INVALID_CHARACTERS, "
              "DUPLICATE_IN_INPUT, ALREADY_EXISTS (also for a number given for an earlier "
              "entry of the same item), EXCEEDS_QUANTITY, TOO_MANY_AT_ONCE.")
    async def assign_serial_numbers_to_rows(
        self, info: Info, input: Annotated[AssignSerialNumbersToRowsInput, strawberry.argument(
            description="The order and, per row, the numbers to add.")]
    ) -> AssignSerialNumbersToRowsPayload:
        order_id = ids.decode_or_missing("PurchaseOrder", input.purchase_order_id)
        rows, saved = await serials.assign_to_rows(
            order_id, [(_row_id(e.row_id), e.numbers) for e in input.rows],
            actor=info.context.actor)
        order = await info.context.loaders.purchase_order.load(order_id)
        return AssignSerialNumbersToRowsPayload(
            purchase_order=PurchaseOrder(m=order) if order else None,
            rows=[PurchaseOrderRow(m=r) for r in rows],
            serial_numbers=[SerialNumber(m=s) for s in saved])

    @mutation()
    async def remove_serial_numbers(
        self, info: Info, input: RemoveSerialNumbersInput
    ) -> SerialNumbersPayload:
        row = await serials.remove(_row_id(input.row_id), _serial_ids(input.serial_number_ids),
                                   actor=info.context.actor)
        return SerialNumbersPayload(row=PurchaseOrderRow(m=row))

    @mutation()
    async def receive_purchase_order_row(
        self, info: Info, input: ReceivePurchaseOrderRowInput
    ) -> PurchaseOrderPayload:
        order = await purchasing.receive_row(
            _row_id(input.row_id), input.quantity,
            _serial_ids(input.serial_number_ids) if input.serial_number_ids else None,
            input.received_at, actor=info.context.actor)
        return PurchaseOrderPayload(purchase_order=PurchaseOrder(m=order))

    @mutation()
    async def receive_purchase_order(
        self, info: Info, input: ReceivePurchaseOrderInput
    ) -> PurchaseOrderPayload:
        order = await purchasing.receive_order(
            _order_id(input.purchase_order_id), input.received_at, actor=info.context.actor)
        return PurchaseOrderPayload(purchase_order=PurchaseOrder(m=order))

    @mutation()
    async def revert_purchase_order_receipt(
        self, info: Info, input: RevertPurchaseOrderReceiptInput
    ) -> PurchaseOrderPayload:
        order = await purchasing.revert_receipt(_order_id(input.purchase_order_id),
                                                actor=info.context.actor)
        return PurchaseOrderPayload(purchase_order=PurchaseOrder(m=order))
