"""The header's one search for everything."""

from __future__ import annotations

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
    purchase_orders: list[PurchaseOrder]
    sales_orders: list[SalesOrder]
    variants: list[Variant] = strawberry.field(description="Items by SKU or name.")
    suppliers: list[Supplier]
    customers: list[Customer]
    serial_numbers: list[SerialNumber]


@strawberry.type
class SearchQuery:
    @query(description="Orders by number, items by SKU or name, suppliers and customers by "
           f"name, serial numbers by number: up to `first` (at most {MAX_PER_KIND}) of each "
           "kind, exact matches first. Only the first 200 characters of `text` count.")
    async def search(self, text: str, first: int = 5) -> SearchResults:
        found = await queries.search_everything(text, max(1, min(first, MAX_PER_KIND)))
        return SearchResults(
            purchase_orders=[PurchaseOrder(m=m) for m in found.purchase_orders],
            sales_orders=[SalesOrder(m=m) for m in found.sales_orders],
            variants=[Variant(m=m) for m in found.variants],
            suppliers=[Supplier(m=m) for m in found.suppliers],
            customers=[Customer(m=m) for m in found.customers],
            serial_numbers=[SerialNumber(m=m) for m in found.serial_numbers],
        )
