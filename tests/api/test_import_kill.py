"""A server killed in the middle of an import commit leaves none or all of the file's lines:
the commit is one transaction, and a transaction the database never saw committed is gone."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import asyncpg
import httpx2

from tests.api.test_import import CSRF, IMPORT, csv_bytes
from tests.live_server import ROOT, _wait_until_up, cli_token, free_port

ROWS = 60
QUANTITY = 500  # 30,000 numbers


@contextmanager
def served(database_url: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """Like tests.live_server.live_server, and hands out the process to kill it."""
    port = free_port()
    env = {**os.environ, "SERIALTRACE_DATABASE_URL": database_url,
           "SERIALTRACE_PORT": str(port), "SERIALTRACE_HOST": "127.0.0.1",
           "SERIALTRACE_DEMO_DATA": "0"}
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen([sys.executable, "-m", "backend", "serve"], cwd=ROOT,
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_up(process, log, f"http://127.0.0.1:{port}")
            yield f"http://127.0.0.1:{port}", process
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


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
                        "AND query LIKE 'INSERT INTO serial_number %'"):
                    return True
                await asyncio.sleep(0.002)
            return False
        finally:
            await conn.close()


def gql(client: httpx2.Client, query: str, variables: dict[str, Any] | None = None) -> Any:
    response = client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    (payload,) = body["data"].values()
    return payload


def post_file(client: httpx2.Client, content: bytes, dry_run: bool) -> httpx2.Response:
    operations = {"query": IMPORT, "variables": {"input": {"file": None, "dryRun": dry_run}}}
    return client.post("/graphql", headers=CSRF, timeout=120, data={
        "operations": json.dumps(operations), "map": json.dumps({"0": ["variables.input.file"]})},
        files={"0": ("big.csv", content, "text/csv")})


def totals(client: httpx2.Client, order_id: str) -> tuple[int, int]:
    stock = gql(client, """{ serialNumbers(filter: {status: IN_STOCK}, first: 0)
        { totalCount } }""")["totalCount"]
    order = gql(client, """query($id: ID!) { purchaseOrder(id: $id) { rows {
        tracing { assigned } } } }""", {"id": order_id})
    return stock, sum(r["tracing"]["assigned"] for r in order["rows"])


def test_a_server_killed_mid_commit_leaves_none_or_all_lines(database_url: str) -> None:
    total = ROWS * QUANTITY
    auth = {"Authorization": f"Bearer {cli_token(database_url)}"}
    with served(database_url) as (url, process), \
            httpx2.Client(base_url=url, timeout=60, headers=auth) as api:
        supplier = gql(api, 'mutation { createSupplier(input: {name: "Acme"}) '
                            "{ supplier { id } } }")["supplier"]["id"]
        skus = [f"K-{k:03d}" for k in range(ROWS)]
        gql(api, """mutation($input: CreateProductInput!) { createProduct(input: $input)
            { errors { code } } }""", {"input": {"name": "Kit", "serialTracked": True,
                                                "variants": [{"sku": s} for s in skus]}})
        order = gql(api, """mutation($input: CreatePurchaseOrderInput!) {
            createPurchaseOrder(input: $input) { purchaseOrder { id number } } }""",
                    {"input": {"kind": "PURCHASE", "supplierId": supplier,
                               "rows": [{"sku": s, "quantity": str(QUANTITY)} for s in skus]}}
                    )["purchaseOrder"]
        gql(api, """mutation($id: ID!) { receivePurchaseOrder(input: {purchaseOrderId: $id})
            { errors { code } } }""", {"id": order["id"]})
        content = csv_bytes([(order["number"], s, f"{s}-{u:04d}", "")
                             for s in skus for u in range(QUANTITY)])

        start = time.monotonic()
        dry = post_file(api, content, dry_run=True).json()["data"]["importSerialNumbers"]
        checking = time.monotonic() - start
        assert dry["errors"] == [] and dry["summary"]["numbers"] == total

        outcome: dict[str, Any] = {}

        def commit() -> None:
            try:
                with httpx2.Client(base_url=url, headers=auth) as own:
                    outcome["response"] = post_file(own, content, dry_run=False)
            except httpx2.HTTPError as error:
                outcome["error"] = error

        watch = Writes(database_url)
        thread = threading.Thread(target=commit)
        thread.start()
        # Kill the server as soon as the commit's writes reach the database.
        assert watch.wait(deadline=time.monotonic() + checking * 3 + 20), "no write seen"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        thread.join(timeout=60)
        assert "error" in outcome or "response" in outcome

    with served(database_url) as (url, _), \
            httpx2.Client(base_url=url, timeout=60, headers=auth) as api:
        stock, assigned = totals(api, order["id"])
        assert stock in (0, total)
        assert assigned == stock
        if stock == 0:  # nothing landed: the same file imports whole
            done = post_file(api, content, dry_run=False).json()["data"]["importSerialNumbers"]
            assert done["committed"] is True
            assert totals(api, order["id"]) == (total, total)
