"""Builders that set up data through the API, as a client would."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.conftest import GraphQLClient

ERRORS = "errors { code message field index number }"
ROW_FIELDS = """id quantity status receivedAt canRemoveSerialNumbers
    tracing { required assigned state }
    variant { sku }
    serialNumbers { id number status addedAt }"""
ORDER_FIELDS = f"id number kind status hasTrackedRows tracing {{ required assigned state }} " \
               f"supplier {{ name }} rows {{ {ROW_FIELDS} }}"


@dataclass
class Scenario:
    api: GraphQLClient
    counter: int = 0

    def supplier(self, name: str = "Acme") -> str:
        data = self.api("""mutation($name: String!) { createSupplier(input: {name: $name}) {
            supplier { id } errors { code message } } }""", {"name": name})
        assert data["createSupplier"]["errors"] == []
        return data["createSupplier"]["supplier"]["id"]

    def product(self, name: str, tracked: bool, skus: list[str]) -> dict[str, Any]:
        data = self.api("""mutation($input: CreateProductInput!) { createProduct(input: $input) {
            product { id name serialTracked variants { id sku } } errors { code message } } }""",
                        {"input": {"name": name, "serialTracked": tracked,
                                   "variants": [{"sku": s, "name": f"{name} {s}"}
                                                for s in skus]}})
        assert data["createProduct"]["errors"] == []
        return data["createProduct"]["product"]

    def order(self, rows: list[tuple[str, Any]], kind: str = "PURCHASE",
              supplier: str | None = None) -> dict[str, Any]:
        supplier = supplier or self.supplier(f"Supplier {len(rows)}-{id(rows)}")
        data = self.api(f"""mutation($input: CreatePurchaseOrderInput!) {{
            createPurchaseOrder(input: $input) {{ purchaseOrder {{ {ORDER_FIELDS} }}
            errors {{ code message field index }} }} }}""",
                        {"input": {"kind": kind, "supplierId": supplier,
                                   "rows": [{"sku": s, "quantity": str(q)} for s, q in rows]}})
        assert data["createPurchaseOrder"]["errors"] == []
        return data["createPurchaseOrder"]["purchaseOrder"]

    def tracked_row(self, quantity: int = 5, sku: str = "SRV-1") -> dict[str, Any]:
        """A not-received order with one row of a serial-tracked item."""
        self.product(f"Tracked {sku}", True, [sku])
        return self.order([(sku, quantity)])["rows"][0]

    def fetch_order(self, order_id: str) -> dict[str, Any]:
        return self.api(f"query($id: ID!) {{ purchaseOrder(id: $id) {{ {ORDER_FIELDS} }} }}",
                        {"id": order_id})["purchaseOrder"]

    def fetch_row(self, row_id: str) -> dict[str, Any]:
        orders = self.api(f"""{{ purchaseOrders(first: 500) {{ edges {{ node {{
            rows {{ {ROW_FIELDS} }} }} }} }} }}""")
        for edge in orders["purchaseOrders"]["edges"]:
            for row in edge["node"]["rows"]:
                if row["id"] == row_id:
                    return row
        raise AssertionError(f"row {row_id} not found")

    def assign(self, row_id: str, numbers: list[str], remove: list[str] | None = None
               ) -> dict[str, Any]:
        return self.api(f"""mutation($input: AssignSerialNumbersInput!) {{
            assignSerialNumbers(input: $input) {{ row {{ {ROW_FIELDS} }}
            serialNumbers {{ id number status addedAt }}
            errors {{ code message field index number
                      conflict {{ number purchaseOrderRow {{ purchaseOrder {{ number }} }} }} }}
            }} }}""", {"input": {"rowId": row_id, "numbers": numbers,
                                 "removeSerialNumberIds": remove}})["assignSerialNumbers"]

    def remove(self, row_id: str, serial_ids: list[str]) -> dict[str, Any]:
        return self.api(f"""mutation($input: RemoveSerialNumbersInput!) {{
            removeSerialNumbers(input: $input) {{ row {{ {ROW_FIELDS} }} {ERRORS} }} }}""",
                        {"input": {"rowId": row_id, "serialNumberIds": serial_ids}}
                        )["removeSerialNumbers"]

    def receive_row(self, row_id: str, quantity: Any = None,
                    serial_ids: list[str] | None = None) -> dict[str, Any]:
        return self.api(f"""mutation($input: ReceivePurchaseOrderRowInput!) {{
            receivePurchaseOrderRow(input: $input) {{ purchaseOrder {{ {ORDER_FIELDS} }}
            {ERRORS} }} }}""",
                        {"input": {"rowId": row_id,
                                   "quantity": None if quantity is None else str(quantity),
                                   "serialNumberIds": serial_ids}})["receivePurchaseOrderRow"]

    def revert(self, order_id: str) -> dict[str, Any]:
        return self.api(f"""mutation($id: ID!) {{
            revertPurchaseOrderReceipt(input: {{purchaseOrderId: $id}}) {{
            purchaseOrder {{ {ORDER_FIELDS} }} {ERRORS} }} }}""",
                        {"id": order_id})["revertPurchaseOrderReceipt"]

    def check(self, row_id: str, numbers: list[str]) -> list[dict[str, Any]]:
        return self.api("""query($row: ID!, $numbers: [String!]!) {
            checkSerialNumbers(rowId: $row, numbers: $numbers) { code message index number
            conflict { number } } }""", {"row": row_id, "numbers": numbers}
                        )["checkSerialNumbers"]

    def serials(self, **filter: Any) -> dict[str, Any]:
        return self.api("""query($filter: SerialNumberFilter, $first: Int) {
            serialNumbers(filter: $filter, first: $first) { totalCount edges { node {
            number status addedAt variant { sku }
            purchaseOrderRow { purchaseOrder { number } } } } } }""",
                        {"filter": filter, "first": 500})["serialNumbers"]


SO_ROW_FIELDS = """id quantity tracing { required assigned state } variant { sku }
    serialNumbers { id number status }"""
SO_FIELDS = f"""id number status deliveredAt hasTrackedRows tracing {{ required assigned state }}
    customer {{ name }} rows {{ {SO_ROW_FIELDS} }}"""
SERIAL_ERRORS = "errors { code message field index number conflict { number status } }"


@dataclass
class SalesScenario(Scenario):
    def in_stock(self, sku: str, numbers: list[str]) -> dict[str, Any]:
        """A received PO of `sku` carrying `numbers`; returns the order."""
        self.product(f"Item {sku}", True, [sku])
        row = self.order([(sku, len(numbers))])["rows"][0]
        assert self.assign(row["id"], numbers)["errors"] == []
        return self.receive_row(row["id"])["purchaseOrder"]

    def customer(self, name: str) -> str:
        data = self.api("""mutation($name: String!) { createCustomer(input: {name: $name}) {
            customer { id } errors { code message } } }""", {"name": name})
        assert data["createCustomer"]["errors"] == []
        return data["createCustomer"]["customer"]["id"]

    def sales_order(self, customer: str, rows: list[tuple[str, Any]]) -> dict[str, Any]:
        data = self.api(f"""mutation($input: CreateSalesOrderInput!) {{
            createSalesOrder(input: $input) {{ salesOrder {{ {SO_FIELDS} }}
            errors {{ code message field index }} }} }}""",
                        {"input": {"customerId": customer,
                                   "rows": [{"sku": s, "quantity": str(q)} for s, q in rows]}})
        assert data["createSalesOrder"]["errors"] == [], data
        return data["createSalesOrder"]["salesOrder"]

    def pick(self, row_id: str, numbers: list[str] | None = None,
             ids: list[str] | None = None) -> dict[str, Any]:
        return self.api(f"""mutation($input: PickSerialNumbersInput!) {{
            pickSerialNumbers(input: $input) {{ row {{ {SO_ROW_FIELDS} }}
            serialNumbers {{ id number status }} {SERIAL_ERRORS} }} }}""",
                        {"input": {"rowId": row_id, "numbers": numbers or [],
                                   "serialNumberIds": ids}})["pickSerialNumbers"]

    def release(self, row_id: str, ids: list[str]) -> dict[str, Any]:
        return self.api(f"""mutation($input: ReleaseSerialNumbersInput!) {{
            releaseSerialNumbers(input: $input) {{ row {{ {SO_ROW_FIELDS} }} {SERIAL_ERRORS}
            }} }}""", {"input": {"rowId": row_id, "serialNumberIds": ids}}
                        )["releaseSerialNumbers"]

    def fetch_sales_row(self, row_id: str) -> dict[str, Any]:
        return next(
            row for edge in self.api(f"""{{ salesOrders(first: 500) {{ edges {{ node {{
            rows {{ {SO_ROW_FIELDS} }} }} }} }} }}""")["salesOrders"]["edges"]
            for row in edge["node"]["rows"] if row["id"] == row_id)

    def deliver(self, order_id: str) -> dict[str, Any]:
        return self.api(f"""mutation($id: ID!) {{ deliverSalesOrder(input: {{salesOrderId: $id}})
            {{ salesOrder {{ {SO_FIELDS} }} errors {{ code message index }} }} }}""",
                        {"id": order_id})["deliverSalesOrder"]

    def revert_delivery(self, order_id: str) -> dict[str, Any]:
        return self.api(f"""mutation($id: ID!) {{
            revertSalesOrderDelivery(input: {{salesOrderId: $id}})
            {{ salesOrder {{ {SO_FIELDS} }} errors {{ code message index }} }} }}""",
                        {"id": order_id})["revertSalesOrderDelivery"]
