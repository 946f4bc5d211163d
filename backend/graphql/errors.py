"""Expected failures as GraphQL types: one `Error` interface that every payload's error type
implements, one `ErrorCode` enum holding the codes of every domain, and one mapping from the
domain's `Problem`s to them. Mutations return these in their payload's `errors` list; see
`backend.graphql.mutations` for the one place a `DomainError` becomes a payload."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Self

import strawberry

from backend.domain import errors as domain
from backend.domain.importing import ImportErrorCode

if TYPE_CHECKING:
    from backend.graphql.types import SerialNumber

_DOMAIN_CODES: tuple[type[StrEnum], ...] = (
    domain.SerialNumberErrorCode,
    domain.CatalogErrorCode,
    domain.PurchaseOrderErrorCode,
    domain.SalesOrderErrorCode,
    domain.UserErrorCode,
    ImportErrorCode,
    domain.WebhookErrorCode,
)


def _merged_codes() -> type[StrEnum]:
    """Every domain's codes in one enum (a code such as NOT_FOUND means the same everywhere)."""
    values: dict[str, str] = {}
    for enum in _DOMAIN_CODES:
        for member in enum:
            values.setdefault(member.name, member.value)
    return StrEnum("ErrorCode", values)  # type: ignore[return-value]


ErrorCode = strawberry.enum(
    _merged_codes(),
    description="What is wrong with an input. The same code means the same in every payload; "
    "the message says it in words, for a person.",
)


@strawberry.interface(
    name="Error",
    description="An expected failure, in a payload's `errors` list: what is wrong (`code`, "
    "`message`) and where (`field`, `index`). A mutation with any error changes nothing.",
)
class Error:
    code: ErrorCode = strawberry.field(  # type: ignore[valid-type]
        description="What is wrong, as a stable code (see ErrorCode): branch on it, not on "
        "`message`, whose words may change."
    )
    message: str = strawberry.field(description="What is wrong, in words, for a person.")
    field: str | None = strawberry.field(
        description="The input field it is about, e.g. `numbers` or `rows.quantity`; null for "
        "the input as a whole."
    )
    index: int | None = strawberry.field(
        description="The position (from 0) in the list that `field` names, if it is a list."
    )

    @classmethod
    def from_problem(cls, problem: domain.Problem) -> Self:
        return cls(
            code=ErrorCode(problem.code.value),
            message=problem.message,
            field=problem.field,
            index=problem.index,
        )

    @classmethod
    def from_problems(cls, problems: list[domain.Problem]) -> list[Self]:
        return [cls.from_problem(p) for p in problems]


@strawberry.type(description="A serial number that can't be assigned, picked or removed.")
class SerialNumberError(Error):
    number: str | None = strawberry.field(description="The serial number as it was given.")
    row_index: int | None = strawberry.field(
        default=None,
        description="In assignSerialNumbersToRows: the position (from 0) in "
        "`rows` of the entry it is about; `index` is then the position in that entry's "
        "`numbers`. Null elsewhere, and for the call as a whole.",
    )
    row_id: strawberry.ID | None = strawberry.field(
        default=None, description="In assignSerialNumbersToRows: the `rowId` of that entry."
    )
    conflict_id: strawberry.Private[int | None] = None

    @classmethod
    def from_problem(cls, problem: domain.Problem) -> Self:
        from backend import ids

        return cls(
            code=ErrorCode(problem.code.value),
            message=problem.message,
            field=problem.field,
            index=problem.index,
            number=problem.number,
            conflict_id=problem.conflict_id,
            row_index=problem.row_index,
            row_id=strawberry.ID(ids.encode("PurchaseOrderRow", problem.row_id))
            if problem.row_id is not None
            else None,
        )

    @strawberry.field(description="The serial number that is in the way, if any.")
    async def conflict(
        self, info: strawberry.Info
    ) -> Annotated[SerialNumber, strawberry.lazy("backend.graphql.types")] | None:
        from backend.graphql.types import SerialNumber

        if self.conflict_id is None:
            return None
        serial = await info.context.loaders.serial_number.load(self.conflict_id)
        return SerialNumber(m=serial) if serial else None


@strawberry.type(description="A refused change of a purchase order or its rows.")
class PurchaseOrderError(Error):
    number: str | None = strawberry.field(description="The serial number concerned, if any.")

    @classmethod
    def from_problem(cls, problem: domain.Problem) -> Self:
        return cls(
            code=ErrorCode(problem.code.value),
            message=problem.message,
            field=problem.field,
            index=problem.index,
            number=problem.number,
        )


@strawberry.type(description="A refused change of a product, variant, supplier or customer.")
class CatalogError(Error):
    pass


@strawberry.type(description="A refused change of a sales order or its rows.")
class SalesOrderError(Error):
    pass


@strawberry.type(description="A refused change of a user, password or credential.")
class UserError(Error):
    pass


@strawberry.type(description="A refused change of a webhook endpoint or delivery.")
class WebhookError(Error):
    code: ErrorCode = strawberry.field(  # type: ignore[valid-type]
        description="What is wrong: NOT_FOUND, REQUIRED, TOO_LONG, INVALID_URL, "
        "ADDRESS_NOT_ALLOWED, UNKNOWN_EVENT_TYPE or NOT_RESENDABLE."
    )


