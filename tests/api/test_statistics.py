"""A large import brings the planner's statistics up to date, so that the lists of a database
filled by one import are planned for its size (README, Performance)."""

from __future__ import annotations

import asyncio
import sqlite3

import asyncpg
import pytest

from backend.domain import importing
from support.builders import Scenario
from tests.api.test_import import csv_bytes, upload


def analysed_rows(database_url: str) -> int | None:
    """How many serial numbers the statistics say there are (None: never analysed)."""
    if database_url.startswith("sqlite://"):
        db = sqlite3.connect(database_url.removeprefix("sqlite://"))
        try:
            found = db.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not found.fetchone():
                return None
            row = db.execute(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = 'serial_number' LIMIT 1"
            ).fetchone()
            return int(row[0].split()[0]) if row else None
        finally:
            db.close()

    async def read() -> int | None:
        conn = await asyncpg.connect(database_url)
        try:
            tuples = await conn.fetchval(
                "SELECT reltuples FROM pg_class WHERE relname = 'serial_number'"
            )
            return None if tuples < 0 else int(tuples)
        finally:
            await conn.close()

    return asyncio.run(read())


def test_a_large_import_refreshes_the_statistics(
    scenario: Scenario, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "ANALYZE_AFTER", 6)
    scenario.product("Server", True, ["SRV-1"])
    small = scenario.received_order([("SRV-1", 2)])
    done = upload(
        scenario.client,
        csv_bytes([(small["number"], "SRV-1", f"A-{i}", "") for i in range(2)]),
        dry_run=False,
    )
    assert done["committed"] is True
    assert analysed_rows(database_url) is None  # a small import leaves them to the database
    large = scenario.received_order([("SRV-1", 8)])
    done = upload(
        scenario.client,
        csv_bytes([(large["number"], "SRV-1", f"B-{i}", "") for i in range(8)]),
        dry_run=False,
    )
    assert done["committed"] is True
    assert analysed_rows(database_url) == 10
