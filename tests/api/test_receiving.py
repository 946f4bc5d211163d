"""Receiving rows (whole and partial), reverting receipts, and editing rows, through the API."""

from __future__ import annotations

from backend.models import SerialNumber, SerialNumberStatus
from support.builders import Scenario


def codes(errors: list[dict]) -> list[tuple[str, int | None]]:
    return [(e["code"], e["index"]) for e in errors]


def test_receiving_a_row_stamps_the_row_and_its_serials(scenario: Scenario) -> None:
    scenario.product("Board", True, ["B-1"])
    scenario.product("Wire", False, ["W-1"])
    order = scenario.order([("B-1", 2), ("W-1", "2.5")])
    tracked, untracked = order["rows"]
    scenario.assign(tracked["id"], ["B-100", "B-101"])

    result = scenario.receive_row(tracked["id"])
    assert result["errors"] == []
    received = result["purchaseOrder"]
    assert received["status"] == "PARTIALLY_RECEIVED"
    row = received["rows"][0]
    assert row["status"] == "RECEIVED" and row["receivedAt"]
    assert {(s["status"], s["addedAt"]) for s in row["serialNumbers"]} == {
        ("IN_STOCK", row["receivedAt"])
    }

    stock = scenario.serials(status="IN_STOCK")
    assert stock["totalCount"] == 2
    assert {e["node"]["addedAt"] for e in stock["edges"]} == {row["receivedAt"]}

    done = scenario.receive_row(untracked["id"])["purchaseOrder"]
    assert done["status"] == "RECEIVED"
    assert done["rows"][1]["quantity"] == "2.5"
    assert codes(scenario.receive_row(untracked["id"])["errors"]) == [("ROW_RECEIVED", None)]


def test_partial_receipt_splits_the_row_and_takes_the_first_numbers(scenario: Scenario) -> None:
    row = scenario.tracked_row(quantity=5)
    scenario.assign(row["id"], ["P1", "P2", "P3", "P4"])
    order = scenario.receive_row(row["id"], quantity=3)["purchaseOrder"]

    original, split = order["rows"]
    assert (original["quantity"], original["status"]) == ("2", "NOT_RECEIVED")
    assert [s["number"] for s in original["serialNumbers"]] == ["P4"]
    assert original["tracing"] == {"required": 2, "assigned": 1, "state": "PARTIAL"}
    assert (split["quantity"], split["status"]) == ("3", "RECEIVED")
    assert [s["number"] for s in split["serialNumbers"]] == ["P1", "P2", "P3"]
    assert {s["status"] for s in split["serialNumbers"]} == {"IN_STOCK"}
    assert order["status"] == "PARTIALLY_RECEIVED"


def test_partial_receipt_takes_the_named_numbers(scenario: Scenario) -> None:
    row = scenario.tracked_row(quantity=4)
    saved = scenario.assign(row["id"], ["N1", "N2", "N3", "N4"])["serialNumbers"]
    order = scenario.receive_row(
        row["id"], quantity=2, serial_ids=[saved[3]["id"], saved[1]["id"]]
    )["purchaseOrder"]
    original, split = order["rows"]
    assert sorted(s["number"] for s in split["serialNumbers"]) == ["N2", "N4"]
    assert [s["number"] for s in original["serialNumbers"]] == ["N1", "N3"]


def test_receipt_refusals_change_nothing(scenario: Scenario) -> None:
    row = scenario.tracked_row(quantity=3)
    other = scenario.tracked_row(quantity=1, sku="OTHER")
    foreign = scenario.assign(other["id"], ["F1"])["serialNumbers"][0]["id"]

    assert codes(scenario.receive_row(row["id"], quantity=4)["errors"]) == [
        ("INVALID_QUANTITY", None)
    ]
    assert codes(scenario.receive_row(row["id"], quantity="1.5")["errors"]) == [
        ("INVALID_QUANTITY", None)
    ]
    assert codes(scenario.receive_row(row["id"], quantity=1, serial_ids=[foreign])["errors"]) == [
        ("SERIAL_NOT_ON_ROW", 0)
    ]
    assert scenario.fetch_row(row["id"])["status"] == "NOT_RECEIVED"


