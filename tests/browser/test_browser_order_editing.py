"""Changing orders on their pages: rows added, their quantity changed and deleted under the
server's rules (its refusals shown at the row), the expected date, receiving part of a row with
the chosen serial numbers and the rest on an earlier day (refused in the future and before the
order date), a sales order's rows and its delivery dated (refused before its units were
received); axe on the pages and dialogs at desktop and phone size."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from typing import Any
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from support.builders import Scenario as Api
from tests.browser.conftest import shot
from tests.browser.helpers import open_order, open_sales_order
from tests.browser.order_ui import (
    DESKTOP,
    DIALOG,
    PO_FORM,
    PO_PAGE,
    SO_FORM,
    SO_PAGE,
    assert_no_axe_violations,
    choose,
    days_ago,
    dialog_date,
    fill_date,
    local_day,
    no_wider_than_the_screen,
    phone_page,
    row_editor,
    today,
)

pytestmark = pytest.mark.browser

PO_ROWS = """query($id: ID!) { purchaseOrder(id: $id) { status rows {
  id quantity status receivedAt variant { sku } serialNumbers { number status addedAt } } } }"""
SO = """query($id: ID!) { salesOrder(id: $id) { status deliveredAt customer { name } rows {
  id quantity variant { sku } serialNumbers { number } } } }"""


@pytest.fixture
def phone(browser: Any, server: str, api: Api) -> Iterator[Any]:
    yield from phone_page(browser, server, api)


def po_rows(api: Api, order_id: str) -> list[dict[str, Any]]:
    return api.client(PO_ROWS, {"id": order_id})["purchaseOrder"]["rows"]


def page_id(page: Any) -> str:
    return unquote(page.url.rsplit("/", 1)[-1])


def noon(day: str) -> str:
    """Local noon of a day as an ISO instant (what the app sends for an earlier day)."""
    return datetime.combine(datetime.fromisoformat(day).date(), time(12)).astimezone().isoformat()


def test_purchase_order_rows_changed_and_received_on_chosen_days(page: Any, api: Api) -> None:
    drive = api.product_sku("Servo drive", tracked=True, sku="SD-1")
    cable = api.product_sku("Servo cable", tracked=True, sku="SD-CBL")
    paste = api.product_sku("Thermal paste", tracked=False, sku="TP-1")
    supplier = api.supplier("Kessler Antriebe")
    ordered = days_ago(page, 3)
    page.set_viewport_size(DESKTOP)

    # A purchase order with two rows, ordered three days ago.
    page.goto(f"/#/purchase-orders/new?supplier={supplier}")
    form = page.locator(PO_FORM)
    expect(form.locator("st-search-select.party-select input")).to_have_value("Kessler Antriebe")
    fill_date(form.locator("st-date-field.ordered-on input"), ordered)
    choose(row_editor(page, PO_FORM, 0).locator("st-search-select"), "SD-1")
    row_editor(page, PO_FORM, 0).locator("input[name=quantity]").fill("4")
    row_editor(page, PO_FORM, 0).locator("input[name=quantity]").press("Enter")
    choose(row_editor(page, PO_FORM, 1).locator("st-search-select"), "paste", "TP-1")
    row_editor(page, PO_FORM, 1).locator("input[name=quantity]").fill("2.5")
    form.locator("button.create").click()
    detail = page.locator(PO_PAGE)
    expect(detail.locator("h1")).to_have_text("PO-1")
    order_id = page_id(page)
    expect(detail.locator("[data-testid=ordered-at]")).to_have_text(ordered)

    def row(sku: str, status: str = "Not received") -> Any:
        pill = page.get_by_text(status, exact=True)
        return detail.locator(f"tr[data-sku='{sku}']").filter(has=pill)

    # A third row, added by keyboard below the table.
    add = detail.locator("form.add-row")
    choose(add.locator("st-search-select"), "SD-CBL")
    add.locator("input[name=quantity]").fill("2")
    add.locator("input[name=quantity]").press("Enter")
    expect(detail.locator(".notice")).to_contain_text("Added 2 × SD-CBL.")
    expect(detail.locator("tr[data-row-id]")).to_have_count(3)
    expect(add.locator("st-search-select input")).to_have_value("")
    expect(add.locator("st-search-select input")).to_be_focused()

    # A quantity changed in place.
    row(paste).locator("button.edit-qty").click()
    box = row(paste).locator("input.qty-input")
    expect(box).to_be_focused()
    box.fill("3.25")
    box.press("Enter")
    expect(row(paste).locator("td.num")).to_have_text("3.25")
    expect(detail.locator(".notice")).to_contain_text("Row 2 (TP-1): quantity 2.5 → 3.25.")

    # A row deleted, after the question asked in the row.
    row(cable).locator("button.delete-row").click()
    question = detail.locator("tr.row-message")
    expect(question).to_contain_text("Delete row 3 (SD-CBL), 2 units?")
    expect(question.locator("button.confirm-delete")).to_be_focused()
    question.locator("button.keep").click()
    expect(question).to_have_count(0)
    expect(row(cable).locator("button.delete-row")).to_be_focused()
    row(cable).locator("button.delete-row").click()
    question.locator("button.confirm-delete").click()
    expect(detail.locator("tr[data-row-id]")).to_have_count(2)
    rows = po_rows(api, order_id)
    assert [(r["variant"]["sku"], r["quantity"]) for r in rows] == [(drive, "4"), (paste, "3.25")]

    # With its four serial numbers assigned, the drive row can't go below 4 nor be deleted:
    # the server says so at the row.
    drive_id = rows[0]["id"]
    api.assign(drive_id, ["A-1", "A-2", "A-3", "A-4"])
    page.reload()
    expect(row(drive).locator("st-tracing-badge")).to_contain_text("4 / 4")
    row(drive).locator("button.edit-qty").click()
    row(drive).locator("input.qty-input").fill("3")
    row(drive).locator("input.qty-input").press("Enter")
    line = detail.locator(f"tr.row-message[data-for='{drive_id}']")
    expect(line).to_contain_text("Not changed:")
    expect(line).to_contain_text(
        "The row has 4 serial numbers; remove some before lowering the quantity to 3."
    )
    row(drive).locator("input.qty-input").press("Escape")
    expect(row(drive).locator("td.num")).to_have_text("4")
    row(drive).locator("button.delete-row").click()
    line.locator("button.confirm-delete").click()
    expect(line.locator("[role=alert]")).to_contain_text(
        "Not deleted: The row has 4 serial numbers; remove them first."
    )
    shot(page, "po-row-refused")
    assert_no_axe_violations(page, "PO page with a refusal at a row")
    assert [r["quantity"] for r in po_rows(api, order_id)] == ["4", "3.25"]

    # The expected date, set in place; past and not received: overdue.
    detail.locator("button.edit-expected").click()
    fill_date(detail.locator(".expected-edit st-date-field input"), days_ago(page, 1))
    detail.locator("button.save-expected").click()
    expect(detail.locator("[data-testid=expected-on]")).to_have_text(days_ago(page, 1))
    expect(detail.locator("[data-testid=overdue]")).to_have_text("Overdue")

    # Part of the drive row arrives two days ago: two numbers, chosen by ticking and by typing.
    two_days_ago = days_ago(page, 2)
    row(drive).locator("button.receive-part").click()
    dialog = page.locator(DIALOG)
    dialog.locator("input[name=quantity]").fill("2")
    numbers = dialog.locator("st-receive-numbers")
    expect(numbers.locator("[data-testid=chosen-count]")).to_have_text("2 of 2")
    expect(numbers.locator("input[data-number='A-1']")).to_be_checked()
    expect(numbers.locator("input[data-number='A-2']")).to_be_checked()
    expect(numbers.locator("input[data-number='A-3']")).to_be_disabled()
    numbers.locator("input[data-number='A-1']").uncheck()
    scan = numbers.locator("input.scan-input")
    scan.fill("Z-9")
    scan.press("Enter")
    feedback = numbers.locator("[data-testid=scan-feedback]")
    expect(feedback).to_have_text("“Z-9” is not assigned to this row.")
    scan.fill("a-3")
    scan.press("Enter")
    expect(feedback).to_have_text("A-3 ticked.")
    expect(scan).to_have_value("")
    expect(numbers.locator("input[data-number='A-3']")).to_be_checked()
    expect(numbers.locator("[data-testid=chosen-count]")).to_have_text("2 of 2")
    expect(dialog_date(page)).to_have_value(today(page).isoformat())
    fill_date(dialog_date(page), two_days_ago)
    shot(page, "po-receive-part-dialog")
    assert_no_axe_violations(page, "Receive part dialog")
    dialog.locator("button.confirm").click()
    expect(dialog).to_have_count(0)
    expect(detail.locator(".notice")).to_contain_text(f"Received 2 of 4 × SD-1 on {two_days_ago}.")
    expect(row(drive, "Received")).to_contain_text(two_days_ago)
    received = [r for r in po_rows(api, order_id) if r["status"] == "RECEIVED"]
    assert len(received) == 1
    assert sorted(s["number"] for s in received[0]["serialNumbers"]) == ["A-2", "A-3"]
    assert local_day(received[0]["receivedAt"]) == two_days_ago

    # The rest: the whole order. Tomorrow and before the order date are refused in the dialog.
    detail.locator("button.receive-order").click()
    date_error = page.locator(f"{DIALOG} st-date-field .message.error")
    fill_date(dialog_date(page), days_ago(page, -1))
    dialog.locator("button.confirm").click()
    expect(date_error).to_contain_text("Refused by the server:")
    expect(date_error).to_contain_text("is in the future")
    shot(page, "po-receive-in-future")
    fill_date(dialog_date(page), days_ago(page, 4))
    expect(date_error).to_have_count(0)
    dialog.locator("button.confirm").click()
    expect(date_error).to_contain_text("is before PO-1 was ordered")
    yesterday = days_ago(page, 1)
    fill_date(dialog_date(page), yesterday)
    dialog.locator("button.confirm").click()
    expect(dialog).to_have_count(0)
    expect(detail.locator("[data-testid=order-status]")).to_have_text("Received")
    expect(detail.locator("[data-testid=overdue]")).to_have_count(0)
    rows = po_rows(api, order_id)
    assert {r["status"] for r in rows} == {"RECEIVED"}
    rest = [r for r in rows if local_day(r["receivedAt"]) == yesterday]
    assert sorted((r["variant"]["sku"], r["quantity"]) for r in rest) == [
        (drive, "2"),
        (paste, "3.25"),
    ]
    rest_drive = next(r for r in rest if r["variant"]["sku"] == drive)
    assert sorted(s["number"] for s in rest_drive["serialNumbers"]) == ["A-1", "A-4"]
    assert {local_day(s["addedAt"]) for s in rest_drive["serialNumbers"]} == {yesterday}

    # Received rows are no longer changed here, and the page says why.
    expect(detail.locator("button.edit-qty")).to_have_count(0)
    expect(detail.locator("button.delete-row")).to_have_count(0)
    expect(detail.locator(".locked-note")).to_contain_text("Received rows can't be changed")
    shot(page, "po-received-on-days")


def stocked(api: Api, sku: str, numbers: list[str], received_day: str, ordered_day: str) -> None:
    """A tracked item whose numbers were received on `received_day`."""
    api.product_sku(f"Item {sku}", tracked=True, sku=sku)
    order = api.client.mutate(
        "createPurchaseOrder",
        "CreatePurchaseOrderInput",
        {
            "kind": "PURCHASE",
            "supplierId": api.supplier(),
            "orderedAt": noon(ordered_day),
            "rows": [{"sku": sku, "quantity": str(len(numbers))}],
        },
        "purchaseOrder { id rows { id } }",
    )["purchaseOrder"]
    api.assign(order["rows"][0]["id"], numbers)
    api.client.mutate(
        "receivePurchaseOrderRow",
        "ReceivePurchaseOrderRowInput",
        {"rowId": order["rows"][0]["id"], "receivedAt": noon(received_day)},
        "purchaseOrder { id }",
    )


def test_sales_order_rows_and_a_dated_delivery(page: Any, api: Api) -> None:
    yesterday, ordered = days_ago(page, 1), days_ago(page, 3)
    stocked(api, "GB-1", ["G-1", "G-2", "G-3"], yesterday, days_ago(page, 5))
    api.product_sku("Gear oil", tracked=False, sku="GO-1")
    page.set_viewport_size(DESKTOP)

    # The customer created in place; rows by item and quantity; ordered three days ago.
    page.goto("/#/sales-orders")
    page.locator("st-sales-order-list a.new").click()
    form = page.locator(SO_FORM)
    choose(form.locator("st-search-select.party-select"), "Fjord Marine AS", "Create customer")
    expect(form.locator("st-search-select.party-select .message.hint")).to_contain_text("created")
    fill_date(form.locator("st-date-field input"), ordered)
    choose(row_editor(page, SO_FORM, 0).locator("st-search-select"), "GB-1")
    row_editor(page, SO_FORM, 0).locator("input[name=quantity]").fill("3")
    row_editor(page, SO_FORM, 0).locator("input[name=quantity]").press("Enter")
    choose(row_editor(page, SO_FORM, 1).locator("st-search-select"), "gear oil", "GO-1")
    row_editor(page, SO_FORM, 1).locator("input[name=quantity]").fill("1")
    form.locator("button.create").click()
    detail = page.locator(SO_PAGE)
    expect(detail.locator("h1")).to_have_text("SO-1")
    order_id = page_id(page)
    expect(detail.locator(".facts")).to_contain_text("Fjord Marine AS")

    def row(sku: str) -> Any:
        return detail.locator(f"tr[data-sku='{sku}']")

    # Change the tracked row's quantity, delete the oil row, add it back with another quantity.
    row("GB-1").locator("button.edit-qty").click()
    row("GB-1").locator("input.qty-input").fill("2")
    row("GB-1").locator("button.save-qty").click()
    expect(row("GB-1").locator("td.num")).to_have_text("2")
    row("GO-1").locator("button.delete-row").click()
    detail.locator("tr.row-message button.confirm-delete").click()
    expect(row("GO-1")).to_have_count(0)
    add = detail.locator("form.add-row")
    choose(add.locator("st-search-select"), "GO-1")
    add.locator("input[name=quantity]").fill("1.5")
    add.locator("button[type=submit]").click()
    expect(row("GO-1").locator("td.num")).to_have_text("1.5")
    rows = api.client(SO, {"id": order_id})["salesOrder"]["rows"]
    assert [(r["variant"]["sku"], r["quantity"]) for r in rows] == [("GB-1", "2"), ("GO-1", "1.5")]

    # Two numbers picked (with the API): the row can't drop below them.
    api.pick(rows[0]["id"], ["G-1", "G-2"])
    page.reload()
    expect(row("GB-1").locator("st-tracing-badge")).to_contain_text("2 / 2")
    row("GB-1").locator("button.edit-qty").click()
    row("GB-1").locator("input.qty-input").fill("1")
    row("GB-1").locator("input.qty-input").press("Enter")
    expect(detail.locator(f"tr.row-message[data-for='{rows[0]['id']}']")).to_contain_text(
        "The row has 2 serial numbers picked"
    )
    row("GB-1").locator("button.cancel-qty").click()

    # Delivered two days ago: before its units were received yesterday, refused in the dialog.
    detail.locator("button.deliver").click()
    dialog = page.locator(DIALOG)
    expect(dialog.locator("st-date-field")).to_contain_text(
        f"since its last unit was received ({yesterday})"
    )
    fill_date(dialog_date(page), days_ago(page, 2))
    dialog.locator("button.confirm").click()
    date_error = dialog.locator("st-date-field .message.error")
    expect(date_error).to_contain_text("is before its last unit was received")
    shot(page, "so-deliver-too-early")
    assert_no_axe_violations(page, "Deliver dialog refused")
    assert api.client(SO, {"id": order_id})["salesOrder"]["status"] == "NOT_SHIPPED"

    # Today: delivered.
    fill_date(dialog_date(page), today(page).isoformat())
    dialog.locator("button.confirm").click()
    expect(dialog).to_have_count(0)
    expect(detail.locator("[data-testid=order-status]")).to_have_text("Delivered")
    expect(detail.locator("[data-testid=delivered-at]")).to_have_text(today(page).isoformat())
    order = api.client(SO, {"id": order_id})["salesOrder"]
    assert order["status"] == "DELIVERED"
    assert local_day(order["deliveredAt"]) == today(page).isoformat()

    # A delivered order is read-only here.
    expect(detail.locator("button.edit-qty")).to_have_count(0)
    expect(detail.locator("button.delete-row")).to_have_count(0)
    expect(detail.locator("form.add-row")).to_have_count(0)
    expect(detail.locator("[data-testid=read-only]")).to_contain_text("is delivered")
    shot(page, "so-delivered")
    assert_no_axe_violations(page, "Delivered sales order")


def test_order_pages_and_dialogs_on_a_phone(phone: Any, api: Api) -> None:
    page = phone
    sku = api.product_sku("Phone drive", tracked=True, sku="PD-1")
    grease = api.product_sku("Phone grease", tracked=False, sku="PG-1")
    order = api.order([(sku, "3"), (grease, "1.5")])
    api.assign(order["rows"][0]["id"], ["P-1", "P-2", "P-3"])
    open_order(page, order["id"])
    detail = page.locator(PO_PAGE)
    no_wider_than_the_screen(page, PO_PAGE)
    assert_no_axe_violations(page, "PO page on a phone", ["st-app", "main"])
    shot(page, "po-page-phone")

    drive = detail.locator(f"tr[data-sku='{sku}']")
    expect(drive.locator("button.receive-part")).to_be_visible()
    drive.locator("button.delete-row").click()
    expect(detail.locator("tr.row-message")).to_be_visible()
    no_wider_than_the_screen(page, f"{PO_PAGE} tr.row-message .row-note")
    assert_no_axe_violations(page, "PO page on a phone, the delete question", ["st-app", "main"])
    detail.locator("tr.row-message button.keep").click()

    drive.locator("button.receive-part").click()
    dialog = page.locator(DIALOG)
    dialog.locator("input[name=quantity]").fill("2")
    expect(dialog.locator("[data-testid=chosen-count]")).to_have_text("2 of 2")
    no_wider_than_the_screen(page, f"{DIALOG} dialog")
    shot(page, "po-receive-part-phone")
    assert_no_axe_violations(page, "Receive part dialog on a phone", ["st-app", "main"])
    dialog.locator("button.confirm").click()
    expect(dialog).to_have_count(0)
    expect(detail.locator("[data-testid=order-status]")).to_have_text("Partially received")

    customer = api.customer("Phone Customer")
    sales = api.sales_order(customer, [(sku, "1")])
    open_sales_order(page, sales["id"])
    page.locator(f"{SO_PAGE} button.deliver").click()
    expect(dialog.locator("st-date-field")).to_be_visible()
    no_wider_than_the_screen(page, f"{DIALOG} dialog")
    assert_no_axe_violations(page, "Deliver dialog on a phone", ["st-app", "main"])
    shot(page, "so-deliver-phone")
    dialog.locator("button.cancel").click()
    expect(dialog).to_have_count(0)
    expect(page.locator(f"{SO_PAGE} button.deliver")).to_be_focused()
