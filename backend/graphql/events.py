"""History across units: `serialNumberEvents`, a connection in recorded order."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from backend import ids
from backend.domain import events
from backend.graphql.mutations import query
from backend.graphql.pagination import Connection, paginate
from backend.graphql.types import SerialNumberEvent


def _key(kind: str, value: strawberry.ID | None) -> int | None:
    return ids.decode_or_missing(kind, value) if value is not None else None


@strawberry.input(description="Which events to list; every field given must match.")
class SerialNumberEventFilter:
    purchase_order_id: strawberry.ID | None = strawberry.field(
        default=None, description="Events of changes made on this purchase order."
    )
    sales_order_id: strawberry.ID | None = strawberry.field(
        default=None, description="Events of changes made on this sales order."
    )
    document: str | None = strawberry.field(
        default=None,
        description="The document as events name it (`PO-17`, `SO-5`, an "
        "import's file name); any case.",
    )
    variant_id: strawberry.ID | None = strawberry.field(
        default=None, description="Events of this variant's numbers."
    )
    sku: str | None = strawberry.field(
        default=None, description="Events of this SKU's numbers; any case."
    )
    recorded_from: datetime | None = strawberry.field(
        default=None, description="Recorded at or after this time."
    )
    recorded_to: datetime | None = strawberry.field(
        default=None, description="Recorded before this time (exclusive)."
    )


def to_domain(f: SerialNumberEventFilter | None) -> events.EventFilter:
    f = f or SerialNumberEventFilter()
    return events.EventFilter(
        purchase_order_id=_key("PurchaseOrder", f.purchase_order_id),
        sales_order_id=_key("SalesOrder", f.sales_order_id),
        document=f.document,
        variant_id=_key("Variant", f.variant_id),
        sku=f.sku,
        recorded_from=f.recorded_from,
        recorded_to=f.recorded_to,
    )


@strawberry.type
class EventsQuery:
    @query(
        description="Serial-number events across units (assigned, received, picked, "
        "shipped, …), in the order they were recorded, a page at a time. The same list "
        "as CSV: `GET /downloads/events.csv` with the filter's fields as query parameters."
    )
    async def serial_number_events(
        self,
        filter: Annotated[
            SerialNumberEventFilter | None,
            strawberry.argument(description="Which events; all of them when left out."),
        ] = None,
        first: Annotated[
            int | None, strawberry.argument(description="How many (default 50, at most 500).")
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="The `endCursor` of the page before.")
        ] = None,
    ) -> Connection[SerialNumberEvent]:
        return await paginate(
            events.events(to_domain(filter)),
            events.RECORDED,
            first,
            after,
            lambda m: SerialNumberEvent(m=m),
        )
