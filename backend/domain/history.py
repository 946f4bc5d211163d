"""The event history of serial numbers, written in the transaction that makes the change."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from backend.domain.bulk import insert_events
from backend.models import PurchaseOrder, SalesOrder, SerialNumber, SerialNumberEventKind


async def record(
    conn: BaseDBAsyncClient,
    serials: Sequence[SerialNumber],
    kind: SerialNumberEventKind,
    order: PurchaseOrder | SalesOrder,
    user: str | None,
    at: datetime | None = None,
) -> None:
    """One event per serial: what happened, when, in which document, by whom."""
    await insert_events(
        conn,
        serials,
        kind,
        order.number,
        user,
        at,
        purchase_order_id=order.id if isinstance(order, PurchaseOrder) else None,
        sales_order_id=order.id if isinstance(order, SalesOrder) else None,
    )
