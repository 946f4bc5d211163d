"""Items in the browser, from an empty database: the empty state and its next step, a tracked
item with two variants made in the New item dialog, found by SKU in the list (search kept in the
URL), renamed, given a variant, a variant edited; the tracking switch refused once the item has
serial numbers (and for an untracked item with part units on an order), with the server's
reason beside it; the stock counts and a count link into Stock with the filter set; the open
orders; refusals in place (duplicate SKU, missing name); paging and the tracking filter; not
found and a load error with Retry; axe and screenshots at desktop and phone size."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from support.builders import Scenario as Api
from tests.browser.catalog_helpers import DESKTOP, check_screen, fail_next_graphql, phone_page
from tests.browser.helpers import deep_focus

pytestmark = pytest.mark.browser

PRODUCT = """query($id: ID!) { product(id: $id) { id name serialTracked
  variants { sku name stock { expected inStock reserved shipped } } } }"""


def product_id(api: Api, sku: str) -> str:
    found = api.client(
        "query($s: String) { products(search: $s) { edges { node { id } } } }", {"s": sku}
    )
    return found["products"]["edges"][0]["node"]["id"]


def row_error(dialog: Any, index: int) -> Any:
    """The refusal under a variant row of the item dialog."""
    return dialog.locator(f".variant-row[data-index='{index}'] .field-error")


def field_error(dialog: Any, field: str) -> Any:
    """The refusal under a field of a form dialog."""
    return dialog.locator(f"[data-field={field}] .field-error")


def product_id_from_url(page: Any) -> str:
    match = re.search(r"#/items/([^/?]+)$", page.url)
    assert match, page.url
    return match.group(1)


def item_row(page: Any, sku: str) -> Any:
    return page.locator(f"st-item-detail section.variants tr[data-sku='{sku}']")


def test_tracked_item_from_empty_list_to_stock(page: Any, api: Api) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto("/#/items")
    listing = page.locator("st-item-list")
    empty = listing.locator("[data-testid=empty]")
    expect(empty).to_contain_text("No items yet")
    check_screen(page, "items-empty")

    # New item from the empty state: name, tracking on, two variant rows.
    empty.locator("button.new").click()
    dialog = page.locator("st-item-dialog")
    expect(dialog.locator("dialog[open]")).to_be_visible()
    expect(dialog.locator("input.item-name")).to_be_focused()
    dialog.locator("input.item-name").fill("Servo drive")
    switch = dialog.locator("button[role=switch]")
    expect(switch).to_have_attribute("aria-checked", "false")
    switch.click()
    expect(switch).to_have_attribute("aria-checked", "true")
    dialog.locator("input.sku").nth(0).fill("SD-100")
    dialog.locator("button.add-row").click()
    expect(dialog.locator("input.sku")).to_have_count(2)
    expect(dialog.locator("input.sku").nth(1)).to_be_focused()
    dialog.locator("input.sku").nth(1).fill("SD-200")
    dialog.locator("input.variant-name").nth(1).fill("Servo drive 200 W")
    dialog.locator("button.add-row").click()
    dialog.locator("button[aria-label='Remove variant 3']").click()
    expect(dialog.locator("input.sku")).to_have_count(2)
    check_screen(page, "item-new-dialog")
    dialog.locator("button.confirm").click()

    detail = page.locator("st-item-detail")
    expect(detail.locator("h1")).to_have_text("Servo drive")
    expect(dialog).to_have_count(0)
    item_id = product_id_from_url(page)
    expect(detail.locator(".title .pill")).to_have_text("Serial-tracked")
    expect(detail.locator("button.tracking-switch")).to_have_attribute("aria-checked", "true")
    expect(item_row(page, "SD-100")).to_contain_text("Servo drive")
    expect(item_row(page, "SD-200")).to_contain_text("Servo drive 200 W")
    saved = api.client(PRODUCT, {"id": item_id})["product"]
    assert saved["serialTracked"] is True
    assert [(v["sku"], v["name"]) for v in saved["variants"]] == [
        ("SD-100", "Servo drive"),
        ("SD-200", "Servo drive 200 W"),
    ]

    # Found by SKU in the list; the search is kept in the URL.
    api.product_sku("Cable", tracked=False, sku="CB-1")
    detail.locator("a.back").click()
    listing.locator("input[type=search]").fill("sd-200")
    expect(page).to_have_url(re.compile(r"#/items\?search=sd-200$"))
    items = listing.locator("tbody.item")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("Servo drive")
    expect(items.first.locator("tr[data-sku]")).to_have_count(2)
    expect(items.first.locator("td.item-cell .pill.tracked")).to_have_text("Serial-tracked")
    page.reload()
    expect(listing.locator("input[type=search]")).to_have_value("sd-200")
    expect(items).to_have_count(1)
    items.first.locator("td.item-cell a").click()
    expect(detail.locator("h1")).to_have_text("Servo drive")

    # Rename.
    detail.locator("button.rename").click()
    rename = page.locator("st-catalog-form-dialog")
    expect(rename.locator("input[name=name]")).to_be_focused()
    rename.locator("input[name=name]").fill("Servo drive S2")
    rename.locator("input[name=name]").press("Enter")
    expect(detail.locator("h1")).to_have_text("Servo drive S2")
    expect(detail.locator(".notice")).to_contain_text("Renamed to Servo drive S2")
    assert deep_focus(page) == "button.rename"
    assert api.client(PRODUCT, {"id": item_id})["product"]["name"] == "Servo drive S2"

    # Add a variant; edit its SKU and name.
    detail.locator("button.add-variants").click()
    adding = page.locator("st-item-dialog")
    expect(adding.locator("h2")).to_have_text("Add variants to Servo drive S2")
    adding.locator("input.sku").fill("SD-300")
    adding.locator("button.confirm").click()
    expect(item_row(page, "SD-300")).to_be_visible()
    expect(detail.locator(".notice")).to_contain_text("Added 1 variant: SD-300")
    item_row(page, "SD-300").locator("button.edit-variant").click()
    edit = page.locator("st-catalog-form-dialog")
    edit.locator("input[name=sku]").fill("SD-300B")
    edit.locator("input[name=name]").fill("Servo drive 300 W")
    edit.locator("button.confirm").click()
    expect(item_row(page, "SD-300B")).to_contain_text("Servo drive 300 W")
    expect(item_row(page, "SD-300")).to_have_count(0)
    variants = api.client(PRODUCT, {"id": item_id})["product"]["variants"]
    assert ("SD-300B", "Servo drive 300 W") in [(v["sku"], v["name"]) for v in variants]

    # Serial numbers arrive (arranged through the API): three received, two expected, one of
    # those in stock reserved on a sales order.
    received = api.order([("SD-100", "3")])
    api.assign(received["rows"][0]["id"], ["A-1", "A-2", "A-3"])
    api.receive_row(received["rows"][0]["id"])
    expected = api.order([("SD-100", "2"), ("SD-200", "1")])
    api.assign(expected["rows"][0]["id"], ["A-4", "A-5"])
    sale = api.sales_order(api.customer("Rotor Works"), [("SD-100", "1")])
    api.pick(sale["rows"][0]["id"], ["A-1"])
    page.reload()
    row = item_row(page, "SD-100")
    expect(row.locator("td.num").nth(0)).to_have_text("2")  # expected
    expect(row.locator("td.num").nth(1)).to_have_text("2")  # in stock: 3 received − 1 reserved
    expect(row.locator("td.num").nth(2)).to_have_text("1")  # reserved
    expect(row.locator("td.num").nth(3)).to_have_text("0")  # shipped
    expect(item_row(page, "SD-200").locator("td.num").nth(0)).to_have_text("1")
    serials = detail.locator("section.serial-numbers tr[data-sku='SD-100']")
    expect(serials.locator("td[data-status=EXPECTED]")).to_contain_text("2")
    expect(serials.locator("td[data-status=IN_STOCK]")).to_contain_text("2")
    expect(serials.locator("td[data-status=RESERVED]")).to_contain_text("1")
    expect(serials.locator("td[data-status=ALL]")).to_contain_text("5")
    expect(detail.locator("section.open-purchase-orders tbody tr")).to_have_count(1)
    expect(detail.locator("section.open-purchase-orders")).to_contain_text(expected["number"])
    expect(detail.locator("section.open-purchase-orders")).to_contain_text("2 × SD-100, 1 × SD-200")
    expect(detail.locator("section.open-sales-orders")).to_contain_text(sale["number"])
    expect(detail.locator("section.open-sales-orders")).to_contain_text("Rotor Works")

    # The tracking switch is refused now, with the server's reason beside it.
    switch = detail.locator("button.tracking-switch")
    switch.click()
    refused = detail.locator("[data-testid=tracking-refused]")
    expect(refused).to_contain_text("has 5 serial numbers")
    expect(refused).to_contain_text("serial tracking can be switched only while none")
    expect(switch).to_have_attribute("aria-checked", "true")
    expect(switch).to_have_attribute("aria-describedby", "tracking-hint tracking-error")
    assert api.client(PRODUCT, {"id": item_id})["product"]["serialTracked"] is True
    check_screen(page, "item-detail")

    # A count is a link into Stock with the filter set.
    serials.locator("td[data-status=IN_STOCK] a").click()
    expect(page).to_have_url(re.compile(r"#/stock\?sku=SD-100&status=IN_STOCK$"))
    stock = page.locator("st-serial-number-list")
    expect(stock.locator("input.sku")).to_have_value("SD-100")
    expect(stock.locator("select[aria-label=Status]")).to_have_value("IN_STOCK")
    expect(stock.locator("tbody tr")).to_have_count(2)
    expect(stock.locator("tbody")).to_contain_text("A-2")
    expect(stock.locator("tbody")).to_contain_text("A-3")

    # The open orders link to the orders.
    page.go_back()
    detail.locator("section.open-purchase-orders a", has_text=expected["number"]).click()
    expect(page.locator("st-purchase-order-detail h1")).to_have_text(expected["number"])


def test_item_refusals_in_place(page: Any, api: Api) -> None:
    api.product_sku("Encoder", tracked=True, sku="ENC-1")
    api.product_sku("Encoder cable", tracked=False, sku="ENC-C")
    page.set_viewport_size(DESKTOP)
    page.goto("/#/items")
    listing = page.locator("st-item-list")
    expect(listing.locator("tbody.item")).not_to_have_count(0)
    listing.locator(".head button.new").click()
    dialog = page.locator("st-item-dialog")

    # No name, a SKU that exists (any case), a SKU given twice: each under its own field or row.
    dialog.locator("input.sku").fill("enc-1")
    dialog.locator("button.add-row").click()
    dialog.locator("input.sku").nth(1).fill("NEW-1")
    dialog.locator("button.add-row").click()
    dialog.locator("input.sku").nth(2).fill("new-1")
    dialog.locator("button.confirm").click()
    name_error = field_error(dialog, "name")
    expect(name_error).to_have_text("A product name is required.")
    expect(dialog.locator("input.item-name")).to_have_attribute("aria-invalid", "true")
    expect(dialog.locator("input.item-name")).to_be_focused()
    expect(row_error(dialog, 2)).to_contain_text("SKU new-1 is given twice (variants 2 and 3)")
    expect(row_error(dialog, 1)).to_have_count(0)
    dialog.locator("input.item-name").fill("Encoder kit")
    dialog.locator("button.confirm").click()
    expect(row_error(dialog, 2)).to_contain_text("given twice")
    dialog.locator("button[aria-label='Remove variant 3']").click()
    dialog.locator("button.confirm").click()
    expect(row_error(dialog, 0)).to_have_text("SKU enc-1 exists already.")
    first_sku = dialog.locator(".variant-row[data-index='0'] input.sku")
    expect(first_sku).to_have_attribute("aria-invalid", "true")
    expect(first_sku).to_be_focused()
    check_screen(page, "item-new-dialog-refused")
    kits = api.client('{ products(search: "Encoder kit") { totalCount } }')
    assert not kits["products"]["totalCount"]
    dialog.locator("input.sku").nth(0).fill("ENC-K")
    dialog.locator("button.confirm").click()
    detail = page.locator("st-item-detail")
    expect(detail.locator("h1")).to_have_text("Encoder kit")

    # Add variants: an existing SKU is refused under its row.
    detail.locator("button.add-variants").click()
    adding = page.locator("st-item-dialog")
    adding.locator("input.sku").fill("ENC-C")
    adding.locator("button.confirm").click()
    expect(row_error(adding, 0)).to_have_text("SKU ENC-C exists already.")
    adding.locator("button.cancel").click()
    expect(adding).to_have_count(0)
    assert deep_focus(page) == "button.small add-variants"

    # Edit a variant: an existing SKU and an empty name, each under its field.
    item_row(page, "NEW-1").locator("button.edit-variant").click()
    edit = page.locator("st-catalog-form-dialog")
    edit.locator("input[name=sku]").fill("ENC-1")
    edit.locator("button.confirm").click()
    expect(field_error(edit, "sku")).to_have_text("SKU ENC-1 exists already.")
    edit.locator("input[name=sku]").fill("NEW-2")
    edit.locator("input[name=name]").fill("")
    edit.locator("button.confirm").click()
    expect(field_error(edit, "name")).to_have_text("The variant name is required.")
    expect(field_error(edit, "sku")).to_have_count(0)
    edit.locator("input[name=name]").press("Escape")
    expect(edit).to_have_count(0)
    expect(item_row(page, "NEW-1")).to_be_visible()

    # Rename to nothing: refused under the name.
    detail.locator("button.rename").click()
    rename = page.locator("st-catalog-form-dialog")
    rename.locator("input[name=name]").fill("  ")
    rename.locator("button.confirm").click()
    expect(field_error(rename, "name")).to_have_text("A product name is required.")
    rename.locator("button.cancel").click()

    # Tracking on and off again for an item without serial numbers or orders.
    page.goto("/#/items?search=ENC-C")
    listing.locator("tbody.item td.item-cell a").click()
    expect(detail.locator("h1")).to_have_text("Encoder cable")
    switch = detail.locator("button.tracking-switch")
    switch.press("Space")
    expect(switch).to_have_attribute("aria-checked", "true")
    expect(detail.locator(".notice")).to_contain_text("Encoder cable is serial-tracked now")
    expect(detail.locator(".title .pill")).to_have_text("Serial-tracked")
    cable = product_id(api, "ENC-C")
    assert api.client(PRODUCT, {"id": cable})["product"]["serialTracked"] is True
    switch.click()
    expect(switch).to_have_attribute("aria-checked", "false")
    expect(detail.locator(".notice")).to_contain_text(
        "Encoder cable is not serial-tracked any more"
    )
    assert api.client(PRODUCT, {"id": cable})["product"]["serialTracked"] is False

    # Tracking on for an item with a part unit on an order: INVALID_QUANTITY, shown in place.
    wire = api.product_sku("Copper wire", tracked=False, sku="WIRE-1")
    api.order([(wire, "2.5")])
    page.goto("/#/items?search=WIRE-1")
    listing.locator("tbody.item td.item-cell a").click()
    switch = detail.locator("button.tracking-switch")
    expect(switch).to_have_attribute("aria-checked", "false")
    switch.click()
    refused = detail.locator("[data-testid=tracking-refused]")
    expect(refused).to_contain_text(
        "1 order row of Copper wire has a quantity in part units (e.g. 2.5)"
    )
    expect(switch).to_have_attribute("aria-checked", "false")


def test_item_list_paging_and_tracking_filter(page: Any, api: Api) -> None:
    for i in range(52):
        api.product_sku(f"Bulk part {i:02d}", tracked=i % 4 == 0, sku=f"BULK-{i:02d}")
    page.set_viewport_size(DESKTOP)
    page.goto("/#/items?search=bulk")
    listing = page.locator("st-item-list")
    items = listing.locator("tbody.item")
    expect(items).to_have_count(50)
    expect(listing.locator("st-pager")).to_contain_text("1–50 of 52")
    listing.locator("st-pager button", has_text="Next").click()
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("Bulk part 50")
    listing.locator("select[aria-label='Serial tracking']").select_option("yes")
    expect(page).to_have_url(re.compile(r"#/items\?search=bulk&tracked=yes$"))
    expect(items).to_have_count(13)
    expect(listing.locator(".pill.untracked")).to_have_count(0)
    listing.locator("input[type=search]").fill("bulk-51")
    expect(listing.locator(".empty")).to_contain_text("No items match these filters.")
    listing.locator(".empty button.clear").click()
    expect(listing.locator("input[type=search]")).to_have_value("")
    expect(listing.locator("select[aria-label='Serial tracking']")).to_have_value("")
    expect(page).to_have_url(re.compile(r"#/items$"))
    expect(items).to_have_count(50)


def test_item_not_found_and_load_error(page: Any, api: Api) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto("/#/items/bm9wZTox")
    expect(page.locator("st-item-detail [data-testid=not-found]")).to_contain_text("Item not found")

    fail_next_graphql(page, "ItemList")
    page.goto("/#/items")
    listing = page.locator("st-item-list")
    alert = listing.locator("[role=alert]")
    expect(alert).to_contain_text("Could not load items: The database is busy.")
    alert.locator("button", has_text="Retry").click()
    expect(alert).to_have_count(0)
    expect(listing.locator("tbody.item").first).to_be_visible()

    api.product_sku("Gearbox", tracked=False, sku="GB-1")
    fail_next_graphql(page, "ItemDetail")
    page.goto(f"/#/items/{product_id(api, 'GB-1')}")
    detail = page.locator("st-item-detail")
    expect(detail.locator("[role=alert]")).to_contain_text(
        "Could not load the item: The database is busy."
    )
    detail.locator("[role=alert] button", has_text="Retry").click()
    expect(detail.locator("h1")).to_have_text("Gearbox")


def test_item_screens_on_a_phone(browser: Any, server: str, api: Api) -> None:
    sku = api.product_sku("Phone servo", tracked=True, sku="PH-1")
    order = api.order([(sku, "2")])
    api.assign(order["rows"][0]["id"], ["P-1", "P-2"])
    api.receive_row(order["rows"][0]["id"])
    api.order([(sku, "4")])
    servo = product_id(api, "PH-1")
    with phone_page(browser, server, api) as page:
        page.goto("/#/items")
        listing = page.locator("st-item-list")
        expect(listing.locator("tbody.item").first).to_be_visible()
        # On a phone the item is a row of its own above its variants.
        expect(listing.locator("tr.group-row").first).to_be_visible()
        expect(listing.locator("td.item-cell").first).to_be_hidden()
        check_screen(page, "items-phone")
        listing.locator(".head button.new").click()
        expect(page.locator("st-item-dialog dialog[open]")).to_be_visible()
        page.locator("st-item-dialog button.add-row").tap()
        check_screen(page, "item-new-dialog-phone")
        page.locator("st-item-dialog button.cancel").tap()

        page.goto(f"/#/items/{servo}")
        detail = page.locator("st-item-detail")
        expect(detail.locator("h1")).to_have_text("Phone servo")
        expect(detail.locator("section.open-purchase-orders tbody tr")).to_have_count(1)
        detail.locator("button.tracking-switch").tap()
        refused = detail.locator("[data-testid=tracking-refused]")
        expect(refused).to_contain_text("has 2 serial numbers")
        check_screen(page, "item-detail-phone")
        detail.locator("button.rename").tap()
        check_screen(page, "item-rename-dialog-phone")
        page.locator("st-catalog-form-dialog button.cancel").tap()
        detail.locator("button.add-variants").tap()
        page.locator("st-item-dialog input.sku").fill("PH-1")
        page.locator("st-item-dialog button.confirm").tap()
        expect(page.locator("st-item-dialog .field-error")).to_have_text("SKU PH-1 exists already.")
        check_screen(page, "item-add-variants-refused-phone")
        page.locator("st-item-dialog button.cancel").tap()
        item_row(page, "PH-1").locator("button.edit-variant").tap()
        check_screen(page, "item-edit-variant-dialog-phone")
        page.goto("/#/items/bm9wZTox")
        expect(page.locator("st-item-detail [data-testid=not-found]")).to_be_visible()
        check_screen(page, "item-not-found-phone")


def test_item_dialogs_accessible_on_desktop(page: Any, api: Api) -> None:
    api.product_sku("Desk sensor", tracked=True, sku="DS-1")
    sensor = product_id(api, "DS-1")
    page.set_viewport_size(DESKTOP)
    page.goto("/#/items")
    expect(page.locator("st-item-list tbody.item").first).to_be_visible()
    check_screen(page, "items")
    page.goto(f"/#/items/{sensor}")
    detail = page.locator("st-item-detail")
    expect(detail.locator("h1")).to_have_text("Desk sensor")
    detail.locator("button.rename").click()
    check_screen(page, "item-rename-dialog")
    page.keyboard.press("Escape")
    expect(page.locator("st-catalog-form-dialog")).to_have_count(0)
    assert deep_focus(page) == "button.rename"
    detail.locator("button.add-variants").click()
    check_screen(page, "item-add-variants-dialog")
    page.keyboard.press("Escape")
    item_row(page, "DS-1").locator("button.edit-variant").click()
    edit = page.locator("st-catalog-form-dialog")
    edit.locator("input[name=sku]").fill("")
    edit.locator("button.confirm").click()
    expect(field_error(edit, "sku")).to_have_text("The SKU is required.")
    check_screen(page, "item-edit-variant-refused")
    page.keyboard.press("Escape")
    page.goto("/#/items/bm9wZTox")
    expect(detail.locator("[data-testid=not-found]")).to_be_visible()
    check_screen(page, "item-not-found")
