"""Expected failures as GraphQL error types; the payloads' `errors` lists carry them."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.domain import errors as domain

if TYPE_CHECKING:
    from backend.graphql.types import SerialNumber

SerialNumberErrorCode = strawberry.enum(domain.SerialNumberErrorCode)
PurchaseOrderErrorCode = strawberry.enum(domain.PurchaseOrderErrorCode)
CatalogErrorCode = strawberry.enum(domain.CatalogErrorCode)


class ExpectedError(Exception):
    """A client mistake outside any payload (a bad cursor, a page too large): shown as it is,
    never masked."""


@strawberry.type
class SerialNumberError:
    code: SerialNumberErrorCode
    message: str
    field: str | None
    index: int | None = strawberry.field(description="The position in the input list.")
    number: str | None
    conflict_id: strawberry.Private[int | None]

    @strawberry.field(description="The serial number that is in the way, if any.")
    async def conflict(
        self, info: strawberry.Info
    ) -> Annotated[SerialNumber, strawberry.lazy("backend.graphql.types")] | None:
        from backend.graphql.types import SerialNumber

        if self.conflict_id is None:
            return None
        serial = await info.context.loaders.serial_number.load(self.conflict_id)
        return SerialNumber(m=serial) if serial else None


@strawberry.type
class PurchaseOrderError:
    code: PurchaseOrderErrorCode
    message: str
    field: str | None
    index: int | None
    number: str | None


@strawberry.type
class CatalogError:
    code: CatalogErrorCode
    message: str
    field: str | None
    index: int | None


def _code(enum: type[StrEnum], problem: domain.Problem) -> StrEnum:
    return enum(problem.code.value)


def serial_errors(problems: list[domain.Problem]) -> list[SerialNumberError]:
    return [
        SerialNumberError(code=_code(domain.SerialNumberErrorCode, p), message=p.message,
                          field=p.field, index=p.index, number=p.number,
                          conflict_id=p.conflict_id)
        for p in problems
    ]


def purchase_order_errors(problems: list[domain.Problem]) -> list[PurchaseOrderError]:
    return [
        PurchaseOrderError(code=_code(domain.PurchaseOrderErrorCode, p), message=p.message,
                           field=p.field, index=p.index, number=p.number)
        for p in problems
    ]


def catalog_errors(problems: list[domain.Problem]) -> list[CatalogError]:
    return [
        CatalogError(code=_code(domain.CatalogErrorCode, p), message=p.message, field=p.field,
                     index=p.index)
        for p in problems
    ]


SalesOrderErrorCode = strawberry.enum(domain.SalesOrderErrorCode)


@strawberry.type
class SalesOrderError:
    code: SalesOrderErrorCode
    message: str
    field: str | None
    index: int | None


def sales_order_errors(problems: list[domain.Problem]) -> list[SalesOrderError]:
    return [
        SalesOrderError(code=_code(domain.SalesOrderErrorCode, p), message=p.message,
                        field=p.field, index=p.index)
        for p in problems
    ]
