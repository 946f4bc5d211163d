"""Look-ups by the keys integrators hold (order numbers, SKUs, names, many serial numbers at
once), and the search's order: exact matches, then prefixes, then the rest."""

from __future__ import annotations

from support.builders import Scenario


def test_orders_are_found_by_number_in_any_case(scenario: Scenario) -> None:
    sku = scenario.product_sku("Look-up", False)
    order = scenario.order([(sku, 1)])
    so = scenario.sales_order(scenario.customer(), [(sku, 1)])
    po = scenario.client(
        "query($n: String!) { purchaseOrder(number: $n) { id number } }",
        {"n": order["number"].lower()},
    )["purchaseOrder"]
    assert po == {"id": order["id"], "number": order["number"]}
    found = scenario.client(
        "query($n: String!) { salesOrder(number: $n) { id } }", {"n": f" {so['number']} "}
    )["salesOrder"]
    assert found == {"id": so["id"]}
    assert scenario.client('{ purchaseOrder(number: "PO-999") { id } }')["purchaseOrder"] is None


def test_a_look_up_takes_exactly_one_key(scenario: Scenario) -> None:
    for query in (
        "{ purchaseOrder { id } }",
        '{ salesOrder(id: "x", number: "SO-1") { id } }',
        "{ variant { id } }",
        '{ supplier(id: "x", name: "y") { id } }',
    ):
        (error,) = scenario.client.execute(query)["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", query
        assert error["message"].startswith("Give exactly one of"), error["message"]


def test_variant_by_sku_and_parties_by_name(scenario: Scenario) -> None:
    product = scenario.product("Servo", True, ["SRV-100"])
    supplier = scenario.supplier("Nordic Motors")
    customer = scenario.customer("Acme Robotics")
    data = scenario.client("""{ variant(sku: "srv-100") { id sku product { name } }
        supplier(name: "nordic motors") { id } customer(name: "ACME ROBOTICS") { id }
        byId: supplier(id: "nope") { id } partial: customer(name: "Acme") { id } }""")
    assert data["variant"] == {
        "id": product["variants"][0]["id"],
        "sku": "SRV-100",
        "product": {"name": "Servo"},
    }
    assert data["supplier"] == {"id": supplier}
    assert data["customer"] == {"id": customer}
    assert data["byId"] is None and data["partial"] is None


def test_rows_and_products_by_id(scenario: Scenario) -> None:
    product = scenario.product("Rows", False)
    order = scenario.order([(product["variants"][0]["sku"], 2)])
    row = order["rows"][0]
    data = scenario.client(
        "query($r: ID!, $p: ID!) { purchaseOrderRow(id: $r) { id quantity } "
        "product(id: $p) { name } }",
        {"r": row["id"], "p": product["id"]},
    )
    assert data == {
        "purchaseOrderRow": {"id": row["id"], "quantity": "2"},
        "product": {"name": "Rows"},
    }


NUMBERS = (
    "query($n: [String!]!, $sku: String) { serialNumbersByNumber(numbers: $n, sku: $sku) "
    "{ number status variant { sku } } }"
)


def test_many_serial_numbers_at_once_in_the_order_asked(scenario: Scenario) -> None:
    scenario.in_stock("A-1", ["SN-1", "SN-2", "SN-3"])
    scenario.in_stock("B-1", ["SN-2"])
    found = scenario.client(NUMBERS, {"n": ["sn-3", "SN-2", "nope", "SN-2"]})
    assert [(s["number"], s["variant"]["sku"]) for s in found["serialNumbersByNumber"]] == [
        ("SN-3", "A-1"),
        ("SN-2", "A-1"),
        ("SN-2", "B-1"),
    ]
    only_b = scenario.client(NUMBERS, {"n": ["SN-1", "SN-2"], "sku": "b-1"})
    assert [(s["number"], s["status"]) for s in only_b["serialNumbersByNumber"]] == [
        ("SN-2", "IN_STOCK")
    ]


def test_more_than_1000_numbers_are_refused_whole(scenario: Scenario) -> None:
    body = scenario.client.execute(NUMBERS, {"n": [f"N{i}" for i in range(1001)]})
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "1,001" in error["message"] and "1,000" in error["message"]


def test_search_lists_exact_matches_then_prefixes_then_the_rest(scenario: Scenario) -> None:
    sku = scenario.product_sku("Searched", False)
    supplier = scenario.supplier()
    opo = scenario.order([(sku, 1)], kind="OUTSOURCED", supplier=supplier)  # OPO-1, made first
    po = scenario.order([(sku, 1)], supplier=supplier)
    assert (opo["number"], po["number"]) == ("OPO-1", "PO-1")
    for name in ("A1 Acme", "Acme Zeta", "Acme"):
        scenario.customer(name)
    found = scenario.client(
        '{ a: search(text: "PO-1") { purchaseOrders { number } } '
        'b: search(text: "acme") { customers { name } } }'
    )
    assert [o["number"] for o in found["a"]["purchaseOrders"]] == ["PO-1", "OPO-1"]
    assert [c["name"] for c in found["b"]["customers"]] == ["Acme", "Acme Zeta", "A1 Acme"]
