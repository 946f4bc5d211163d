"""The new purchase order and new sales order forms: empty lists that lead to them, the party
searched (keyboard combobox), preselected from the URL or created in place, order and expected
dates, rows checked in the browser and refused by the server at the field and row they name,
the way to the new order's page; axe on the forms at desktop and phone size."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from support.builders import Scenario as Api
from tests.browser.conftest import shot
from tests.browser.order_ui import (
    DESKTOP,
    PO_FORM,
    PO_PAGE,
    SO_FORM,
    SO_PAGE,
    assert_no_axe_violations,
    choose,
    days_ago,
    fill_date,
    local_day,
    no_wider_than_the_screen,
    phone_page,
    row_editor,
    today,
)

pytestmark = pytest.mark.browser

ORDER = """query($id: ID!) { purchaseOrder(id: $id) {
  number kind orderedAt expectedOn supplier { id name }
  rows { quantity variant { sku } } } }"""


@pytest.fixture
def phone(browser: Any, server: str, api: Api) -> Iterator[Any]:
    yield from phone_page(browser, server, api)


def test_empty_lists_say_what_to_do_first(page: Any) -> None:
    # First in this module: the module's server starts with an empty database.
    page.goto("/#/purchase-orders")
    listing = page.locator("st-purchase-order-list")
    first = listing.locator("[data-testid=first-steps]")
    expect(first.locator(".empty")).to_have_text("No purchase orders yet.")
    expect(first).to_contain_text("the items it buys and the supplier")
    for label, href in [
        ("New item", "#/items"),
        ("New supplier", "#/suppliers"),
        ("New purchase order", "#/purchase-orders/new"),
        ("Import", "#/import"),
    ]:
        expect(first.get_by_role("link", name=label, exact=True)).to_have_attribute("href", href)
    shot(page, "orders-empty-first-steps")

    # A search that matches nothing says so and offers to clear the filters.
    listing.locator("input[type=search]").fill("PO-999")
    listing.locator("select[aria-label=Kind]").select_option("OUTSOURCED")
    no_match = listing.locator("[data-testid=no-match]")
    expect(no_match).to_contain_text("No purchase orders match these filters.")
    no_match.get_by_role("button", name="Clear filters").click()
    expect(first.locator(".empty")).to_have_text("No purchase orders yet.")
    expect(listing.locator("input[type=search]")).to_have_value("")
    expect(listing.locator("input[type=search]")).to_be_focused()
    expect(listing.locator("select[aria-label=Kind]")).to_have_value("")
    expect(page).to_have_url("/#/purchase-orders")

    first.get_by_role("link", name="New purchase order").click()
    expect(page.locator(f"{PO_FORM} h1")).to_have_text("New purchase order")

    page.goto("/#/sales-orders")
    sales = page.locator("st-sales-order-list")
    first = sales.locator("[data-testid=first-steps]")
    expect(first.locator(".empty")).to_have_text("No sales orders yet.")
    expect(first.get_by_role("link", name="New customer")).to_have_attribute("href", "#/customers")
    sales.get_by_role("link", name="New sales order").first.click()
    expect(page.locator(f"{SO_FORM} h1")).to_have_text("New sales order")


def test_purchase_order_with_the_supplier_created_in_place(page: Any, api: Api) -> None:
    tracked = api.product_sku("Spindle motor", tracked=True, sku="SPM-10")
    plain = api.product_sku("Cutting oil", tracked=False, sku="OIL-5L")
    page.set_viewport_size(DESKTOP)
    page.goto("/#/purchase-orders")
    page.locator("st-purchase-order-list a.new").click()
    form = page.locator(PO_FORM)
    expect(form.locator("st-date-field.ordered-on input")).to_have_value(today(page).isoformat())

    # Kind: outsourced. The supplier doesn't exist yet: typed, then created in place.
    form.get_by_label("Outsourced (OPO)").check()
    expect(form.locator(".number")).to_contain_text("OPO-")
    supplier = form.locator("st-search-select.party-select")
    supplier.locator("input").fill("Nordwind Teile")
    create = supplier.locator("[role=option].create")
    expect(create).to_have_text("+ Create supplier “Nordwind Teile”")
    shot(page, "po-form-create-supplier")
    assert_no_axe_violations(page, "PO form, supplier list open")
    supplier.locator("input").press("ArrowDown")
    active = create.get_attribute("id") or ""
    expect(supplier.locator("input")).to_have_attribute("aria-activedescendant", active)
    supplier.locator("input").press("Enter")
    expect(supplier.locator(".message.hint")).to_contain_text(
        "New supplier “Nordwind Teile” created"
    )
    expect(supplier.locator("input")).to_have_value("Nordwind Teile")
    found = api.client('{ suppliers(search: "Nordwind") { edges { node { name } } } }')[
        "suppliers"
    ]["edges"]
    assert [e["node"]["name"] for e in found] == ["Nordwind Teile"]

    # Dates: a paper order placed three days ago, expected in a week.
    ordered = days_ago(page, 3)
    expected = days_ago(page, -7)
    fill_date(form.locator("st-date-field.ordered-on input"), ordered)
    fill_date(form.locator("st-date-field.expected-on input"), expected)

    # Rows: by SKU and by name, with the keyboard; Enter in a quantity starts the next row.
    choose(row_editor(page, PO_FORM, 0).locator("st-search-select"), "SPM", "SPM-10")
    quantity = row_editor(page, PO_FORM, 0).locator("input[name=quantity]")
    expect(quantity).to_be_focused()
    expect(row_editor(page, PO_FORM, 0)).to_contain_text("Whole units")
    quantity.fill("1.5")
    quantity.press("Enter")
    expect(row_editor(page, PO_FORM, 0).locator(".message.error")).to_have_text(
        "Whole numbers only for serial-tracked items."
    )
    expect(page.locator(f"{PO_FORM} st-row-editor")).to_have_count(2)
    second = row_editor(page, PO_FORM, 1)
    expect(second.locator("st-search-select input")).to_be_focused()
    choose(second.locator("st-search-select"), "cutting", "OIL-5L")
    second.locator("input[name=quantity]").fill("2,5")
    # A third row with text but no item chosen is not silently dropped.
    form.locator("button.add-row").click()
    row_editor(page, PO_FORM, 2).locator("st-search-select input").fill("no such thing")
    form.locator("button.create").click()
    expect(row_editor(page, PO_FORM, 2).locator("st-search-select .message.error")).to_have_text(
        "Choose an item from the list."
    )
    expect(form.locator("[data-testid=form-error]")).to_contain_text("See the marked fields.")
    expect(row_editor(page, PO_FORM, 0).locator("input[name=quantity]")).to_be_focused()
    shot(page, "po-form-browser-checks")
    assert_no_axe_violations(page, "PO form with the browser's checks")

    quantity.fill("3")
    row_editor(page, PO_FORM, 2).locator("button.remove-row").click()
    expect(page.locator(f"{PO_FORM} st-row-editor")).to_have_count(2)
    form.locator("button.create").click()

    expect(page.locator(f"{PO_PAGE} h1")).to_have_text("OPO-1")
    expect(page.locator(f"{PO_PAGE} [data-testid=ordered-at]")).to_have_text(ordered)
    expect(page.locator(f"{PO_PAGE} [data-testid=expected-on]")).to_have_text(expected)
    order = api.client(ORDER, {"id": unquote(page.url.rsplit("/", 1)[-1])})["purchaseOrder"]
    assert order["kind"] == "OUTSOURCED"
    assert order["supplier"]["name"] == "Nordwind Teile"
    assert local_day(order["orderedAt"]) == ordered
    assert order["expectedOn"] == expected
    assert [(r["variant"]["sku"], r["quantity"]) for r in order["rows"]] == [
        (tracked, "3"),
        (plain, "2.5"),
    ]


def test_purchase_order_refusals_at_the_field_and_row(page: Any, api: Api) -> None:
    supplier_id = api.supplier("Preselected GmbH")
    tracked = api.product_sku("Encoder disc", tracked=True, sku="ENC-7")
    switching = api.product_sku("Bearing set", tracked=False, sku="BRG-2")
    product_id = api.client('{ products(search: "Bearing set") { edges { node { id } } } }')[
        "products"
    ]["edges"][0]["node"]["id"]

    page.set_viewport_size(DESKTOP)
    page.goto(f"/#/purchase-orders/new?supplier={supplier_id}")
    form = page.locator(PO_FORM)
    expect(form.locator("st-search-select.party-select input")).to_have_value("Preselected GmbH")
    choose(row_editor(page, PO_FORM, 0).locator("st-search-select"), "ENC-7")
    row_editor(page, PO_FORM, 0).locator("input[name=quantity]").fill("2")
    form.locator("button.add-row").click()
    choose(row_editor(page, PO_FORM, 1).locator("st-search-select"), "bearing", "BRG-2")
    row_editor(page, PO_FORM, 1).locator("input[name=quantity]").fill("2.5")
    fill_date(form.locator("st-date-field.ordered-on input"), days_ago(page, -2))

    # Meanwhile the bearing set becomes serial-tracked: 2.5 is no longer a quantity for it;
    # the browser can't know, the server says so at row 2, and at the order date.
    api.client.mutate(
        "updateProduct",
        "UpdateProductInput",
        {"productId": product_id, "serialTracked": True},
        "product { id }",
    )
    form.locator("button.create").click()
    date_error = form.locator("st-date-field.ordered-on .message.error")
    expect(date_error).to_contain_text("is in the future")
    row_error = row_editor(page, PO_FORM, 1).locator(".message.error")
    expect(row_error).to_contain_text(
        "Row 2: the item is serial-tracked, so the quantity must be a whole number"
    )
    expect(row_editor(page, PO_FORM, 0).locator(".message.error")).to_have_count(0)
    expect(form.locator("[data-testid=form-error]")).to_contain_text("Not created")
    shot(page, "po-form-refused")
    assert_no_axe_violations(page, "PO form refused by the server")
    assert api.client("{ purchaseOrders { totalCount } }")["purchaseOrders"]["totalCount"] == 1

    fill_date(form.locator("st-date-field.ordered-on input"), today(page).isoformat())
    row_editor(page, PO_FORM, 1).locator("input[name=quantity]").fill("3")
    form.locator("button.create").click()
    expect(page.locator(f"{PO_PAGE} h1")).to_have_text("PO-1")
    expect(page.locator(f"{PO_PAGE} .facts")).to_contain_text("Preselected GmbH")
    expect(page.locator(f"{PO_PAGE} tr[data-sku='{tracked}'] td.num")).to_have_text("2")
    expect(page.locator(f"{PO_PAGE} tr[data-sku='{switching}'] td.num")).to_have_text("3")


def test_sales_order_with_the_customer_created_in_place_by_keyboard(page: Any, api: Api) -> None:
    plain = api.product_sku("Grease tube", tracked=False, sku="GRS-1")
    api.customer("Existing Customer AB")
    page.set_viewport_size(DESKTOP)
    page.goto("/#/sales-orders/new")
    form = page.locator(SO_FORM)
    box = form.locator("st-search-select.party-select input")

    # The combobox by keyboard: type, arrows, Escape closes, Enter picks.
    box.fill("Existing")
    options = form.locator("st-search-select.party-select [role=option]")
    expect(options).to_have_text(["Existing Customer AB", "+ Create customer “Existing”"])
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("ArrowDown")  # opens the list on its first option
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(options.first).to_have_attribute("aria-selected", "true")
    box.press("ArrowUp")  # wraps round to the last
    expect(options.last).to_have_attribute("aria-selected", "true")
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", options.first.get_attribute("id") or "")
    box.press("Enter")
    expect(box).to_have_value("Existing Customer AB")

    # Changed my mind: a new customer, created from the typed name with Enter on its option.
    choose(form.locator("st-search-select.party-select"), "Lindqvist Service", "Create customer")
    expect(box).to_have_value("Lindqvist Service")
    customers = api.client("{ customers { edges { node { name } } } }")["customers"]["edges"]
    assert sorted(e["node"]["name"] for e in customers) == [
        "Existing Customer AB",
        "Lindqvist Service",
    ]

    choose(row_editor(page, SO_FORM, 0).locator("st-search-select"), "GRS-1")
    row_editor(page, SO_FORM, 0).locator("input[name=quantity]").fill("0.25")
    fill_date(form.locator("st-date-field input"), days_ago(page, 1))
    shot(page, "so-form")
    assert_no_axe_violations(page, "SO form")
    form.locator("button.create").click()
    expect(page.locator(f"{SO_PAGE} h1")).to_have_text("SO-1")
    expect(page.locator(f"{SO_PAGE} .facts")).to_contain_text("Lindqvist Service")
    expect(page.locator(f"{SO_PAGE} [data-testid=ordered-at]")).to_have_text(days_ago(page, 1))
    expect(page.locator(f"{SO_PAGE} tr[data-sku='{plain}'] td.num")).to_have_text("0.25")

    # ?customer=<id> preselects.
    edges = api.client("{ customers { edges { node { id name } } } }")["customers"]["edges"]
    customer_id = next(
        e["node"]["id"] for e in edges if e["node"]["name"] == "Existing Customer AB"
    )
    page.goto(f"/#/sales-orders/new?customer={customer_id}")
    expect(box).to_have_value("Existing Customer AB")


def test_forms_on_a_phone(phone: Any, api: Api) -> None:
    api.product_sku("Phone test item", tracked=True, sku="PHN-1")
    page = phone
    page.goto("/#/purchase-orders/new")
    form = page.locator(PO_FORM)
    form.locator("form").wait_for()
    no_wider_than_the_screen(page, PO_FORM)
    assert_no_axe_violations(page, "PO form on a phone", ["st-app", "main"])
    choose(row_editor(page, PO_FORM, 0).locator("st-search-select"), "PHN", "PHN-1")
    form.locator("st-search-select.party-select input").fill("Pocket Supplies")
    expect(form.locator("st-search-select.party-select [role=option].create")).to_be_visible()
    no_wider_than_the_screen(page, f"{PO_FORM} st-search-select.party-select .popup")
    assert_no_axe_violations(page, "PO form on a phone, list open", ["st-app", "main"])
    form.locator("st-search-select.party-select input").press("Escape")
    form.locator("button.create").click()
    expect(form.locator("[data-testid=form-error]")).to_be_visible()
    shot(page, "po-form-phone")
    no_wider_than_the_screen(page, PO_FORM)
    assert_no_axe_violations(page, "PO form on a phone with errors", ["st-app", "main"])

    page.goto("/#/sales-orders/new")
    page.locator(f"{SO_FORM} form").wait_for()
    no_wider_than_the_screen(page, SO_FORM)
    assert_no_axe_violations(page, "SO form on a phone", ["st-app", "main"])
    shot(page, "so-form-phone")
