"""History in recorded order (a backdated receipt still follows its assignment), events listed
across units, and their CSV export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from support.builders import Scenario

EVENTS = """query($f: SerialNumberEventFilter, $first: Int, $after: String) {
  serialNumberEvents(filter: $f, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { kind number at recordedAt document variant { sku } } } } }"""


def _backdated(scenario: Scenario) -> dict:
    """A PO ordered 3 days ago; SN-1 and SN-2 assigned now, received with the date 2 days ago."""
    scenario.product("History", True, ["HIS-1"])
    ordered = datetime.now(UTC) - timedelta(days=3)
    order = scenario.client.mutate(
        "createPurchaseOrder",
        "CreatePurchaseOrderInput",
        {
            "kind": "PURCHASE",
            "supplierId": scenario.supplier(),
            "orderedAt": ordered.isoformat(),
            "rows": [{"sku": "HIS-1", "quantity": "2"}],
        },
        "purchaseOrder { id number rows { id } }",
    )["purchaseOrder"]
    row = order["rows"][0]["id"]
    assert scenario.assign(row, ["SN-1", "SN-2"])["errors"] == []
    scenario.client.mutate(
        "receivePurchaseOrderRow",
        "ReceivePurchaseOrderRowInput",
        {"rowId": row, "receivedAt": (ordered + timedelta(days=1)).isoformat()},
        "purchaseOrder { id }",
    )
    return order


def test_a_backdated_receipt_still_follows_its_assignment(scenario: Scenario) -> None:
    _backdated(scenario)
    history = scenario.client(
        '{ serialNumber(sku: "HIS-1", number: "SN-1") { history { kind at recordedAt } } }'
    )["serialNumber"]["history"]
    assert [e["kind"] for e in history] == ["ASSIGNED", "RECEIVED"]
    assigned, received = history
    assert received["at"] < assigned["at"]  # its business date is earlier...
    assert received["recordedAt"] >= assigned["recordedAt"]  # ...but it was recorded later


def test_events_are_listed_across_units_by_document_and_item(scenario: Scenario) -> None:
    order = _backdated(scenario)
    scenario.in_stock("OTHER-1", ["X-1"])
    by_order = scenario.client(EVENTS, {"f": {"purchaseOrderId": order["id"]}})
    found = by_order["serialNumberEvents"]
    assert found["totalCount"] == 4
    assert [(e["node"]["kind"], e["node"]["number"]) for e in found["edges"]] == [
        ("ASSIGNED", "SN-1"),
        ("ASSIGNED", "SN-2"),
        ("RECEIVED", "SN-1"),
        ("RECEIVED", "SN-2"),
    ]
    assert {e["node"]["document"] for e in found["edges"]} == {order["number"]}
    page = scenario.client(EVENTS, {"f": {"sku": "other-1"}, "first": 1})["serialNumberEvents"]
    assert page["totalCount"] == 2 and page["pageInfo"]["hasNextPage"]
    rest = scenario.client(
        EVENTS, {"f": {"sku": "OTHER-1"}, "first": 1, "after": page["pageInfo"]["endCursor"]}
    )
    assert [e["node"]["kind"] for e in page["edges"] + rest["serialNumberEvents"]["edges"]] == [
        "ASSIGNED",
        "RECEIVED",
    ]
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    none = scenario.client(EVENTS, {"f": {"recordedFrom": later}})["serialNumberEvents"]
    assert none["totalCount"] == 0


def test_events_export_as_csv_in_recorded_order(scenario: Scenario) -> None:
    order = _backdated(scenario)
    response = scenario.client.http.get(
        "/downloads/events.csv", params={"purchaseOrderId": order["id"]}
    )
    assert response.status_code == 200
    table = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert table[0] == ["recorded_at", "at", "kind", "serial_number", "sku", "document", "user"]
    assert [(r[2], r[3], r[4], r[5]) for r in table[1:]] == [
        ("ASSIGNED", "SN-1", "HIS-1", order["number"]),
        ("ASSIGNED", "SN-2", "HIS-1", order["number"]),
        ("RECEIVED", "SN-1", "HIS-1", order["number"]),
        ("RECEIVED", "SN-2", "HIS-1", order["number"]),
    ]
    bad = scenario.client.http.get("/downloads/events.csv", params={"recordedFrom": "soon"})
    assert bad.status_code == 400 and "recordedFrom" in bad.text
