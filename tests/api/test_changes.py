"""The change feed: every committed change, in commit order, read page by page with keyset
cursors; concurrent writers on two uvicorn workers never make a reader miss or repeat one."""

from __future__ import annotations

import threading

import pytest

from support.builders import Scenario
from support.client import Client, over_http
from support.server import cli_token, live_server

FEED = """query($after: String, $first: Int) { changes(after: $after, first: $first) {
    edges { cursor node { kind eventKind purchaseOrderId salesOrderId serialNumberIds count
    user purchaseOrder { number } } }
    pageInfo { hasNextPage endCursor } } }"""


def read_all(
    client: Client, after: str | None = None, first: int = 7
) -> tuple[list[dict], str | None]:
    entries: list[dict] = []
    while True:
        page = client(FEED, {"after": after, "first": first})["changes"]
        entries += [e["node"] | {"cursor": e["cursor"]} for e in page["edges"]]
        after = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            return entries, after


def test_assigning_and_receiving_show_in_the_feed_in_order(
    client: Client, scenario: Scenario
) -> None:
    scenario.product("Motor", True, ["FEED-1"])
    order = scenario.order([("FEED-1", 3)])
    _, start = read_all(client)
    row = order["rows"][0]["id"]
    scenario.assign(row, ["A-1", "A-2"])
    scenario.receive_order(order["id"])

    entries, end = read_all(client, start)
    assert [(e["kind"], e["eventKind"], e["count"]) for e in entries] == [
        ("PURCHASE_ORDER_CHANGED", None, 0),
        ("SERIAL_NUMBER_EVENTS", "ASSIGNED", 2),
        ("PURCHASE_ORDER_CHANGED", None, 0),
        ("SERIAL_NUMBER_EVENTS", "RECEIVED", 2),
    ]
    assert {e["purchaseOrderId"] for e in entries} == {order["id"]}
    assert entries[1]["user"] == "tester"
    assert len(entries[1]["serialNumberIds"]) == 2
    assert entries[0]["purchaseOrder"]["number"] == order["number"]
    # Nothing new: the same place again, and an empty page.
    assert read_all(client, end) == ([], end)


def test_a_refused_change_is_not_in_the_feed(client: Client, scenario: Scenario) -> None:
    scenario.product("Motor", True, ["FEED-2"])
    order = scenario.order([("FEED-2", 1)])
    _, start = read_all(client)
    refused = scenario.assign(order["rows"][0]["id"], ["B-1", "B-2"])  # more than the quantity
    assert refused["errors"]
    assert read_all(client, start)[0] == []


def test_a_foreign_cursor_is_refused_by_name(client: Client) -> None:
    answer = client.execute(FEED, {"after": "bm9wZTox", "first": 5})
    assert "`after`" in answer["errors"][0]["message"]


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_a_reader_paging_while_others_write_sees_every_change_once(postgres_url: str) -> None:
    token = cli_token(postgres_url)
    with live_server(postgres_url, workers=2) as server, over_http(server.url, token) as client:
        api = Scenario(client)
        api.product("Motor", True, ["CONC"])
        orders = [api.order([("CONC", 40)]) for _ in range(4)]
        _, start = read_all(client)

        def write(order: dict) -> None:
            with over_http(server.url, token) as writer:
                api = Scenario(writer)
                row = order["rows"][0]["id"]
                for i in range(20):
                    api.assign(row, [f"{order['number']}-{i}"])

        writers = [threading.Thread(target=write, args=(o,)) for o in orders]
        for thread in writers:
            thread.start()
        seen: list[dict] = []
        after = start
        while any(t.is_alive() for t in writers):
            page, after = read_all(client, after, first=3)
            seen += page
        for thread in writers:
            thread.join()
        page, after = read_all(client, after, first=3)
        seen += page

    cursors = [e["cursor"] for e in seen]
    assert len(cursors) == len(set(cursors))  # no duplicate
    events = [e for e in seen if e["kind"] == "SERIAL_NUMBER_EVENTS"]
    assert len(events) == 80  # no gap: every assignment, once
    for order in orders:
        mine = [e for e in seen if e["purchaseOrderId"] == order["id"]]
        assert [e["kind"] for e in mine] == ["PURCHASE_ORDER_CHANGED", "SERIAL_NUMBER_EVENTS"] * 20


def test_the_feed_end_is_where_a_reader_continues_to_see_only_what_came_later(
    client: Client, scenario: Scenario
) -> None:
    scenario.product("Motor", True, ["FEED-END"])
    order = scenario.order([("FEED-END", 3)])
    end = client("{ changeFeedEnd }")["changeFeedEnd"]
    assert read_all(client, end) == ([], end)  # nothing after the end yet
    scenario.assign(order["rows"][0]["id"], ["E-1"])
    entries, _ = read_all(client, end)
    assert [(e["kind"], e["eventKind"]) for e in entries] == [
        ("PURCHASE_ORDER_CHANGED", None),
        ("SERIAL_NUMBER_EVENTS", "ASSIGNED"),
    ]
    assert client("{ changeFeedEnd }")["changeFeedEnd"] == entries[-1]["cursor"]


def test_checks_and_previews_change_nothing_so_the_feed_says_nothing(
    client: Client, scenario: Scenario
) -> None:
    scenario.product("Motor", True, ["FEED-DRY"])
    order = scenario.order([("FEED-DRY", 3)])
    row = order["rows"][0]["id"]
    end = client("{ changeFeedEnd }")["changeFeedEnd"]
    checked = client(
        """query($row: ID!) { checkSerialNumbers(rowId: $row, numbers: ["D-1"]) {
        code } }""",
        {"row": row},
    )
    assert checked["checkSerialNumbers"] == []
    assert read_all(client, end) == ([], end)  # a dry run is no change of the order
