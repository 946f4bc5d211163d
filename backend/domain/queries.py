"""Read-side rules: what the lists show, filtered and in which order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from backend.domain.serial_rules import normalise_key
from backend.models import (
    Customer,
    PurchaseOrder,
    PurchaseOrderKind,
    PurchaseOrderStatus,
    SalesOrder,
    SalesOrderStatus,
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


@dataclass
class RecallGroup:
    customer: Customer
    sales_order: SalesOrder
    serials: list[SerialNumber]


async def recall(purchase_order_id: int) -> list[RecallGroup]:
    """Every customer and sales order that got units of one purchase order, with the numbers,
    in one query."""
    serials = await SerialNumber.filter(
        purchase_order_row__purchase_order_id=purchase_order_id,
        sales_order_row_id__isnull=False,
    ).select_related("sales_order_row__sales_order__customer").order_by("id")
    groups: dict[int, RecallGroup] = {}
    for serial in serials:
        order = serial.sales_order_row.sales_order
        group = groups.setdefault(order.id, RecallGroup(order.customer, order, []))
        group.serials.append(serial)
    return sorted(groups.values(), key=lambda g: (g.customer.name, g.sales_order.id))


def customer_serials(customer_id: int) -> QuerySet[SerialNumber]:
    return SerialNumber.filter(sales_order_row__sales_order__customer_id=customer_id).order_by(
        "-id")


def customers(search: str | None) -> QuerySet[Customer]:
    query = Customer.all()
    if search and search.strip():
        query = query.filter(name__icontains=search.strip())
    return query.order_by("name", "id")


@dataclass(frozen=True)
class SalesOrderFilter:
    status: SalesOrderStatus | None = None
    customer_id: int | None = None
    search: str | None = None


def sales_orders(f: SalesOrderFilter) -> QuerySet[SalesOrder]:
    query = SalesOrder.all()
    if f.status:
        query = query.filter(status=f.status)
    if f.customer_id is not None:
        query = query.filter(customer_id=f.customer_id)
    if f.search and f.search.strip():
        query = query.filter(
            Q(number__icontains=f.search.strip()) | Q(customer__name__icontains=f.search.strip())
        )
    return query.order_by("-created_at", "-id")
