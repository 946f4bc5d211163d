"""The event history of serial numbers, written in the transaction that makes the change."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.timezone import now

from backend.models import SerialNumber, SerialNumberEvent, SerialNumberEventKind


async def record(
    conn: BaseDBAsyncClient,
    serials: Iterable[SerialNumber],
    kind: SerialNumberEventKind,
    document: str | None,
    user: str | None,
    at: datetime | None = None,
) -> None:
    stamp = at or now()
    events = [
        SerialNumberEvent(variant_id=s.variant_id, number=s.number, number_key=s.number_key,
                          kind=kind, at=stamp, document=document, user=user)
        for s in serials
    ]
    if events:
        await SerialNumberEvent.bulk_create(events, using_db=conn)
