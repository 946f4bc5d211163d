"""Received and delivered dates: the real date can be chosen, never in the future nor before
the order (or, for a delivery, its units); every date is stored in UTC, so that what is stored
reads back on every list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from support.builders import ERRORS, ORDER_FIELDS, Scenario
from support.client import Client

RECEIVE = f"""mutation($input: ReceivePurchaseOrderRowInput!) {{
    receivePurchaseOrderRow(input: $input) {{ purchaseOrder {{ {ORDER_FIELDS} }} {ERRORS} }} }}"""
DELIVER = """mutation($input: DeliverSalesOrderInput!) { deliverSalesOrder(input: $input) {
    salesOrder { status deliveredAt } errors { code message field } } }"""


def _iso(value: datetime) -> str:
    return value.isoformat()


def _order(s: Scenario, ordered_days_ago: int, sku: str = "SRV-D") -> dict:
    s.product(f"Item {sku}", True, [sku])
    ordered = datetime.now(UTC) - timedelta(days=ordered_days_ago)
    data = s.client(
        f"""mutation($input: CreatePurchaseOrderInput!) {{ createPurchaseOrder(input:
        $input) {{ purchaseOrder {{ {ORDER_FIELDS} orderedAt expectedOn }} {ERRORS} }} }}""",
        {
            "input": {
                "kind": "PURCHASE",
                "supplierId": s.supplier(f"S {sku}"),
                "rows": [{"sku": sku, "quantity": "2"}],
                "orderedAt": _iso(ordered),
                "expectedOn": "2026-12-24",
            }
        },
    )
    assert data["createPurchaseOrder"]["errors"] == []
    return data["createPurchaseOrder"]["purchaseOrder"]


def test_a_receipt_can_be_dated_back_to_the_order_date(client: Client) -> None:
    s = Scenario(client)
    order = _order(s, ordered_days_ago=3)
    assert order["expectedOn"] == "2026-12-24"
    row = order["rows"][0]
    s.assign(row["id"], ["D-1", "D-2"])
    yesterday = datetime.now(UTC) - timedelta(days=1)
    done = client(RECEIVE, {"input": {"rowId": row["id"], "receivedAt": _iso(yesterday)}})[
        "receivePurchaseOrderRow"
    ]
    assert done["errors"] == []
    received = done["purchaseOrder"]["rows"][0]
    assert datetime.fromisoformat(received["receivedAt"]) == yesterday
    assert {sn["addedAt"] for sn in received["serialNumbers"]} == {received["receivedAt"]}


@pytest.mark.parametrize(
    ("when", "code"),
    [
        (timedelta(days=1), "DATE_IN_FUTURE"),
        (timedelta(days=-10), "DATE_TOO_EARLY"),
    ],
)
def test_a_receipt_in_the_future_or_before_the_order_is_refused(
    client: Client, when: timedelta, code: str
) -> None:
    s = Scenario(client)
    order = _order(s, ordered_days_ago=3)
    refused = client(
        RECEIVE,
        {"input": {"rowId": order["rows"][0]["id"], "receivedAt": _iso(datetime.now(UTC) + when)}},
    )["receivePurchaseOrderRow"]
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [(code, "receivedAt")]
    assert s.fetch_order(order["id"])["status"] == "NOT_RECEIVED"
    whole = client(
        f"""mutation($input: ReceivePurchaseOrderInput!) {{
        receivePurchaseOrder(input: $input) {{ {ERRORS} }} }}""",
        {"input": {"purchaseOrderId": order["id"], "receivedAt": _iso(datetime.now(UTC) + when)}},
    )["receivePurchaseOrder"]
    assert [e["code"] for e in whole["errors"]] == [code]


def test_an_extreme_offset_is_stored_in_utc_and_every_list_still_reads(client: Client) -> None:
    s = Scenario(client)
    order = _order(s, ordered_days_ago=3)
    s.assign(order["rows"][0]["id"], ["X-1"])
    far = client(
        RECEIVE,
        {"input": {"rowId": order["rows"][0]["id"], "receivedAt": "9999-12-31T23:59:59-23:59"}},
    )["receivePurchaseOrderRow"]
    assert [e["code"] for e in far["errors"]] == ["INVALID_DATE"]
    shifted = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=30)
    local = shifted.astimezone(__import__("datetime").timezone(timedelta(hours=-11, minutes=-30)))
    ok = client(RECEIVE, {"input": {"rowId": order["rows"][0]["id"], "receivedAt": _iso(local)}})[
        "receivePurchaseOrderRow"
    ]
    assert ok["errors"] == []
    assert ok["purchaseOrder"]["rows"][0]["receivedAt"] == _iso(shifted)  # +00:00
    assert s.serials()["totalCount"] == 1
    assert client("{ purchaseOrders { totalCount } }")["purchaseOrders"]["totalCount"] == 1
    assert client.http.get("/downloads/serial-numbers.csv").status_code == 200


def test_an_order_date_in_the_future_is_refused(client: Client) -> None:
    s = Scenario(client)
    s.product("Item", True, ["SRV-F"])
    refused = client(
        f"""mutation($input: CreatePurchaseOrderInput!) {{ createPurchaseOrder(
        input: $input) {{ {ERRORS} }} }}""",
        {
            "input": {
                "kind": "PURCHASE",
                "supplierId": s.supplier(),
                "rows": [],
                "orderedAt": _iso(datetime.now(UTC) + timedelta(days=2)),
                "expectedOn": "1999-01-01",
            }
        },
    )["createPurchaseOrder"]
    assert sorted((e["code"], e["field"]) for e in refused["errors"]) == [
        ("DATE_IN_FUTURE", "orderedAt"),
        ("INVALID_DATE", "expectedOn"),
    ]
    assert client("{ purchaseOrders { totalCount } }")["purchaseOrders"]["totalCount"] == 0


def test_a_delivery_is_not_dated_before_its_units_were_received(client: Client) -> None:
    s = Scenario(client)
    order = _order(s, ordered_days_ago=10, sku="SRV-S")
    row = order["rows"][0]
    s.assign(row["id"], ["S-1", "S-2"])
    received = datetime.now(UTC) - timedelta(days=4)
    client(RECEIVE, {"input": {"rowId": row["id"], "receivedAt": _iso(received)}})
    customer = s.customer("Helios")
    so = s.client(
        """mutation($input: CreateSalesOrderInput!) { createSalesOrder(input: $input) {
        salesOrder { id rows { id } } errors { code } } }""",
        {
            "input": {
                "customerId": customer,
                "rows": [{"sku": "SRV-S", "quantity": "1"}],
                "orderedAt": _iso(datetime.now(UTC) - timedelta(days=8)),
            }
        },
    )["createSalesOrder"]["salesOrder"]
    s.pick(so["rows"][0]["id"], ["S-1"])

    early = client(
        DELIVER,
        {"input": {"salesOrderId": so["id"], "deliveredAt": _iso(received - timedelta(days=1))}},
    )["deliverSalesOrder"]
    assert [(e["code"], e["field"]) for e in early["errors"]] == [("DATE_TOO_EARLY", "deliveredAt")]
    assert "received" in early["errors"][0]["message"]
    future = client(
        DELIVER,
        {
            "input": {
                "salesOrderId": so["id"],
                "deliveredAt": _iso(datetime.now(UTC) + timedelta(1)),
            }
        },
    )["deliverSalesOrder"]
    assert [e["code"] for e in future["errors"]] == ["DATE_IN_FUTURE"]

    yesterday = datetime.now(UTC) - timedelta(days=1)
    done = client(DELIVER, {"input": {"salesOrderId": so["id"], "deliveredAt": _iso(yesterday)}})[
        "deliverSalesOrder"
    ]
    assert done["errors"] == [] and done["salesOrder"]["status"] == "DELIVERED"
    trace = client("""{ serialNumber(sku: "SRV-S", number: "S-1") {
        purchaseOrderRow { receivedAt } salesOrderRow { salesOrder { deliveredAt } }
        history { kind at } } }""")["serialNumber"]
    assert datetime.fromisoformat(trace["purchaseOrderRow"]["receivedAt"]) == received
    assert datetime.fromisoformat(trace["salesOrderRow"]["salesOrder"]["deliveredAt"]) == yesterday
    assert [e["kind"] for e in trace["history"]][-1] == "SHIPPED"