# What each code means to an integrator (the message says it for the case at hand).
ERROR_CODE_DOCS = {
    "INVALID_PATTERN": "A numbering pattern that cannot make numbers: it needs exactly one "
    "counter `{#…}`, at most 64 characters, numbers that fit 32.",
    "INVALID_RANGE": "A range (`A..B`, `A+N`) that cannot be read or is over 1000 numbers.",
    "NOT_ON_ORDER": "A scanned number that is not expected on this purchase order.",
    "EMPTY": "A serial number (or text) that is empty after trimming.",
    "TOO_LONG": "A text over its length limit (serial numbers: 32 characters; names: 200).",
    "INVALID_CHARACTERS": "A serial number with a character outside ASCII letters, digits, "
    "space and `- _ / , .`.",
    "DUPLICATE_IN_INPUT": "The same number twice in one input (any case); reported for each "
    "repeat.",
    "ALREADY_EXISTS": "The number exists already for this item (any case); `conflict` names it.",
    "EXCEEDS_QUANTITY": "More numbers than the row's quantity leaves room for.",
    "TOO_MANY_AT_ONCE": "More than 1000 numbers in one call; refused whole, before any check.",
    "ROW_RECEIVED": "The row is received: its numbers can no longer be removed or changed.",
    "NOT_TRACKED": "The item is not serial-tracked, so its rows take no serial numbers.",
    "NOT_FOUND": "An ID (or key) that names nothing, or not the thing asked for.",
    "NOT_IN_STOCK": "A number picked that is not in stock (expected, reserved or shipped).",
    "SERIAL_IN_USE": "A number that is reserved or shipped on a sales order, so it can't be "
    "changed here.",
    "WRONG_VARIANT": "A number of another item than the row's.",
    "ORDER_DELIVERED": "The sales order is delivered and doesn't change.",
    "REQUIRED": "A value that must be given (e.g. a name, at least one variant).",
    "DUPLICATE_SKU": "The same SKU twice in one input (any case).",
    "SKU_EXISTS": "The SKU is taken (compared in any case).",
    "NAME_EXISTS": "The name is taken by another supplier or customer.",
    "INVALID_EMAIL": "An email address that is not `name@domain.tld`.",
    "INVALID_PHONE": "A phone number with characters other than digits, spaces and `+ - ( ) . /`.",
    "TRACKING_LOCKED": "Serial tracking can't be switched while a variant has serial numbers.",
    "INVALID_QUANTITY": "A quantity not positive, over 3 decimals, at least 100,000,000, or "
    "not whole for a tracked item.",
    "UNKNOWN_SKU": "No variant has this SKU.",
    "NOT_RECEIVED": "The order (or row) is not received, and this needs it received.",
    "QUANTITY_BELOW_ASSIGNED": "A row's quantity can't go below the numbers it holds.",
    "ROW_HAS_SERIAL_NUMBERS": "A row with serial numbers can't be deleted; remove them first.",
    "SERIAL_NOT_ON_ROW": "A serial number named that is not on this row.",
    "DATE_IN_FUTURE": "A business date later than now (5 minutes of clock skew allowed).",
    "DATE_TOO_EARLY": "A business date before the order date, the last receipt, or 2000.",
    "INVALID_DATE": "A date that can't be represented (e.g. an offset past the year 9999).",
    "NOT_DELIVERED": "The sales order is not delivered, and this needs it delivered.",
    "INCOMPLETE_ROW": "A tracked row without all its numbers picked: the order can't be "
    "delivered yet.",
    "INVALID_USERNAME": "A username that breaks the username rules.",
    "USERNAME_TAKEN": "The username is taken.",
    "WEAK_PASSWORD": "A password that breaks the password rules (the message says which).",
    "LAST_ADMIN": "The last active admin can't be demoted or deactivated.",
    "INVALID_SCOPE": "A token scope above its user's role.",
    "FILE_TOO_LARGE": "An import file over 20 MB; nothing of it is used.",
    "TOO_MANY_LINES": "An import file over 100,000 lines; nothing of it is used.",
    "UNREADABLE_FILE": "A file that is not CSV or XLSX, or can't be read as such.",
    "UNSAFE_FILE": "An XLSX file with a part that is not accepted (it is refused unread).",
    "MISSING_COLUMN": "An import file without a needed column (purchase_order, sku, "
    "serial_number).",
    "NO_LINES": "An import file without any line of data.",
    "UNKNOWN_ORDER": "A line naming a purchase order that does not exist.",
    "ORDER_NOT_RECEIVED": "A line for an order that is not fully received (imports go only "
    "into received orders).",
    "SKU_NOT_ON_ORDER": "A line whose SKU has no row on its order.",
    "UNKNOWN_ROW": "A line whose `row` is not a row of that SKU on that order.",
    "AMBIGUOUS_ROW": "A line for an order with several rows of its SKU and no `row` to say which.",
    "DUPLICATE_IN_FILE": "The same number twice in one file for one item.",
    "INVALID_URL": "A webhook URL that is not http(s), names no host, holds a password, or "
    "whose host does not resolve.",
    "ADDRESS_NOT_ALLOWED": "A webhook URL whose host is (or resolves to) a loopback, private, "
    "link-local, multicast or other non-public address; the server setting "
    "SERIALTRACE_WEBHOOKS_ALLOW_PRIVATE=1 allows them.",
    "UNKNOWN_EVENT_TYPE": "A webhook event type that does not exist.",
    "NOT_RESENDABLE": "A webhook delivery that is still pending or retrying (it is sent "
    "anyway); only delivered or failed ones are resent.",
    "NUMERIC_CELL": "A warning: the serial number was a number cell in the spreadsheet (it may "
    "have lost leading zeros); check it.",
}
