"""Mutations of products, suppliers, purchase orders and their serial numbers: decode the
input, call the domain, map its result or its problems."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from backend import ids
from backend.domain import purchasing, serials
from backend.domain.serial_rules import MAX_PER_INPUT
from backend.graphql.context import Info
from backend.graphql.errors import PurchaseOrderError, SerialNumberError
from backend.graphql.mutations import mutation
from backend.graphql.rows import QUANTITY, SKU, RowLine, serial_ids
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


@strawberry.input(description="A row of a new purchase order: an item and how many.")
class PurchaseOrderRowInput(RowLine):
    pass


@strawberry.input(description="A new purchase order; the server gives its number.")
class CreatePurchaseOrderInput:
    kind: PurchaseOrderKind = strawberry.field(
        description="PURCHASE (numbered `PO-…`) or OUTSOURCED (`OPO-…`); it can't change later."
    )
    supplier_id: strawberry.ID = strawberry.field(
        description="The supplier, by its ID (NOT_FOUND when it names none)."
    )
    rows: list[PurchaseOrderRowInput] = strawberry.field(
        default_factory=list, description="May be empty: rows can be added later."
    )
    expected_on: date | None = strawberry.field(
        default=None,
        description="When the supplier said the goods would arrive: a day "
        "between 2000 and 2100 (INVALID_DATE otherwise).",
    )
    ordered_at: datetime | None = strawberry.field(
        default=None,
        description="When the order was placed. Default: now; never in the "
        "future. Receipts can't be dated before it.",
    )


@strawberry.input(description="Changes to a purchase order's header.")
class UpdatePurchaseOrderInput:
    purchase_order_id: strawberry.ID = strawberry.field(
        description="The order, by its ID (NOT_FOUND when it names none)."
    )
    expected_on: date | None = strawberry.field(
        default=strawberry.UNSET,
        description="The day the supplier now says, between 2000 and 2100 (INVALID_DATE "
        "otherwise); null clears it, left out keeps it.",
    )
    supplier_id: strawberry.ID | None = strawberry.field(
        default=None, description="Another supplier; only while nothing is received."
    )


@strawberry.type(description="The purchase order after the change, or why nothing changed.")
class PurchaseOrderPayload:
    purchase_order: PurchaseOrder | None = strawberry.field(
        default=None,
        description="The order as it is now (rows, status, tracing); null when refused.",
    )
    errors: list[PurchaseOrderError] = strawberry.field(
        default_factory=list,
        description="Why nothing was written, every problem at once; empty on success.",
    )


@strawberry.input(description="A row to add at the end of a purchase order.")
class AddPurchaseOrderRowInput:
    purchase_order_id: strawberry.ID = strawberry.field(
        description="The order, by its ID (NOT_FOUND when it names none)."
    )
    sku: str = strawberry.field(description=SKU)
    quantity: Decimal = strawberry.field(description=QUANTITY)


@strawberry.input(description="A new quantity for a purchase order row.")
class UpdatePurchaseOrderRowInput:
    row_id: strawberry.ID = strawberry.field(
        description="The row, by its ID (NOT_FOUND when it names none); it must not be received "
        "(ROW_RECEIVED)."
    )
    quantity: Decimal = strawberry.field(
        description="Units, as for a new row; never below the serial numbers the row holds "
        "(QUANTITY_BELOW_ASSIGNED)."
    )


@strawberry.input(description="The purchase order row to delete.")
class DeletePurchaseOrderRowInput:
    row_id: strawberry.ID = strawberry.field(
        description="The row, by its ID (NOT_FOUND when it names none): not received "
        "(ROW_RECEIVED), without serial numbers (ROW_HAS_SERIAL_NUMBERS)."
    )


@strawberry.type(description="The purchase order row after the change, or why nothing changed.")
class PurchaseOrderRowPayload:
    row: PurchaseOrderRow | None = strawberry.field(
        default=None,
        description="The row as it is now (its order via `purchaseOrder`); null when refused.",
    )
    errors: list[PurchaseOrderError] = strawberry.field(
        default_factory=list, description="Why nothing was written; empty on success."
    )


@strawberry.input(
    description="Serial numbers to add to one purchase order row, and optionally "
    "some of its numbers to remove in the same change."
)
class AssignSerialNumbersInput:
    row_id: strawberry.ID = strawberry.field(
        description="The row, by its ID (NOT_FOUND when it names none), of a serial-tracked item "
        "(NOT_TRACKED)."
    )
    numbers: list[str] = strawberry.field(
        description="The numbers as typed, scanned or pasted, at most 1000 (TOO_MANY_AT_ONCE): "
        "each trimmed, 1 to 32 ASCII letters, digits, spaces and `- _ / , .`, once in the input "
        "and new for the item in any case (ALREADY_EXISTS), no more than the row's quantity "
        "leaves room for (EXCEEDS_QUANTITY)."
    )
    remove_serial_number_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Numbers of the row to remove in the same all-or-nothing change "
        "(only while the row is not received).",
    )


@strawberry.input(description="The numbers for one row, in assignSerialNumbersToRows.")
class RowSerialNumbersInput:
    row_id: strawberry.ID = strawberry.field(description="A row of the purchase order.")
    numbers: list[str] = strawberry.field(
        description="Serial numbers to add to the row, as in assignSerialNumbers."
    )


@strawberry.input(description="Serial numbers for several rows of one purchase order.")
class AssignSerialNumbersToRowsInput:
    purchase_order_id: strawberry.ID = strawberry.field(
        description="The purchase order every row must be on (else NOT_FOUND for that entry)."
    )
    rows: list[RowSerialNumbersInput] = strawberry.field(
        description=f"At most {MAX_PER_INPUT:,} numbers over all entries. A row may appear "
        "more than once."
    )


@strawberry.type(description="The rows after assignSerialNumbersToRows, or why not.")
class AssignSerialNumbersToRowsPayload:
    purchase_order: PurchaseOrder | None = strawberry.field(
        default=None, description="The order, after the change (as it was when refused)."
    )
    rows: list[PurchaseOrderRow] = strawberry.field(
        default_factory=list, description="Each row that got numbers, once, in input order."
    )
    serial_numbers: list[SerialNumber] = strawberry.field(
        default_factory=list, description="The numbers added, in input order."
    )
    errors: list[SerialNumberError] = strawberry.field(
        default_factory=list, description="Why nothing was written; empty on success."
    )


@strawberry.input(
    description="Serial numbers to take off a purchase order row that is not received."
)
class RemoveSerialNumbersInput:
    row_id: strawberry.ID = strawberry.field(
        description="The row, by its ID (NOT_FOUND when it names none); not received "
        "(ROW_RECEIVED)."
    )
    serial_number_ids: list[strawberry.ID] = strawberry.field(
        description="At least one (EMPTY) serial number of this row, by ID (NOT_FOUND, with "
        "`index`, for one that is not on it)."
    )


@strawberry.type(
    description="A purchase order row after its serial numbers changed, or why nothing changed."
)
class SerialNumbersPayload:
    row: PurchaseOrderRow | None = strawberry.field(
        default=None,
        description="The row as it is now (`tracing` counts its numbers); null when refused.",
    )
    serial_numbers: list[SerialNumber] = strawberry.field(
        default_factory=list,
        description="The numbers added, in input order; empty when only numbers were removed.",
    )
    errors: list[SerialNumberError] = strawberry.field(
        default_factory=list,
        description="Every problem at once, each with its `field`, `index` "
        "and `number`; nothing was written when there is any. Empty on success.",
    )


@strawberry.input(description="One purchase order row to receive, whole or in part.")
class ReceivePurchaseOrderRowInput:
    row_id: strawberry.ID = strawberry.field(
        description="The row, by its ID (NOT_FOUND when it names none); not received yet "
        "(ROW_RECEIVED)."
    )
    quantity: Decimal | None = strawberry.field(
        default=None, description="Units to receive; all when left out."
    )
    serial_number_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="On a partial receipt, the numbers that arrived."
    )
    received_at: datetime | None = strawberry.field(
        default=None,
        description="Default: now. Not in the future, not before the order "
        "date (DATE_IN_FUTURE, DATE_TOO_EARLY); stored in UTC.",
    )


@strawberry.input(description="A purchase order whose remaining rows to receive.")
class ReceivePurchaseOrderInput:
    purchase_order_id: strawberry.ID = strawberry.field(
        description="The order, by its ID (NOT_FOUND when it names none); every row not received "
        "yet is received."
    )
    received_at: datetime | None = strawberry.field(
        default=None,
        description="Default: now. Not in the future, not before the order date; stored in UTC.",
    )


@strawberry.input(description="A purchase order whose receipts to take back.")
class RevertPurchaseOrderReceiptInput:
    purchase_order_id: strawberry.ID = strawberry.field(
        description="The order, by its ID (NOT_FOUND when it names none)."
    )


@strawberry.type
class PurchasingMutation:
    @mutation(
        description="Creates a purchase order, numbered by the server (`PO-…` or `OPO-…` "
        "by kind), with its rows; all or nothing. Errors: NOT_FOUND (supplierId), "
        "UNKNOWN_SKU and INVALID_QUANTITY (per row: `field` rows.sku or rows.quantity, "
        "`index`), INVALID_DATE (expectedOn outside 2000 to 2100), DATE_IN_FUTURE, "
        "DATE_TOO_EARLY (orderedAt)."
    )
    async def create_purchase_order(self, input: CreatePurchaseOrderInput) -> PurchaseOrderPayload:
        order = await purchasing.create_purchase_order(
            input.kind,
            ids.decode_or_missing("Supplier", input.supplier_id),
            [r.domain() for r in input.rows],
            expected_on=input.expected_on,
            ordered=input.ordered_at,
        )
        return PurchaseOrderPayload(purchase_order=PurchaseOrder(m=order))

    @mutation(
        description="Sets the expected date (null clears it) and, while nothing is "
        "received, the supplier. Errors: NOT_FOUND (purchaseOrderId, supplierId), "
        "INVALID_DATE (expectedOn outside 2000 to 2100), ROW_RECEIVED (another supplier "
        "once anything is received)."
    )
    async def update_purchase_order(self, input: UpdatePurchaseOrderInput) -> PurchaseOrderPayload:
        order = await purchasing.update_purchase_order(
            _order_id(input.purchase_order_id),
            expected_on=None if input.expected_on is strawberry.UNSET else input.expected_on,
            keep_expected=input.expected_on is strawberry.UNSET,
            supplier_id=ids.decode_or_missing("Supplier", input.supplier_id)
            if input.supplier_id is not None
            else None,
        )
        return PurchaseOrderPayload(purchase_order=PurchaseOrder(m=order))

    @mutation(
        description="Adds a row at the end of a purchase order (also of a received one, "
        "which becomes PARTIALLY_RECEIVED). Errors: NOT_FOUND, UNKNOWN_SKU, "
        "INVALID_QUANTITY."
    )
    async def add_purchase_order_row(
        self, input: AddPurchaseOrderRowInput
    ) -> PurchaseOrderRowPayload:
        row = await purchasing.add_row(
            _order_id(input.purchase_order_id), input.sku, input.quantity
        )
        return PurchaseOrderRowPayload(row=PurchaseOrderRow(m=row))

    @mutation(
        description="Changes the quantity of a row that is not received. Errors: "
        "NOT_FOUND, ROW_RECEIVED, INVALID_QUANTITY, QUANTITY_BELOW_ASSIGNED."
    )
    async def update_purchase_order_row(
        self, input: UpdatePurchaseOrderRowInput
    ) -> PurchaseOrderRowPayload:
        row = await purchasing.update_row(_row_id(input.row_id), input.quantity)
        return PurchaseOrderRowPayload(row=PurchaseOrderRow(m=row))

    @mutation(
        description="Deletes a row that is not received and holds no serial numbers; "
        "answers with its order. Errors: NOT_FOUND, ROW_RECEIVED, ROW_HAS_SERIAL_NUMBERS."
    )
    async def delete_purchase_order_row(
        self, input: DeletePurchaseOrderRowInput
    ) -> PurchaseOrderPayload:
        order = await purchasing.delete_row(_row_id(input.row_id))
        return PurchaseOrderPayload(purchase_order=PurchaseOrder(m=order))

    @mutation(
        description="Adds serial numbers to a purchase order row (EXPECTED; IN_STOCK at "
        "once, dated the row's receipt, on a received row) and removes "
        "`removeSerialNumberIds` in the same all-or-nothing change. At most 1000 numbers "
        "per call. Errors: NOT_FOUND, NOT_TRACKED, TOO_MANY_AT_ONCE, EMPTY, TOO_LONG, "
        "INVALID_CHARACTERS, DUPLICATE_IN_INPUT, ALREADY_EXISTS (`conflict` names the "
        "number in the way), EXCEEDS_QUANTITY, ROW_RECEIVED (removing from a received "
        "row). checkSerialNumbers is its dry run."
    )
    async def assign_serial_numbers(
        self, info: Info, input: AssignSerialNumbersInput
    ) -> SerialNumbersPayload:
        row, saved = await serials.assign(
            _row_id(input.row_id),
            input.numbers,
            serial_ids(input.remove_serial_number_ids),
            actor=info.context.actor,
        )
        return SerialNumbersPayload(
            row=PurchaseOrderRow(m=row), serial_numbers=[SerialNumber(m=s) for s in saved]
        )

    @mutation(
        description="Adds serial numbers to several rows of one purchase order in one "
        "all-or-nothing change: each row follows assignSerialNumbers' rules, and every "
        "error names its entry (`rowIndex`, `rowId`) and its position in that entry's "
        f"numbers (`index`). At most {MAX_PER_INPUT:,} numbers over the whole call "
        "(TOO_MANY_AT_ONCE, before any entry is checked). Errors: NOT_FOUND (a row not "
        "on the order), NOT_TRACKED, EMPTY, TOO_LONG, INVALID_CHARACTERS, "
        "DUPLICATE_IN_INPUT, ALREADY_EXISTS (also for a number given for an earlier "
        "entry of the same item), EXCEEDS_QUANTITY, TOO_MANY_AT_ONCE."
    )
    async def assign_serial_numbers_to_rows(
        self,
        info: Info,
        input: Annotated[
            AssignSerialNumbersToRowsInput,
            strawberry.argument(description="The order and, per row, the numbers to add."),
        ],
    ) -> AssignSerialNumbersToRowsPayload:
        order_id = ids.decode_or_missing("PurchaseOrder", input.purchase_order_id)
        rows, saved = await serials.assign_to_rows(
            order_id, [(_row_id(e.row_id), e.numbers) for e in input.rows], actor=info.context.actor
        )
        order = await info.context.loaders.purchase_order.load(order_id)
        return AssignSerialNumbersToRowsPayload(
            purchase_order=PurchaseOrder(m=order) if order else None,
            rows=[PurchaseOrderRow(m=r) for r in rows],
            serial_numbers=[SerialNumber(m=s) for s in saved],
        )

    @mutation(
        description="Takes serial numbers off a row that is not received; they are "
        "deleted, their history keeps a REMOVED event. Errors: NOT_FOUND (the row, or a "
        "number not on it), NOT_TRACKED, ROW_RECEIVED, EMPTY (none named)."
    )
    async def remove_serial_numbers(
        self, info: Info, input: RemoveSerialNumbersInput
    ) -> SerialNumbersPayload:
        row = await serials.remove(
            _row_id(input.row_id), serial_ids(input.serial_number_ids), actor=info.context.actor
        )
        return SerialNumbersPayload(row=PurchaseOrderRow(m=row))

    @mutation(
        description="Receives a row, whole or `quantity` units of it: a partial receipt "
        "splits off a new RECEIVED row of those units, holding the `serialNumberIds` "
        "named, filled up with the row's first assigned numbers. Received numbers are "
        "IN_STOCK dated `receivedAt`; numbers still missing on a tracked row can be added "
        "later. Errors: NOT_FOUND, ROW_RECEIVED, INVALID_QUANTITY (above the row's, not "
        "whole when tracked, fewer units than numbers named), SERIAL_NOT_ON_ROW, "
        "DATE_IN_FUTURE, DATE_TOO_EARLY, INVALID_DATE."
    )
    async def receive_purchase_order_row(
        self, info: Info, input: ReceivePurchaseOrderRowInput
    ) -> PurchaseOrderPayload:
        order = await purchasing.receive_row(
            _row_id(input.row_id),
            input.quantity,
            serial_ids(input.serial_number_ids) if input.serial_number_ids else None,
            input.received_at,
            actor=info.context.actor,
        )
        return PurchaseOrderPayload(purchase_order=PurchaseOrder(m=order))

    @mutation(
        description="Receives every row of the order not received yet, dated `receivedAt`; "
        "their numbers go IN_STOCK. Errors: NOT_FOUND, ROW_RECEIVED (nothing left to "
        "receive), DATE_IN_FUTURE, DATE_TOO_EARLY, INVALID_DATE."
    )
    async def receive_purchase_order(
        self, info: Info, input: ReceivePurchaseOrderInput
    ) -> PurchaseOrderPayload:
        order = await purchasing.receive_order(
            _order_id(input.purchase_order_id), input.received_at, actor=info.context.actor
        )
        return PurchaseOrderPayload(purchase_order=PurchaseOrder(m=order))

    @mutation(
        description="Takes back every receipt of an order: its received rows are "
        "NOT_RECEIVED again and their numbers EXPECTED (a RECEIPT_REVERTED event each). "
        "Refused while any of those numbers is reserved or shipped. Errors: NOT_FOUND, "
        "NOT_RECEIVED (nothing is received), SERIAL_IN_USE (one per number in the way, "
        "with `number`)."
    )
    async def revert_purchase_order_receipt(
        self, info: Info, input: RevertPurchaseOrderReceiptInput
    ) -> PurchaseOrderPayload:
        order = await purchasing.revert_receipt(
            _order_id(input.purchase_order_id), actor=info.context.actor
        )
        return PurchaseOrderPayload(purchase_order=PurchaseOrder(m=order))
