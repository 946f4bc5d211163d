"""Read-side rules: what the lists show, filtered and in which order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from backend.domain.serial_rules import normalise_key
from backend.models import (
    PurchaseOrder,
    PurchaseOrderKind,
    PurchaseOrderStatus,
    SerialNumber,
    SerialNumberStatus,
    Supplier,
    Variant,
)


class TracingState(StrEnum):
    MISSING = "MISSING"
    PARTIAL = "PARTIAL"
    COMPLETE = "COMPLETE"


def tracing_state(required: int, assigned: int) -> TracingState:
    if assigned == 0:
        return TracingState.MISSING
    return TracingState.COMPLETE if assigned >= required else TracingState.PARTIAL



@dataclass(frozen=True)
class PurchaseOrderFilter:
    kind: PurchaseOrderKind | None = None
    status: PurchaseOrderStatus | None = None
    supplier_id: int | None = None
    search: str | None = None


def purchase_orders(f: PurchaseOrderFilter) -> QuerySet[PurchaseOrder]:
    query = PurchaseOrder.all()
    if f.kind:
        query = query.filter(kind=f.kind)
    if f.status:
        query = query.filter(status=f.status)
    if f.supplier_id is not None:
        query = query.filter(supplier_id=f.supplier_id)
    if f.search and f.search.strip():
        query = query.filter(
            Q(number__icontains=f.search.strip()) | Q(supplier__name__icontains=f.search.strip())
        )
    return query.order_by("-created_at", "-id")


class SerialNumberOrderField(StrEnum):
    NUMBER = "NUMBER"
    SKU = "SKU"
    STATUS = "STATUS"
    ADDED_AT = "ADDED_AT"


_ORDER_COLUMNS = {
    SerialNumberOrderField.NUMBER: "number_key",
    SerialNumberOrderField.SKU: "variant__sku",
    SerialNumberOrderField.STATUS: "status",
    SerialNumberOrderField.ADDED_AT: "added_at",
}


@dataclass(frozen=True)
class SerialNumberFilter:
    sku: str | None = None
    status: SerialNumberStatus | None = None
    purchase_order_id: int | None = None
    added_from: datetime | None = None
    added_to: datetime | None = None
    search: str | None = None


def serial_numbers(
    f: SerialNumberFilter,
    order_by: SerialNumberOrderField = SerialNumberOrderField.ADDED_AT,
    descending: bool = True,
) -> QuerySet[SerialNumber]:
    query = SerialNumber.all()
    if f.sku:
        query = query.filter(variant__sku=f.sku.strip())
    if f.status:
        query = query.filter(status=f.status)
    if f.purchase_order_id is not None:
        query = query.filter(purchase_order_row__purchase_order_id=f.purchase_order_id)
    if f.added_from:
        query = query.filter(added_at__gte=f.added_from)
    if f.added_to:
        query = query.filter(added_at__lte=f.added_to)
    if f.search and f.search.strip():
        query = query.filter(number_key__contains=normalise_key(f.search.strip()))
    column = _ORDER_COLUMNS[order_by]
    sign = "-" if descending else ""
    return query.order_by(f"{sign}{column}", f"{sign}id")


async def serial_number(sku: str, number: str) -> SerialNumber | None:
    return await SerialNumber.filter(
        variant__sku=sku.strip(), number_key=normalise_key(number.strip())
    ).first()


def suppliers(search: str | None) -> QuerySet[Supplier]:
    query = Supplier.all()
    if search and search.strip():
        query = query.filter(name__icontains=search.strip())
    return query.order_by("name", "id")


def variants(search: str | None, serial_tracked: bool | None) -> QuerySet[Variant]:
    query = Variant.all()
    if search and search.strip():
        query = query.filter(Q(sku__icontains=search.strip()) | Q(name__icontains=search.strip()))
    if serial_tracked is not None:
        query = query.filter(product__serial_tracked=serial_tracked)
    return query.order_by("sku", "id")
