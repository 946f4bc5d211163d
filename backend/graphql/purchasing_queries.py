"""Queries of products, suppliers, purchase orders and serial numbers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend import ids
from backend.domain import lookups, queries, serial_list, serials
from backend.graphql.context import Info
from backend.graphql.errors import SerialNumberError
from backend.graphql.expected import ExpectedError, exactly_one
from backend.graphql.mutations import query
from backend.graphql.pagination import Connection, connection, page_request, paginate
from backend.graphql.types import (
    PurchaseOrder,
    PurchaseOrderKind,
    PurchaseOrderRow,
    PurchaseOrderStatus,
    SerialNumber,
    SerialNumberStatus,
)

if TYPE_CHECKING:  # strawberry.enum returns the class itself; mypy sees only a variable
    SerialNumberOrderField = queries.SerialNumberOrderField
    OrderListField = queries.OrderListField
else:
    SerialNumberOrderField = strawberry.enum(queries.SerialNumberOrderField)
    OrderListField = strawberry.enum(
        queries.OrderListField,
        description="How a list of purchase or sales orders is sorted: "
        "NUMBER (as text), DATE (the business date, orderedAt), STATUS (then newest first).",
    )


@strawberry.enum
class OrderDirection(StrEnum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input(
    description="The order of a list of purchase or sales orders; without it, newest entered first."
)
class OrderListOrder:
    field: OrderListField = strawberry.field(
        description="What to sort by: NUMBER, DATE (orderedAt) or STATUS."
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.DESC,
        description="ASC or DESC (the default). Ties go by ID the "
        "same way; for STATUS, newest entered first.",
    )


@strawberry.input(description="Which purchase orders a list shows; every field given must match.")
class PurchaseOrderFilter:
    kind: PurchaseOrderKind | None = strawberry.field(
        default=None,
        description="Only purchase orders (PURCHASE) or only outsourced ones (OUTSOURCED).",
    )
    status: PurchaseOrderStatus | None = strawberry.field(
        default=None, description="Only orders in this status."
    )
    supplier_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Only this supplier's orders, by its ID (an ID that names no "
        "supplier matches none).",
    )
    search: str | None = strawberry.field(
        default=None, description="Part of the number or supplier name."
    )
    ordered_from: datetime | None = strawberry.field(
        default=None, description="Ordered (orderedAt) at or after this time."
    )
    ordered_to: datetime | None = strawberry.field(
        default=None, description="Ordered (orderedAt) at or before this time."
    )


@strawberry.input(description="Which serial numbers a list shows; every filter given applies.")
class SerialNumberFilter:
    sku: str | None = strawberry.field(default=None, description="The item's SKU, exactly.")
    status: SerialNumberStatus | None = strawberry.field(
        default=None, description="Only numbers in this status."
    )
    statuses: list[SerialNumberStatus] | None = strawberry.field(
        default=None, description="Any of these statuses (with `status`, both apply)."
    )
    purchase_order_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only numbers on this purchase order's rows, by its ID."
    )
    supplier_id: strawberry.ID | None = strawberry.field(
        default=None, description="Bought (or outsourced) from this supplier."
    )
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="On this customer's sales orders (reserved or shipped)."
    )
    sales_order_id: strawberry.ID | None = strawberry.field(
        default=None, description="On this sales order (reserved or shipped)."
    )
    added_from: datetime | None = strawberry.field(
        default=None, description="Added to stock (received or imported) at or after this time."
    )
    added_to: datetime | None = strawberry.field(
        default=None, description="Added to stock at or before this time."
    )
    shipped_from: datetime | None = strawberry.field(
        default=None, description="Shipped: its sales order delivered at or after this time."
    )
    shipped_to: datetime | None = strawberry.field(
        default=None, description="Shipped: its sales order delivered at or before this time."
    )
    search: str | None = strawberry.field(default=None, description="Part of the number, any case.")

    def domain(self) -> serial_list.SerialNumberFilter:
        def pk(kind: str, value: strawberry.ID | None) -> int | None:
            return ids.decode_or_missing(kind, value) if value is not None else None

        return serial_list.SerialNumberFilter(
            sku=self.sku,
            status=self.status,
            statuses=tuple(self.statuses or ()),
            purchase_order_id=pk("PurchaseOrder", self.purchase_order_id),
            supplier_id=pk("Supplier", self.supplier_id),
            customer_id=pk("Customer", self.customer_id),
            sales_order_id=pk("SalesOrder", self.sales_order_id),
            added_from=self.added_from,
            added_to=self.added_to,
            shipped_from=self.shipped_from,
            shipped_to=self.shipped_to,
            search=self.search,
        )


async def serial_number_page(
    f: serial_list.SerialNumberFilter,
    order_by: str,
    descending: bool,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Connection[SerialNumber]:
    return await connection(
        lambda r: serial_list.page(f, order_by, descending, r),
        lambda: serial_list.count(f),
        page_request(first, after, last, before),
        lambda m: SerialNumber(m=m),
    )


@strawberry.input(
    description="How the serial number list is sorted; without it, newest added first."
)
class SerialNumberOrder:
    field: SerialNumberOrderField = strawberry.field(
        description="What to sort by: NUMBER, SKU, STATUS or ADDED_AT; ties by the number's ID."
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.DESC, description="ASC or DESC (the default)."
    )


@strawberry.type
class PurchasingQuery:
    @query(description="Purchase orders, newest entered first unless `orderBy` says otherwise.")
    async def purchase_orders(
        self,
        filter: PurchaseOrderFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        order_by: OrderListOrder | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[PurchaseOrder]:
        f = filter or PurchaseOrderFilter()
        query = queries.purchase_orders(
            queries.PurchaseOrderFilter(
                kind=f.kind,
                status=f.status,
                search=f.search,
                supplier_id=ids.decode_or_missing("Supplier", f.supplier_id)
                if f.supplier_id is not None
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
            query, ordering, first, after, lambda m: PurchaseOrder(m=m), last, before
        )

    @query(
        description="One purchase order or outsourced purchase order, by `id` or by "
        "`number` (`PO-17`, `OPO-3`; any case): give exactly one. Null when none matches."
    )
    async def purchase_order(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="The order's ID.")
        ] = None,
        number: Annotated[
            str | None, strawberry.argument(description="The order's number, e.g. `PO-17`.")
        ] = None,
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

    @query(
        description="The serial numbers, as the stock screen lists them. Newest added "
        "first by default; numbers not received yet (no added date) come after every dated "
        "one, and first in ascending order."
    )
    async def serial_numbers(
        self,
        filter: SerialNumberFilter | None = None,
        order_by: SerialNumberOrder | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[SerialNumber]:
        order = order_by or SerialNumberOrder(field=SerialNumberOrderField.ADDED_AT)
        return await serial_number_page(
            (filter or SerialNumberFilter()).domain(),
            order.field.value,
            order.direction == OrderDirection.DESC,
            first,
            after,
            last,
            before,
        )

    @query(
        description="Several serial numbers at once, by their numbers (any case): every "
        "unit whose number is one of `numbers`, of the item `sku` if given, else of every "
        "item (the same number may exist on two items). In the order of `numbers`, then by "
        "SKU; numbers not found are left out (compare `number`). At most "
        f"{lookups.MAX_NUMBERS:,} numbers per call (BAD_USER_INPUT beyond)."
    )
    async def serial_numbers_by_number(
        self,
        numbers: Annotated[
            list[str], strawberry.argument(description=f"At most {lookups.MAX_NUMBERS:,} numbers.")
        ],
        sku: Annotated[
            str | None, strawberry.argument(description="Only the units of this item (any case).")
        ] = None,
    ) -> list[SerialNumber]:
        if len(numbers) > lookups.MAX_NUMBERS:
            raise ExpectedError(
                f"`numbers` has {len(numbers):,} numbers; the most one call "
                f"takes is {lookups.MAX_NUMBERS:,}."
            )
        return [SerialNumber(m=s) for s in await lookups.serial_numbers_by_number(numbers, sku)]

    @query(
        description="One number of one item, compared in any case; null when the item has "
        "no such number."
    )
    async def serial_number(
        self,
        sku: Annotated[
            str,
            strawberry.argument(
                description="The item's SKU, exactly (surrounding spaces ignored)."
            ),
        ],
        number: Annotated[
            str,
            strawberry.argument(
                description="The serial number, in any case (surrounding spaces ignored)."
            ),
        ],
    ) -> SerialNumber | None:
        found = await queries.serial_number(sku, number)
        return SerialNumber(m=found) if found else None

    @query(
        description="A dry run of assignSerialNumbers: every problem the same call would "
        "meet, as its payload's `errors` (empty: it would succeed); nothing is written."
    )
    async def check_serial_numbers(
        self,
        row_id: strawberry.ID,
        numbers: Annotated[
            list[str],
            strawberry.argument(
                description="The numbers assignSerialNumbers would get, as typed (at most 1000)."
            ),
        ],
        remove_serial_number_ids: Annotated[
            list[strawberry.ID] | None,
            strawberry.argument(
                description="The row's numbers it would remove in the same change, by ID."
            ),
        ] = None,
    ) -> list[SerialNumberError]:
        problems = await serials.check_assignment(
            ids.decode_or_missing("PurchaseOrderRow", row_id),
            numbers,
            [ids.decode_or_missing("SerialNumber", i) for i in remove_serial_number_ids or []],
        )
        return SerialNumberError.from_problems(problems)
