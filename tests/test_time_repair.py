"""Migration 0006 rewrites date-times that older versions stored with an extreme offset, so
that every list reads again (SQLite stored them as given and failed when reading them)."""

from __future__ import annotations

import asyncio
import importlib
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from tortoise import Tortoise

from backend.database import connected, migrate
from backend.domain import catalog, purchasing, serials
from backend.domain.rows import RowInput
from backend.models import PurchaseOrderKind, PurchaseOrderRow, SerialNumber

repair = importlib.import_module("backend.migrations.0006_credentials")


def test_stored_times_with_odd_offsets_are_rewritten_in_utc(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'old.sqlite3'}"

    async def run() -> tuple[list, str]:
        await migrate(url)
        async with connected(url):
            supplier = await catalog.create_supplier("Acme")
            await catalog.create_product("Servo", True, [catalog.VariantInput("SRV-1")])
            order = await purchasing.create_purchase_order(
                PurchaseOrderKind.PURCHASE, supplier.id, [RowInput("SRV-1", Decimal(2))]
            )
            row = await PurchaseOrderRow.get(purchase_order_id=order.id)
            await serials.assign(row.id, ["A-1", "A-2"])
            await purchasing.receive_row(row.id)
            conn = Tortoise.get_connection("sqlite")
            # What an older version wrote for receivedAt "9999-12-31T23:59:59-23:59" and for
            # an ordinary date with an offset.
            await conn.execute_query(
                "UPDATE serial_number SET added_at = "
                "'9999-12-31 23:59:59-23:59' WHERE number = 'A-1'"
            )
            await conn.execute_query(
                "UPDATE serial_number SET added_at = "
                "'2026-11-30 08:00:00+02:00' WHERE number = 'A-2'"
            )
            try:
                await SerialNumber.all().values_list("added_at", flat=True)
                broken = "read"
            except (OverflowError, ValueError):
                broken = "fails"
            await repair.times_in_utc(None, SimpleNamespace(client=conn))
            return await SerialNumber.all().order_by("number").values_list(
                "added_at", flat=True
            ), broken

    times, broken = asyncio.run(run())
    assert broken == "fails"  # what the lists met before the repair
    assert [t.isoformat() for t in times] == [
        "9999-12-31T23:59:59+00:00",
        "2026-11-30T06:00:00+00:00",
    ]
