"""Items, suppliers and customers through the API: edits, the tracking switch, stock per
variant, contact details, the pages' lists, the one search and the natural order of numbers."""

from __future__ import annotations

import csv
import io

from support.builders import Scenario
from support.client import Client

PRODUCT = """id name serialTracked variants { id sku name
    stock { expected inStock reserved shipped }
    serialNumberCounts { expected inStock reserved shipped } }"""


def _product(api: Client, product_id: str) -> dict:
    return api(f"query($id: ID!) {{ product(id: $id) {{ {PRODUCT} }} }}", {"id": product_id})[
        "product"
    ]


def _mutate(api: Client, name: str, input_type: str, input_: dict, selection: str) -> dict:
    return api(
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} "
        "errors { code message field index } } }",
        {"input": input_},
    )[name]


def test_edit_a_product_and_add_variants(client: Client) -> None:
    s = Scenario(client)
    product = s.product("Servo", True, ["SRV-1"])
    renamed = _mutate(
        client,
        "updateProduct",
        "UpdateProductInput",
        {"productId": product["id"], "name": "  Servo motor "},
        "product { name }",
    )
    assert renamed["errors"] == [] and renamed["product"]["name"] == "Servo motor"

    added = _mutate(
        client,
        "addVariants",
        "AddVariantsInput",
        {
            "productId": product["id"],
            "variants": [{"sku": "SRV-2", "name": "200 W"}, {"sku": "srv-1"}],
        },
        "product { id }",
    )
    assert [(e["code"], e["index"]) for e in added["errors"]] == [("SKU_EXISTS", 1)]
    assert [v["sku"] for v in _product(client, product["id"])["variants"]] == ["SRV-1"]

    added = _mutate(
        client,
        "addVariants",
        "AddVariantsInput",
        {"productId": product["id"], "variants": [{"sku": "SRV-2", "name": ""}]},
        f"product {{ {PRODUCT} }}",
    )
    assert added["errors"] == []
    assert [(v["sku"], v["name"]) for v in added["product"]["variants"]] == [
        ("SRV-1", "Servo SRV-1"),
        ("SRV-2", "Servo motor"),
    ]

    variant = added["product"]["variants"][1]["id"]
    taken = _mutate(
        client,
        "updateVariant",
        "UpdateVariantInput",
        {"variantId": variant, "sku": "SRV-1"},
        "variant { sku }",
    )
    assert [(e["code"], e["field"]) for e in taken["errors"]] == [("SKU_EXISTS", "sku")]
    changed = _mutate(
        client,
        "updateVariant",
        "UpdateVariantInput",
        {"variantId": variant, "sku": "SRV-200", "name": "Servo 200 W"},
        "variant { sku name }",
    )
    assert changed["variant"] == {"sku": "SRV-200", "name": "Servo 200 W"}


def test_tracking_switches_only_while_no_variant_has_serial_numbers(client: Client) -> None:
    s = Scenario(client)
    product = s.product("Sensor", True, ["TMP-1"])
    row = s.order([("TMP-1", 2)])["rows"][0]
    switch = {"productId": product["id"], "serialTracked": False}

    off = _mutate(
        client, "updateProduct", "UpdateProductInput", switch, "product { serialTracked }"
    )
    assert off["errors"] == [] and off["product"]["serialTracked"] is False
    on = _mutate(
        client,
        "updateProduct",
        "UpdateProductInput",
        {**switch, "serialTracked": True},
        "product { serialTracked }",
    )
    assert on["product"]["serialTracked"] is True

    assert s.assign(row["id"], ["T-1"])["errors"] == []
    refused = _mutate(
        client, "updateProduct", "UpdateProductInput", switch, "product { serialTracked }"
    )
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [
        ("TRACKING_LOCKED", "serialTracked")
    ]
    assert "1 serial number" in refused["errors"][0]["message"]
    assert _product(client, product["id"])["serialTracked"] is True


def test_tracking_on_needs_whole_quantities(client: Client) -> None:
    s = Scenario(client)
    product = s.product("Copper wire", False, ["CU-1"])
    s.order([("CU-1", "2.5")])
    refused = _mutate(
        client,
        "updateProduct",
        "UpdateProductInput",
        {"productId": product["id"], "serialTracked": True},
        "product { serialTracked }",
    )
    assert [e["code"] for e in refused["errors"]] == ["INVALID_QUANTITY"]
    assert "2.5" in refused["errors"][0]["message"]


def test_the_database_refuses_serial_numbers_of_untracked_items(client: Client) -> None:
    """The rule holds below the domain too: a write that skips its checks is refused."""
    from tortoise.exceptions import IntegrityError

    from backend.models import Product, SerialNumber, SerialNumberStatus

    s = Scenario(client)
    s.product("Screws", False, ["SCR-1"])
    s.product("Servo", True, ["SRV-9"])
    s.assign(s.order([("SRV-9", 1)])["rows"][0]["id"], ["S-1"])

    async def sneak() -> list[str]:
        refused = []
        screw = await Product.get(name="Screws").prefetch_related("variants")
        try:
            await SerialNumber.create(
                variant_id=screw.variants[0].id,
                number="X",
                number_key="x",
                status=SerialNumberStatus.IN_STOCK,
            )
        except IntegrityError:
            refused.append("insert")
        try:
            await Product.filter(name="Servo").update(serial_tracked=False)
        except IntegrityError:
            refused.append("switch")
        return refused

    assert client.run(sneak) == ["insert", "switch"]


