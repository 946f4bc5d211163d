"""Queries of customers, sales orders and traceability."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend import ids
from backend.domain import lookups, queries, sales
from backend.graphql.context import Info
from backend.graphql.errors import SerialNumberError
from backend.graphql.expected import exactly_one
from backend.graphql.mutations import query
from backend.graphql.pagination import Connection, paginate
from backend.graphql.types import RecallEntry, SalesOrder, SalesOrderRow, SalesOrderStatus


@strawberry.input
class SalesOrderFilter:
    status: SalesOrderStatus | None = None
    customer_id: strawberry.ID | None = None
    search: str | None = strawberry.field(default=None,
                                          description="Part of the number or customer name.")


@strawberry.type
class SalesQuery:
    @query(description="Sales orders, newest first.")
    async def sales_orders(
        self,
        filter: SalesOrderFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[SalesOrder]:
        f = filter or SalesOrderFilter()
        query = queries.sales_orders(queries.SalesOrderFilter(
            status=f.status, search=f.search,
            customer_id=ids.decode_or_missing("Customer", f.customer_id)
            if f.customer_id is not None else None,
        ))
        return await paginate(query, first, after, lambda m: SalesOrder(m=m))

    @query(description="One sales order, by `id` or by `number` (`SO-5`; any case): give "
           "exactly one. Null when none matches.")
    async def sales_order(
        self, info: Info,
        id: Annotated[strawberry.ID | None, strawberry.argument(
            description="The order's ID.")] = None,
        number: Annotated[str | None, strawberry.argument(
            description="The order's number, e.g. `SO-5`.")] = None,
    ) -> SalesOrder | None:
        if exactly_one(id=id, number=number) == "number":
            found = await lookups.sales_order_by_number(number or "")
        else:
            pk = ids.decode("SalesOrder", id or "")
            found = await info.context.loaders.sales_order.load(pk) if pk else None
        return SalesOrder(m=found) if found else None

    @query(description="One row of a sales order (the pick dialog).")
    async def sales_order_row(self, info: Info, id: strawberry.ID) -> SalesOrderRow | None:
        pk = ids.decode("SalesOrderRow", id)
        found = await info.context.loaders.sales_order_row.load(pk) if pk else None
        return SalesOrderRow(m=found) if found else None

    @query(description="Every customer and sales order that got units of a purchase "
                      "order.")
    async def recall(self, purchase_order_id: strawberry.ID) -> list[RecallEntry]:
        pk = ids.decode_or_missing("PurchaseOrder", purchase_order_id)
        return [RecallEntry(group=g) for g in await queries.recall(pk)]

    @query(description="A dry run of pickSerialNumbers: every problem the same call "
                      "would meet; nothing is written.")
    async def check_pick_serial_numbers(
        self,
        row_id: strawberry.ID,
        numbers: list[str],
        serial_number_ids: list[strawberry.ID] | None = None,
        release_serial_number_ids: list[strawberry.ID] | None = None,
    ) -> list[SerialNumberError]:
        problems = await sales.check_pick(
            ids.decode_or_missing("SalesOrderRow", row_id), numbers,
            [ids.decode_or_missing("SerialNumber", i) for i in serial_number_ids or []],
            [ids.decode_or_missing("SerialNumber", i) for i in release_serial_number_ids or []])
        return SerialNumberError.from_problems(problems)
