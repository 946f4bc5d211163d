"""`createdAt` / `updatedAt`: every write moves `updatedAt`, the bulk SQL's too, so that an
integrator can sync what changed."""

from __future__ import annotations

from datetime import datetime

from support.builders import Scenario

ROW = """query($id: ID!) { purchaseOrderRow(id: $id) { createdAt updatedAt
    serialNumbers { number createdAt updatedAt }
    purchaseOrder { createdAt updatedAt } } }"""


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value)


def test_assigning_and_receiving_move_updated_at(scenario: Scenario) -> None:
    row = scenario.tracked_row(2)
    before = scenario.client(ROW, {"id": row["id"]})["purchaseOrderRow"]
    assert _at(before["createdAt"]) <= _at(before["updatedAt"])
    assert scenario.assign(row["id"], ["T-1", "T-2"])["errors"] == []
    assigned = scenario.client(ROW, {"id": row["id"]})["purchaseOrderRow"]
    assert _at(assigned["updatedAt"]) > _at(before["updatedAt"])  # its assigned count
    assert assigned["createdAt"] == before["createdAt"]
    assert assigned["purchaseOrder"] == before["purchaseOrder"]  # the order itself is as it was
    assert scenario.receive_row(row["id"])["errors"] == []
    received = scenario.client(ROW, {"id": row["id"]})["purchaseOrderRow"]
    assert _at(received["updatedAt"]) > _at(assigned["updatedAt"])
    assert _at(received["purchaseOrder"]["updatedAt"]) > _at(
        before["purchaseOrder"]["updatedAt"]
    )  # its status
    for now, then in zip(received["serialNumbers"], assigned["serialNumbers"], strict=True):
        # received in one UPDATE of the bulk SQL: the database moved them
        assert _at(now["updatedAt"]) > _at(then["updatedAt"]) >= _at(then["createdAt"])


def test_items_and_parties_have_both_dates(scenario: Scenario) -> None:
    product = scenario.product("Dated", False)
    supplier = scenario.supplier()
    found = scenario.client(
        "query($p: ID!, $s: ID!) { product(id: $p) { createdAt updatedAt "
        "variants { createdAt updatedAt } } supplier(id: $s) { createdAt updatedAt } }",
        {"p": product["id"], "s": supplier},
    )
    dates = [found["product"], found["product"]["variants"][0], found["supplier"]]
    assert all(_at(d["createdAt"]) <= _at(d["updatedAt"]) for d in dates)
    scenario.client.mutate(
        "updateProduct",
        "UpdateProductInput",
        {"productId": product["id"], "name": "Dated again"},
        "product { id }",
    )
    again = scenario.client(
        "query($p: ID!) { product(id: $p) { updatedAt } }", {"p": product["id"]}
    )["product"]
    assert _at(again["updatedAt"]) > _at(found["product"]["updatedAt"])
