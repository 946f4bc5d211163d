"""The header's one search for everything."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.domain import queries
from backend.graphql.mutations import query
from backend.graphql.types import (
    Customer,
    PurchaseOrder,
    SalesOrder,
    SerialNumber,
    Supplier,
    Variant,
)

MAX_PER_KIND = 20


@strawberry.type(description="What a search found, by kind; in each kind exact matches first.")
class SearchResults:
    purchase_orders: list[PurchaseOrder] = strawberry.field(
        description="Purchase orders by number: the exact number, then those starting with the "
        "text, then those containing it (`PO-1`: PO-1, PO-10, …, OPO-1)."
    )
    sales_orders: list[SalesOrder] = strawberry.field(
        description="Sales orders by number, in the same order as purchaseOrders."
    )
    variants: list[Variant] = strawberry.field(
        description="Items by SKU (exact, starting with, containing), then by variant or "
        "product name."
    )
    suppliers: list[Supplier] = strawberry.field(
        description="Suppliers by name: exact, then starting with, then containing the text."
    )
    customers: list[Customer] = strawberry.field(
        description="Customers by name: exact, then starting with, then containing the text."
    )
    serial_numbers: list[SerialNumber] = strawberry.field(
        description="Serial numbers of any item: the exact number first, then those containing "
        "the text, in natural order."
    )


@strawberry.type
class SearchQuery:
    @query(
        description="Orders by number, items by SKU or name, suppliers and customers by "
        f"name, serial numbers by number: up to `first` (at most {MAX_PER_KIND}) of each "
        "kind, exact matches first. Only the first 200 characters of `text` count."
    )
    async def search(
        self,
        text: Annotated[
            str,
            strawberry.argument(
                description="What to look for, in any case; surrounding spaces ignored. Empty: "
                "nothing is found."
            ),
        ],
        first: Annotated[
            int,
            strawberry.argument(
                description=f"How many of each kind (1 to {MAX_PER_KIND}; a value outside is "
                "brought within)."
            ),
        ] = 5,
    ) -> SearchResults:
        found = await queries.search_everything(text, max(1, min(first, MAX_PER_KIND)))
        return SearchResults(
            purchase_orders=[PurchaseOrder(m=m) for m in found.purchase_orders],
            sales_orders=[SalesOrder(m=m) for m in found.sales_orders],
            variants=[Variant(m=m) for m in found.variants],
            suppliers=[Supplier(m=m) for m in found.suppliers],
            customers=[Customer(m=m) for m in found.customers],
            serial_numbers=[SerialNumber(m=m) for m in found.serial_numbers],
        )
