"""Keyset pages: every row exactly once however the list grows between pages, backwards as
forwards, counts that stop at the cap, and the list filters and orders integrators use."""

from __future__ import annotations

from typing import Any

import pytest

from backend.domain import keyset
from support.builders import Scenario

SERIALS = """query($filter: SerialNumberFilter, $orderBy: SerialNumberOrder, $first: Int,
    $after: String, $last: Int, $before: String) {
  serialNumbers(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last,
                before: $before) {
    totalCount totalCountIsExact
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { number status addedAt } } } }"""


def serial_page(scenario: Scenario, **variables: Any) -> dict[str, Any]:
    return scenario.client(SERIALS, variables)["serialNumbers"]


def numbers(page: dict[str, Any]) -> list[str]:
    return [e["node"]["number"] for e in page["edges"]]


@pytest.fixture
def stock(scenario: Scenario) -> dict[str, Any]:
    """12 numbers received on SKU-A, 9 on SKU-B (another supplier), 8 assigned to an order not
    received on SKU-A; 3 of SKU-B picked for a customer and shipped."""
    supplier_a, supplier_b = scenario.supplier(), scenario.supplier()
    scenario.in_stock("SKU-A", [f"A-{i}" for i in range(12)], supplier=supplier_a)
    scenario.in_stock("SKU-B", [f"B-{i}" for i in range(9)], supplier=supplier_b)
    row = scenario.order([("SKU-A", 8)], supplier=supplier_a)["rows"][0]
    assert scenario.assign(row["id"], [f"E-{i}" for i in range(8)])["errors"] == []
    customer = scenario.customer()
    sales = scenario.sales_order(customer, [("SKU-B", 3)])
    picked = scenario.pick(sales["rows"][0]["id"], ["B-0", "B-1", "B-2"])
    assert picked["errors"] == [], picked["errors"]
    assert scenario.deliver(sales["id"])["errors"] == []
    return {
        "supplier_a": supplier_a,
        "supplier_b": supplier_b,
        "customer": customer,
        "sales_order": sales["id"],
        "expected_row": row["id"],
    }


def walk(scenario: Scenario, size: int, between: Any = None, **variables: Any) -> list[str]:
    seen: list[str] = []
    after = None
    for step in range(100):
        page = serial_page(scenario, first=size, after=after, **variables)
        seen += numbers(page)
        assert page["pageInfo"]["hasPreviousPage"] == (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]
        if between:
            between(step)
    raise AssertionError("the pages never ended")


@pytest.mark.parametrize(
    "order",
    [
        None,
        {"field": "ADDED_AT", "direction": "ASC"},
        {"field": "NUMBER", "direction": "ASC"},
        {"field": "SKU", "direction": "DESC"},
        {"field": "STATUS", "direction": "ASC"},
    ],
)
def test_every_number_once_while_numbers_are_added_between_pages(
    scenario: Scenario, stock: dict[str, Any], order: dict[str, str] | None
) -> None:
    before = set(numbers(serial_page(scenario, first=500)))
    assert len(before) == 29
    added: list[str] = []

    def add_numbers(step: int) -> None:
        new = [f"N{step}-{i}" for i in range(3)]
        row = scenario.order([("SKU-A", 3)], supplier=stock["supplier_a"])["rows"][0]
        assert scenario.assign(row["id"], new)["errors"] == []
        scenario.receive_row(row["id"]) if step % 2 else None
        added.extend(new)

    seen = walk(scenario, 4, add_numbers, orderBy=order)
    assert len(seen) == len(set(seen)), "a number was shown twice"
    assert before <= set(seen), f"numbers skipped: {sorted(before - set(seen))}"
    assert set(seen) <= before | set(added)


def test_newest_first_lists_dated_numbers_before_the_not_received_ones(
    scenario: Scenario, stock: dict[str, Any]
) -> None:
    listed = serial_page(scenario, first=500)["edges"]
    dates = [e["node"]["addedAt"] for e in listed]
    assert all(dates[:21]) and not any(dates[21:])
    assert [d for d in dates[:21]] == sorted(dates[:21], reverse=True)
    ascending = serial_page(scenario, first=500, orderBy={"field": "ADDED_AT", "direction": "ASC"})[
        "edges"
    ]
    assert [e["node"]["number"] for e in ascending] == [
        e["node"]["number"] for e in reversed(listed)
    ]


