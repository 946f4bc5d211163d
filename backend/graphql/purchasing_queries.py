"""Queries of products, suppliers, purchase orders and serial numbers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

import strawberry

from backend import ids
from backend.domain import lookups, queries, serials
from backend.graphql.context import Info
from backend.graphql.errors import SerialNumberError
from backend.graphql.expected import ExpectedError, exactly_one
from backend.graphql.mutations import query
from backend.graphql.pagination import Connection, paginate
from backend.graphql.types import (
    PurchaseOrder,
    PurchaseOrderKind,
    PurchaseOrderRow,
    PurchaseOrderStatus,
    SerialNumber,
    SerialNumberStatus,
)

SerialNumberOrderField = strawberry.enum(queries.SerialNumberOrderField)


@strawberry.enum
class OrderDirection(StrEnum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input
class PurchaseOrderFilter:
    kind: PurchaseOrderKind | None = None
    status: PurchaseOrderStatus | None = None
    supplier_id: strawberry.ID | None = None
    search: str | None = strawberry.field(default=None,
                                          description="Part of the number or supplier name.")


@strawberry.input
class SerialNumberFilter:
    sku: str | None = None
    status: SerialNumberStatus | None = None
    purchase_order_id: strawberry.ID | None = None
    added_from: datetime | None = None
    added_to: datetime | None = None
    search: str | None = strawberry.field(default=None,
                                          description="Part of the number, any case.")


@strawberry.input
class SerialNumberOrder:
    field: SerialNumberOrderField
    direction: OrderDirection = OrderDirection.DESC


@strawberry.type
class PurchasingQuery:
    @query(description="Purchase orders and outsourced purchase orders, newest first.")
    async def purchase_orders(
        self,
        filter: PurchaseOrderFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[PurchaseOrder]:
        f = filter or PurchaseOrderFilter()
        query = queries.purchase_orders(queries.PurchaseOrderFilter(
            kind=f.kind, status=f.status, search=f.search,
            supplier_id=ids.decode_or_missing("Supplier", f.supplier_id)
            if f.supplier_id is not None else None,
        ))
        return await paginate(query, first, after, lambda m: PurchaseOrder(m=m))

    @query(description="One purchase order or outsourced purchase order, by `id` or by "
           "`number` (`PO-17`, `OPO-3`; any case): give exactly one. Null when none matches.")
    async def purchase_order(
        self, info: Info,
        id: Annotated[strawberry.ID | None, strawberry.argument(
            description="The order's ID.")] = None,
        number: Annotated[str | None, strawberry.argument(
            description="The order's number, e.g. `PO-17`.")] = None,
    ) -> PurchaseOrder | None:
        if exactly_one(id=id, number=number) == "number":
            found = await lookups.purchase_order_by_number(number or "")
        else:
            pk = ids.decode("PurchaseOrder", id or "")
            found = await info.context.loaders.purchase_order.load(pk) if pk else None
        return PurchaseOrder(m=found) if found else None

    @query(description="One row of a purchase order (the serial number dialog).")
    async def purchase_order_row(self, info: Info, id: strawberry.ID) -> PurchaseOrderRow | None:
        pk = ids.decode("PurchaseOrderRow", id)
        found = await info.context.loaders.purchase_order_row.load(pk) if pk else None
        return PurchaseOrderRow(m=found) if found else None

    @query(description="The serial numbers, as the stock screen lists them.")
    async def serial_numbers(
        self,
        filter: SerialNumberFilter | None = None,
        order_by: SerialNumberOrder | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[SerialNumber]:
        f = filter or SerialNumberFilter()
        order = order_by or SerialNumberOrder(field=SerialNumberOrderField.ADDED_AT)
        query = queries.serial_numbers(
            queries.SerialNumberFilter(
                sku=f.sku, status=f.status, added_from=f.added_from, added_to=f.added_to,
                search=f.search,
                purchase_order_id=ids.decode_or_missing("PurchaseOrder", f.purchase_order_id)
                if f.purchase_order_id is not None else None,
            ),
            order_by=order.field,
            descending=order.direction == OrderDirection.DESC,
        )
        return await paginate(query, first, after, lambda m: SerialNumber(m=m))

    @query(description="Several serial numbers at once, by their numbers (any case): every "
           "unit whose number is one of `numbers`, of the item `sku` if given, else of every "
           "item (the same number may exist on two items). In the order of `numbers`, then by "
           "SKU; numbers not found are left out (compare `number`). At most "
           f"{lookups.MAX_NUMBERS:,} numbers per call (BAD_USER_INPUT beyond).")
    async def serial_numbers_by_number(
        self,
        numbers: Annotated[list[str], strawberry.argument(
            description=f"At most {lookups.MAX_NUMBERS:,} numbers.")],
        sku: Annotated[str | None, strawberry.argument(
            description="Only the units of this item (any case).")] = None,
    ) -> list[SerialNumber]:
        if len(numbers) > lookups.MAX_NUMBERS:
            raise ExpectedError(f"`numbers` has {len(numbers):,} numbers; the most one call "
                                f"takes is {lookups.MAX_NUMBERS:,}.")
        return [SerialNumber(m=s) for s in await lookups.serial_numbers_by_number(numbers, sku)]

    @query(description="One number of one item, compared in any case.")
    async def serial_number(self, sku: str, number: str) -> SerialNumber | None:
        found = await queries.serial_number(sku, number)
        return SerialNumber(m=found) if found else None

    @query(description="A dry run of assignSerialNumbers: every problem the same "
                      "call would meet; nothing is written.")
    async def check_serial_numbers(
        self,
        row_id: strawberry.ID,
        numbers: list[str],
        remove_serial_number_ids: list[strawberry.ID] | None = None,
    ) -> list[SerialNumberError]:
        problems = await serials.check_assignment(
            ids.decode_or_missing("PurchaseOrderRow", row_id), numbers,
            [ids.decode_or_missing("SerialNumber", i) for i in remove_serial_number_ids or []],
        )
        return SerialNumberError.from_problems(problems)
