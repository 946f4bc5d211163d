"""Two processes writing one SQLite file at once: each waits for the write lock (BEGIN
IMMEDIATE + busy_timeout) instead of failing with "database is locked"."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from backend.database import connected
from backend.domain import catalog, purchasing
from backend.models import PurchaseOrderKind, PurchaseOrderRow, SerialNumber

ROOT = Path(__file__).resolve().parents[2]
WRITER = """
import asyncio, sys
from backend.database import connected
from backend.domain import serials, purchasing

async def main(url, row_id, prefix):
    async with connected(url):
        for i in range(40):
            await serials.assign(row_id, [f"{prefix}-{i}-a", f"{prefix}-{i}-b"])
            await serials.check_assignment(row_id, [f"{prefix}-x"])

asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
"""


async def _setup(url: str) -> list[int]:
    async with connected(url):
        supplier = await catalog.create_supplier("Two writers")
        await catalog.create_product("Gear", True, [catalog.VariantInput("GEAR")])
        order = await purchasing.create_purchase_order(
            PurchaseOrderKind.PURCHASE, supplier.id, [purchasing.RowInput("GEAR", Decimal(80))] * 2
        )
        return list(
            await PurchaseOrderRow.filter(purchase_order_id=order.id)
            .order_by("id")
            .values_list("id", flat=True)
        )


async def _counts(url: str) -> tuple[int, list[int]]:
    async with connected(url):
        rows = await PurchaseOrderRow.all().order_by("id").values_list("assigned_count", flat=True)
        return await SerialNumber.all().count(), list(rows)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_two_processes_write_without_database_is_locked(database_url: str) -> None:
    # PostgreSQL's concurrent writers: tests/api/test_concurrency.py
    rows = asyncio.run(_setup(database_url))
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, database_url, str(row), prefix],
            cwd=ROOT,
            stderr=subprocess.PIPE,
        )
        for row, prefix in zip(rows, ["A", "B"], strict=True)
    ]
    errors = [w.communicate(timeout=120)[1].decode() for w in writers]
    assert [w.returncode for w in writers] == [0, 0], errors
    assert asyncio.run(_counts(database_url)) == (160, [80, 80])
