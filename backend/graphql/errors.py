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
    domain.SerialNumberErrorCode, domain.CatalogErrorCode, domain.PurchaseOrderErrorCode,
    domain.SalesOrderErrorCode, domain.UserErrorCode, ImportErrorCode,
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
    "the message says it in words, for a person.")


@strawberry.interface(
    name="Error",
    description="An expected failure, in a payload's `errors` list: what is wrong (`code`, "
    "`message`) and where (`field`, `index`). A mutation with any error changes nothing.")
class Error:
    code: ErrorCode  # type: ignore[valid-type]
    message: str = strawberry.field(description="What is wrong, in words, for a person.")
    field: str | None = strawberry.field(
        description="The input field it is about, e.g. `numbers` or `rows.quantity`; null for "
        "the input as a whole.")
    index: int | None = strawberry.field(
        description="The position (from 0) in the list that `field` names, if it is a list.")

    @classmethod
    def from_problem(cls, problem: domain.Problem) -> Self:
        return cls(code=ErrorCode(problem.code.value), message=problem.message,
                   field=problem.field, index=problem.index)

    @classmethod
    def from_problems(cls, problems: list[domain.Problem]) -> list[Self]:
        return [cls.from_problem(p) for p in problems]


@strawberry.type(description="A serial number that can't be assigned, picked or removed.")
class SerialNumberError(Error):
    number: str | None = strawberry.field(description="The serial number as it was given.")
    row_index: int | None = strawberry.field(
        default=None, description="In assignSerialNumbersToRows: the position (from 0) in "
        "`rows` of the entry it is about; `index` is then the position in that entry's "
        "`numbers`. Null elsewhere, and for the call as a whole.")
    row_id: strawberry.ID | None = strawberry.field(
        default=None, description="In assignSerialNumbersToRows: the `rowId` of that entry.")
    conflict_id: strawberry.Private[int | None] = None

    @classmethod
    def from_problem(cls, problem: domain.Problem) -> Self:
        from backend import ids

        return cls(code=ErrorCode(problem.code.value), message=problem.message,
                   field=problem.field, index=problem.index, number=problem.number,
                   conflict_id=problem.conflict_id, row_index=problem.row_index,
                   row_id=strawberry.ID(ids.encode("PurchaseOrderRow", problem.row_id))
                   if problem.row_id is not None else None)

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
        return cls(code=ErrorCode(problem.code.value), message=problem.message,
                   field=problem.field, index=problem.index, number=problem.number)


@strawberry.type(description="A refused change of a product, variant, supplier or customer.")
class CatalogError(Error):
    pass


@strawberry.type(description="A refused change of a sales order or its rows.")
class SalesOrderError(Error):
    pass


@strawberry.type(description="A refused change of a user, password or credential.")
class UserError(Error):
    pass
