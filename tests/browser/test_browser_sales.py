"""Sales orders in the browser: picking serial numbers (search, typing, paste), refusals on the
chips, delivering (refused while incomplete) and reverting; the trace view of one number (from
the stock screen and from the header search); the recall view of a PO and its CSV; and the
receipt of a PO that can't be reverted while one of its numbers is reserved."""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from support.builders import Scenario, unique
from tests.browser.conftest import shot
from tests.browser.helpers import (
    PICK,
    PICK_ENTRY,
    TODAY_JS,
    chip,
    open_order,
    open_picker,
    open_sales_order,
    paste,
    sales_row,
)

pytestmark = pytest.mark.browser


def stocked(
    api: Scenario, name: str, numbers: list[str], supplier: str | None = None
) -> tuple[str, dict[str, Any]]:
    """A tracked item with these numbers received on a new PO."""
    sku = unique("T")
    return sku, api.in_stock(sku, numbers, supplier, name=name, named_variants=False)


def test_sales_orders_list_search_status_and_paging(page: Any, api: Scenario) -> None:
    page.goto("/#/sales-orders")
    expect(page.locator("st-sales-order-list .empty")).to_have_text("No sales orders yet.")
    sku, _ = stocked(api, "Drill", ["D-1"])
    plain = api.product_sku("Oil", tracked=False)
    acme = api.customer("Acme Retail")
    delivered = api.sales_order(acme, [(sku, "1")])
    api.pick(delivered["rows"][0]["id"], ["D-1"])
    api.deliver(delivered["id"])
    untracked = api.sales_order(api.customer("Bolt Shop"), [(plain, "2.5")])
    for _ in range(49):
        api.sales_order(acme, [(plain, "1")])

    page.goto("/#/purchase-orders")
    page.locator("st-app nav a", has_text="Sales orders").click()
    listing = page.locator("st-sales-order-list")
    rows = listing.locator("tbody tr")
    expect(rows).to_have_count(50)
    expect(listing.locator("st-pager")).to_contain_text("1–50 of 51")
    expect(page.locator("st-app nav a[aria-current=page]")).to_have_text("Sales orders")
    listing.locator("st-pager button", has_text="Next").click()
    expect(rows).to_have_count(1)

    listing.locator("select[aria-label=Status]").select_option("DELIVERED")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(delivered["number"])
    expect(rows.first).to_contain_text("Acme Retail")
    expect(rows.first.locator("td.delivered")).to_have_text(page.evaluate(TODAY_JS))
    expect(rows.first.locator("st-tracing-badge")).to_contain_text("1 / 1")
    listing.locator("select[aria-label=Status]").select_option("")
    listing.locator("input[type=search]").fill("bolt")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(untracked["number"])
    expect(rows.first).to_contain_text("Not shipped")
    expect(rows.first.locator("st-tracing-badge")).to_have_count(0)
    rows.first.locator("a").click()
    expect(page.locator("st-sales-order-detail h1")).to_have_text(untracked["number"])
    expect(page.locator("st-sales-order-detail th", has_text="Tracing")).to_have_count(0)


