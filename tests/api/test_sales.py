"""Sales orders: picking serial numbers from stock, delivering, and tracing units both ways."""

from __future__ import annotations

from support.builders import Scenario


def codes(errors: list[dict]) -> list[tuple[str, int | None]]:
    return [(e["code"], e["index"]) for e in errors]


def test_pick_deliver_and_revert(scenario: Scenario) -> None:
    scenario.in_stock("MTR", ["M-1", "M-2", "M-3"])
    scenario.product("Manual", False, ["DOC"])
    customer = scenario.customer("Ferro Works")
    order = scenario.sales_order(customer, [("MTR", 2), ("DOC", 1)])
    assert order["number"] == "SO-1" and order["status"] == "NOT_SHIPPED"
    row = order["rows"][0]
    assert row["tracing"]["state"] == "MISSING" and order["rows"][1]["tracing"] is None

    picked = scenario.pick(row["id"], ["m-1"])
    assert picked["errors"] == []
    assert [(s["number"], s["status"]) for s in picked["serialNumbers"]] == [("M-1", "RESERVED")]
    assert picked["row"]["tracing"] == {"required": 2, "assigned": 1, "state": "PARTIAL"}

    refused = scenario.deliver(order["id"])
    assert codes(refused["errors"]) == [("INCOMPLETE_ROW", 0)]
    assert "1 of 2" in refused["errors"][0]["message"]

    in_stock = scenario.serials(sku="MTR", status="IN_STOCK")["edges"]
    second = next(e for e in in_stock if e["node"]["number"] == "M-3")
    by_id = scenario.client("""{ serialNumbers(filter: {search: "M-3"}) {
        edges { node { id } } } }""")["serialNumbers"]["edges"][0]["node"]["id"]
    assert second
    assert scenario.pick(row["id"], ids=[by_id])["errors"] == []

    delivered = scenario.deliver(order["id"])
    assert delivered["errors"] == []
    so = delivered["salesOrder"]
    assert so["status"] == "DELIVERED" and so["deliveredAt"]
    assert {s["status"] for s in so["rows"][0]["serialNumbers"]} == {"SHIPPED"}
    assert codes(scenario.pick(row["id"], ["M-2"])["errors"]) == [("ORDER_DELIVERED", None)]

    reverted = scenario.revert_delivery(order["id"])["salesOrder"]
    assert reverted["status"] == "NOT_SHIPPED" and reverted["deliveredAt"] is None
    assert {s["status"] for s in reverted["rows"][0]["serialNumbers"]} == {"RESERVED"}


def test_every_pick_problem_is_reported_at_once(scenario: Scenario) -> None:
    scenario.in_stock("AAA", ["A-1", "A-2", "A-3"])
    scenario.in_stock("BBB", ["B-1"])
    scenario.product("Later", True, ["CCC"])
    expected_row = scenario.order([("AAA", 1)])["rows"][0]
    scenario.assign(expected_row["id"], ["A-9"])  # on a PO, not received
    customer = scenario.customer("Picky Ltd")
    other = scenario.sales_order(customer, [("AAA", 1)])["rows"][0]
    assert scenario.pick(other["id"], ["A-2"])["errors"] == []

    row = scenario.sales_order(customer, [("AAA", 2)])["rows"][0]
    result = scenario.pick(row["id"], ["A-1", "nope", "B-1", "a-1", "A-2", "A-9", "bad#", "A-3"])
    assert codes(result["errors"]) == [
        ("NOT_FOUND", 1),
        ("WRONG_VARIANT", 2),
        ("DUPLICATE_IN_INPUT", 3),
        ("NOT_IN_STOCK", 4),
        ("NOT_IN_STOCK", 5),
        ("INVALID_CHARACTERS", 6),
    ]
    messages = {e["index"]: e["message"] for e in result["errors"]}
    assert "reserved on SO-1" in messages[4]
    assert "expected on PO-" in messages[5]
    assert "BBB" in messages[2]
    assert scenario.fetch_sales_row(row["id"])["tracing"]["assigned"] == 0

    assert scenario.pick(row["id"], ["A-1", "A-3"])["errors"] == []
    assert codes(scenario.pick(row["id"], ["B-1"])["errors"]) == [("WRONG_VARIANT", 0)]


