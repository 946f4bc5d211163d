"""Queries of customers, sales orders and traceability."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from backend import ids
from backend.domain import lookups, queries, sales
from backend.graphql.context import Info
from backend.graphql.errors import SerialNumberError
from backend.graphql.expected import exactly_one
from backend.graphql.mutations import query
from backend.graphql.pagination import Connection, paginate
from backend.graphql.purchasing_queries import OrderDirection, OrderListOrder
from backend.graphql.types import RecallEntry, SalesOrder, SalesOrderRow, SalesOrderStatus


@strawberry.input(description="Which sales orders a list shows; every field given must match.")
class SalesOrderFilter:
    status: SalesOrderStatus | None = strawberry.field(
        default=None, description="Only orders in this status."
    )
    customer_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Only this customer's orders, by its ID (an ID that names no "
        "customer matches none).",
    )
    search: str | None = strawberry.field(
        default=None, description="Part of the number or customer name."
    )
    ordered_from: datetime | None = strawberry.field(
        default=None, description="Ordered (orderedAt) at or after this time."
    )
    ordered_to: datetime | None = strawberry.field(
        default=None, description="Ordered (orderedAt) at or before this time."
    )


@strawberry.type
class SalesQuery:
    @query(description="Sales orders, newest entered first unless `orderBy` says otherwise.")
    async def sales_orders(
        self,
        filter: SalesOrderFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        order_by: OrderListOrder | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[SalesOrder]:
        f = filter or SalesOrderFilter()
        query = queries.sales_orders(
            queries.SalesOrderFilter(
                status=f.status,
                search=f.search,
                customer_id=ids.decode_or_missing("Customer", f.customer_id)
                if f.customer_id is not None
                else None,
                ordered_from=f.ordered_from,
                ordered_to=f.ordered_to,
            )
        )
        ordering = queries.order_list_ordering(
            order_by.field if order_by else None,
            order_by is None or order_by.direction == OrderDirection.DESC,
        )
        return await paginate(
            query, ordering, first, after, lambda m: SalesOrder(m=m), last, before
        )

    @query(
        description="One sales order, by `id` or by `number` (`SO-5`; any case): give "
        "exactly one. Null when none matches."
    )
    async def sales_order(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="The order's ID.")
        ] = None,
        number: Annotated[
            str | None, strawberry.argument(description="The order's number, e.g. `SO-5`.")
        ] = None,
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

    @query(description="Every customer and sales order that got units of a purchase order.")
    async def recall(self, purchase_order_id: strawberry.ID) -> list[RecallEntry]:
        pk = ids.decode_or_missing("PurchaseOrder", purchase_order_id)
        return [RecallEntry(m=g) for g in await queries.recall(pk)]

    @query(
        description="A dry run of pickSerialNumbers: every problem the same call would "
        "meet, as its payload's `errors` (empty: it would succeed); nothing is written."
    )
    async def check_pick_serial_numbers(
        self,
        row_id: strawberry.ID,
        numbers: Annotated[
            list[str],
            strawberry.argument(
                description="The numbers pickSerialNumbers would get, as typed or scanned (at most "
                "1000)."
            ),
        ],
        serial_number_ids: Annotated[
            list[strawberry.ID] | None,
            strawberry.argument(description="Serial numbers it would pick by ID (at most 1000)."),
        ] = None,
        release_serial_number_ids: Annotated[
            list[strawberry.ID] | None,
            strawberry.argument(description="The row's picks it would release first, by ID."),
        ] = None,
    ) -> list[SerialNumberError]:
        problems = await sales.check_pick(
            ids.decode_or_missing("SalesOrderRow", row_id),
            numbers,
            [ids.decode_or_missing("SerialNumber", i) for i in serial_number_ids or []],
            [ids.decode_or_missing("SerialNumber", i) for i in release_serial_number_ids or []],
        )
        return SerialNumberError.from_problems(problems)