def test_pick_by_search_typing_and_paste_deliver_and_revert(page: Any, api: Scenario) -> None:
    sku, _ = stocked(api, "Servo drive", ["A-1", "A-2", "A-3", "A-4"])
    other_sku, _ = stocked(api, "Encoder", ["B-1"])
    plain = api.product_sku("Cable", tracked=False)
    rival = api.sales_order(api.customer("Rival Ltd"), [(sku, "1")])
    api.pick(rival["rows"][0]["id"], ["A-4"])
    order = api.sales_order(api.customer("Nordic Tools"), [(sku, "3"), (plain, "2")])

    open_sales_order(page, order["id"])
    detail = page.locator("st-sales-order-detail")
    expect(detail.locator("th", has_text="Tracing")).to_be_visible()
    row = sales_row(page, sku)
    expect(row.locator("svg.icon-exclamation")).to_be_visible()
    expect(row.locator("st-tracing-badge")).to_contain_text("0 / 3")
    expect(sales_row(page, plain).locator("button.tracing")).to_have_count(0)

    # Delivering an incomplete order is refused, and the reason is shown in place.
    detail.locator("button.deliver").click()
    page.locator("st-action-dialog button.confirm").click()
    alert = page.locator("st-action-dialog [role=alert]")
    expect(alert).to_contain_text("Refused by the server")
    expect(alert).to_contain_text(f"Row 1 ({sku}): 0 of 3")
    page.locator("st-action-dialog button.cancel").click()
    expect(row.locator("[data-testid=row-problem]")).to_contain_text("0 of 3")
    expect(detail.locator("[data-testid=deliver-refused]")).to_contain_text("not complete")
    expect(detail.locator("[data-testid=order-status]")).to_have_text("Not shipped")

    picker = open_picker(page, sku)
    expect(page.locator(PICK_ENTRY)).to_be_focused()
    results = picker.locator("button.result")
    expect(picker.locator("button.result .meta")).to_have_count(3)  # A-4 is reserved elsewhere
    expect(picker.locator("button.result[data-number='A-4']")).to_have_count(0)

    # Search: type part of a number, pick the result by click.
    page.locator(PICK_ENTRY).type("a-2")
    expect(results).to_have_count(1)
    picker.locator("button.result[data-number='A-2']").click()
    expect(chip(page, "A-2", PICK)).to_have_attribute("data-state", "new")
    expect(page.locator(PICK_ENTRY)).to_have_value("")
    expect(picker.locator("[data-testid=counter]")).to_have_text("1 / 3")

    # Paste a block: reasons from the server's dry run land on the chips.
    paste(page, "A-1\r\nA-4\r\nB-1\r\nNOPE-9\r\n", PICK)
    expect(chip(page, "A-4", PICK)).to_have_attribute("data-code", "NOT_IN_STOCK")
    expect(chip(page, "A-4", PICK)).to_contain_text(f"Not in stock: reserved on {rival['number']}")
    expect(chip(page, "B-1", PICK)).to_have_attribute("data-code", "WRONG_VARIANT")
    expect(chip(page, "B-1", PICK)).to_contain_text(f"Wrong SKU: a number of {other_sku}")
    expect(chip(page, "NOPE-9", PICK)).to_have_attribute("data-code", "NOT_FOUND")
    expect(chip(page, "NOPE-9", PICK)).to_contain_text("Unknown number")
    expect(chip(page, "A-1", PICK)).to_have_attribute("data-code", "")
    expect(picker.locator("[data-testid=problems]")).to_have_text("3 with problems")
    shot(page, "sales-order-picker")

    picker.locator("button.done").click()
    expect(picker.locator("[data-testid=form-error]")).to_contain_text("Fix or remove")
    for bad in ("A-4", "B-1", "NOPE-9"):
        chip(page, bad, PICK).locator("button.bin").click()
    # Search + keyboard: arrow down into the results, Enter picks.
    page.locator(PICK_ENTRY).type("3")
    expect(results).to_have_count(1)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(chip(page, "A-3", PICK)).to_have_attribute("data-state", "new")
    expect(picker.locator("[data-testid=counter]")).to_have_text("3 / 3")
    picker.locator("button.done").click()
    expect(page.locator(PICK)).to_have_count(0)
    expect(row.locator("svg.icon-check")).to_be_visible()
    expect(row.locator("st-tracing-badge")).to_contain_text("3 / 3")
    picked = api.sales_rows(order["id"])[0]["serialNumbers"]
    assert sorted(s["number"] for s in picked) == ["A-1", "A-2", "A-3"]
    assert {s["status"] for s in picked} == {"RESERVED"}

    # Complete now: delivered.
    detail.locator("button.deliver").click()
    page.locator("st-action-dialog button.confirm").click()
    expect(page.locator("st-action-dialog")).to_have_count(0)
    expect(detail.locator("[data-testid=order-status]")).to_have_text("Delivered")
    expect(detail.locator("[data-testid=delivered-at]")).to_have_text(page.evaluate(TODAY_JS))
    expect(detail.locator("[data-testid=row-problem]")).to_have_count(0)
    expect(detail.locator("button.deliver")).to_be_disabled()
    assert {s["status"] for s in api.sales_rows(order["id"])[0]["serialNumbers"]} == {"SHIPPED"}

    # A delivered order's picker is read-only.
    picker = open_picker(page, sku)
    expect(picker.locator(".readonly")).to_contain_text("is delivered")
    expect(picker.locator("input.entry-input")).to_have_count(0)
    expect(picker.locator("button.bin")).to_have_count(0)
    expect(picker.locator(".chip")).to_have_count(3)
    picker.locator("button.done").click()
    expect(page.locator(PICK)).to_have_count(0)

    detail.locator("button.revert").click()
    page.locator("st-action-dialog button.confirm").click()
    expect(page.locator("st-action-dialog")).to_have_count(0)
    expect(detail.locator("[data-testid=order-status]")).to_have_text("Not shipped")
    assert {s["status"] for s in api.sales_rows(order["id"])[0]["serialNumbers"]} == {"RESERVED"}