def test_last_and_before_page_backwards(scenario: Scenario, stock: dict[str, Any]) -> None:
    order = {"field": "NUMBER", "direction": "ASC"}
    everything = numbers(serial_page(scenario, first=500, orderBy=order))
    second = serial_page(
        scenario,
        first=5,
        orderBy=order,
        after=serial_page(scenario, first=5, orderBy=order)["pageInfo"]["endCursor"],
    )
    assert numbers(second) == everything[5:10]
    back = serial_page(scenario, last=5, before=second["pageInfo"]["startCursor"], orderBy=order)
    assert numbers(back) == everything[:5]
    assert back["pageInfo"]["hasPreviousPage"] is False
    assert back["pageInfo"]["hasNextPage"] is True
    tail = serial_page(scenario, last=3, orderBy=order)
    assert numbers(tail) == everything[-3:]
    assert tail["pageInfo"]["hasPreviousPage"] is True


def test_total_count_stops_at_the_cap(
    scenario: Scenario, stock: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert serial_page(scenario, first=1)["totalCount"] == 29
    assert serial_page(scenario, first=1)["totalCountIsExact"] is True
    monkeypatch.setattr(keyset, "COUNT_CAP", 20)
    page = serial_page(scenario, first=1)
    assert (page["totalCount"], page["totalCountIsExact"]) == (20, False)
    small = serial_page(scenario, first=1, filter={"sku": "SKU-B"})
    assert (small["totalCount"], small["totalCountIsExact"]) == (9, True)
    orders = scenario.client("{ purchaseOrders { totalCount totalCountIsExact } }")[
        "purchaseOrders"
    ]
    assert orders == {"totalCount": 3, "totalCountIsExact": True}


def _forged(order: str, key: list[Any]) -> str:
    import base64
    import json

    return base64.urlsafe_b64encode(json.dumps([order, key]).encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "nonsense",
        "eyJ4IjoxfQ",
        "W10",
        _forged("serial:ADDED_AT:d", ["a", "not a date", 5]),
        _forged("serial:ADDED_AT:d", ["a", {"t": "2026-01-01T00:00:00"}, 5]),  # no offset
        _forged("serial:ADDED_AT:d", ["a", None, 5]),
        _forged("serial:ADDED_AT:d", ["b", None, 2**40]),
        _forged("serial:ADDED_AT:d", ["b", None, True]),
        _forged("serial:ADDED_AT:d", ["c", None, 5]),
        _forged("serial:ADDED_AT:d", ["a", {"t": "2026-01-01T00:00:00+00:00"}, "5"]),
    ],
)
def test_a_cursor_not_given_out_is_a_clear_error(scenario: Scenario, cursor: str) -> None:
    got = scenario.client.execute(SERIALS, {"after": cursor})
    assert got["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "cursor" in got["errors"][0]["message"]


@pytest.mark.parametrize("key", [["x\u0000", 5], [5, 5], ["PO-1", "5"], ["PO-1", None]])
def test_a_forged_order_list_cursor_is_a_clear_error(scenario: Scenario, key: list) -> None:
    got = scenario.client.execute(
        "query($after: String) { purchaseOrders(orderBy: {field: NUMBER}, after: $after) "
        "{ edges { node { number } } } }",
        {"after": _forged("orders:NUMBER:d", key)},
    )
    assert got["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_cursor_of_another_order_is_refused(scenario: Scenario, stock: dict[str, Any]) -> None:
    cursor = serial_page(scenario, first=2)["pageInfo"]["endCursor"]
    got = scenario.client.execute(SERIALS, {"after": cursor, "orderBy": {"field": "SKU"}})
    assert got["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    mixed = scenario.client.execute(SERIALS, {"first": 2, "last": 2})
    assert "not both" in mixed["errors"][0]["message"]


def test_serial_number_filters(scenario: Scenario, stock: dict[str, Any]) -> None:
    def listed(**filter: Any) -> set[str]:
        return set(numbers(serial_page(scenario, first=500, filter=filter)))

    assert listed(supplierId=stock["supplier_b"]) == {f"B-{i}" for i in range(9)}
    assert listed(customerId=stock["customer"]) == {"B-0", "B-1", "B-2"}
    assert listed(salesOrderId=stock["sales_order"]) == {"B-0", "B-1", "B-2"}
    assert listed(statuses=["SHIPPED", "EXPECTED"]) == {"B-0", "B-1", "B-2"} | {
        f"E-{i}" for i in range(8)
    }
    assert listed(statuses=["SHIPPED"], status="EXPECTED") == set()
    assert listed(shippedFrom="2000-01-01T00:00:00Z") == {"B-0", "B-1", "B-2"}
    assert listed(shippedTo="2000-01-01T00:00:00Z") == set()
    assert listed(sku="SKU-A", statuses=["IN_STOCK", "EXPECTED"]) == {
        f"A-{i}" for i in range(12)
    } | {f"E-{i}" for i in range(8)}
    assert listed(sku="NO-SUCH-SKU") == set()
    assert listed(search="e-") == {f"E-{i}" for i in range(8)}
    assert listed(search="b-1", sku="SKU-B") == {"B-1"}


ORDERS = """query($filter: PurchaseOrderFilter, $orderBy: OrderListOrder, $first: Int,
    $after: String) {
  purchaseOrders(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { number status supplier { name } } } } }"""


def test_purchase_orders_filtered_and_sorted(scenario: Scenario, stock: dict[str, Any]) -> None:
    def listed(**variables: Any) -> list[str]:
        got = scenario.client(ORDERS, {"first": 50, **variables})["purchaseOrders"]
        return [e["node"]["number"] for e in got["edges"]]

    everything = listed()
    assert len(everything) == 3
    by_number = listed(orderBy={"field": "NUMBER", "direction": "ASC"})
    assert by_number == sorted(everything)
    assert listed(orderBy={"field": "DATE", "direction": "DESC"}) == everything
    by_status = scenario.client(ORDERS, {"orderBy": {"field": "STATUS", "direction": "ASC"}})[
        "purchaseOrders"
    ]["edges"]
    statuses = [e["node"]["status"] for e in by_status]
    assert statuses == sorted(statuses)
    assert len(listed(filter={"supplierId": stock["supplier_a"]})) == 2
    assert listed(filter={"orderedTo": "2000-01-01T00:00:00Z"}) == []
    assert listed(filter={"orderedFrom": "2000-01-01T00:00:00Z"}) == everything
    first = scenario.client(ORDERS, {"first": 2, "orderBy": {"field": "NUMBER"}})["purchaseOrders"]
    rest = listed(first=2, after=first["pageInfo"]["endCursor"], orderBy={"field": "NUMBER"})
    assert [e["node"]["number"] for e in first["edges"]] + rest == sorted(everything, reverse=True)


def test_sales_orders_filtered_and_sorted(scenario: Scenario, stock: dict[str, Any]) -> None:
    other = scenario.customer()
    scenario.sales_order(other, [("SKU-A", 1)])
    query = """query($filter: SalesOrderFilter, $orderBy: OrderListOrder) {
        salesOrders(filter: $filter, orderBy: $orderBy) { totalCount
        edges { node { number status } } } }"""

    def listed(**variables: Any) -> list[str]:
        got = scenario.client(query, variables)["salesOrders"]
        return [e["node"]["number"] for e in got["edges"]]

    assert len(listed()) == 2
    assert len(listed(filter={"customerId": other})) == 1
    assert listed(filter={"orderedTo": "2000-01-01T00:00:00Z"}) == []
    statuses = scenario.client(query, {"orderBy": {"field": "STATUS", "direction": "DESC"}})[
        "salesOrders"
    ]["edges"]
    assert [e["node"]["status"] for e in statuses] == ["NOT_SHIPPED", "DELIVERED"]


def test_order_lists_page_backwards(scenario: Scenario, stock: dict[str, Any]) -> None:
    query = """query($last: Int, $before: String) { purchaseOrders(last: $last, before: $before) {
        pageInfo { hasPreviousPage hasNextPage startCursor } edges { node { number } } } }"""
    everything = [
        e["node"]["number"]
        for e in scenario.client("{ purchaseOrders { edges { node { number } } } }")[
            "purchaseOrders"
        ]["edges"]
    ]
    tail = scenario.client(query, {"last": 2})["purchaseOrders"]
    assert [e["node"]["number"] for e in tail["edges"]] == everything[-2:]
    assert tail["pageInfo"]["hasPreviousPage"] is True
    head = scenario.client(query, {"last": 2, "before": tail["pageInfo"]["startCursor"]})[
        "purchaseOrders"
    ]
    assert [e["node"]["number"] for e in head["edges"]] == everything[:1]
    assert head["pageInfo"] == {**head["pageInfo"], "hasPreviousPage": False, "hasNextPage": True}


def test_by_status_lists_each_status_by_number(scenario: Scenario, stock: dict[str, Any]) -> None:
    for direction in ("ASC", "DESC"):
        listed = serial_page(
            scenario, first=500, orderBy={"field": "STATUS", "direction": direction}
        )["edges"]
        got = [(e["node"]["status"], e["node"]["number"]) for e in listed]
        natural = sorted(got, key=lambda p: (p[0], p[1][0], int(p[1].split("-")[1])))
        assert got == (natural if direction == "ASC" else natural[::-1])
        shipped = serial_page(
            scenario,
            first=500,
            filter={"statuses": ["SHIPPED", "RESERVED"]},
            orderBy={"field": "STATUS", "direction": direction},
        )
        assert {e["node"]["status"] for e in shipped["edges"]} == {"SHIPPED"}