def test_revert_puts_rows_and_serials_back(scenario: Scenario) -> None:
    row = scenario.tracked_row(quantity=3)
    scenario.assign(row["id"], ["V1", "V2"])
    order = scenario.receive_row(row["id"], quantity=2)["purchaseOrder"]
    scenario.receive_row(order["rows"][0]["id"])

    reverted = scenario.revert(order["id"])
    assert reverted["errors"] == []
    rows = reverted["purchaseOrder"]["rows"]
    assert reverted["purchaseOrder"]["status"] == "NOT_RECEIVED"
    assert {(r["status"], r["receivedAt"]) for r in rows} == {("NOT_RECEIVED", None)}
    serials = [s for r in rows for s in r["serialNumbers"]]
    assert {(s["status"], s["addedAt"]) for s in serials} == {("EXPECTED", None)}
    # Numbers can be edited again.
    assert all(r["canRemoveSerialNumbers"] for r in rows)

    assert codes(scenario.revert(order["id"])["errors"]) == [("NOT_RECEIVED", None)]


def test_revert_is_refused_while_a_serial_is_reserved_or_shipped(scenario: Scenario) -> None:
    row = scenario.tracked_row(quantity=3)
    scenario.assign(row["id"], ["S1", "S2", "S3"])
    order = scenario.receive_row(row["id"])["purchaseOrder"]

    reserved = scenario.sales_order(scenario.customer(), [("SRV-1", 1)])
    scenario.pick(reserved["rows"][0]["id"], ["S1"])
    shipped = scenario.sales_order(scenario.customer(), [("SRV-1", 1)])
    scenario.pick(shipped["rows"][0]["id"], ["S3"])
    scenario.deliver(shipped["id"])
    refused = scenario.revert(order["id"])
    assert [(e["code"], e["number"]) for e in refused["errors"]] == [
        ("SERIAL_IN_USE", "S1"),
        ("SERIAL_IN_USE", "S3"),
    ]
    assert "reserved" in refused["errors"][0]["message"]
    after = scenario.fetch_order(order["id"])
    assert after["status"] == "RECEIVED"
    assert [s["status"] for s in after["rows"][0]["serialNumbers"]] == [
        "RESERVED",
        "IN_STOCK",
        "SHIPPED",
    ]


def test_row_editing_rules(scenario: Scenario, client) -> None:
    row = scenario.tracked_row(quantity=3)
    order_id = scenario.client("""query { purchaseOrders { edges { node { id } } } }""")[
        "purchaseOrders"
    ]["edges"][0]["node"]["id"]
    scenario.assign(row["id"], ["E1", "E2"])
    update = """mutation($id: ID!, $q: Decimal!) { updatePurchaseOrderRow(input: {rowId: $id,
        quantity: $q}) { row { quantity } errors { code message } } }"""
    delete = """mutation($id: ID!) { deletePurchaseOrderRow(input: {rowId: $id}) {
        purchaseOrder { rows { id } } errors { code message } } }"""

    lowered = scenario.client(update, {"id": row["id"], "q": "1"})["updatePurchaseOrderRow"]
    assert [e["code"] for e in lowered["errors"]] == ["QUANTITY_BELOW_ASSIGNED"]
    assert (
        scenario.client(update, {"id": row["id"], "q": "2"})["updatePurchaseOrderRow"]["row"][
            "quantity"
        ]
        == "2"
    )
    assert [
        e["code"]
        for e in scenario.client(delete, {"id": row["id"]})["deletePurchaseOrderRow"]["errors"]
    ] == ["ROW_HAS_SERIAL_NUMBERS"]

    add = """mutation($id: ID!) { addPurchaseOrderRow(input: {purchaseOrderId: $id,
        sku: "SRV-1", quantity: "4"}) { row { id quantity tracing { state } } errors { code } } }"""
    added = scenario.client(add, {"id": order_id})["addPurchaseOrderRow"]
    assert added["row"]["tracing"]["state"] == "MISSING"
    remaining = scenario.client(delete, {"id": added["row"]["id"]})["deletePurchaseOrderRow"]
    assert [r["id"] for r in remaining["purchaseOrder"]["rows"]] == [row["id"]]

    scenario.receive_row(row["id"])
    assert [
        e["code"]
        for e in scenario.client(update, {"id": row["id"], "q": "5"})["updatePurchaseOrderRow"][
            "errors"
        ]
    ] == ["ROW_RECEIVED"]


def test_creating_orders_checks_every_row(scenario: Scenario) -> None:
    scenario.product("Motor", True, ["MOT"])
    scenario.product("Oil", False, ["OIL"])
    supplier = scenario.supplier("Oils Inc")
    result = scenario.client(
        """mutation($input: CreatePurchaseOrderInput!) {
        createPurchaseOrder(input: $input) { purchaseOrder { id }
        errors { code field index message } } }""",
        {
            "input": {
                "kind": "OUTSOURCED",
                "supplierId": supplier,
                "rows": [
                    {"sku": "MOT", "quantity": "1.5"},
                    {"sku": "OIL", "quantity": "0.25"},
                    {"sku": "NOPE", "quantity": "1"},
                    {"sku": "OIL", "quantity": "0"},
                ],
            }
        },
    )["createPurchaseOrder"]
    assert result["purchaseOrder"] is None
    assert [(e["code"], e["index"]) for e in result["errors"]] == [
        ("INVALID_QUANTITY", 0),
        ("UNKNOWN_SKU", 2),
        ("INVALID_QUANTITY", 3),
    ]
    assert scenario.client("{ purchaseOrders { totalCount } }")["purchaseOrders"]["totalCount"] == 0

    opo = scenario.order([("OIL", "0.25")], kind="OUTSOURCED", supplier=supplier)
    assert opo["number"] == "OPO-1" and opo["kind"] == "OUTSOURCED"
    assert opo["hasTrackedRows"] is False and opo["tracing"] is None


def test_database_refuses_more_serials_than_the_quantity(client, scenario: Scenario) -> None:
    """Integrity lives in the database too, not only in the domain's checks."""
    from tortoise.exceptions import IntegrityError

    from backend.models import PurchaseOrderRow

    row = scenario.tracked_row(quantity=2)
    scenario.assign(row["id"], ["D1"])

    async def overfill() -> str:
        try:
            await PurchaseOrderRow.all().update(assigned_count=3)
        except IntegrityError:
            return "refused"
        return "accepted"

    async def duplicate() -> str:
        serial = await SerialNumber.get(number="D1")
        try:
            await SerialNumber.create(
                variant_id=serial.variant_id,
                number="d1",
                number_key="d1",
                status=SerialNumberStatus.EXPECTED,
            )
        except IntegrityError:
            return "refused"
        return "accepted"

    assert client.run(overfill) == "refused"
    assert client.run(duplicate) == "refused"


def test_the_order_header_sets_clears_and_keeps_the_expected_date(scenario: Scenario) -> None:
    scenario.product("Board", True, ["B-1"])
    order = scenario.order([("B-1", 2)])
    other = scenario.supplier("Other Supplier")
    update = """mutation($input: UpdatePurchaseOrderInput!) { updatePurchaseOrder(input: $input) {
        purchaseOrder { expectedOn supplier { name } } errors { code field } } }"""

    def header(**changes: object) -> dict:
        return scenario.client(update, {"input": {"purchaseOrderId": order["id"], **changes}})[
            "updatePurchaseOrder"
        ]

    assert header(expectedOn="2026-12-24")["purchaseOrder"]["expectedOn"] == "2026-12-24"
    # Left out, the date stays: changing the supplier alone does not clear it.
    kept = header(supplierId=other)
    assert kept["errors"] == []
    assert kept["purchaseOrder"] == {
        "expectedOn": "2026-12-24",
        "supplier": {"name": "Other Supplier"},
    }
    assert header(expectedOn="1999-12-31")["errors"] == [
        {"code": "INVALID_DATE", "field": "expectedOn"}
    ]
    assert header()["purchaseOrder"]["expectedOn"] == "2026-12-24"
    assert header(expectedOn=None)["purchaseOrder"]["expectedOn"] is None