def test_stock_per_variant_from_the_order_rows(client: Client) -> None:
    s = Scenario(client)
    s.in_stock("SRV-5", ["A-1", "A-2", "A-3", "A-4"])  # a PO of 4, received
    product_id = client('{ products(search: "SRV-5") { edges { node { id } } } }')["products"][
        "edges"
    ][0]["node"]["id"]
    s.order([("SRV-5", 6)])  # 6 more expected
    customer = s.customer("Helios")
    delivered = s.sales_order(customer, [("SRV-5", 1)])
    assert s.pick(delivered["rows"][0]["id"], ["A-1"])["errors"] == []
    assert s.deliver(delivered["id"])["errors"] == []
    open_so = s.sales_order(customer, [("SRV-5", 2)])
    assert s.pick(open_so["rows"][0]["id"], ["A-2"])["errors"] == []

    variant = _product(client, product_id)["variants"][0]
    assert variant["stock"] == {"expected": "6", "inStock": "1", "reserved": "2", "shipped": "1"}
    assert variant["serialNumberCounts"] == {
        "expected": 0,
        "inStock": 2,
        "reserved": 1,
        "shipped": 1,
    }

    plain = s.product("Wire", False, ["WIRE-1"])
    s.receive_row(s.order([("WIRE-1", "12.5")])["rows"][0]["id"])
    s.sales_order(customer, [("WIRE-1", "2.25")])
    wire = _product(client, plain["id"])["variants"][0]
    assert wire["stock"] == {
        "expected": "0",
        "inStock": "10.25",
        "reserved": "2.25",
        "shipped": "0",
    }
    assert wire["serialNumberCounts"] is None

    pages = client(
        """query($id: ID!) { product(id: $id) {
        openPurchaseOrders { totalCount edges { node { number } } }
        openSalesOrders { edges { node { number } } } } }""",
        {"id": product_id},
    )
    assert pages["product"]["openPurchaseOrders"]["totalCount"] == 1
    assert [e["node"]["number"] for e in pages["product"]["openSalesOrders"]["edges"]] == [
        open_so["number"]
    ]


def test_products_list_searches_names_and_skus_and_pages(client: Client) -> None:
    s = Scenario(client)
    for i in range(7):
        s.product(f"Item {i:02d}", i % 2 == 0, [f"SKU-{i:02d}", f"ALT-{i:02d}"])
    listed = client("""{ products(first: 3) { totalCount pageInfo { hasNextPage endCursor }
        edges { node { name } } } }""")["products"]
    assert listed["totalCount"] == 7 and listed["pageInfo"]["hasNextPage"]
    assert [e["node"]["name"] for e in listed["edges"]] == ["Item 00", "Item 01", "Item 02"]
    by_sku = client('{ products(search: "alt-05") { edges { node { name } } } }')
    assert [e["node"]["name"] for e in by_sku["products"]["edges"]] == ["Item 05"]
    tracked = client("{ products(serialTracked: true) { totalCount } }")
    assert tracked["products"]["totalCount"] == 4


CONTACT = "name contactPerson email phone address"


def test_suppliers_and_customers_keep_contact_details(client: Client) -> None:
    made = _mutate(
        client,
        "createSupplier",
        "CreateSupplierInput",
        {
            "name": "Nordic Motors",
            "contact": {
                "contactPerson": "Erik",
                "email": "erik@nordic.example",
                "phone": "+46 8 555 012",
                "address": "Industrivägen 9\nSolna",
            },
        },
        f"supplier {{ id {CONTACT} }}",
    )
    assert made["errors"] == []
    assert made["supplier"]["address"] == "Industrivägen 9\nSolna"
    supplier = made["supplier"]["id"]

    bad = _mutate(
        client,
        "updateSupplier",
        "UpdateSupplierInput",
        {"supplierId": supplier, "contact": {"email": "erik at nordic", "phone": "call me"}},
        f"supplier {{ {CONTACT} }}",
    )
    assert sorted((e["code"], e["field"]) for e in bad["errors"]) == [
        ("INVALID_EMAIL", "email"),
        ("INVALID_PHONE", "phone"),
    ]

    cleared = _mutate(
        client,
        "updateSupplier",
        "UpdateSupplierInput",
        {"supplierId": supplier, "contact": {"phone": ""}},
        f"supplier {{ {CONTACT} }}",
    )
    assert cleared["supplier"] == {
        "name": "Nordic Motors",
        "contactPerson": "Erik",
        "email": "erik@nordic.example",
        "phone": "",
        "address": "Industrivägen 9\nSolna",
    }

    customer = _mutate(
        client,
        "createCustomer",
        "CreateCustomerInput",
        {"name": "Helios", "contact": {"email": "ops@helios.example"}},
        f"customer {{ id {CONTACT} }}",
    )["customer"]
    _mutate(client, "createCustomer", "CreateCustomerInput", {"name": "Aurora"}, "customer { id }")
    taken = _mutate(
        client,
        "updateCustomer",
        "UpdateCustomerInput",
        {"customerId": customer["id"], "name": "Aurora"},
        "customer { name }",
    )
    assert [(e["code"], e["field"]) for e in taken["errors"]] == [("NAME_EXISTS", "name")]
    found = client(
        f"""query($id: ID!) {{ customer(id: $id) {{ {CONTACT} }} }}""", {"id": customer["id"]}
    )["customer"]
    assert found["email"] == "ops@helios.example" and found["name"] == "Helios"


