"""What the row inputs of purchase and sales orders share: a row's item and quantity (with the
same rules on both), and serial numbers named by ID."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from backend import ids
from backend.domain.rows import RowInput

SKU = (
    "The item's SKU, as the variant has it (surrounding spaces ignored); UNKNOWN_SKU when "
    "none has it."
)
QUANTITY = (
    "Units: above 0, at most 3 decimals, below 100,000,000; whole for a serial-tracked "
    "item (INVALID_QUANTITY)."
)


@strawberry.input(description="An item and how many: a row of a new order.")
class RowLine:
    """The base of PurchaseOrderRowInput and SalesOrderRowInput (not in the schema itself)."""

    sku: str = strawberry.field(description=SKU)
    quantity: Decimal = strawberry.field(description=QUANTITY)

    def domain(self) -> RowInput:
        return RowInput(self.sku, self.quantity)


def serial_ids(values: list[strawberry.ID] | None) -> list[int]:
    """Serial numbers named by ID; an ID that names none becomes a key nothing has (NOT_FOUND
    from the domain, at its index)."""
    return [ids.decode_or_missing("SerialNumber", v) for v in values or []]
