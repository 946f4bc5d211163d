"""Import templates and serial-number exports: plain GET downloads as CSV and XLSX."""

from __future__ import annotations

import csv
import io

import openpyxl

from support.builders import Scenario
from tests.api.test_import import csv_bytes, upload


def read_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")  # so that Excel reads UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(content: bytes) -> tuple[list[tuple], openpyxl.Workbook]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    return rows, book


def test_blank_templates(scenario: Scenario) -> None:
    api = scenario.client.http
    response = api.get("/downloads/import-template.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="serialtrace-import-template.csv"' in response.headers["content-disposition"]
    assert read_csv(response.text) == [["purchase_order", "sku", "serial_number", "row"]]

    response = api.get("/downloads/import-template.xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response.headers["content-type"]
    rows, book = read_xlsx(response.content)
    assert rows == [("purchase_order", "sku", "serial_number", "row")]
    sheet = book.worksheets[0]
    assert sheet.column_dimensions["C"].number_format == "@"  # Excel keeps leading zeros
    book.close()
    assert api.get("/downloads/import-template.pdf").status_code == 404


def test_an_orders_template_has_a_line_per_missing_number_and_imports_back(
    scenario: Scenario,
) -> None:
    scenario.product("Server", True, ["SRV-1"])
    scenario.product("Cable", False, ["CBL-1"])
    order = scenario.order([("SRV-1", 2), ("SRV-1", 1), ("CBL-1", 3)])
    first, second, _ = (r["id"] for r in order["rows"])
    assert scenario.assign(first, ["SN-0"])["errors"] == []
    api = scenario.client.http
    not_received = api.get(f"/downloads/purchase-orders/{order['id']}/import-template.csv")
    assert not_received.status_code == 409 and "not fully received" in not_received.text
    scenario.client(
        """mutation($id: ID!) { receivePurchaseOrder(input: {purchaseOrderId: $id})
        { errors { code } } }""",
        {"id": order["id"]},
    )

    response = api.get(f"/downloads/purchase-orders/{order['id']}/import-template.csv")
    assert response.status_code == 200
    assert (
        f'filename="{order["number"]}-import-template.csv"'
        in response.headers["content-disposition"]
    )
    lines = read_csv(response.text)
    assert lines == [
        ["purchase_order", "sku", "serial_number", "row"],
        [order["number"], "SRV-1", "", first],
        [order["number"], "SRV-1", "", second],
    ]

    xlsx = api.get(f"/downloads/purchase-orders/{order['id']}/import-template.xlsx")
    rows, book = read_xlsx(xlsx.content)
    book.close()
    assert [list(r) for r in rows[1:]] == [
        [order["number"], "SRV-1", None, first],
        [order["number"], "SRV-1", None, second],
    ]

    filled = [line[:2] + [f"SN-{i + 1}"] + line[3:] for i, line in enumerate(lines[1:])]
    result = upload(scenario.client, csv_bytes(filled), dry_run=False)
    assert result["errors"] == [] and result["committed"] is True
    after = scenario.fetch_order(order["id"])
    assert [r["tracing"]["state"] for r in after["rows"][:2]] == ["COMPLETE", "COMPLETE"]
    again = read_csv(api.get(f"/downloads/purchase-orders/{order['id']}/import-template.csv").text)
    assert again == [["purchase_order", "sku", "serial_number", "row"]]
    assert api.get("/downloads/purchase-orders/nope/import-template.csv").status_code == 404


def test_exports_follow_the_serial_number_filters_and_neutralise_formulas(
    scenario: Scenario,
) -> None:
    scenario.product("Server", True, ["SRV-1", "SRV-2"])
    supplier = scenario.supplier('=HYPERLINK("http://evil")')
    order = scenario.received_order([("SRV-1", 3), ("SRV-2", 1)])
    other = scenario.order([("SRV-1", 1)], supplier=supplier)
    result = upload(
        scenario.client,
        csv_bytes(
            [
                (order["number"], "SRV-1", "-123", ""),
                (order["number"], "SRV-1", "AB-1", ""),
                (order["number"], "SRV-1", "AB-2", ""),
                (order["number"], "SRV-2", "AB-3", ""),
            ]
        ),
        dry_run=False,
    )
    assert result["committed"] is True
    assert scenario.assign(other["rows"][0]["id"], ["EXP-1"])["errors"] == []
    api = scenario.client.http

    everything = read_csv(api.get("/downloads/serial-numbers.csv").text)
    assert everything[0] == [
        "serial_number",
        "sku",
        "item",
        "status",
        "added_date",
        "purchase_order",
        "supplier",
        "sales_order",
        "customer",
    ]
    assert len(everything) == 6
    assert "'-123" in [line[0] for line in everything]
    exp = next(line for line in everything if line[0] == "EXP-1")
    assert exp[6] == '\'=HYPERLINK("http://evil")' and exp[3] == "EXPECTED" and exp[4] == ""

    response = api.get(
        "/downloads/serial-numbers.csv",
        params={
            "status": "IN_STOCK",
            "sku": "SRV-1",
            "search": "ab",
            "orderBy": "NUMBER",
            "direction": "ASC",
        },
    )
    assert response.status_code == 200
    assert 'filename="serial-numbers-' in response.headers["content-disposition"]
    filtered = read_csv(response.text)
    assert [line[0] for line in filtered[1:]] == ["AB-1", "AB-2"]
    assert {line[5] for line in filtered[1:]} == {order["number"]}
    assert filtered[1][4] == after_date(scenario, order["id"])

    response = api.get("/downloads/serial-numbers.xlsx", params={"status": "in_stock"})
    rows, book = read_xlsx(response.content)
    book.close()
    assert len(rows) == 5
    assert "-123" in [r[0] for r in rows]  # a text cell: never a formula

    response = api.get(f"/downloads/purchase-orders/{order['id']}/serial-numbers.csv")
    assert [line[0] for line in read_csv(response.text)[1:]] == ["'-123", "AB-1", "AB-2", "AB-3"]
    assert (
        f'filename="{order["number"]}-serial-numbers.csv"'
        in response.headers["content-disposition"]
    )
    response = api.get(f"/downloads/purchase-orders/{other['id']}/serial-numbers.xlsx")
    rows, book = read_xlsx(response.content)
    book.close()
    assert [r[0] for r in rows[1:]] == ["EXP-1"]
    assert rows[1][6] == '=HYPERLINK("http://evil")'
    assert book.worksheets[0]["G2"].data_type == "s"

    both = read_csv(
        api.get(
            "/downloads/serial-numbers.csv",
            params={
                "statuses": "EXPECTED, IN_STOCK",
                "supplierId": supplier,
                "orderBy": "NUMBER",
                "direction": "ASC",
            },
        ).text
    )
    assert [line[0] for line in both[1:]] == ["EXP-1"]
    assert (
        api.get("/downloads/serial-numbers.csv", params={"statuses": "IN_STOCK,LOST"}).status_code
        == 400
    )
    assert api.get("/downloads/serial-numbers.csv", params={"status": "LOST"}).status_code == 400
    assert (
        api.get("/downloads/serial-numbers.csv", params={"addedFrom": "yesterday"}).status_code
        == 400
    )


def after_date(scenario: Scenario, order_id: str) -> str:
    return scenario.fetch_order(order_id)["rows"][0]["receivedAt"][:10]


def test_a_large_export_streams(scenario: Scenario) -> None:
    scenario.product("Server", True, ["SRV-1"])
    order = scenario.received_order([("SRV-1", 5000)])
    numbers = [(order["number"], "SRV-1", f"N{i:05d}", "") for i in range(5000)]
    assert upload(scenario.client, csv_bytes(numbers), dry_run=False)["committed"] is True
    with scenario.client.http.stream("GET", "/downloads/serial-numbers.csv") as response:
        chunks = list(response.iter_text())
    assert len(chunks) > 1
    assert len(read_csv("".join(chunks))) == 5001
