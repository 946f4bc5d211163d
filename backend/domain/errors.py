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
    WRONG_VARIANT = "WRONG_VARIANT"
    ORDER_DELIVERED = "ORDER_DELIVERED"
    INVALID_PATTERN = "INVALID_PATTERN"
    INVALID_RANGE = "INVALID_RANGE"
    NOT_ON_ORDER = "NOT_ON_ORDER"


class CatalogErrorCode(StrEnum):
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    DUPLICATE_SKU = "DUPLICATE_SKU"
    SKU_EXISTS = "SKU_EXISTS"
    NAME_EXISTS = "NAME_EXISTS"
    NOT_FOUND = "NOT_FOUND"
    INVALID_EMAIL = "INVALID_EMAIL"
    INVALID_PHONE = "INVALID_PHONE"
    TRACKING_LOCKED = "TRACKING_LOCKED"
    INVALID_QUANTITY = "INVALID_QUANTITY"
    INVALID_PATTERN = "INVALID_PATTERN"


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
    DATE_IN_FUTURE = "DATE_IN_FUTURE"
    DATE_TOO_EARLY = "DATE_TOO_EARLY"
    INVALID_DATE = "INVALID_DATE"


class SalesOrderErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    UNKNOWN_SKU = "UNKNOWN_SKU"
    INVALID_QUANTITY = "INVALID_QUANTITY"
    ORDER_DELIVERED = "ORDER_DELIVERED"
    NOT_DELIVERED = "NOT_DELIVERED"
    INCOMPLETE_ROW = "INCOMPLETE_ROW"
    QUANTITY_BELOW_ASSIGNED = "QUANTITY_BELOW_ASSIGNED"
    ROW_HAS_SERIAL_NUMBERS = "ROW_HAS_SERIAL_NUMBERS"
    DATE_IN_FUTURE = "DATE_IN_FUTURE"
    DATE_TOO_EARLY = "DATE_TOO_EARLY"
    INVALID_DATE = "INVALID_DATE"


class UserErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    INVALID_USERNAME = "INVALID_USERNAME"
    USERNAME_TAKEN = "USERNAME_TAKEN"
    WEAK_PASSWORD = "WEAK_PASSWORD"
    LAST_ADMIN = "LAST_ADMIN"
    REQUIRED = "REQUIRED"
    INVALID_DATE = "INVALID_DATE"
    INVALID_SCOPE = "INVALID_SCOPE"


class WebhookErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    INVALID_URL = "INVALID_URL"
    ADDRESS_NOT_ALLOWED = "ADDRESS_NOT_ALLOWED"
    UNKNOWN_EVENT_TYPE = "UNKNOWN_EVENT_TYPE"
    NOT_RESENDABLE = "NOT_RESENDABLE"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input. `index` is the position in the list named by `field`."""

    code: StrEnum
    message: str
    field: str | None = None
    index: int | None = None
    number: str | None = None
    conflict_id: int | None = None  # the serial number that is in the way
    row_index: int | None = None  # the entry of a call about several rows (its `rows` list)
    row_id: int | None = None


class DomainError(Exception):
    """Raised inside a transaction so that nothing of a refused change is written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def in_input_order(problems: list[Problem]) -> list[Problem]:
    """Problems about the whole input first, then by position in the input."""
    return sorted(problems, key=lambda p: (p.field or "", -1 if p.index is None else p.index))
