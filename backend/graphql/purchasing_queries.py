"""Queries of products, suppliers, purchase orders and serial numbers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import strawberry

from backend import ids
from backend.domain import queries, serials
from backend.graphql.context import Info
from backend.graphql.errors import SerialNumberError
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
    @query()
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

    @query()
    async def purchase_order(self, info: Info, id: strawberry.ID) -> PurchaseOrder | None:
        pk = ids.decode("PurchaseOrder", id)
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