def test_picks_never_exceed_the_row_quantity(scenario: Scenario) -> None:
    scenario.in_stock("QTY", ["Q-1", "Q-2", "Q-3"])
    row = scenario.sales_order(scenario.customer("Q"), [("QTY", 2)])["rows"][0]
    result = scenario.pick(row["id"], ["Q-1", "Q-2", "Q-3"])
    assert codes(result["errors"]) == [("EXCEEDS_QUANTITY", 2)]


def test_release_returns_numbers_to_stock(scenario: Scenario) -> None:
    scenario.in_stock("REL", ["R-1", "R-2"])
    row = scenario.sales_order(scenario.customer("R"), [("REL", 2)])["rows"][0]
    picked = scenario.pick(row["id"], ["R-1", "R-2"])["serialNumbers"]
    released = scenario.release(row["id"], [picked[0]["id"]])
    assert released["errors"] == []
    assert [s["number"] for s in released["row"]["serialNumbers"]] == ["R-2"]
    assert [e["node"]["number"] for e in scenario.serials(status="IN_STOCK")["edges"]] == ["R-1"]


def test_revert_of_a_receipt_is_refused_while_units_are_picked(scenario: Scenario) -> None:
    po = scenario.in_stock("PIN", ["P-1", "P-2"])
    row = scenario.sales_order(scenario.customer("Pinned"), [("PIN", 1)])["rows"][0]
    scenario.pick(row["id"], ["P-2"])
    refused = scenario.revert(po["id"])
    assert [(e["code"], e["number"]) for e in refused["errors"]] == [("SERIAL_IN_USE", "P-2")]
    assert "reserved" in refused["errors"][0]["message"]


def test_the_database_refuses_a_unit_picked_but_not_in_stock(scenario: Scenario) -> None:
    """Below the domain too: a serial number is on a sales order row exactly while it is
    reserved or shipped (a pick racing a revert of the receipt once stored an EXPECTED unit
    on a sales order; the database now refuses that write and the change runs again)."""
    from tortoise.exceptions import IntegrityError

    from backend.models import SerialNumber, SerialNumberStatus

    scenario.in_stock("LNK", ["L-1", "L-2"])
    row = scenario.sales_order(scenario.customer("Linked"), [("LNK", 1)])["rows"][0]
    scenario.pick(row["id"], ["L-1"])

    async def sneak() -> list[str]:
        refused = []
        picked = await SerialNumber.get(number="L-1")
        for status in (SerialNumberStatus.EXPECTED, SerialNumberStatus.IN_STOCK):
            try:
                await SerialNumber.filter(id=picked.id).update(status=status)
            except IntegrityError:
                refused.append(status.value)
        try:
            await SerialNumber.filter(number="L-2").update(status=SerialNumberStatus.RESERVED)
        except IntegrityError:
            refused.append("reserved without an order")
        return refused

    assert scenario.client.run(sneak) == ["EXPECTED", "IN_STOCK", "reserved without an order"]
    trace = scenario.client('{ serialNumber(sku: "LNK", number: "L-1") { status } }')
    assert trace["serialNumber"]["status"] == "RESERVED"  # nothing was changed