def test_refused_pick_is_shown_on_the_chip_and_releases_nothing(page: Any, api: Scenario) -> None:
    sku, _ = stocked(api, "Gearbox", ["R-1", "R-2", "R-3"])
    order = api.sales_order(api.customer("Kappa Oy"), [(sku, "2")])
    api.pick(order["rows"][0]["id"], ["R-1"])
    rival = api.sales_order(api.customer("Lambda SA"), [(sku, "1")])

    open_sales_order(page, order["id"])
    picker = open_picker(page, sku)
    expect(chip(page, "R-1", PICK)).to_have_attribute("data-state", "saved")
    chip(page, "R-1", PICK).locator("button.bin").click()  # to release
    page.locator(PICK_ENTRY).type("R-2\n")
    page.locator(PICK_ENTRY).type("R-3\n")
    page.wait_for_timeout(600)  # the dry run passes: both in stock
    expect(chip(page, "R-2", PICK)).to_have_attribute("data-code", "")
    api.pick(rival["rows"][0]["id"], ["R-2"])  # someone else is faster

    picker.locator("button.done").click()  # one call: release R-1, pick
    form_error = picker.locator("[data-testid=form-error]")
    expect(form_error).to_contain_text("Nothing was changed")
    expect(form_error).not_to_contain_text("back in stock")
    expect(chip(page, "R-2", PICK)).to_have_attribute("data-code", "NOT_IN_STOCK")
    expect(chip(page, "R-2", PICK)).to_contain_text(f"reserved on {rival['number']}")
    expect(chip(page, "R-3", PICK)).to_have_attribute("data-code", "")
    rows = api.sales_rows(order["id"])
    assert [s["number"] for s in rows[0]["serialNumbers"]] == ["R-1"]  # all or nothing

    chip(page, "R-2", PICK).locator("button.bin").click()
    picker.locator("button.done").click()
    expect(page.locator(PICK)).to_have_count(0)
    expect(sales_row(page, sku).locator("st-tracing-badge")).to_contain_text("1 / 2")
    assert [s["number"] for s in api.sales_rows(order["id"])[0]["serialNumbers"]] == ["R-3"]


def test_trace_view_from_stock_and_from_the_header_search(page: Any, api: Scenario) -> None:
    supplier = api.supplier("Tracey Parts")
    sku, po = stocked(api, "Pump head", ["TR-100"], supplier=supplier)
    twin, _ = stocked(api, "Pump base", ["tr-100", "TR-UNIQUE-7"])
    order = api.sales_order(api.customer("Omega Farms"), [(sku, "1")])
    api.pick(order["rows"][0]["id"], ["TR-100"])
    api.deliver(order["id"])
    today = page.evaluate(TODAY_JS)

    page.goto("/#/stock")
    stock = page.locator("st-serial-number-list")
    stock.locator("input.sku").fill(sku)
    stock.locator("input.sku").press("Enter")
    row = stock.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td.so")).to_contain_text("Omega Farms")
    expect(row.locator("td.so a")).to_have_text(order["number"])
    row.locator("td.number a").click()

    trace = page.locator("st-serial-trace")
    expect(trace.locator("[data-testid=number]")).to_have_text("TR-100")
    expect(trace.locator("[data-testid=status]")).to_have_text("Shipped")
    picture = trace.locator("svg.trace")
    for text in (
        "Tracey Parts",
        po["number"],
        order["number"],
        "Omega Farms",
        f"delivered {today}",
        f"received {today}",
    ):
        expect(picture).to_contain_text(text)
    expect(picture.locator("g.node.reached")).to_have_count(5)
    expect(picture.locator("g.node.current")).to_have_attribute("data-step", "customer")
    kinds = trace.locator("ol.timeline li").evaluate_all(
        "(items) => items.map((i) => i.dataset.kind)"
    )
    assert kinds == ["ASSIGNED", "RECEIVED", "RESERVED", "SHIPPED"]
    expect(trace.locator("ol.timeline li[data-kind=RESERVED]")).to_contain_text(order["number"])
    # Each event's document links straight to its order (the API names the order).
    quoted = quote(order["id"], safe="")
    expect(trace.locator("ol.timeline li[data-kind=RESERVED] .doc a")).to_have_attribute(
        "href", f"#/sales-orders/{quoted}"
    )
    expect(trace.locator("ol.timeline li[data-kind=RECEIVED] .doc a")).to_have_attribute(
        "href", f"#/purchase-orders/{quote(po['id'], safe='')}"
    )
    shot(page, "trace-view")
    picture.locator("g[data-step=so] a").click()
    expect(page.locator("st-sales-order-detail h1")).to_have_text(order["number"])

    # From the header: the number exists on two SKUs; both are exact matches, choose one.
    search = page.locator("st-global-search input")
    search.fill("tr-100")
    options = page.locator("st-global-search [role=group][data-kind=serialNumbers] [role=option]")
    expect(options).to_have_count(2)
    expect(options.locator(".exact")).to_have_count(2)
    shot(page, "header-search")
    page.locator(f"st-global-search [role=option][data-href='#/trace/{twin}/tr-100']").click()
    expect(trace.locator("[data-testid=number]")).to_have_text("tr-100")
    expect(trace.locator("[data-testid=status]")).to_have_text("In stock")
    expect(picture.locator("g.node.reached")).to_have_count(3)
    expect(picture.locator("g.node.future")).to_have_count(2)
    expect(page).to_have_url(f"/#/trace/{twin}/tr-100")
    shot(page, "trace-view-in-stock")

    # Enter opens the first result (here the one exact match).
    search.fill("tr-unique-7")
    search.press("Enter")
    expect(trace.locator("[data-testid=number]")).to_have_text("TR-UNIQUE-7")
    search.fill("NO-SUCH-NUMBER")
    expect(page.locator("st-global-search [data-testid=no-match]")).to_be_visible()


