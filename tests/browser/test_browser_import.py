"""The Import screen: a file with errors (chosen by dropping it; the problems table with line
numbers and codes, sort and filter; no commit), a good CSV file (the dry run's summary, the
commit, the numbers on the stock screen), a warning that does not stop the commit (XLSX), and
the template downloads (blank on the Import screen, pre-filled on a received order)."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import expect

from support.builders import Scenario
from tests.browser.conftest import shot
from tests.browser.helpers import open_order

pytestmark = pytest.mark.browser

SCREEN = "st-import"
PROBLEMS = f"{SCREEN} st-import-problems"


def csv_bytes(lines: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["purchase_order", "sku", "serial_number", "row"])
    writer.writerows(lines)
    return out.getvalue().encode()


def choose(page: Any, name: str, data: bytes, mime: str = "text/csv") -> None:
    page.locator(f"{SCREEN} input[type=file]").set_input_files(
        {"name": name, "mimeType": mime, "buffer": data}
    )


def test_file_with_errors_lists_them_and_offers_no_commit(page: Any, api: Scenario) -> None:
    sku = api.product_sku("Pump", tracked=True)
    order = api.received_order([(sku, "3")])
    open_po = api.order([(sku, "1")])  # not received
    api.assign(order["rows"][0]["id"], ["P-1"])
    po = order["number"]
    data = csv_bytes(
        [
            [po, sku, "P-2", ""],  # line 2: fine
            [po, sku, "P#3", ""],  # 3: INVALID_CHARACTERS
            ["PO-999999", sku, "P-4", ""],  # 4: UNKNOWN_ORDER
            [po, sku, "p-1", ""],  # 5: ALREADY_EXISTS (any case)
            [po, "NO-SUCH-SKU", "P-5", ""],  # 6: UNKNOWN_SKU
            [open_po["number"], sku, "P-6", ""],  # 7: ORDER_NOT_RECEIVED
            [po, sku, "P-2", ""],  # 8: DUPLICATE_IN_FILE
        ]
    )

    page.goto("/#/import")
    expect(page.locator("st-app nav a[aria-current=page]")).to_have_text("Import")
    # Dropped on the drop zone (a real drop event carrying a File).
    transfer = page.evaluate_handle(
        """([name, text]) => { const dt = new DataTransfer();
             dt.items.add(new File([text], name, { type: 'text/csv' })); return dt; }""",
        ["supplier-errors.csv", data.decode()],
    )
    page.locator(f"{SCREEN} [data-testid=dropzone]").dispatch_event(
        "drop", {"dataTransfer": transfer}
    )

    refused = page.locator(f"{SCREEN} [data-testid=import-refused]")
    expect(refused).to_contain_text("supplier-errors.csv has 6 errors")
    expect(refused).to_contain_text("nothing can be imported")
    expect(page.locator(f"{SCREEN} button.commit")).to_have_count(0)
    rows = page.locator(f"{PROBLEMS} tbody tr")
    expect(rows).to_have_count(6)
    expect(page.locator(f"{PROBLEMS} tbody td.line")).to_have_text(["3", "4", "5", "6", "7", "8"])
    codes = [
        "INVALID_CHARACTERS",
        "UNKNOWN_ORDER",
        "ALREADY_EXISTS",
        "UNKNOWN_SKU",
        "ORDER_NOT_RECEIVED",
        "DUPLICATE_IN_FILE",
    ]
    expect(page.locator(f"{PROBLEMS} tbody td.code")).to_have_text(codes)
    expect(rows.first.locator("td.column")).to_have_text("serial_number")
    expect(rows.first.locator("td.severity")).to_have_text("Error")
    expect(rows.nth(5)).to_contain_text("repeats line 2")
    shot(page, "import-errors")

    page.locator(f"{PROBLEMS} th[data-field=code] button").click()
    expect(page.locator(f"{PROBLEMS} tbody td.code")).to_have_text(sorted(codes))
    expect(page.locator(f"{PROBLEMS} th[data-field=code]")).to_have_attribute(
        "aria-sort", "ascending"
    )
    page.locator(f"{PROBLEMS} th[data-field=line] button").click()
    page.locator(f"{PROBLEMS} th[data-field=line] button").click()
    expect(page.locator(f"{PROBLEMS} tbody td.line")).to_have_text(["8", "7", "6", "5", "4", "3"])
    page.locator(f"{PROBLEMS} input[type=search]").fill("unknown")
    expect(page.locator(f"{PROBLEMS} tbody td.code")).to_have_text(["UNKNOWN_SKU", "UNKNOWN_ORDER"])
    expect(page.locator(f"{PROBLEMS} [data-testid=problem-count]")).to_have_text("2 of 6 problems")
    # Nothing was written.
    assert [s["number"] for s in api.rows(order["id"])[0]["serialNumbers"]] == ["P-1"]


def test_good_csv_dry_run_then_commit_and_the_numbers_are_in_stock(
    page: Any,
    api: Scenario,
) -> None:
    motor = api.product_sku("Motor", tracked=True)
    fan = api.product_sku("Fan", tracked=True)
    order = api.received_order([(motor, "3"), (fan, "2")])
    po = order["number"]
    data = csv_bytes(
        [[po, motor, f"M-{i}", ""] for i in (1, 2, 3)] + [[po, fan, f"F-{i}", ""] for i in (1, 2)]
    )

    page.goto("/#/import")
    with page.expect_request(
        lambda r: (
            r.url.endswith("/graphql")
            and r.method == "POST"
            and r.headers.get("content-type", "").startswith("multipart/form-data")
        )
    ) as request_info:
        choose(page, "supplier-good.csv", data)
    assert request_info.value.headers["x-serialtrace-csrf"] == "1"

    summary = page.locator(f"{SCREEN} [data-testid=import-summary]")
    expect(summary).to_contain_text("Ready to import 5 numbers into 2 rows of 1 order.")
    expect(page.locator(f"{SCREEN} st-import-problems")).to_have_count(0)
    shot(page, "import-summary")
    assert api.rows(order["id"])[0]["serialNumbers"] == []  # a dry run writes nothing

    page.locator(f"{SCREEN} button.commit").click()
    done = page.locator(f"{SCREEN} [data-testid=import-done]")
    expect(done).to_contain_text("Imported 5 numbers into 2 rows of 1 order.")
    expect(done).to_contain_text("(supplier-good.csv)")
    shot(page, "import-done")
    rows = api.rows(order["id"])
    assert [s["number"] for s in rows[0]["serialNumbers"]] == ["M-1", "M-2", "M-3"]
    assert {s["status"] for r in rows for s in r["serialNumbers"]} == {"IN_STOCK"}

    done.locator("a.order-link", has_text=po).click()  # straight to the order
    expect(page.locator("st-purchase-order-detail h1")).to_contain_text(po)
    page.goto(f"/#/stock?sku={motor}")
    expect(page.locator("st-serial-number-list tbody tr")).to_have_count(3)
    for number in ("M-1", "M-2", "M-3"):
        row = page.locator("st-serial-number-list tbody tr").filter(has_text=number)
        expect(row).to_contain_text("In stock")
        expect(row).to_contain_text(po)


def test_a_warning_does_not_stop_the_commit(page: Any, api: Scenario) -> None:
    sku = api.product_sku("Valve", tracked=True)
    order = api.received_order([(sku, "2")])
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["purchase_order", "sku", "serial_number", "row"])
    sheet.append([order["number"], sku, "V-1", None])
    sheet.append([order["number"], sku, 4711, None])  # a number cell: a warning
    out = io.BytesIO()
    book.save(out)

    page.goto("/#/import")
    choose(
        page,
        "valves.xlsx",
        out.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    summary = page.locator(f"{SCREEN} [data-testid=import-summary]")
    expect(summary).to_contain_text("Ready to import 2 numbers into 1 row of 1 order.")
    expect(summary).to_contain_text("1 warning")
    warning = page.locator(f"{PROBLEMS} tbody tr")
    expect(warning).to_have_count(1)
    expect(warning).to_have_attribute("data-severity", "WARNING")
    expect(warning.locator("td.line")).to_have_text("3")
    expect(warning.locator("td.severity")).to_have_text("Warning")
    page.locator(f"{SCREEN} button.commit").click()
    done = page.locator(f"{SCREEN} [data-testid=import-done]")
    expect(done).to_contain_text("Imported 2 numbers")
    assert [s["number"] for s in api.rows(order["id"])[0]["serialNumbers"]] == ["V-1", "4711"]


def test_template_downloads(page: Any, api: Scenario) -> None:
    sku = api.product_sku("Sensor", tracked=True)
    plain = api.product_sku("Screws", tracked=False)
    order = api.order([(sku, "3"), (plain, "10")])
    row_id = order["rows"][0]["id"]
    api.assign(row_id, ["S-1"])

    open_order(page, order["id"])  # not received: no template
    expect(page.locator("st-purchase-order-detail [data-testid=import-template]")).to_have_count(0)
    api.receive_row(row_id)
    api.receive_row(order["rows"][1]["id"])
    page.reload()
    bar = page.locator("st-purchase-order-detail [data-testid=import-template]")
    expect(bar).to_contain_text("2 serial numbers missing")
    shot(page, "order-detail-import-template")

    with page.expect_download() as info:
        bar.locator("a.template-csv").click()
    download = info.value
    assert download.suggested_filename == f"{order['number']}-import-template.csv"
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        records = list(csv.reader(file))
    assert (
        records
        == [["purchase_order", "sku", "serial_number", "row"]]
        + [[order["number"], sku, "", row_id]] * 2
    )

    with page.expect_download() as info:
        bar.locator("a.template-xlsx").click()
    download = info.value
    assert download.suggested_filename == f"{order['number']}-import-template.xlsx"
    with open(download.path(), "rb") as file:
        sheet = openpyxl.load_workbook(io.BytesIO(file.read()), read_only=True).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == ["purchase_order", "sku", "serial_number", "row"]
    assert [v[:2] for v in values[1:]] == [[order["number"], sku]] * 2

    bar.locator("a", has_text="Import screen").click()
    with page.expect_download() as info:
        page.locator(f"{SCREEN} a.template-csv").click()
    with open(info.value.path(), encoding="utf-8-sig", newline="") as file:
        assert list(csv.reader(file)) == [["purchase_order", "sku", "serial_number", "row"]]
    with page.expect_download() as info:
        page.locator(f"{SCREEN} a.template-xlsx").click()
    assert info.value.suggested_filename == "serialtrace-import-template.xlsx"
