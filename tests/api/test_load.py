"""The load test of `bench/load.py`, short: many clients assigning, removing, receiving,
picking, releasing and delivering at once against uvicorn with two workers on PostgreSQL end
with every request answered and every invariant holding in the database."""

from __future__ import annotations

import pytest

from bench.load import run_load, table
from support.server import cli_token, live_server


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_twenty_clients_for_six_seconds_lose_and_duplicate_nothing(postgres_url: str) -> None:
    token = cli_token(postgres_url)
    with live_server(postgres_url, workers=2) as server:
        result = run_load(
            server.url,
            token,
            postgres_url,
            seconds=6,
            clients=20,
            orders=40,
            sales_orders=30,
            stocked=8,
            seed=7,
        )

    report = table(result)
    assert result.stats.failures == [], report
    assert [name for name, problem in result.checks if problem] == [], report
    # the mix really ran: numbers were assigned, received, picked and refused on collisions
    assert result.stats.ok["assign"] and result.stats.ok["receive"], report
    assert result.stats.ok["pick"] and result.stats.refused["assign"], report
