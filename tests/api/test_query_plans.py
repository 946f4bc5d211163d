"""The list queries read their index on PostgreSQL: no sequential scan of a large table, and no
sort of the whole list where an index gives the order (migration 0011). Planned with sequential
scans and sorts made as costly as the planner allows, so that the small test tables plan as the
large ones do."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest
from tortoise.transactions import in_transaction

from backend.database import connected
from backend.domain import keyset, queries, serial_list
from backend.models import SerialNumberStatus

F = serial_list.SerialNumberFilter
IN_STOCK, SHIPPED = SerialNumberStatus.IN_STOCK, SerialNumberStatus.SHIPPED

# (name, filter, order, descending, whether the index gives the order)
SERIAL_LISTS = [
    ("newest first", F(), "ADDED_AT", True, True),
    ("oldest first", F(), "ADDED_AT", False, True),
    ("by number", F(), "NUMBER", False, True),
    ("by number, descending", F(), "NUMBER", True, True),
    ("by SKU", F(), "SKU", False, True),
    ("by status", F(), "STATUS", False, True),
    ("one status, newest first", F(status=IN_STOCK), "ADDED_AT", True, True),
    ("one status, by number", F(status=IN_STOCK), "NUMBER", False, True),
    ("one status, by status", F(status=IN_STOCK), "STATUS", False, True),
    ("two statuses, newest first", F(statuses=(IN_STOCK, SHIPPED)), "ADDED_AT", True, True),
    ("an SKU, newest first", F(sku="SKU-1"), "ADDED_AT", True, True),
    ("an SKU, by SKU", F(sku="SKU-1"), "SKU", False, True),
    ("an SKU and a status", F(sku="SKU-1", status=IN_STOCK), "ADDED_AT", True, False),
    ("added in a range", F(added_from=None), "ADDED_AT", True, True),
    ("search", F(search="sn-12"), "ADDED_AT", True, False),
    ("a purchase order", F(purchase_order_id=1), "ADDED_AT", True, False),
    ("a supplier", F(supplier_id=1), "ADDED_AT", True, False),
    ("a customer", F(customer_id=1), "ADDED_AT", True, False),
    ("a sales order", F(sales_order_id=1), "ADDED_AT", True, False),
]
LARGE = (
    "serial_number",
    "serial_number_event",
    "purchase_order",
    "sales_order",
    "purchase_order_row",
    "sales_order_row",
)


async def _plan(conn: Any, sql: str, values: list[Any]) -> str:
    _, rows = await conn.execute_query("EXPLAIN " + sql, values)
    return "\n".join(tuple(r)[0] for r in rows)


async def _serial_plans(conn: Any) -> dict[str, tuple[list[str], bool]]:
    await conn.execute_script("SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off")
    await conn.execute_query(
        "INSERT INTO product (name, serial_tracked, created_at) VALUES ('P', true, now())"
    )
    await conn.execute_query(
        "INSERT INTO variant (sku, name, product_id) SELECT 'SKU-1', 'V', id FROM product"
    )
    found = {}
    for name, f, order, descending, ordered in SERIAL_LISTS:
        where = await serial_list._where(f, conn)
        assert not where.empty, name
        plans = []
        for segment in serial_list._segments(order, descending):
            cursors: list[Any] = [None]
            if segment.column == "v.sku":
                cursors += [("SKU-1", 5, "same"), ("SKU-1", 5, "beyond")]
            elif segment.column == "s.added_at":
                cursors.append((datetime(2026, 1, 1, tzinfo=UTC), 5))
            else:
                cursors.append(("x" if segment.column else None, 5))
            for after in cursors:
                sql, values = serial_list.segment_sql(segment, where, after, descending, 51, conn)
                plans.append(await _plan(conn, sql, values))
        found[name] = (plans, ordered)
    return found


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_every_stock_list_reads_an_index(database_url: str) -> None:
    async def run() -> dict[str, tuple[list[str], bool]]:
        async with connected(database_url), in_transaction() as conn:
            return await _serial_plans(conn)

    for name, (plans, ordered) in asyncio.run(run()).items():
        for plan in plans:
            for table in LARGE:
                assert f"Seq Scan on {table}" not in plan, f"{name}:\n{plan}"
            if ordered:
                lines = [
                    line
                    for line in plan.splitlines()
                    if "Sort" in line
                    and "Incremental Sort" not in line
                    and "Sort Key" not in line
                    and "Presorted" not in line
                ]
                assert not lines, f"{name} sorts:\n{plan}"


ORDER_LISTS = [
    (
        "purchase orders, newest first",
        lambda: queries.purchase_orders(queries.PurchaseOrderFilter()),
        queries.NEWEST,
        True,
    ),
    (
        "purchase orders by date",
        lambda: queries.purchase_orders(queries.PurchaseOrderFilter()),
        queries.order_list_ordering(queries.OrderListField.DATE, True),
        True,
    ),
    (
        "purchase orders of a status",
        lambda: queries.purchase_orders(queries.PurchaseOrderFilter(status="RECEIVED")),
        queries.NEWEST,
        True,
    ),
    (
        "purchase orders of a supplier",
        lambda: queries.supplier_purchase_orders(1),
        queries.NEWEST,
        True,
    ),
    (
        "sales orders, newest first",
        lambda: queries.sales_orders(queries.SalesOrderFilter()),
        queries.NEWEST,
        True,
    ),
    (
        "sales orders by date",
        lambda: queries.sales_orders(queries.SalesOrderFilter()),
        queries.order_list_ordering(queries.OrderListField.DATE, False),
        True,
    ),
    ("sales orders of a customer", lambda: queries.customer_sales_orders(1), queries.NEWEST, True),
    (
        "sales orders of a status",
        lambda: queries.sales_orders(queries.SalesOrderFilter(status="DELIVERED")),
        queries.NEWEST,
        True,
    ),
]


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_every_order_list_reads_an_index(database_url: str) -> None:
    async def run() -> list[tuple[str, str]]:
        async with connected(database_url), in_transaction() as conn:
            await conn.execute_script("SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off")
            plans = []
            for name, query, ordering, _ in ORDER_LISTS:
                for request in (
                    keyset.Request(50),
                    keyset.Request(50, after=keyset.encode(ordering.name, _sample(ordering))),
                ):
                    sql = keyset.page_query(query().using_db(conn), ordering, request).sql(
                        params_inline=True
                    )
                    plans.append((name, await _plan(conn, sql, [])))
            return plans

    for name, plan in asyncio.run(run()):
        assert "Seq Scan" not in plan, f"{name}:\n{plan}"
        assert not [
            line for line in plan.splitlines() if "Sort" in line and "Sort Key" not in line
        ], f"{name} sorts:\n{plan}"


def _sample(ordering: keyset.Ordering) -> list[Any]:
    values = {
        "created_at": datetime(2026, 1, 1, tzinfo=UTC),
        "ordered_at": datetime(2026, 1, 1, tzinfo=UTC),
        "id": 5,
        "number": "PO-5",
        "status": "RECEIVED",
    }
    return [values[f] for f, _ in ordering.keys]
