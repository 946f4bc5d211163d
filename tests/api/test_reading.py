"""Reading: the order view without N+1, the stock list's filters and pages, one number's history,
masked failures and GraphiQL."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from backend.domain import serials as serial_service
from support.builders import ORDER_FIELDS, Scenario


class QueryCounter(logging.Handler):
    SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b", re.IGNORECASE)

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if self.SQL.match(message):
            self.statements.append(message)


@contextmanager
def counting_queries() -> Iterator[QueryCounter]:
    logger = logging.getLogger("tortoise.db_client")
    counter = QueryCounter()
    level = logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)


def _order_with_rows(scenario: Scenario, rows: int) -> str:
    skus = [f"T{rows}-{i}" for i in range(4)] + [f"U{rows}-{i}" for i in range(2)]
    scenario.product(f"Tracked {rows}", True, skus[:4])
    scenario.product(f"Untracked {rows}", False, skus[4:])
    order = scenario.order([(skus[i % 6], 3) for i in range(rows)])
    for row in order["rows"][:: max(1, rows // 5)]:
        if row["tracing"] is not None:
            scenario.assign(row["id"], [f"{row['id']}-{n}" for n in range(2)])
    return order["id"]


def test_order_view_runs_the_same_number_of_queries_for_5_and_200_rows(
    scenario: Scenario,
) -> None:
    query = f"query($id: ID!) {{ purchaseOrder(id: $id) {{ {ORDER_FIELDS} }} }}"
    counts, statements = {}, {}
    for rows in (5, 200):
        order_id = _order_with_rows(scenario, rows)
        with counting_queries() as counter:
            order = scenario.client(query, {"id": order_id})["purchaseOrder"]
        assert len(order["rows"]) == rows
        counts[rows] = len(counter.statements)
        statements[rows] = [s[:90] for s in counter.statements]
    assert counts[5] == counts[200], (counts, statements)
    # who asks; order; rows; supplier; serials; tracing (summed in SQL, as the order lists need)
    assert counts[200] <= 6, (counts, statements)


def test_order_list_filters_and_pages(scenario: Scenario) -> None:
    scenario.product("Bolt", False, ["BOLT"])
    acme = scenario.supplier("Acme Metals")
    other = scenario.supplier("Zenith Parts")
    made = [scenario.order([("BOLT", 1)], supplier=acme) for _ in range(3)]
    made.append(scenario.order([("BOLT", 1)], kind="OUTSOURCED", supplier=other))
    scenario.receive_row(made[0]["rows"][0]["id"])

    def numbers(filter: dict, first: int = 10, after: str | None = None) -> dict:
        return scenario.client(
            """query($f: PurchaseOrderFilter, $first: Int, $after: String) {
            purchaseOrders(filter: $f, first: $first, after: $after) { totalCount
            pageInfo { hasNextPage endCursor } edges { node { number } } } }""",
            {"f": filter, "first": first, "after": after},
        )["purchaseOrders"]

    def listed(page: dict) -> list[str]:
        return [e["node"]["number"] for e in page["edges"]]

    assert listed(numbers({"kind": "OUTSOURCED"})) == ["OPO-1"]
    assert listed(numbers({"status": "RECEIVED"})) == ["PO-1"]
    assert listed(numbers({"supplierId": other})) == ["OPO-1"]
    assert listed(numbers({"search": "po-2"})) == ["PO-2"]
    assert listed(numbers({"search": "zenith"})) == ["OPO-1"]

    first = numbers({}, first=3)
    assert first["totalCount"] == 4 and first["pageInfo"]["hasNextPage"]
    rest = numbers({}, first=3, after=first["pageInfo"]["endCursor"])
    assert not rest["pageInfo"]["hasNextPage"]
    assert sorted(listed(first) + listed(rest)) == ["OPO-1", "PO-1", "PO-2", "PO-3"]

    bad = scenario.client.execute("{ purchaseOrders(first: 100000) { totalCount } }")
    assert "between 0 and 500" in bad["errors"][0]["message"]


def test_stock_list_filters_sorts_and_pages(scenario: Scenario) -> None:
    scenario.product("Probe", True, ["PRB-K", "PRB-J"])
    order = scenario.order([("PRB-K", 3), ("PRB-J", 2)])
    k_row, j_row = order["rows"]
    scenario.assign(k_row["id"], ["K_1", "KX1", "k-3"])
    scenario.assign(j_row["id"], ["J-1", "J-2"])
    scenario.receive_row(k_row["id"])

    def page(**kwargs) -> dict:
        return scenario.client(
            """query($f: SerialNumberFilter, $o: SerialNumberOrder, $first: Int,
            $after: String) { serialNumbers(filter: $f, orderBy: $o, first: $first,
            after: $after) { totalCount pageInfo { hasNextPage endCursor }
            edges { node { number status addedAt variant { sku }
            purchaseOrderRow { purchaseOrder { number } } } } } }""",
            kwargs,
        )["serialNumbers"]

    def numbers(result: dict) -> list[str]:
        return [e["node"]["number"] for e in result["edges"]]

    assert page()["totalCount"] == 5
    assert numbers(page(f={"sku": "PRB-J"}, o={"field": "NUMBER", "direction": "ASC"})) == [
        "J-1",
        "J-2",
    ]
    assert sorted(numbers(page(f={"status": "IN_STOCK"}))) == ["KX1", "K_1", "k-3"]
    assert numbers(page(f={"search": "k_"})) == ["K_1"]  # _ and % are not wildcards
    assert numbers(page(f={"search": "%"})) == []
    assert numbers(page(f={"purchaseOrderId": order["id"], "search": "j-2"})) == ["J-2"]

    added = page(f={"status": "IN_STOCK"})["edges"][0]["node"]["addedAt"]
    assert page(f={"addedFrom": added, "addedTo": added})["totalCount"] == 3
    assert page(f={"addedFrom": "2100-01-01T00:00:00+00:00"})["totalCount"] == 0

    ordered = numbers(page(o={"field": "NUMBER", "direction": "DESC"}))
    assert ordered == ["KX1", "K_1", "k-3", "J-2", "J-1"]
    first = page(o={"field": "NUMBER", "direction": "ASC"}, first=2)
    second = page(
        o={"field": "NUMBER", "direction": "ASC"}, first=2, after=first["pageInfo"]["endCursor"]
    )
    assert numbers(first) + numbers(second) == ["J-1", "J-2", "k-3", "K_1"]


def test_one_number_shows_where_it_came_from_and_its_history(scenario: Scenario) -> None:
    row = scenario.tracked_row(quantity=2, sku="HIS")
    saved = scenario.assign(row["id"], ["H-1"])["serialNumbers"]
    scenario.remove(row["id"], [saved[0]["id"]])
    scenario.assign(row["id"], ["h-1"])
    order = scenario.receive_row(row["id"])["purchaseOrder"]

    found = scenario.client("""{ serialNumber(sku: "HIS", number: " H-1 ") { number status addedAt
        purchaseOrderRow { purchaseOrder { number supplier { name } } }
        history { kind document at } } }""")["serialNumber"]
    assert found["number"] == "h-1" and found["status"] == "IN_STOCK"
    assert found["purchaseOrderRow"]["purchaseOrder"]["number"] == order["number"]
    assert [(e["kind"], e["document"]) for e in found["history"]] == [
        ("ASSIGNED", order["number"]),
        ("REMOVED", order["number"]),
        ("ASSIGNED", order["number"]),
        ("RECEIVED", order["number"]),
    ]
    assert (
        scenario.client('{ serialNumber(sku: "HIS", number: "nope") { id } }')["serialNumber"]
        is None
    )


def test_unexpected_failures_are_masked(scenario: Scenario, monkeypatch) -> None:
    row = scenario.tracked_row(quantity=1)

    async def broken(*args, **kwargs):
        raise RuntimeError('relation "serial_number" does not exist: SELECT secret')

    monkeypatch.setattr(serial_service, "assign", broken)
    body = scenario.client.execute(
        """mutation($id: ID!) { assignSerialNumbers(input: {rowId: $id,
        numbers: ["X"]}) { errors { code } } }""",
        {"id": row["id"]},
    )
    assert [e["message"] for e in body["errors"]] == ["Unexpected error."]
    assert "secret" not in str(body) and "Traceback" not in str(body)

    invalid = scenario.client.execute("{ purchaseOrders { nope } }")
    assert "Cannot query field 'nope'" in invalid["errors"][0]["message"]


def test_graphiql_is_served_from_local_files(client) -> None:
    page = client.http.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql.min.js" in page.text
    assert 'rel="icon"' in page.text  # else the browser asks for /favicon.ico: a 404
    assert not re.search(r"""(src|href)=["']https?://""", page.text)
    for asset in re.findall(r"""(?:src|href)="(/node_modules/[^"]+)\"""", page.text):
        assert client.http.get(asset).status_code == 200, asset


def test_one_row_with_its_numbers(scenario: Scenario) -> None:
    row = scenario.tracked_row(quantity=3)
    scenario.assign(row["id"], ["ONE-2", "ONE-1"])
    found = scenario.client(
        """query($id: ID!) { purchaseOrderRow(id: $id) { id
        serialNumbers { number } tracing { assigned } } }""",
        {"id": row["id"]},
    )
    assert found["purchaseOrderRow"]["serialNumbers"] == [{"number": "ONE-2"}, {"number": "ONE-1"}]
    assert scenario.client('{ purchaseOrderRow(id: "nope") { id } }')["purchaseOrderRow"] is None
