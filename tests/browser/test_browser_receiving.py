"""Orders list, receiving (all, part, whole order), reverting, refusals shown in place, the
stock screen (filters, sort, CSV export), and empty and error states."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from playwright.sync_api import expect

from support.builders import Scenario
from tests.browser.conftest import shot
from tests.browser.helpers import TODAY_JS, open_order, row_locator

pytestmark = pytest.mark.browser


def test_empty_states_on_a_fresh_database(page: Any) -> None:
    # First in this module: the module's server starts with an empty database.
    page.goto("/")
    expect(page).to_have_url("/#/purchase-orders")
    expect(page.locator("st-purchase-order-list .empty")).to_have_text("No purchase orders yet.")
    page.goto("/#/stock")
    expect(page.locator("st-serial-number-list .empty")).to_have_text("No serial numbers yet")
    expect(page.locator("st-serial-number-list button.export-csv")).to_be_disabled()
    shot(page, "stock-empty")


def test_graphql_error_is_shown_in_place(page: Any) -> None:
    page.route(
        "**/graphql",
        lambda route: route.fulfill(
            status=200,
            content_type="application/json",
            body='{"data": null, "errors": [{"message": "Database is on fire."}]}',
        ),
    )
    page.goto("/#/purchase-orders")
    alert = page.locator("st-purchase-order-list [role=alert]")
    expect(alert).to_contain_text("Could not load purchase orders: Database is on fire.")
    page.unroute("**/graphql")
    alert.locator("button", has_text="Retry").click()
    expect(alert).to_have_count(0)


def test_orders_list_search_filters_and_paging(page: Any, api: Scenario) -> None:
    sku = api.product_sku("Widget", tracked=True)
    plain = api.product_sku("Grease", tracked=False)
    supplier = api.supplier("Acme Components")
    po = api.order([(sku, "2"), (plain, "1.5")], supplier=supplier)
    opo = api.order([(sku, "3")], kind="OUTSOURCED", supplier=supplier)
    untracked = api.order([(plain, "4")], supplier=supplier)
    for _ in range(50):
        api.order([(plain, "1")], supplier=supplier)

    page.goto("/#/purchase-orders")
    listing = page.locator("st-purchase-order-list")
    rows = listing.locator("tbody tr")
    expect(rows).to_have_count(50)
    expect(listing.locator("st-pager")).to_contain_text("1–50 of 53")
    shot(page, "orders-list")
    listing.locator("st-pager button", has_text="Next").click()
    expect(listing.locator("st-pager")).to_contain_text("51–53 of 53")
    expect(rows).to_have_count(3)
    listing.locator("st-pager button", has_text="Previous").click()
    expect(listing.locator("st-pager")).to_contain_text("1–50 of 53")

    listing.locator("input[type=search]").fill(po["number"])
    found = rows.filter(has=page.get_by_role("link", name=po["number"], exact=True))
    expect(found).to_have_count(1)
    expect(rows).not_to_have_count(50)
    expect(found).to_contain_text("Acme Components")
    expect(found.locator("st-tracing-badge")).to_contain_text("0 / 2")
    listing.locator("input[type=search]").fill("")
    listing.locator("select[aria-label=Kind]").select_option("OUTSOURCED")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(opo["number"])
    expect(rows.first).to_contain_text("OPO")
    listing.locator("select[aria-label=Kind]").select_option("")
    listing.locator("input[type=search]").fill(untracked["number"])
    found = rows.filter(has=page.get_by_role("link", name=untracked["number"], exact=True))
    expect(found).to_have_count(1)
    expect(found.locator("st-tracing-badge")).to_have_count(0)  # no tracked rows: no tracing
    listing.locator("input[type=search]").fill("NO-SUCH-ORDER")
    expect(listing.locator(".empty")).to_have_text("No purchase orders match these filters.")

    # No tracked row: no Tracing column on the order.
    open_order(page, untracked["id"])
    expect(page.locator("st-purchase-order-detail th", has_text="Tracing")).to_have_count(0)


def test_partial_receive_then_whole_order_then_revert(page: Any, api: Scenario) -> None:
    sku = api.product_sku("Valve", tracked=True)
    order = api.order([(sku, "4")])
    api.assign(order["rows"][0]["id"], ["V-1", "V-2", "V-3", "V-4"])
    open_order(page, order["id"])
    row_locator(page, sku).locator("button.receive-part").click()
    dialog = page.locator("st-action-dialog")
    quantity = dialog.locator("input[name=quantity]")
    expect(quantity).to_be_focused()
    quantity.fill("5")
    dialog.locator("button.confirm").click()
    expect(dialog).to_contain_text("At most 4.")
    quantity.fill("1.5")
    dialog.locator("button.confirm").click()
    expect(dialog).to_contain_text("Whole numbers only")
    quantity.fill("1")
    shot(page, "receive-part-dialog")
    dialog.locator("button.confirm").click()
    expect(dialog).to_have_count(0)

    detail = page.locator("st-purchase-order-detail")
    expect(detail.locator("[data-testid=order-status]")).to_have_text("Partially received")
    received = row_locator(page, sku, "Received").filter(has_not_text="Not received")
    open_row = row_locator(page, sku, "Not received")
    expect(received).to_have_count(1)
    expect(received.locator("td.num").first).to_have_text("1")
    expect(received.locator("st-tracing-badge")).to_contain_text("1 / 1")
    expect(received).to_contain_text(page.evaluate(TODAY_JS))
    expect(open_row.locator("td.num").first).to_have_text("3")
    expect(open_row.locator("st-tracing-badge")).to_contain_text("3 / 3")
    shot(page, "order-detail-partial")

    detail.locator("button.receive-order").click()
    page.locator("st-action-dialog button.confirm").click()
    expect(detail.locator("[data-testid=order-status]")).to_have_text("Received")
    expect(detail.locator("button.receive-order")).to_be_disabled()

    detail.locator("button.revert").click()
    expect(page.locator("st-action-dialog")).to_contain_text("Not received")
    page.locator("st-action-dialog button.confirm").click()
    expect(page.locator("st-action-dialog")).to_have_count(0)
    expect(detail.locator("[data-testid=order-status]")).to_have_text("Not received")
    assert all(
        s["status"] == "EXPECTED" and s["addedAt"] is None
        for row in api.rows(order["id"])
        for s in row["serialNumbers"]
    )


def test_refusals_show_the_servers_reason_in_place(page: Any, api: Scenario) -> None:
    sku = api.product_sku("Pump", tracked=True)
    order = api.order([(sku, "4")])
    row_id = order["rows"][0]["id"]
    api.receive_row(row_id, "1")
    open_order(page, order["id"])
    detail = page.locator("st-purchase-order-detail")

    # Revert, but someone reverted it meanwhile: the server refuses and says why.
    detail.locator("button.revert").click()
    api.revert(order["id"])
    page.locator("st-action-dialog button.confirm").click()
    alert = page.locator("st-action-dialog [role=alert]")
    expect(alert).to_contain_text("Refused by the server")
    expect(alert).to_contain_text("no received rows")
    shot(page, "revert-refused")
    page.locator("st-action-dialog button.cancel").click()
    expect(page.locator("st-action-dialog")).to_have_count(0)

    # Receiving more than the row holds now (someone received part of it meanwhile).
    page.reload()
    open_row = page.locator(f"st-purchase-order-detail tr[data-row-id='{row_id}']")
    expect(open_row.locator("td.num").first).to_have_text("3")
    open_row.locator("button.receive-part").click()
    api.receive_row(row_id, "3")
    page.locator("st-action-dialog input[name=quantity]").fill("3")
    page.locator("st-action-dialog button.confirm").click()
    expect(page.locator("st-action-dialog [role=alert]")).to_contain_text("Refused by the server")
    expect(page.locator("st-action-dialog input[name=quantity]")).to_have_value("3")


def test_stock_filters_sort_and_csv_export(page: Any, api: Scenario) -> None:
    sku = api.product_sku("Camera", tracked=True)
    order = api.order([(sku, "3"), (sku, "2")])
    first, second = (r["id"] for r in order["rows"])
    api.assign(first, ["B-2", "-5 minus", "A-1"])
    api.receive_row(first)
    api.assign(second, ["C-3"])
    sales = api.sales_order(api.customer("Nu GmbH"), [(sku, "1")])
    api.pick(sales["rows"][0]["id"], ["B-2"])
    today = page.evaluate(TODAY_JS)

    page.goto("/#/stock")
    stock = page.locator("st-serial-number-list")
    stock.locator("input.sku").fill(sku)
    stock.locator("input.sku").press("Enter")
    rows = stock.locator("tbody tr")
    expect(rows).to_have_count(4)
    numbers = stock.locator("tbody td.number")

    stock.locator("th[data-field=NUMBER] button").click()
    expect(numbers).to_have_text(["-5 minus", "A-1", "B-2", "C-3"])
    expect(stock.locator("th[data-field=NUMBER]")).to_have_attribute("aria-sort", "ascending")
    stock.locator("th[data-field=NUMBER] button").click()
    expect(numbers).to_have_text(["C-3", "B-2", "A-1", "-5 minus"])
    expect(page).to_have_url(f"/#/stock?sku={sku}&sort=NUMBER%3ADESC")

    stock.locator("select[aria-label=Status]").select_option("EXPECTED")
    expect(numbers).to_have_text(["C-3"])
    expect(rows.first.locator("td.added")).to_contain_text("—")
    stock.locator("select[aria-label=Status]").select_option("")
    stock.locator("input[aria-label='Added from']").fill(today)
    expect(numbers).to_have_text(["B-2", "A-1", "-5 minus"])
    for i in range(3):
        expect(rows.nth(i).locator("td.added")).to_have_text(today)
    stock.locator("input[aria-label='Added to']").fill("2000-01-01")
    stock.locator("input[aria-label='Added from']").fill("1999-01-01")
    expect(stock.locator(".empty")).to_contain_text("No serial numbers match these filters.")
    stock.locator(".empty button", has_text="Clear filters").click()
    expect(stock.locator("input.sku")).to_have_value("")
    stock.locator("input[type=search]").fill("a-1")
    expect(numbers).to_have_text(["A-1"])
    stock.locator("input[type=search]").fill("")
    stock.locator("input.sku").fill(sku)
    stock.locator("input.sku").press("Enter")
    expect(rows).to_have_count(4)
    shot(page, "stock-filtered")

    with page.expect_download() as download_info:
        stock.locator("a.export-csv").click()
    download = download_info.value
    assert download.suggested_filename == f"serial-numbers-{today}.csv"
    with open(download.path(), encoding="utf-8-sig") as file:
        text = file.read()
    records = list(csv.reader(io.StringIO(text)))
    assert records[0] == [
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
    by_number = {r[0]: r for r in records[1:]}
    assert set(by_number) == {"C-3", "B-2", "A-1", "'-5 minus"}  # formula-like cell neutralised
    assert by_number["A-1"][1:6] == [sku, "Camera", "IN_STOCK", today, order["number"]]
    assert by_number["A-1"][7:] == ["", ""]
    assert by_number["B-2"][7:] == [sales["number"], "Nu GmbH"]
    assert by_number["C-3"][3:5] == ["EXPECTED", ""]


def test_pure_rules_as_the_browser_runs_them(page: Any) -> None:
    page.goto("/#/purchase-orders")
    result = page.evaluate("""async () => {
      const s = await import('/src/serials.js');
      const f = await import('/src/format.js');
      const code = (n) => (s.checkFormat(n) || {}).code || null;
      return {
        split: s.splitPastedText('a\\tb\\r\\nc\\rd\\n\\n  e  \\t\\t'),
        codes: [code(''), code('x'.repeat(32)), code('x'.repeat(33)), code('ok -_/,.9'),
                code('tab\\there'), code('é'), code('#1')],
        cells: ['=1+1', '+1', '-1', '@x', '\\tx', '\\rx', 'a,b', 'say "hi"', 'plain']
          .map(f.csvCell),
      };
    }""")
    assert result["split"] == ["a", "b", "c", "d", "e"]
    assert result["codes"] == [
        "EMPTY",
        None,
        "TOO_LONG",
        None,
        "INVALID_CHARACTERS",
        "INVALID_CHARACTERS",
        "INVALID_CHARACTERS",
    ]
    assert result["cells"] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@x",
        "'\tx",
        '"\'\rx"',
        '"a,b"',
        '"say ""hi"""',
        "plain",
    ]
