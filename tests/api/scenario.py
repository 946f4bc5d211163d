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
