"""A server killed in the middle of an import commit leaves none or all of the file's lines:
the commit is one transaction, and a transaction the database never saw committed is gone."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from typing import Any

import asyncpg
import httpx2

from support.builders import Scenario
from support.client import Client, over_http
from support.server import cli_token, live_server
from tests.api.test_import import csv_bytes, upload, upload_response

ROWS = 60
QUANTITY = 500  # 30,000 numbers


class Writes:
    """Sees an uncommitted import being written: on PostgreSQL its INSERT is active in
    pg_stat_activity; on SQLite the write-ahead log grows (pages spill before the commit)."""

    def __init__(self, database_url: str) -> None:
        self.url = database_url
        self.wal = database_url.removeprefix("sqlite://") + "-wal"
        self.start = self._wal_size() if database_url.startswith("sqlite") else 0

    def _wal_size(self) -> int:
        return os.path.getsize(self.wal) if os.path.exists(self.wal) else 0

    def wait(self, deadline: float) -> bool:
        if self.url.startswith("sqlite"):
            while time.monotonic() < deadline:
                if self._wal_size() > self.start + 1024 * 1024:
                    return True
                time.sleep(0.002)
            return False
        return asyncio.run(self._wait_postgres(deadline))

    async def _wait_postgres(self, deadline: float) -> bool:
        conn = await asyncpg.connect(self.url)
        try:
            while time.monotonic() < deadline:
                if await conn.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                    "AND query LIKE 'INSERT INTO serial_number %'"
                ):
                    return True
                await asyncio.sleep(0.002)
            return False
        finally:
            await conn.close()


def totals(client: Client, order_id: str) -> tuple[int, int]:
    # Per item (at most 20 aliases a request), since the list's totalCount stops at 10,000.
    found: list[dict[str, Any]] = []
    for chunk in range(0, ROWS, 20):
        counts = " ".join(
            f'k{k}: serialNumbers(filter: {{status: IN_STOCK, sku: "K-{k:03d}"}},'
            f" first: 0) {{ totalCount totalCountIsExact }}"
            for k in range(chunk, min(chunk + 20, ROWS))
        )
        found += client(f"{{ {counts} }}").values()
    assert all(f["totalCountIsExact"] for f in found)
    stock = sum(f["totalCount"] for f in found)
    order = client(
        """query($id: ID!) { purchaseOrder(id: $id) { rows {
        tracing { assigned } } } }""",
        {"id": order_id},
    )["purchaseOrder"]
    return stock, sum(r["tracing"]["assigned"] for r in order["rows"])


def test_a_server_killed_mid_commit_leaves_none_or_all_lines(database_url: str) -> None:
    total = ROWS * QUANTITY
    token = cli_token(database_url)
    with live_server(database_url) as server, over_http(server.url, token, 120) as api:
        scenario = Scenario(api, strict=True)
        skus = [f"K-{k:03d}" for k in range(ROWS)]
        scenario.product("Kit", True, skus)
        order = scenario.received_order([(s, QUANTITY) for s in skus])
        content = csv_bytes(
            [(order["number"], s, f"{s}-{u:04d}", "") for s in skus for u in range(QUANTITY)]
        )

        start = time.monotonic()
        dry = upload(api, content, "big.csv", dry_run=True)
        checking = time.monotonic() - start
        assert dry["errors"] == [] and dry["summary"]["numbers"] == total

        outcome: dict[str, Any] = {}

        def commit() -> None:
            try:
                with over_http(server.url, token, 120) as own:
                    outcome["response"] = upload_response(own, content, "big.csv", dry_run=False)
            except httpx2.HTTPError as error:
                outcome["error"] = error

        watch = Writes(database_url)
        thread = threading.Thread(target=commit)
        thread.start()
        # Kill the server as soon as the commit's writes reach the database.
        assert watch.wait(deadline=time.monotonic() + checking * 3 + 20), "no write seen"
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=10)
        thread.join(timeout=60)
        assert "error" in outcome or "response" in outcome

    with live_server(database_url) as server, over_http(server.url, token, 120) as api:
        stock, assigned = totals(api, order["id"])
        assert stock in (0, total)
        assert assigned == stock
        if stock == 0:  # nothing landed: the same file imports whole
            done = upload(api, content, "big.csv", dry_run=False)
            assert done["committed"] is True
            assert totals(api, order["id"]) == (total, total)
