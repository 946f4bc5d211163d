"""The warehouse floor: generated serial numbers, ranges typed in one box, and receiving a
purchase order by scanning its units."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend import ids
from backend.domain import numbering, ranges
from backend.graphql.context import Info
from backend.graphql.errors import SerialNumberError
from backend.graphql.mutations import mutation, query
from backend.graphql.types import PurchaseOrderRow


@strawberry.input(description="Serial numbers for a row made from a numbering pattern.")
class GenerateSerialNumbersInput:
    row_id: strawberry.ID = strawberry.field(description="The purchase order row to fill.")
    count: int | None = strawberry.field(
        default=None, description="How many numbers (1–1000, at most the row's room). Default: "
        "the row's remaining room (refused with TOO_MANY_AT_ONCE above 1000).")
    pattern: str | None = strawberry.field(
        default=None, description="A numbering pattern for this call (e.g. `SN-{YYYY}-{#####}`). "
        "Default: the variant's (`Variant.numberingPattern`). The counter is the variant's "
        "whatever the pattern.")
    dry_run: bool = strawberry.field(
        default=False, description="Return the numbers that would be given without assigning "
        "them and without moving the counter (a preview; a later call may give others).")


@strawberry.type(description="The numbers generated for a row (or that would be, in a dry run).")
class GenerateSerialNumbersPayload:
    numbers: list[str] = strawberry.field(
        default_factory=list, description="The numbers, in counter order; empty on any error.")
    row: PurchaseOrderRow | None = strawberry.field(
        default=None, description="The row after the change (as it is, in a dry run).")
    errors: list[SerialNumberError] = strawberry.field(
        default_factory=list, description="Why nothing was generated (INVALID_PATTERN, "
        "EXCEEDS_QUANTITY, TOO_MANY_AT_ONCE, NOT_TRACKED, ROW_RECEIVED…).")


@strawberry.type(description="The numbers a text of ranges stands for, or why it can't.")
class ExpandedSerialNumbers:
    numbers: list[str] = strawberry.field(
        description="Every number, line by line, in counter order; empty on any error.")
    errors: list[SerialNumberError] = strawberry.field(
        description="INVALID_RANGE, TOO_MANY_AT_ONCE, or a number's own problem "
        "(INVALID_CHARACTERS, TOO_LONG, DUPLICATE_IN_INPUT); `index` is the line (from 0).")


@strawberry.type
class WarehouseQuery:
    @query(description="Expands ranges typed in one box, one per line: `SN-0001..SN-0100` "
           "(both ends) and `SN-0001+99` (the first and 99 more); a line may be a single "
           "number. The last run of digits counts and keeps the first number's width. At most "
           "1000 numbers, refused before any is made. Nothing is looked up or written.")
    async def expand_serial_number_range(
        self, text: Annotated[str, strawberry.argument(
            description="One range or number per line.")],
    ) -> ExpandedSerialNumbers:
        numbers, problems = ranges.expand(text)
        return ExpandedSerialNumbers(numbers=numbers,
                                     errors=SerialNumberError.from_problems(problems))


@strawberry.type
class WarehouseMutation:
    @mutation(description="Assigns new serial numbers made from a numbering pattern and the "
              "variant's counter, which never hands out a number twice and skips numbers that "
              "exist already; all or nothing, with the rules and errors of assignSerialNumbers.")
    async def generate_serial_numbers(
        self, info: Info, input: GenerateSerialNumbersInput
    ) -> GenerateSerialNumbersPayload:
        row, numbers = await numbering.generate(
            ids.decode_or_missing("PurchaseOrderRow", input.row_id), input.count, input.pattern,
            input.dry_run, actor=info.context.actor)
        return GenerateSerialNumbersPayload(numbers=numbers, row=PurchaseOrderRow(m=row))
