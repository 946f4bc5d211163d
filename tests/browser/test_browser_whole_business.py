"""The whole business from an empty database, only through the app: a serial-tracked item with
two variants, a supplier, a purchase order with two rows made from the supplier's page, numbers
pasted into each row, the order received yesterday, a customer and a sales order, a unit picked
and delivered today, and that unit's trace with both dates. The API is only read, to check what
the screens claim."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from support.builders import Scenario as Api
from tests.browser.conftest import shot
from tests.browser.helpers import DIALOG, PICK, PICK_ENTRY, chip, open_dialog, paste, row_locator
from tests.browser.order_ui import (
    DESKTOP,
    PO_FORM,
    PO_PAGE,
    SO_FORM,
    SO_PAGE,
    choose,
    days_ago,
    dialog_date,
    fill_date,
    local_day,
    row_editor,
    today,
)

pytestmark = pytest.mark.browser

STATE = """{ purchaseOrders { edges { node { number status supplier { name }
  rows { quantity receivedAt variant { sku } serialNumbers { number status } } } } }
  salesOrders { edges { node { number status deliveredAt customer { name }
  rows { variant { sku } serialNumbers { number status } } } } } }"""


def test_a_new_user_runs_the_whole_business_from_the_app(page: Any, api: Api) -> None:
    page.set_viewport_size(DESKTOP)
    yesterday = days_ago(page, 1)
    now = today(page).isoformat()

    # An empty database: the order list says what comes first.
    page.goto("/#/purchase-orders")
    first = page.locator("st-purchase-order-list [data-testid=first-steps]")
    expect(first.locator(".empty")).to_have_text("No purchase orders yet.")
    first.get_by_role("link", name="New item", exact=True).click()

    # The item: serial-tracked, two variants.
    page.locator("st-item-list [data-testid=empty] button.new").click()
    item = page.locator("st-item-dialog")
    item.locator("input.item-name").fill("Hydraulic pump")
    item.locator("button[role=switch]").click()
    item.locator("input.sku").nth(0).fill("HP-10")
    item.locator("button.add-row").click()
    item.locator("input.sku").nth(1).fill("HP-20")
    item.locator("input.variant-name").nth(1).fill("Hydraulic pump 20 l/min")
    item.locator("button.confirm").click()
    expect(page.locator("st-item-detail h1")).to_have_text("Hydraulic pump")
    expect(page.locator("st-item-detail .title .pill")).to_have_text("Serial-tracked")
    shot(page, "whole-business-item")

    # The supplier, then a purchase order from the supplier's page (supplier preselected).
    page.goto("/#/suppliers")
    page.locator("st-supplier-list button.new").first.click()
    party = page.locator("st-catalog-form-dialog")
    party.locator("[name=name]").fill("Fluidtech GmbH")
    party.locator("[name=email]").fill("orders@fluidtech.example")
    party.locator("button.confirm").click()
    supplier = page.locator("st-supplier-detail")
    expect(supplier.locator("h1")).to_have_text("Fluidtech GmbH")
    supplier.locator("a.new-order").click()

    form = page.locator(PO_FORM)
    expect(form.locator("st-search-select.party-select input")).to_have_value("Fluidtech GmbH")
    fill_date(form.locator("st-date-field.ordered-on input"), days_ago(page, 5))
    choose(row_editor(page, PO_FORM, 0).locator("st-search-select"), "HP-10")
    row_editor(page, PO_FORM, 0).locator("input[name=quantity]").fill("3")
    row_editor(page, PO_FORM, 0).locator("input[name=quantity]").press("Enter")
    choose(row_editor(page, PO_FORM, 1).locator("st-search-select"), "HP-20")
    row_editor(page, PO_FORM, 1).locator("input[name=quantity]").fill("2")
    shot(page, "whole-business-po-form")
    form.locator("button.create").click()
    order = page.locator(PO_PAGE)
    expect(order.locator("h1")).to_have_text("PO-1")

    # Numbers pasted into each row (a column copied from a spreadsheet), saved with Done.
    for sku, numbers in (("HP-10", ["P-2", "P-10", "P-1"]), ("HP-20", ["Q-1", "Q-2"])):
        open_dialog(page, sku)
        paste(page, "\r\n".join(numbers) + "\r\n")
        expect(page.locator(f"{DIALOG} .chip")).to_have_count(len(numbers))
        expect(page.locator(f"{DIALOG} [data-testid=counter]")).to_have_text(
            f"{len(numbers)} / {len(numbers)}"
        )
        for number in numbers:
            expect(chip(page, number)).to_have_attribute("data-code", "")
        page.locator(f"{DIALOG} button.done").click()
        expect(page.locator(DIALOG)).to_have_count(0)
        expect(row_locator(page, sku).locator("svg.icon-check")).to_be_visible()

    # The goods arrived yesterday: the whole order received with that date.
    order.locator("button.receive-order").click()
    expect(dialog_date(page)).to_have_value(now)
    fill_date(dialog_date(page), yesterday)
    page.locator("st-action-dialog button.confirm").click()
    expect(page.locator("st-action-dialog")).to_have_count(0)
    expect(order.locator("[data-testid=order-status]")).to_have_text("Received")
    for sku in ("HP-10", "HP-20"):
        expect(row_locator(page, sku)).to_contain_text(yesterday)
    shot(page, "whole-business-po-received")

    # In stock, in natural order (P-2 before P-10).
    page.goto("/#/stock?sku=HP-10&sort=NUMBER:ASC")
    stock = page.locator("st-serial-number-list")
    expect(stock.locator("tbody tr")).to_have_count(3)
    numbers = stock.locator("tbody tr td.number").all_inner_texts()
    assert [n.strip() for n in numbers] == ["P-1", "P-2", "P-10"]

    # A customer, then a sales order for one pump.
    page.goto("/#/customers")
    page.locator("st-customer-list button.new").first.click()
    party = page.locator("st-catalog-form-dialog")
    party.locator("[name=name]").fill("Harbour Cranes Ltd")
    party.locator("[name=contactPerson]").fill("Ana Ruiz")
    party.locator("button.confirm").click()
    expect(page.locator("st-customer-detail h1")).to_have_text("Harbour Cranes Ltd")

    page.goto("/#/sales-orders/new")
    so_form = page.locator(SO_FORM)
    choose(so_form.locator("st-search-select.party-select"), "Harbour")
    choose(row_editor(page, SO_FORM, 0).locator("st-search-select"), "HP-10")
    row_editor(page, SO_FORM, 0).locator("input[name=quantity]").fill("1")
    so_form.locator("button.create").click()
    sales = page.locator(SO_PAGE)
    expect(sales.locator("h1")).to_have_text("SO-1")

    # Pick P-10 by typing it, then deliver today.
    page.locator(f"{SO_PAGE} tr[data-sku='HP-10'] button.tracing").click()
    page.locator(f"{PICK} dialog[open]").wait_for()
    page.locator(PICK_ENTRY).fill("P-10")
    page.locator(PICK_ENTRY).press("Enter")
    expect(chip(page, "P-10", PICK)).to_have_attribute("data-state", "new")
    page.locator(f"{PICK} button.done").click()
    expect(page.locator(PICK)).to_have_count(0)
    sales.locator("button.deliver").click()
    expect(dialog_date(page)).to_have_value(now)
    page.locator("st-action-dialog button.confirm").click()
    expect(page.locator("st-action-dialog")).to_have_count(0)
    expect(sales.locator("[data-testid=order-status]")).to_have_text("Delivered")
    expect(sales.locator("[data-testid=delivered-at]")).to_have_text(now)
    page.goto("/#/customers")
    page.locator("st-customer-list tbody tr a", has_text="Harbour Cranes Ltd").click()
    expect(page.locator("st-customer-detail")).to_contain_text("P-10")
    shot(page, "whole-business-customer")

    # The unit's trace, found from the header: supplier, both orders, customer, both dates.
    search = page.locator("st-global-search input")
    search.fill("P-10")
    search.press("Enter")
    trace = page.locator("st-serial-trace")
    expect(trace.locator("[data-testid=number]")).to_have_text("P-10")
    expect(trace.locator("[data-testid=status]")).to_have_text("Shipped")
    picture = trace.locator("svg.trace")
    for text in (
        "Fluidtech GmbH",
        "PO-1",
        "SO-1",
        "Harbour Cranes Ltd",
        f"received {yesterday}",
        f"delivered {now}",
    ):
        expect(picture).to_contain_text(text)
    shot(page, "whole-business-trace")

    # What the screens showed is what the database holds.
    state = api.client(STATE)
    [po] = [e["node"] for e in state["purchaseOrders"]["edges"]]
    assert (po["number"], po["status"], po["supplier"]["name"]) == (
        "PO-1",
        "RECEIVED",
        "Fluidtech GmbH",
    )
    assert {r["variant"]["sku"]: r["quantity"] for r in po["rows"]} == {"HP-10": "3", "HP-20": "2"}
    assert {local_day(r["receivedAt"]) for r in po["rows"]} == {yesterday}
    statuses = {s["number"]: s["status"] for r in po["rows"] for s in r["serialNumbers"]}
    assert statuses == {
        "P-1": "IN_STOCK",
        "P-2": "IN_STOCK",
        "P-10": "SHIPPED",
        "Q-1": "IN_STOCK",
        "Q-2": "IN_STOCK",
    }
    [so] = [e["node"] for e in state["salesOrders"]["edges"]]
    assert (so["number"], so["status"], so["customer"]["name"]) == (
        "SO-1",
        "DELIVERED",
        "Harbour Cranes Ltd",
    )
    assert local_day(so["deliveredAt"]) == now
    assert [s["number"] for r in so["rows"] for s in r["serialNumbers"]] == ["P-10"]