def test_supplier_and_customer_pages_list_their_orders_and_units(client: Client) -> None:
    s = Scenario(client)
    supplier = s.supplier("Baltic")
    s.product("Board", True, ["CTL-1"])
    first = s.order([("CTL-1", 2)], supplier=supplier)
    second = s.order([("CTL-1", 1)], supplier=supplier)
    s.assign(first["rows"][0]["id"], ["CB-2", "CB-10"])
    s.receive_row(first["rows"][0]["id"])
    orders = client(
        """query($id: ID!) { supplier(id: $id) { purchaseOrders {
        edges { node { number } } } } }""",
        {"id": supplier},
    )["supplier"]["purchaseOrders"]
    assert [e["node"]["number"] for e in orders["edges"]] == [second["number"], first["number"]]

    customer = s.customer("Helios")
    so = s.sales_order(customer, [("CTL-1", 2)])
    s.pick(so["rows"][0]["id"], ["CB-10", "CB-2"])
    s.deliver(so["id"])
    page = client(
        """query($id: ID!) { customer(id: $id) {
        salesOrders { edges { node { number status } } }
        serialNumbers { totalCount edges { node { number status } } } } }""",
        {"id": customer},
    )["customer"]
    assert page["salesOrders"]["edges"] == [
        {"node": {"number": so["number"], "status": "DELIVERED"}}
    ]
    assert page["serialNumbers"]["totalCount"] == 2

    response = client.http.get(f"/downloads/customers/{customer}/serial-numbers.csv")
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][0] == "serial_number"
    assert [(line[0], line[3], line[8]) for line in lines[1:]] == [
        ("CB-2", "SHIPPED", "Helios"),
        ("CB-10", "SHIPPED", "Helios"),
    ]  # natural order
    assert client.http.get("/downloads/customers/nope/serial-numbers.csv").status_code == 404


def test_numbers_sort_as_people_expect(client: Client) -> None:
    s = Scenario(client)
    row = s.tracked_row(6, sku="SRV-N")
    s.assign(row["id"], ["SN-10", "SN-2", "sn-1", "SN-100", "SN-9", "SN-1a"])
    listed = client("""{ serialNumbers(orderBy: {field: NUMBER, direction: ASC}) {
        edges { node { number } } } }""")["serialNumbers"]["edges"]
    assert [e["node"]["number"] for e in listed] == [
        "sn-1",
        "SN-1a",
        "SN-2",
        "SN-9",
        "SN-10",
        "SN-100",
    ]
    backwards = client("""{ serialNumbers(orderBy: {field: NUMBER, direction: DESC}, first: 2) {
        edges { node { number } } } }""")["serialNumbers"]["edges"]
    assert [e["node"]["number"] for e in backwards] == ["SN-100", "SN-10"]


def test_one_search_finds_every_kind_exact_first(client: Client) -> None:
    s = Scenario(client)
    supplier = s.supplier("Kappa Sensors")
    s.product("Kappa probe", True, ["KP-1"])
    orders = [s.order([("KP-1", 1)], supplier=supplier) for _ in range(11)]
    s.order([("KP-1", 1)], kind="OUTSOURCED", supplier=supplier)  # OPO-1
    s.assign(orders[0]["rows"][0]["id"], ["PO-1"])
    s.customer("Kappa Robotics")
    found = client("""{ search(text: "po-1", first: 3) {
        purchaseOrders { number } serialNumbers { number variant { sku } } } }""")["search"]
    assert found["purchaseOrders"][0]["number"] == "PO-1"
    assert "OPO-1" not in [o["number"] for o in found["purchaseOrders"]][:1]
    assert len(found["purchaseOrders"]) == 3
    assert found["serialNumbers"] == [{"number": "PO-1", "variant": {"sku": "KP-1"}}]

    kinds = client("""{ search(text: "kappa") { purchaseOrders { number } variants { sku }
        suppliers { name } customers { name } salesOrders { number } } }""")["search"]
    assert kinds["variants"] == [{"sku": "KP-1"}]
    assert kinds["suppliers"] == [{"name": "Kappa Sensors"}]
    assert kinds["customers"] == [{"name": "Kappa Robotics"}]
    assert kinds["salesOrders"] == []
    assert client('{ search(text: "   ") { suppliers { name } } }')["search"]["suppliers"] == []
