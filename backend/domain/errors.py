"""Expected failures: a list of problems, each naming what is wrong and where."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SerialNumberErrorCode(StrEnum):
    EMPTY = "EMPTY"
    TOO_LONG = "TOO_LONG"
    INVALID_CHARACTERS = "INVALID_CHARACTERS"
    DUPLICATE_IN_INPUT = "DUPLICATE_IN_INPUT"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    EXCEEDS_QUANTITY = "EXCEEDS_QUANTITY"
    TOO_MANY_AT_ONCE = "TOO_MANY_AT_ONCE"
    ROW_RECEIVED = "ROW_RECEIVED"
    NOT_TRACKED = "NOT_TRACKED"
    NOT_FOUND = "NOT_FOUND"
    NOT_IN_STOCK = "NOT_IN_STOCK"
    SERIAL_IN_USE = "SERIAL_IN_USE"


class CatalogErrorCode(StrEnum):
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    DUPLICATE_SKU = "DUPLICATE_SKU"
    SKU_EXISTS = "SKU_EXISTS"
    NAME_EXISTS = "NAME_EXISTS"


class PurchaseOrderErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    UNKNOWN_SKU = "UNKNOWN_SKU"
    INVALID_QUANTITY = "INVALID_QUANTITY"
    ROW_RECEIVED = "ROW_RECEIVED"
    NOT_RECEIVED = "NOT_RECEIVED"
    QUANTITY_BELOW_ASSIGNED = "QUANTITY_BELOW_ASSIGNED"
    ROW_HAS_SERIAL_NUMBERS = "ROW_HAS_SERIAL_NUMBERS"
    SERIAL_NOT_ON_ROW = "SERIAL_NOT_ON_ROW"
    SERIAL_IN_USE = "SERIAL_IN_USE"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input. `index` is the position in the list named by `field`."""

    code: StrEnum
    message: str
    field: str | None = None
    index: int | None = None
    number: str | None = None
    conflict_id: int | None = None  # the serial number that is in the way


class DomainError(Exception):
    """Raised inside a transaction so that nothing of a refused change is written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems
