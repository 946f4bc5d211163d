"""Read-side rules: what the lists show, filtered and in which order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from tortoise import connections
from tortoise.expressions import Q
from tortoise.functions import Count, Sum
from tortoise.models import Model
from tortoise.queryset import QuerySet

from backend.domain import keyset, serial_list
from backend.domain.keyset import Ordering
from backend.domain.serial_rules import normalise_key
from backend.domain.sql import any_of, is_postgres
from backend.models import (
    Customer,
    Product,
    PurchaseOrder,
    PurchaseOrderKind,
    PurchaseOrderRow,
    PurchaseOrderStatus,
    RowStatus,
    SalesOrder,
    SalesOrderRow,
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


# --- Orders of the lists (keyset pages, backend.domain.keyset; indexes: migration 0011) ---

NEWEST = Ordering("newest", (("created_at", True), ("id", True)))
BY_NAME = Ordering("name", (("name", False), ("id", False)))
BY_SKU = Ordering("sku", (("sku", False), ("id", False)))


class OrderListField(StrEnum):
    NUMBER = "NUMBER"
    DATE = "DATE"
    STATUS = "STATUS"


def order_list_ordering(field: OrderListField | None, descending: bool) -> Ordering:
    """How a list of purchase or sales orders is sorted: by default newest entered first;
    by number (as text), by the business date (`orderedAt`), or by status then newest."""
    if field is None:
        return NEWEST
    d = descending
    keys = {
        OrderListField.NUMBER: (("number", d), ("id", d)),
        OrderListField.DATE: (("ordered_at", d), ("id", d)),
        OrderListField.STATUS: (("status", d), ("created_at", True), ("id", True)),
    }[field]
    return Ordering(f"orders:{field.value}:{'d' if d else 'a'}", keys)


@dataclass(frozen=True)
class PurchaseOrderFilter:
    kind: PurchaseOrderKind | None = None
    status: PurchaseOrderStatus | None = None
    supplier_id: int | None = None
    search: str | None = None
    ordered_from: datetime | None = None
    ordered_to: datetime | None = None


def purchase_orders(f: PurchaseOrderFilter) -> QuerySet[PurchaseOrder]:
    query = PurchaseOrder.all()
    if f.kind:
        query = query.filter(kind=f.kind)
    if f.status:
        query = query.filter(status=f.status)
    if f.supplier_id is not None:
        query = query.filter(supplier_id=f.supplier_id)
    if f.ordered_from:
        query = query.filter(ordered_at__gte=f.ordered_from)
    if f.ordered_to:
        query = query.filter(ordered_at__lte=f.ordered_to)
    if f.search and f.search.strip():
        query = query.filter(
            Q(number__icontains=f.search.strip()) | Q(supplier__name__icontains=f.search.strip())
        )
    return query


class SerialNumberOrderField(StrEnum):
    NUMBER = "NUMBER"
    SKU = "SKU"
    STATUS = "STATUS"
    ADDED_AT = "ADDED_AT"


# The stock list: backend.domain.serial_list (keyset SQL on its indexes).
SerialNumberFilter = serial_list.SerialNumberFilter


async def serial_number(sku: str, number: str) -> SerialNumber | None:
    return await SerialNumber.filter(
        variant__sku=sku.strip(), number_key=normalise_key(number.strip())
    ).first()


def suppliers(search: str | None) -> QuerySet[Supplier]:
    query = Supplier.all()
    if search and search.strip():
        query = query.filter(name__icontains=search.strip())
    return query


def variants(search: str | None, serial_tracked: bool | None) -> QuerySet[Variant]:
    query = Variant.all()
    if search and search.strip():
        query = query.filter(Q(sku__icontains=search.strip()) | Q(name__icontains=search.strip()))
    if serial_tracked is not None:
        query = query.filter(product__serial_tracked=serial_tracked)
    return query


@dataclass
class RecallGroup:
    customer: Customer
    sales_order: SalesOrder
    serials: list[SerialNumber]


async def recall(purchase_order_id: int) -> list[RecallGroup]:
    """Every customer and sales order that got units of one purchase order, with the numbers:
    the numbers in one query, then their few sales order rows, orders and customers (not one
    of each per number)."""
    serials = await SerialNumber.filter(
        purchase_order_row__purchase_order_id=purchase_order_id,
        sales_order_row_id__isnull=False,
    ).order_by("id")
    row_ids = {s.sales_order_row_id for s in serials}
    order_of_row = (
        dict(await SalesOrderRow.filter(id__in=row_ids).values_list("id", "sales_order_id"))
        if row_ids
        else {}
    )
    orders = (
        {
            o.id: o
            for o in await SalesOrder.filter(id__in=set(order_of_row.values())).select_related(
                "customer"
            )
        }
        if order_of_row
        else {}
    )
    groups: dict[int, RecallGroup] = {}
    for serial in serials:
        order = orders[order_of_row[serial.sales_order_row_id]]
        group = groups.setdefault(order.id, RecallGroup(order.customer, order, []))
        group.serials.append(serial)
    return sorted(groups.values(), key=lambda g: (g.customer.name, g.sales_order.id))


def supplier_purchase_orders(supplier_id: int) -> QuerySet[PurchaseOrder]:
    return PurchaseOrder.filter(supplier_id=supplier_id)


def customer_sales_orders(customer_id: int) -> QuerySet[SalesOrder]:
    return SalesOrder.filter(customer_id=customer_id)


def customers(search: str | None) -> QuerySet[Customer]:
    query = Customer.all()
    if search and search.strip():
        query = query.filter(name__icontains=search.strip())
    return query


@dataclass(frozen=True)
class SalesOrderFilter:
    status: SalesOrderStatus | None = None
    customer_id: int | None = None
    search: str | None = None
    ordered_from: datetime | None = None
    ordered_to: datetime | None = None


def sales_orders(f: SalesOrderFilter) -> QuerySet[SalesOrder]:
    query = SalesOrder.all()
    if f.status:
        query = query.filter(status=f.status)
    if f.customer_id is not None:
        query = query.filter(customer_id=f.customer_id)
    if f.ordered_from:
        query = query.filter(ordered_at__gte=f.ordered_from)
    if f.ordered_to:
        query = query.filter(ordered_at__lte=f.ordered_to)
    if f.search and f.search.strip():
        query = query.filter(
            Q(number__icontains=f.search.strip()) | Q(customer__name__icontains=f.search.strip())
        )
    return query


# --- Items --------------------------------------------------------------------------------


def products(search: str | None, serial_tracked: bool | None = None) -> QuerySet[Product]:
    """Products by name, or by the SKU or name of a variant; alphabetical."""
    query = Product.all()
    if search and search.strip():
        text = search.strip()
        query = query.filter(
            Q(name__icontains=text)
            | Q(variants__sku__icontains=text)
            | Q(variants__name__icontains=text)
        ).distinct()
    if serial_tracked is not None:
        query = query.filter(serial_tracked=serial_tracked)
    return query


@dataclass(frozen=True)
class Stock:
    """A variant's units by where they are. From the order rows, so that it holds for untracked
    items (2.5 kg) and for tracked units whose numbers are not entered yet: expected = on
    purchase order rows not received; reserved = on sales orders not delivered; shipped = on
    delivered sales orders; in stock = received − reserved − shipped (below 0 when more is sold
    than received)."""

    expected: Decimal
    in_stock: Decimal
    reserved: Decimal
    shipped: Decimal


async def stock_of(variant_ids: list[int]) -> dict[int, Stock]:
    """Every variant's `Stock` in two grouped queries, whatever the number of variants."""
    zero = Decimal(0)
    bought: dict[tuple[int, str], Decimal] = {}
    for variant_id, status, total in (
        await PurchaseOrderRow.filter(variant_id__in=variant_ids)
        .group_by("variant_id", "status")
        .annotate(total=Sum("quantity"))
        .values_list("variant_id", "status", "total")
    ):
        bought[(variant_id, status)] = Decimal(str(total or 0))
    sold: dict[tuple[int, str], Decimal] = {}
    for variant_id, status, total in (
        await SalesOrderRow.filter(variant_id__in=variant_ids)
        .group_by("variant_id", "sales_order__status")
        .annotate(total=Sum("quantity"))
        .values_list("variant_id", "sales_order__status", "total")
    ):
        sold[(variant_id, status)] = Decimal(str(total or 0))
    result = {}
    for v in variant_ids:
        received = bought.get((v, RowStatus.RECEIVED.value), zero)
        reserved = sold.get((v, SalesOrderStatus.NOT_SHIPPED.value), zero)
        shipped = sold.get((v, SalesOrderStatus.DELIVERED.value), zero)
        result[v] = Stock(
            expected=bought.get((v, RowStatus.NOT_RECEIVED.value), zero),
            in_stock=received - reserved - shipped,
            reserved=reserved,
            shipped=shipped,
        )
    return result


async def order_tracing_of(
    rows: type[PurchaseOrderRow] | type[SalesOrderRow], order_field: str, order_ids: list[int]
) -> dict[int, tuple[int, int] | None]:
    """Each order's tracing (required, assigned) summed over its serial-tracked rows, or None when
    it has none: one grouped query, whatever the number of orders and of rows on each (a list
    page of orders of 100 rows must not read 5,000 rows)."""
    found: dict[int, tuple[int, int] | None] = dict.fromkeys(order_ids)
    for order_id, required, assigned in (
        await rows.filter(
            **{f"{order_field}__in": order_ids},
            variant__product__serial_tracked=True,
        )
        .group_by(order_field)
        .annotate(required=Sum("quantity"), assigned=Sum("assigned_count"))
        .values_list(order_field, "required", "assigned")
    ):
        found[order_id] = (int(Decimal(str(required or 0))), int(assigned or 0))
    return found


async def serial_counts_of(variant_ids: list[int]) -> dict[int, dict[SerialNumberStatus, int]]:
    """How many serial numbers each variant has in each status, in one grouped query."""
    counts: dict[int, dict[SerialNumberStatus, int]] = {
        v: dict.fromkeys(SerialNumberStatus, 0) for v in variant_ids
    }
    for variant_id, status, n in (
        await SerialNumber.filter(variant_id__in=variant_ids)
        .group_by("variant_id", "status")
        .annotate(n=Count("id"))
        .values_list("variant_id", "status", "n")
    ):
        counts[variant_id][SerialNumberStatus(status)] = n
    return counts


def open_purchase_orders_of(product_id: int) -> QuerySet[PurchaseOrder]:
    """Orders with a row of the product still to receive, newest first."""
    return PurchaseOrder.filter(
        rows__variant__product_id=product_id, rows__status=RowStatus.NOT_RECEIVED
    ).distinct()


def open_sales_orders_of(product_id: int) -> QuerySet[SalesOrder]:
    """Sales orders not delivered with a row of the product, newest first."""
    return SalesOrder.filter(
        rows__variant__product_id=product_id, status=SalesOrderStatus.NOT_SHIPPED
    ).distinct()


# --- One search for everything -----------------------------------------------------------

SEARCH_LIMIT = 200  # characters of a search text that are looked at


@dataclass
class Found:
    purchase_orders: list[PurchaseOrder]
    sales_orders: list[SalesOrder]
    variants: list[Variant]
    suppliers: list[Supplier]
    customers: list[Customer]
    serial_numbers: list[SerialNumber]


M = TypeVar("M", bound=Model)


async def _exact_first(
    model: type[M], column: str, text: str, limit: int, extra: Q | None = None
) -> list[M]:
    """Up to `limit` rows whose `column` is `text` (any case), then those that start with it,
    then those that contain it (or match `extra`): `PO-1` finds PO-1, PO-10, then OPO-1."""
    exact = await model.filter(**{f"{column}__iexact": text}).order_by("id").limit(limit)
    prefix = (
        await model.filter(**{f"{column}__istartswith": text})
        .exclude(id__in=[o.pk for o in exact])
        .order_by(column, "id")
        .limit(limit - len(exact))
    )
    taken = [*exact, *prefix]
    contains = Q(**{f"{column}__icontains": text})
    rest = (
        await model.filter(contains | extra if extra is not None else contains)
        .exclude(id__in=[o.pk for o in taken])
        .order_by(column, "id")
        .limit(limit - len(taken))
    )
    return [*taken, *rest]


async def search_everything(text: str, limit: int = 5) -> Found:
    """The header's search: orders by number, items by SKU or name, suppliers and customers by
    name, serial numbers by number; in each kind exact matches first."""
    text = text.strip()[:SEARCH_LIMIT]
    if not text:
        return Found([], [], [], [], [], [])
    key = normalise_key(text)
    exact_serials = await SerialNumber.filter(number_key=key).order_by("id").limit(limit)
    # Part of the number: on the search index (serial_list), in natural order.
    exact_ids = {s.id for s in exact_serials}
    containing = await serial_list.page(
        serial_list.SerialNumberFilter(search=text),
        "NUMBER",
        False,
        keyset.Request(limit + len(exact_serials)),
    )
    serials = [*exact_serials, *[m for _, m in containing.rows if m.id not in exact_ids]][:limit]
    return Found(
        purchase_orders=await _exact_first(PurchaseOrder, "number", text, limit),
        sales_orders=await _exact_first(SalesOrder, "number", text, limit),
        variants=await _exact_first(
            Variant, "sku", text, limit, Q(name__icontains=text) | Q(product__name__icontains=text)
        ),
        suppliers=await _exact_first(Supplier, "name", text, limit),
        customers=await _exact_first(Customer, "name", text, limit),
        serial_numbers=serials,
    )


# --- The serial numbers of order rows, a page at a time ------------------------------------


@dataclass(frozen=True, slots=True)
class SerialRecord:
    """A serial number as lists show it: read as plain values, without building a model per
    row (an order can hold thousands)."""

    id: int
    number: str
    number_key: str
    status: SerialNumberStatus
    added_at: datetime | None
    variant_id: int
    purchase_order_row_id: int | None
    sales_order_row_id: int | None
    created_at: datetime | None
    updated_at: datetime | None


_SERIAL_COLUMNS = [f.name for f in fields(SerialRecord)]


RowPage = tuple[int, int, int]  # (row id, after serial id, how many)


def serials_of_rows(
    column: str,
) -> Callable[[list[RowPage]], Awaitable[dict[RowPage, list[SerialRecord]]]]:
    """A page of each row's serial numbers in the order they were entered, in one query per
    distinct (after, how many) whatever the number of rows: no more than the page is read."""
    added_at = SerialNumber._meta.fields_map["added_at"]

    async def fetch(keys: list[RowPage]) -> dict[RowPage, list[SerialRecord]]:
        conn = connections.get(SerialNumber._meta.default_connection)
        found: dict[RowPage, list[SerialRecord]] = {k: [] for k in keys}
        pages: dict[tuple[int, int], list[int]] = defaultdict(list)
        for row_id, after, limit in keys:
            pages[(after, limit)].append(row_id)
        for (after, limit), row_ids in pages.items():
            where, param = any_of(conn, column, row_ids, cast="int")
            mark = "$2" if is_postgres(conn) else "?"
            _, rows = await conn.execute_query(
                f"SELECT {', '.join(_SERIAL_COLUMNS)} FROM (SELECT {', '.join(_SERIAL_COLUMNS)}, "
                f"ROW_NUMBER() OVER (PARTITION BY {column} ORDER BY id) AS n FROM serial_number "
                f"WHERE {where} AND id > {mark}) AS t WHERE n <= {int(limit)} "
                f"ORDER BY {column}, id",
                [param, after],
            )
            for row in rows:
                values = list(row)
                values[3] = SerialNumberStatus(values[3])
                values[4] = added_at.to_python_value(values[4])
                values[8] = added_at.to_python_value(values[8])
                values[9] = added_at.to_python_value(values[9])
                record = SerialRecord(*values)
                found[(getattr(record, column), after, limit)].append(record)
        return found

    return fetch
