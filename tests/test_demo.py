"""The demo data a newcomer sees on `make run`: every state of the product, loaded once."""

from __future__ import annotations

from backend import demo
from backend.database import connected
from backend.models import (
    PurchaseOrder,
    PurchaseOrderKind,
    PurchaseOrderStatus,
    SalesOrder,
    SalesOrderStatus,
    SerialNumber,
    SerialNumberStatus,
)


async def test_demo_data_covers_every_state_and_loads_only_into_an_empty_database(
    database_url: str,
) -> None:
    async with connected(database_url):
        assert await demo.load_if_empty() is True
        assert await demo.load_if_empty() is False

        orders = await PurchaseOrder.all()
        assert {o.kind for o in orders} == set(PurchaseOrderKind)
        assert {o.status for o in orders} == set(PurchaseOrderStatus)
        assert {s.status for s in await SerialNumber.all()} == set(SerialNumberStatus)
        assert {s.status for s in await SalesOrder.all()} == set(SalesOrderStatus)
