"""Concurrent requests against uvicorn with two worker processes on PostgreSQL: the database's
unique index and the order lock let exactly the allowed changes win."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import asyncpg
import pytest

from support.builders import Scenario
from support.client import over_http
from support.server import cli_token, live_server

ASSIGN = """mutation($input: AssignSerialNumbersInput!) { assignSerialNumbers(input: $input) {
    serialNumbers { number } errors { code } } }"""


def _fire(url: str, token: str, inputs: list[dict]) -> list[dict]:
    """Every input's assignment at once, each on its own connection."""
    with ExitStack() as stack, ThreadPoolExecutor(len(inputs)) as pool:
        clients = [stack.enter_context(over_http(url, token)) for _ in inputs]
        return list(
            pool.map(
                lambda client, i: client(ASSIGN, {"input": i})["assignSerialNumbers"],
                clients,
                inputs,
            )
        )


async def _count(database_url: str, sql: str) -> int:
    conn = await asyncpg.connect(database_url)
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_twenty_concurrent_calls_with_the_same_number_let_exactly_one_win(
    postgres_url: str,
) -> None:
    token = cli_token(postgres_url)
    with live_server(postgres_url, workers=2) as server:
        with over_http(server.url, token) as client:
            api = Scenario(client)
            api.product("Motor", True, ["RACE"])
            order = api.order([("RACE", 1)] * 20)
        inputs = [{"rowId": row["id"], "numbers": ["SAME-1"]} for row in order["rows"]]
        results = _fire(server.url, token, inputs)

    winners = [r for r in results if not r["errors"]]
    losers = [r["errors"][0]["code"] for r in results if r["errors"]]
    assert len(winners) == 1
    assert losers == ["ALREADY_EXISTS"] * 19
    assert asyncio.run(_count(postgres_url, "SELECT count(*) FROM serial_number")) == 1
    assert (
        asyncio.run(_count(postgres_url, "SELECT sum(assigned_count) FROM purchase_order_row")) == 1
    )


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_concurrent_calls_never_fill_a_row_beyond_its_quantity(postgres_url: str) -> None:
    token = cli_token(postgres_url)
    with live_server(postgres_url, workers=2) as server:
        with over_http(server.url, token) as client:
            api = Scenario(client)
            api.product("Motor", True, ["FILL"])
            row = api.order([("FILL", 10)])["rows"][0]
        inputs = [{"rowId": row["id"], "numbers": [f"F-{i}a", f"F-{i}b"]} for i in range(20)]
        results = _fire(server.url, token, inputs)

    winners = [r for r in results if not r["errors"]]
    assert len(winners) == 5
    assert {r["errors"][0]["code"] for r in results if r["errors"]} == {"EXCEEDS_QUANTITY"}
    assert asyncio.run(_count(postgres_url, "SELECT count(*) FROM serial_number")) == 10
    assert (
        asyncio.run(
            _count(
                postgres_url, "SELECT count(*) FROM purchase_order_row WHERE assigned_count = 10"
            )
        )
        == 1
    )
