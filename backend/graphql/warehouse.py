"""The warehouse floor: generated serial numbers, ranges typed in one box, and receiving a
purchase order by scanning its units."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

from backend import ids
from backend.domain import numbering, ranges, scanning
from backend.graphql.context import Info
from backend.graphql.errors import SerialNumberError
from backend.graphql.mutations import mutation, query
from backend.graphql.types import PurchaseOrder, PurchaseOrderRow


@strawberry.enum(description="What a scanned number is to a purchase order.")
class VerificationOutcome(Enum):
    MATCHED = strawberry.enum_value(
        "MATCHED", description="Expected on a row of this order that is not received yet."
    )
    NOT_ON_ORDER = strawberry.enum_value(
        "NOT_ON_ORDER",
        description="Not expected on this order; `location` says where it is, "
        "if anywhere (null: serialtrace doesn't know it; it can be added to a row with room).",
    )
    SCANNED_TWICE = strawberry.enum_value(
        "SCANNED_TWICE", description="The same number (in any case) came earlier in the list."
    )
    NOT_TRACKED = strawberry.enum_value(
        "NOT_TRACKED",
        description="The SKU of an item that is not serial-tracked (its barcode "
        "was scanned): such units are received by quantity.",
    )
    ALREADY_RECEIVED = strawberry.enum_value(
        "ALREADY_RECEIVED", description="On a row of this order that is received already."
    )
    UNKNOWN = strawberry.enum_value(
        "UNKNOWN",
        description="Not a serial number: invalid characters, too long, empty, or "
        "the SKU of a tracked item rather than a unit's number.",
    )


@strawberry.input(description="Serial numbers for a row made from a numbering pattern.")
class GenerateSerialNumbersInput:
    row_id: strawberry.ID = strawberry.field(description="The purchase order row to fill.")
    count: int | None = strawberry.field(
        default=None,
        description="How many numbers (1–1000, at most the row's room). Default: "
        "the row's remaining room (refused with TOO_MANY_AT_ONCE above 1000).",
    )
    pattern: str | None = strawberry.field(
        default=None,
        description="A numbering pattern for this call (e.g. `SN-{YYYY}-{#####}`). "
        "Default: the variant's (`Variant.numberingPattern`). The counter is the variant's "
        "whatever the pattern.",
    )
    dry_run: bool = strawberry.field(
        default=False,
        description="Return the numbers that would be given without assigning "
        "them and without moving the counter (a preview; a later call may give others).",
    )


@strawberry.type(description="The numbers generated for a row (or that would be, in a dry run).")
class GenerateSerialNumbersPayload:
    numbers: list[str] = strawberry.field(
        default_factory=list, description="The numbers, in counter order; empty on any error."
    )
    row: PurchaseOrderRow | None = strawberry.field(
        default=None, description="The row after the change (as it is, in a dry run)."
    )
    errors: list[SerialNumberError] = strawberry.field(
        default_factory=list,
        description="Why nothing was generated (INVALID_PATTERN, "
        "EXCEEDS_QUANTITY, TOO_MANY_AT_ONCE, NOT_TRACKED, ROW_RECEIVED…).",
    )


@strawberry.type(description="The numbers a text of ranges stands for, or why it can't.")
class ExpandedSerialNumbers:
    numbers: list[str] = strawberry.field(
        description="Every number, line by line, in counter order; empty on any error."
    )
    errors: list[SerialNumberError] = strawberry.field(
        description="INVALID_RANGE, TOO_MANY_AT_ONCE, or a number's own problem "
        "(INVALID_CHARACTERS, TOO_LONG, DUPLICATE_IN_INPUT); `index` is the line (from 0)."
    )


@strawberry.type(description="One scanned number checked against a purchase order.")
class SerialVerification:
    number: str = strawberry.field(description="The number as scanned (trimmed).")
    outcome: VerificationOutcome = strawberry.field(description="Matched, or why not.")
    message: str = strawberry.field(
        description="The outcome in words, for the person "
        "scanning (e.g. `SN-7: MOTOR-1, 3 of 10 on PO-12.`)."
    )
    position: int | None = strawberry.field(
        description="MATCHED (and ALREADY_RECEIVED, SCANNED_TWICE of those): its place among the "
        "row's serial numbers, from 1, in the order they were assigned — n of the row's "
        "`tracing.assigned`."
    )
    location: str | None = strawberry.field(
        description="Where the number is: this order's number when on it; else the PO it is "
        "expected on (`PO-12`), `in stock`, or the sales order it is picked or shipped on "
        "(`SO-3`); null when serialtrace doesn't know it."
    )
    row_id: strawberry.Private[int | None]

    @strawberry.field(
        description="The row of this order it is on (NOT_TRACKED: the order's "
        "row of that item, if any)."
    )
    async def row(self, info: Info) -> PurchaseOrderRow | None:
        if self.row_id is None:
            return None
        found = await info.context.loaders.purchase_order_row.load(self.row_id)
        return PurchaseOrderRow(m=found) if found else None


@strawberry.input(description="Unexpected numbers to assign to a row and receive with the rest.")
class ScannedAdditionInput:
    row_id: strawberry.ID = strawberry.field(
        description="A row of the same order, not received, with room for the numbers."
    )
    numbers: list[str] = strawberry.field(description="Checked as assignSerialNumbers checks.")


@strawberry.input(description="Receive exactly the scanned units of a purchase order.")
class ReceiveSerialNumbersInput:
    purchase_order_id: strawberry.ID = strawberry.field(description="The order being received.")
    numbers: list[str] = strawberry.field(
        description="The scanned numbers; each must be MATCHED by verifySerialNumbers (or be one "
        "of the additions' numbers). At most 1000 with the additions'."
    )
    received_at: datetime | None = strawberry.field(
        default=None,
        description="Default: now. Not in the future, not before the order date "
        "(DATE_IN_FUTURE, DATE_TOO_EARLY); stored in UTC.",
    )
    additions: list[ScannedAdditionInput] | None = strawberry.field(
        default=None,
        description="Numbers not on the order, assigned to rows with room in the "
        "same all-or-nothing change, and received too.",
    )


@strawberry.type(description="The order after receiving by scanning.")
class ReceiveSerialNumbersPayload:
    purchase_order: PurchaseOrder | None = strawberry.field(
        default=None, description="The order after the receipt; null on any error."
    )
    received: int = strawberry.field(default=0, description="How many units were received.")
    errors: list[SerialNumberError] = strawberry.field(
        default_factory=list,
        description="Every problem at once: per scanned number "
        "(`field` numbers, `index`: NOT_ON_ORDER, DUPLICATE_IN_INPUT, ROW_RECEIVED, NOT_TRACKED, "
        "INVALID_CHARACTERS…), per addition (`additions.rowId`, `additions.numbers`), the "
        "received date (`receivedAt`).",
    )


def _verification(v: scanning.Verification) -> SerialVerification:
    return SerialVerification(
        number=v.number,
        outcome=VerificationOutcome(v.outcome.value),
        message=v.message,
        position=v.position,
        location=v.location,
        row_id=v.row_id,
    )


@strawberry.type
class WarehouseQuery:
    @query(
        description="Checks scanned numbers against a purchase order, each on its own: "
        "matched (which row, n of its numbers) or the reason. At most 1000 numbers. Reads "
        "only; receiveSerialNumbers receives the matched ones."
    )
    async def verify_serial_numbers(
        self,
        purchase_order_id: Annotated[
            strawberry.ID, strawberry.argument(description="The order being received.")
        ],
        numbers: Annotated[
            list[str], strawberry.argument(description="The scanned numbers, in scan order.")
        ],
    ) -> list[SerialVerification]:
        found = await scanning.verify(
            ids.decode_or_missing("PurchaseOrder", purchase_order_id), numbers
        )
        return [_verification(v) for v in found]

    @query(
        description="Expands ranges typed in one box, one per line: `SN-0001..SN-0100` "
        "(both ends) and `SN-0001+99` (the first and 99 more); a line may be a single "
        "number. The last run of digits counts and keeps the first number's width. At most "
        "1000 numbers, refused before any is made. Nothing is looked up or written."
    )
    async def expand_serial_number_range(
        self,
        text: Annotated[str, strawberry.argument(description="One range or number per line.")],
    ) -> ExpandedSerialNumbers:
        numbers, problems = ranges.expand(text)
        return ExpandedSerialNumbers(
            numbers=numbers, errors=SerialNumberError.from_problems(problems)
        )


@strawberry.type
class WarehouseMutation:
    @mutation(
        description="Assigns new serial numbers made from a numbering pattern and the "
        "variant's counter, which never hands out a number twice and skips numbers that "
        "exist already; all or nothing, with the rules and errors of assignSerialNumbers."
    )
    async def generate_serial_numbers(
        self, info: Info, input: GenerateSerialNumbersInput
    ) -> GenerateSerialNumbersPayload:
        row, numbers = await numbering.generate(
            ids.decode_or_missing("PurchaseOrderRow", input.row_id),
            input.count,
            input.pattern,
            input.dry_run,
            actor=info.context.actor,
        )
        return GenerateSerialNumbersPayload(numbers=numbers, row=PurchaseOrderRow(m=row))

    @mutation(
        description="Receives exactly the scanned units of a purchase order in one "
        "all-or-nothing change: a row whose every unit is scanned is received whole, "
        "any other is split as a partial receipt of those units; additions put unexpected "
        "numbers on rows with room first. Rows of untracked items are left as they are."
    )
    async def receive_serial_numbers(
        self, info: Info, input: ReceiveSerialNumbersInput
    ) -> ReceiveSerialNumbersPayload:
        order, count = await scanning.receive(
            ids.decode_or_missing("PurchaseOrder", input.purchase_order_id),
            input.numbers,
            input.received_at,
            [
                scanning.Addition(ids.decode_or_missing("PurchaseOrderRow", a.row_id), a.numbers)
                for a in input.additions or []
            ],
            actor=info.context.actor,
        )
        return ReceiveSerialNumbersPayload(purchase_order=PurchaseOrder(m=order), received=count)