def test_trace_from_a_number_to_the_supplier_and_the_customer(scenario: Scenario) -> None:
    po = scenario.in_stock("TRC", ["T-1", "T-2"])
    customer = scenario.customer("Trace GmbH")
    order = scenario.sales_order(customer, [("TRC", 1)])
    scenario.pick(order["rows"][0]["id"], ["T-1"])
    scenario.deliver(order["id"])

    trace = scenario.client("""{ serialNumber(sku: "TRC", number: "t-1") { number status
        purchaseOrderRow { receivedAt purchaseOrder { number supplier { name } } }
        salesOrderRow { salesOrder { number deliveredAt customer { name } } }
        history { kind document } } }""")["serialNumber"]
    assert trace["status"] == "SHIPPED"
    assert trace["purchaseOrderRow"]["purchaseOrder"]["number"] == po["number"]
    assert trace["purchaseOrderRow"]["receivedAt"]
    sold = trace["salesOrderRow"]["salesOrder"]
    assert (sold["number"], sold["customer"]["name"]) == (order["number"], "Trace GmbH")
    assert sold["deliveredAt"]
    assert [e["kind"] for e in trace["history"]] == ["ASSIGNED", "RECEIVED", "RESERVED", "SHIPPED"]
    assert [e["document"] for e in trace["history"]][-2:] == [order["number"]] * 2

    recall = scenario.client(
        """query($id: ID!) { purchaseOrder(id: $id) { recall {
        customer { name } salesOrder { number } serialNumbers { number } } } }""",
        {"id": po["id"]},
    )["purchaseOrder"]["recall"]
    assert recall == [
        {
            "customer": {"name": "Trace GmbH"},
            "salesOrder": {"number": "SO-1"},
            "serialNumbers": [{"number": "T-1"}],
        }
    ]

    got = scenario.client(
        """query($id: ID!) { customer(id: $id) { serialNumbers { totalCount
        edges { node { number purchaseOrderRow { purchaseOrder { number } } } } } } }""",
        {"id": customer},
    )["customer"]["serialNumbers"]
    assert got["totalCount"] == 1
    assert got["edges"][0]["node"]["purchaseOrderRow"]["purchaseOrder"]["number"] == po["number"]


def test_sales_order_rows_follow_the_same_editing_rules(scenario: Scenario) -> None:
    scenario.in_stock("EDT", ["E-1"])
    order = scenario.sales_order(scenario.customer("Edit"), [("EDT", 2)])
    row = order["rows"][0]
    scenario.pick(row["id"], ["E-1"])
    update = """mutation($id: ID!, $q: Decimal!) { updateSalesOrderRow(input: {rowId: $id,
        quantity: $q}) { row { quantity } errors { code } } }"""
    assert [
        e["code"]
        for e in scenario.client(update, {"id": row["id"], "q": "0"})["updateSalesOrderRow"][
            "errors"
        ]
    ] == ["INVALID_QUANTITY"]
    assert (
        scenario.client(update, {"id": row["id"], "q": "1"})["updateSalesOrderRow"]["row"][
            "quantity"
        ]
        == "1"
    )
    delete = """mutation($id: ID!) { deleteSalesOrderRow(input: {rowId: $id}) {
        errors { code } } }"""
    assert [
        e["code"]
        for e in scenario.client(delete, {"id": row["id"]})["deleteSalesOrderRow"]["errors"]
    ] == ["ROW_HAS_SERIAL_NUMBERS"]


