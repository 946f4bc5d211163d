"""Builders that set up data through the API, as a client would, and fetch it back: suppliers,
products, purchase orders and their rows (assign, remove, receive, revert), customers and sales
orders (pick, release, deliver, revert). Over either transport of `support.client`.

The creating builders (supplier, product, order, customer, sales_order, received_order,
in_stock) must succeed. The others return their payload, `errors` and all, for a test to look
at; with `strict=True` (for arranging data, as the browser tests and the benchmarks do) their
`errors` must be empty too.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from support.client import Client

ERRORS = "errors { code message field index number }"
SERIAL_ERRORS = "errors { code message field index number conflict { number status } }"
ASSIGN_ERRORS = """errors { code message field index number
    conflict { number purchaseOrderRow { purchaseOrder { number } } } }"""
DELIVERY_ERRORS = "errors { code message index }"

ROW_FIELDS = """id quantity status receivedAt canRemoveSerialNumbers
    tracing { required assigned state }
    variant { sku }
    serialNumbers { id number status addedAt }"""
ORDER_FIELDS = (
    f"id number kind status hasTrackedRows tracing {{ required assigned state }} "
    f"supplier {{ name }} rows {{ {ROW_FIELDS} }}"
)
SO_ROW_FIELDS = """id quantity tracing { required assigned state } variant { sku }
    serialNumbers { id number status }"""
SO_FIELDS = f"""id number status deliveredAt hasTrackedRows tracing {{ required assigned state }}
    customer {{ name }} rows {{ {SO_ROW_FIELDS} }}"""


def unique(prefix: str) -> str:
    """`prefix` and a random suffix: for names and SKUs on a database that tests share."""
    return f"{prefix}-{uuid.uuid4().hex[:8].upper()}"


def _rows(rows: list[tuple[str, Any]]) -> list[dict[str, str]]:
    return [{"sku": sku, "quantity": str(quantity)} for sku, quantity in rows]


@dataclass
class Scenario:
    client: Client
    strict: bool = False

    def _change(
        self, name: str, input_type: str, input: dict[str, Any], selection: str
    ) -> dict[str, Any]:
        payload = self.client(
            f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} }} }}",
            {"input": input},
        )[name]
        if self.strict:
            assert payload["errors"] == [], (name, payload["errors"])
        return payload

    # -- catalog ------------------------------------------------------------------------------

    def supplier(self, name: str | None = None) -> str:
        """A new supplier (named at random by default); its id."""
        return self.client.mutate(
            "createSupplier",
            "CreateSupplierInput",
            {"name": name or unique("Supplier")},
            "supplier { id }",
        )["supplier"]["id"]

    def product(
        self, name: str, tracked: bool, skus: list[str] | None = None, named_variants: bool = True
    ) -> dict[str, Any]:
        """A new product with a variant of each SKU (by default one with a random SKU), named
        "NAME SKU" (or left unnamed)."""
        skus = skus or [unique("T" if tracked else "U")]
        return self.client.mutate(
            "createProduct",
            "CreateProductInput",
            {
                "name": name,
                "serialTracked": tracked,
                "variants": [
                    {"sku": s, "name": f"{name} {s}" if named_variants else ""} for s in skus
                ],
            },
            "product { id name serialTracked variants { id sku } }",
        )["product"]

    def product_sku(self, name: str, tracked: bool, sku: str | None = None) -> str:
        """A new product of one unnamed variant (the screens show the product's name alone),
        with `sku` or a random one; the SKU."""
        return self.product(name, tracked, [sku] if sku else None, named_variants=False)[
            "variants"
        ][0]["sku"]

    def customer(self, name: str | None = None) -> str:
        """A new customer (named at random by default); its id."""
        return self.client.mutate(
            "createCustomer",
            "CreateCustomerInput",
            {"name": name or unique("Customer")},
            "customer { id }",
        )["customer"]["id"]

    # -- purchase orders ----------------------------------------------------------------------

    def order(
        self, rows: list[tuple[str, Any]], kind: str = "PURCHASE", supplier: str | None = None
    ) -> dict[str, Any]:
        """A new purchase order of (SKU, quantity) rows, from a new supplier by default."""
        return self.client.mutate(
            "createPurchaseOrder",
            "CreatePurchaseOrderInput",
            {"kind": kind, "supplierId": supplier or self.supplier(), "rows": _rows(rows)},
            f"purchaseOrder {{ {ORDER_FIELDS} }}",
        )["purchaseOrder"]

    def tracked_row(self, quantity: int = 5, sku: str = "SRV-1") -> dict[str, Any]:
        """A not-received order with one row of a new serial-tracked item `sku`; the row."""
        self.product(f"Tracked {sku}", True, [sku])
        return self.order([(sku, quantity)])["rows"][0]

    def received_order(
        self, rows: list[tuple[str, Any]], kind: str = "PURCHASE", supplier: str | None = None
    ) -> dict[str, Any]:
        """A new purchase order, received whole; the order."""
        order = self.order(rows, kind, supplier)
        payload = self.receive_order(order["id"])
        assert payload["errors"] == [], payload["errors"]
        return payload["purchaseOrder"]

    def in_stock(
        self,
        sku: str,
        numbers: list[str],
        supplier: str | None = None,
        name: str | None = None,
        named_variants: bool = True,
    ) -> dict[str, Any]:
        """A new tracked product `name` (default "Item SKU") of one variant `sku` (named as
        `product` names it), and a received order of one row carrying `numbers`; the order."""
        self.product(name or f"Item {sku}", True, [sku], named_variants)
        row = self.order([(sku, len(numbers))], supplier=supplier)["rows"][0]
        assigned = self.assign(row["id"], numbers)
        assert assigned["errors"] == [], assigned["errors"]
        received = self.receive_row(row["id"])
        assert received["errors"] == [], received["errors"]
        return received["purchaseOrder"]

    def assign(
        self, row_id: str, numbers: list[str], remove: list[str] | None = None
    ) -> dict[str, Any]:
        return self._change(
            "assignSerialNumbers",
            "AssignSerialNumbersInput",
            {"rowId": row_id, "numbers": numbers, "removeSerialNumberIds": remove},
            f"row {{ {ROW_FIELDS} }} serialNumbers {{ id number status addedAt }} {ASSIGN_ERRORS}",
        )

    def remove(self, row_id: str, serial_ids: list[str]) -> dict[str, Any]:
        return self._change(
            "removeSerialNumbers",
            "RemoveSerialNumbersInput",
            {"rowId": row_id, "serialNumberIds": serial_ids},
            f"row {{ {ROW_FIELDS} }} {ERRORS}",
        )

    def receive_row(
        self, row_id: str, quantity: Any = None, serial_ids: list[str] | None = None
    ) -> dict[str, Any]:
        """Receives a row: whole, or `quantity` of it (with `serial_ids` of its numbers)."""
        return self._change(
            "receivePurchaseOrderRow",
            "ReceivePurchaseOrderRowInput",
            {
                "rowId": row_id,
                "quantity": None if quantity is None else str(quantity),
                "serialNumberIds": serial_ids,
            },
            f"purchaseOrder {{ {ORDER_FIELDS} }} {ERRORS}",
        )

    def receive_order(self, order_id: str) -> dict[str, Any]:
        return self._change(
            "receivePurchaseOrder",
            "ReceivePurchaseOrderInput",
            {"purchaseOrderId": order_id},
            f"purchaseOrder {{ {ORDER_FIELDS} }} {ERRORS}",
        )

    def revert(self, order_id: str) -> dict[str, Any]:
        return self._change(
            "revertPurchaseOrderReceipt",
            "RevertPurchaseOrderReceiptInput",
            {"purchaseOrderId": order_id},
            f"purchaseOrder {{ {ORDER_FIELDS} }} {ERRORS}",
        )

    def check(self, row_id: str, numbers: list[str]) -> list[dict[str, Any]]:
        return self.client(
            """query($row: ID!, $numbers: [String!]!) {
            checkSerialNumbers(rowId: $row, numbers: $numbers) { code message index number
            conflict { number } } }""",
            {"row": row_id, "numbers": numbers},
        )["checkSerialNumbers"]

    def fetch_order(self, order_id: str) -> dict[str, Any]:
        return self.client(
            f"query($id: ID!) {{ purchaseOrder(id: $id) {{ {ORDER_FIELDS} }} }}", {"id": order_id}
        )["purchaseOrder"]

    def rows(self, order_id: str) -> list[dict[str, Any]]:
        """The rows of a purchase order, with their serial numbers."""
        return self.fetch_order(order_id)["rows"]

    def fetch_row(self, row_id: str) -> dict[str, Any]:
        row = self.client(
            f"query($id: ID!) {{ purchaseOrderRow(id: $id) {{ {ROW_FIELDS} }} }}", {"id": row_id}
        )["purchaseOrderRow"]
        assert row is not None, f"row {row_id} not found"
        return row

    def serials(self, **filter: Any) -> dict[str, Any]:
        """The stock list (`serialNumbers`), filtered: the first 500 and the total count."""
        return self.client(
            """query($filter: SerialNumberFilter, $first: Int) {
            serialNumbers(filter: $filter, first: $first) { totalCount edges { node {
            number status addedAt variant { sku }
            purchaseOrderRow { purchaseOrder { number } } } } } }""",
            {"filter": filter, "first": 500},
        )["serialNumbers"]

    # -- sales orders -------------------------------------------------------------------------

    def sales_order(self, customer: str, rows: list[tuple[str, Any]]) -> dict[str, Any]:
        """A new sales order of (SKU, quantity) rows for the customer of that id."""
        return self.client.mutate(
            "createSalesOrder",
            "CreateSalesOrderInput",
            {"customerId": customer, "rows": _rows(rows)},
            f"salesOrder {{ {SO_FIELDS} }}",
        )["salesOrder"]

    def pick(
        self, row_id: str, numbers: list[str] | None = None, ids: list[str] | None = None
    ) -> dict[str, Any]:
        """Picks serial numbers for a sales order row, by number or by id."""
        return self._change(
            "pickSerialNumbers",
            "PickSerialNumbersInput",
            {"rowId": row_id, "numbers": numbers or [], "serialNumberIds": ids},
            f"row {{ {SO_ROW_FIELDS} }} serialNumbers {{ id number status }} {SERIAL_ERRORS}",
        )

    def release(self, row_id: str, ids: list[str]) -> dict[str, Any]:
        return self._change(
            "releaseSerialNumbers",
            "ReleaseSerialNumbersInput",
            {"rowId": row_id, "serialNumberIds": ids},
            f"row {{ {SO_ROW_FIELDS} }} {SERIAL_ERRORS}",
        )

    def deliver(self, order_id: str) -> dict[str, Any]:
        return self._change(
            "deliverSalesOrder",
            "DeliverSalesOrderInput",
            {"salesOrderId": order_id},
            f"salesOrder {{ {SO_FIELDS} }} {DELIVERY_ERRORS}",
        )

    def revert_delivery(self, order_id: str) -> dict[str, Any]:
        return self._change(
            "revertSalesOrderDelivery",
            "RevertSalesOrderDeliveryInput",
            {"salesOrderId": order_id},
            f"salesOrder {{ {SO_FIELDS} }} {DELIVERY_ERRORS}",
        )

    def fetch_sales_order(self, order_id: str) -> dict[str, Any]:
        return self.client(
            f"query($id: ID!) {{ salesOrder(id: $id) {{ {SO_FIELDS} }} }}", {"id": order_id}
        )["salesOrder"]

    def sales_rows(self, order_id: str) -> list[dict[str, Any]]:
        """The rows of a sales order, with their serial numbers."""
        return self.fetch_sales_order(order_id)["rows"]

    def fetch_sales_row(self, row_id: str) -> dict[str, Any]:
        row = self.client(
            f"query($id: ID!) {{ salesOrderRow(id: $id) {{ {SO_ROW_FIELDS} }} }}", {"id": row_id}
        )["salesOrderRow"]
        assert row is not None, f"row {row_id} not found"
        return row

    # -- users --------------------------------------------------------------------------------

    def sign_in_path(self, username: str = "tester") -> str:
        """A one-time sign-in link's path for a browser (the same link `make run` prints)."""
        users = self.client("{ users { id username } }")["users"]
        user_id = next(u["id"] for u in users if u["username"] == username)
        return self.client.mutate(
            "createSignInLink", "CreateSignInLinkInput", {"userId": user_id}, "path"
        )["path"]
