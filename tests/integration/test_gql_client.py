"""The API as an integrator uses it, with a GraphQL client library none of us wrote: Python
`gql`, which fetches the schema by introspection and validates every operation against it
before sending. The whole flow over real HTTP against uvicorn: items, a supplier, a purchase
order, serial numbers assigned and received, a customer and a sales order, picked and
delivered, then the unit traced back, and the errors read from the payloads' Error interface;
look-ups by number and SKU, `nodes`, the bulk assignment, the history across units, and a sync
of what changed by `updatedAt`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from gql import Client, GraphQLRequest, gql
from gql.transport.httpx import HTTPXTransport
from graphql import GraphQLError

from support.server import cli_token, live_server

FLOW = gql("""
mutation Item($input: CreateProductInput!) {
  createProduct(input: $input) { product { id variants { sku } } errors { code message } }
}
mutation Supplier($input: CreateSupplierInput!) {
  createSupplier(input: $input) { supplier { id } errors { code } }
}
mutation Order($input: CreatePurchaseOrderInput!) {
  createPurchaseOrder(input: $input) {
    purchaseOrder { id number rows { id variant { sku } } }
    errors { ... on Error { code message field index } }
  }
}
mutation Assign($input: AssignSerialNumbersInput!) {
  assignSerialNumbers(input: $input) {
    row { tracing { required assigned state } }
    errors { code message index ... on SerialNumberError { number conflict { number } } }
  }
}
mutation Receive($input: ReceivePurchaseOrderInput!) {
  receivePurchaseOrder(input: $input) { purchaseOrder { status } errors { code message } }
}
mutation Customer($input: CreateCustomerInput!) {
  createCustomer(input: $input) { customer { id } errors { code } }
}
mutation Sale($input: CreateSalesOrderInput!) {
  createSalesOrder(input: $input) { salesOrder { id number rows { id } } errors { code } }
}
mutation Pick($input: PickSerialNumbersInput!) {
  pickSerialNumbers(input: $input) { row { tracing { state } } errors { code message } }
}
mutation Deliver($input: DeliverSalesOrderInput!) {
  deliverSalesOrder(input: $input) { salesOrder { status deliveredAt } errors { code } }
}
query Trace($sku: String!, $number: String!) {
  serialNumber(sku: $sku, number: $number) {
    status addedAt
    purchaseOrderRow { receivedAt purchaseOrder { number supplier { name } } }
    salesOrderRow { salesOrder { number deliveredAt customer { name email } } }
    history { kind at recordedAt document user }
  }
}
mutation AssignRows($input: AssignSerialNumbersToRowsInput!) {
  assignSerialNumbersToRows(input: $input) {
    rows { id tracing { state } }
    errors { code index ... on SerialNumberError { rowIndex rowId number } }
  }
}
query LookUp($number: String!, $sku: String!) {
  purchaseOrder(number: $number) { id updatedAt rows { id updatedAt } }
  variant(sku: $sku) { id sku }
}
query Again($ids: [ID!]!) {
  nodes(ids: $ids) { id __typename ... on PurchaseOrder { number status } }
}
query Units($numbers: [String!]!, $sku: String) {
  serialNumbersByNumber(numbers: $numbers, sku: $sku) { number status updatedAt }
}
query Events($filter: SerialNumberEventFilter) {
  serialNumberEvents(filter: $filter, first: 50) {
    totalCount edges { node { kind number at recordedAt } }
  }
}
query Stock($filter: SerialNumberFilter) {
  serialNumbers(filter: $filter, orderBy: {field: NUMBER, direction: ASC}, first: 10) {
    totalCount edges { node { number status } }
  }
}
""")


@pytest.fixture
def api(postgres_url: str) -> Iterator[Client]:
    token = cli_token(postgres_url, "integration", "OPERATOR")
    with live_server(postgres_url) as server:
        transport = HTTPXTransport(
            url=f"{server.url}/graphql", headers={"Authorization": f"Bearer {token}"}
        )
        with Client(transport=transport, fetch_schema_from_transport=True) as session:
            yield session


def run(session: Any, operation: str, **variables: Any) -> dict[str, Any]:
    return session.execute(
        GraphQLRequest(FLOW, variable_values=variables, operation_name=operation)
    )


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_an_integrator_runs_the_whole_flow_with_gql(api: Any) -> None:
    made = run(
        api,
        "Item",
        input={
            "name": "Servo",
            "serialTracked": True,
            "variants": [{"sku": "SRV-INT", "name": "Servo 100 W"}],
        },
    )
    assert made["createProduct"]["errors"] == []
    supplier = run(
        api,
        "Supplier",
        input={"name": "Nordic Motors", "contact": {"email": "erik@nordic.example"}},
    )["createSupplier"]["supplier"]["id"]
    three_days_ago = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    order = run(
        api,
        "Order",
        input={
            "kind": "PURCHASE",
            "supplierId": supplier,
            "orderedAt": three_days_ago,
            "rows": [{"sku": "SRV-INT", "quantity": 3}],
        },
    )["createPurchaseOrder"]["purchaseOrder"]
    row = order["rows"][0]["id"]

    refused = run(api, "Assign", input={"rowId": row, "numbers": ["SN-1", "sn-1", "BAD#"]})[
        "assignSerialNumbers"
    ]
    assert [(e["code"], e["index"]) for e in refused["errors"]] == [
        ("DUPLICATE_IN_INPUT", 1),
        ("INVALID_CHARACTERS", 2),
    ]
    saved = run(api, "Assign", input={"rowId": row, "numbers": ["SN-2", "SN-10"]})[
        "assignSerialNumbers"
    ]
    assert saved["errors"] == [] and saved["row"]["tracing"]["state"] == "PARTIAL"
    # The rest by the bulk call, after one refused whole (too many for the row).
    too_many = run(
        api,
        "AssignRows",
        input={
            "purchaseOrderId": order["id"],
            "rows": [{"rowId": row, "numbers": ["SN-1", "SN-3"]}],
        },
    )["assignSerialNumbersToRows"]
    assert [(e["code"], e["rowIndex"], e["rowId"], e["index"]) for e in too_many["errors"]] == [
        ("EXCEEDS_QUANTITY", 0, row, 1)
    ]
    bulk = run(
        api,
        "AssignRows",
        input={"purchaseOrderId": order["id"], "rows": [{"rowId": row, "numbers": ["SN-1"]}]},
    )["assignSerialNumbersToRows"]
    assert bulk["errors"] == [] and bulk["rows"][0]["tracing"]["state"] == "COMPLETE"

    # Looked up by the keys an integrator holds; fetched again by ID alone.
    found = run(api, "LookUp", number=order["number"].lower(), sku="srv-int")
    assert found["purchaseOrder"]["id"] == order["id"]
    assert found["variant"]["sku"] == "SRV-INT"
    again = run(api, "Again", ids=[order["id"], found["variant"]["id"]])["nodes"]
    assert [n["__typename"] for n in again] == ["PurchaseOrder", "Variant"]
    synced = {
        u["number"]: u["updatedAt"]
        for u in run(api, "Units", numbers=["SN-1", "SN-2", "SN-10"], sku="SRV-INT")[
            "serialNumbersByNumber"
        ]
    }
    yesterday = (datetime.now(UTC) - timedelta(days=1)).replace(microsecond=0)
    received = run(
        api, "Receive", input={"purchaseOrderId": order["id"], "receivedAt": yesterday.isoformat()}
    )
    assert received["receivePurchaseOrder"]["purchaseOrder"]["status"] == "RECEIVED"
    # Syncing changes: what the receipt changed has a newer updatedAt than the last sync saw.
    after = run(api, "LookUp", number=order["number"], sku="SRV-INT")["purchaseOrder"]
    at = datetime.fromisoformat
    assert at(after["updatedAt"]) > at(found["purchaseOrder"]["updatedAt"])
    units = run(api, "Units", numbers=list(synced), sku="SRV-INT")["serialNumbersByNumber"]
    assert all(
        u["status"] == "IN_STOCK" and at(u["updatedAt"]) > at(synced[u["number"]]) for u in units
    )
    # The backdated receipt lists after the assignments: history is in recorded order.
    events = run(api, "Events", filter={"purchaseOrderId": order["id"]})["serialNumberEvents"]
    assert [e["node"]["kind"] for e in events["edges"]] == ["ASSIGNED"] * 3 + ["RECEIVED"] * 3

    customer = run(
        api, "Customer", input={"name": "Helios", "contact": {"email": "ops@helios.example"}}
    )["createCustomer"]["customer"]["id"]
    sale = run(
        api, "Sale", input={"customerId": customer, "rows": [{"sku": "SRV-INT", "quantity": "1"}]}
    )["createSalesOrder"]["salesOrder"]
    picked = run(api, "Pick", input={"rowId": sale["rows"][0]["id"], "numbers": ["sn-10"]})
    assert picked["pickSerialNumbers"]["row"]["tracing"]["state"] == "COMPLETE"
    delivered = run(api, "Deliver", input={"salesOrderId": sale["id"]})["deliverSalesOrder"]
    assert delivered["salesOrder"]["status"] == "DELIVERED"

    trace = run(api, "Trace", sku="SRV-INT", number="SN-10")["serialNumber"]
    assert trace["status"] == "SHIPPED"
    assert trace["purchaseOrderRow"]["purchaseOrder"]["supplier"]["name"] == "Nordic Motors"
    assert trace["salesOrderRow"]["salesOrder"]["customer"]["email"] == "ops@helios.example"
    assert [e["kind"] for e in trace["history"]] == ["ASSIGNED", "RECEIVED", "RESERVED", "SHIPPED"]
    assert all(e["user"] == "integration" for e in trace["history"])
    stock = run(api, "Stock", filter={"sku": "SRV-INT"})["serialNumbers"]
    assert [e["node"]["number"] for e in stock["edges"]] == ["SN-1", "SN-2", "SN-10"]

    # Client-side validation against the fetched schema: a typo never leaves the process.
    with pytest.raises(GraphQLError, match="Cannot query field 'numbr'"):
        api.execute(gql("{ serialNumbers { edges { node { numbr } } } }"))