def test_recall_view_and_csv_export(page: Any, api: Scenario) -> None:
    sku, po = stocked(api, "Valve block", ["V-1", "V-2", "V-3", "V-4"])
    zeta = api.sales_order(api.customer("Zeta GmbH"), [(sku, "2")])
    api.pick(zeta["rows"][0]["id"], ["V-1", "V-3"])
    api.deliver(zeta["id"])
    plus = api.sales_order(api.customer("+Plus Corp"), [(sku, "1")])
    api.pick(plus["rows"][0]["id"], ["V-2"])
    today = page.evaluate(TODAY_JS)

    open_order(page, po["id"])
    page.locator("st-purchase-order-detail a.recall").click()
    expect(page).to_have_url(f"/#/purchase-orders/{po['id']}/recall")
    recall = page.locator("st-recall")
    expect(recall.locator("h1")).to_have_text(f"Customers who got units of {po['number']}")
    rows = recall.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(recall.locator("[data-testid=recall-summary]")).to_contain_text("2 customers")
    expect(recall.locator("[data-testid=recall-summary]")).to_contain_text("3 units")
    zeta_row = recall.locator(f"tr[data-sales-order='{zeta['number']}']")
    expect(zeta_row).to_contain_text("Zeta GmbH")
    expect(zeta_row).to_contain_text("Delivered")
    expect(zeta_row).to_contain_text(today)
    expect(zeta_row.locator(".serials a")).to_have_text(["V-1", "V-3"])
    plus_row = recall.locator(f"tr[data-sales-order='{plus['number']}']")
    expect(plus_row.locator(".serials a")).to_have_text(["V-2"])
    shot(page, "recall-view")

    with page.expect_download() as download_info:
        recall.locator("button.export-csv").click()
    download = download_info.value
    assert download.suggested_filename == f"recall-{po['number']}.csv"
    with open(download.path(), encoding="utf-8-sig") as file:
        records = list(csv.reader(io.StringIO(file.read())))
    assert records[0] == [
        "customer",
        "sales_order",
        "sales_order_status",
        "delivered_date",
        "sku",
        "serial_number",
        "serial_status",
    ]
    body = sorted(records[1:])
    assert body == sorted(
        [
            ["'+Plus Corp", plus["number"], "NOT_SHIPPED", "", sku, "V-2", "RESERVED"],
            ["Zeta GmbH", zeta["number"], "DELIVERED", today, sku, "V-1", "SHIPPED"],
            ["Zeta GmbH", zeta["number"], "DELIVERED", today, sku, "V-3", "SHIPPED"],
        ]
    )
    expect(recall.locator(".export-status")).to_have_text("Exported 3 serial numbers.")

    # A number in the list opens its trace view.
    zeta_row.locator(".serials a", has_text="V-3").click()
    expect(page.locator("st-serial-trace [data-testid=number]")).to_have_text("V-3")


def test_revert_receipt_refused_with_the_reason_shown(page: Any, api: Scenario) -> None:
    sku, po = stocked(api, "Filter", ["F-1", "F-2"])
    order = api.sales_order(api.customer("Sigma BV"), [(sku, "1")])
    api.pick(order["rows"][0]["id"], ["F-2"])
    open_order(page, po["id"])
    detail = page.locator("st-purchase-order-detail")
    detail.locator("button.revert").click()
    page.locator("st-action-dialog button.confirm").click()
    alert = page.locator("st-action-dialog [role=alert]")
    expect(alert).to_contain_text("Refused by the server")
    expect(alert).to_contain_text("F-2")
    expect(alert).to_contain_text("reserved on a sales order")
    page.locator("st-action-dialog button.cancel").click()
    expect(detail.locator("[data-testid=order-status]")).to_have_text("Received")
    assert {s["status"] for s in api.rows(po["id"])[0]["serialNumbers"]} == {"IN_STOCK", "RESERVED"}