def test_release_and_pick_in_one_change(scenario: Scenario) -> None:
    scenario.in_stock("SWP", ["W-1", "W-2", "W-3"])
    row = scenario.sales_order(scenario.customer("Swap"), [("SWP", 1)])["rows"][0]
    first = scenario.pick(row["id"], ["W-1"])["serialNumbers"][0]["id"]

    refused = scenario.client(
        """mutation($input: PickSerialNumbersInput!) {
        pickSerialNumbers(input: $input) { errors { code index field } } }""",
        {
            "input": {
                "rowId": row["id"],
                "numbers": ["W-2", "nope"],
                "releaseSerialNumberIds": [first],
            }
        },
    )["pickSerialNumbers"]
    assert [(e["code"], e["index"]) for e in refused["errors"]] == [("NOT_FOUND", 1)]
    assert [s["number"] for s in scenario.fetch_sales_row(row["id"])["serialNumbers"]] == ["W-1"]

    swapped = scenario.client(
        """mutation($input: PickSerialNumbersInput!) {
        pickSerialNumbers(input: $input) { row { serialNumbers { number status } }
        errors { code } } }""",
        {"input": {"rowId": row["id"], "numbers": ["W-2"], "releaseSerialNumberIds": [first]}},
    )["pickSerialNumbers"]
    assert swapped["errors"] == []
    assert swapped["row"]["serialNumbers"] == [{"number": "W-2", "status": "RESERVED"}]
    history = scenario.client("""{ serialNumber(sku: "SWP", number: "W-1") { status
        history { kind salesOrder { number } purchaseOrder { number } } } }""")["serialNumber"]
    assert history["status"] == "IN_STOCK"
    assert [
        (e["kind"], (e["salesOrder"] or e["purchaseOrder"])["number"]) for e in history["history"]
    ][-2:] == [("RESERVED", "SO-1"), ("RELEASED", "SO-1")]


def test_trace_queries_take_the_same_number_of_sql_statements_for_few_and_many(
    scenario: Scenario,
) -> None:
    from tests.api.test_reading import counting_queries

    recall_counts, customer_counts = {}, {}
    for size in (2, 12):
        sku = f"CNT{size}"
        numbers = [f"{sku}-{i}" for i in range(size)]
        po = scenario.in_stock(sku, numbers)
        loyal = scenario.customer(f"Loyal {sku}")
        for i, number in enumerate(numbers):
            customer = loyal if i % 2 else scenario.customer(f"Customer {sku} {i}")
            row = scenario.sales_order(customer, [(sku, 1)])["rows"][0]
            assert scenario.pick(row["id"], [number])["errors"] == []
        with counting_queries() as counter:
            recall = scenario.client(
                """query($id: ID!) { purchaseOrder(id: $id) { recall {
                customer { name } salesOrder { number deliveredAt rows { variant { sku } } }
                serialNumbers { number purchaseOrderRow { purchaseOrder { supplier { name } } }
                history { kind salesOrder { number } purchaseOrder { number } } } } } }""",
                {"id": po["id"]},
            )["purchaseOrder"]["recall"]
        assert len(recall) == size
        recall_counts[size] = len(counter.statements)
        with counting_queries() as counter:
            got = scenario.client(
                """query($id: ID!) { customer(id: $id) { serialNumbers {
                totalCount edges { node { number salesOrderRow { salesOrder { number } }
                purchaseOrderRow { receivedAt purchaseOrder { number supplier { name } } } } }
                } } }""",
                {"id": loyal},
            )["customer"]["serialNumbers"]
        assert got["totalCount"] == size // 2
        customer_counts[size] = len(counter.statements)
    assert recall_counts[2] == recall_counts[12], recall_counts
    assert customer_counts[2] == customer_counts[12], customer_counts


def test_tracing_summary_of_a_sales_order(scenario: Scenario) -> None:
    scenario.in_stock("SUM", ["S-1", "S-2"])
    scenario.product("Loose", False, ["LOOSE"])
    customer = scenario.customer("Summary")
    mixed = scenario.sales_order(customer, [("SUM", 2), ("LOOSE", "1.5")])
    assert mixed["hasTrackedRows"] is True
    assert mixed["tracing"] == {"required": 2, "assigned": 0, "state": "MISSING"}
    scenario.pick(mixed["rows"][0]["id"], ["S-1"])
    loose = scenario.sales_order(customer, [("LOOSE", 1)])
    assert loose["hasTrackedRows"] is False and loose["tracing"] is None
    listed = scenario.client("""{ salesOrders { edges { node { number hasTrackedRows
        tracing { assigned state } } } } }""")["salesOrders"]["edges"]
    assert {e["node"]["number"]: e["node"]["tracing"] for e in listed} == {
        mixed["number"]: {"assigned": 1, "state": "PARTIAL"},
        loose["number"]: None,
    }
