"""Serial-number events listed across units: by document, by item, by when they were recorded;
always in recorded order (the order they were written)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.queryset import QuerySet

from backend.domain.keyset import Ordering
from backend.models import SerialNumberEvent

# The order events are listed in: as they were recorded.
RECORDED = Ordering("recorded", (("id", False),))


@dataclass(frozen=True)
class EventFilter:
    purchase_order_id: int | None = None
    sales_order_id: int | None = None
    document: str | None = None  # e.g. "PO-17" or an import's file name
    variant_id: int | None = None
    sku: str | None = None
    recorded_from: datetime | None = None  # inclusive
    recorded_to: datetime | None = None  # exclusive


def events(f: EventFilter) -> QuerySet[SerialNumberEvent]:
    query = SerialNumberEvent.all()
    if f.purchase_order_id is not None:
        query = query.filter(purchase_order_id=f.purchase_order_id)
    if f.sales_order_id is not None:
        query = query.filter(sales_order_id=f.sales_order_id)
    if f.document:
        query = query.filter(document__iexact=f.document.strip())
    if f.variant_id is not None:
        query = query.filter(variant_id=f.variant_id)
    if f.sku:
        query = query.filter(variant__sku__iexact=f.sku.strip())
    if f.recorded_from is not None:
        query = query.filter(recorded_at__gte=f.recorded_from)
    if f.recorded_to is not None:
        query = query.filter(recorded_at__lt=f.recorded_to)
    return query.order_by("id")
