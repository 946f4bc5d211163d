"""The warehouse floor in the browser, at desktop and phone size: ranges typed in the serial
number box, "Generate" from a numbering pattern, the numbering pattern's live example in the
item form, the labels menu's links, and "Receive by scanning" (keyboard-wedge scans, the
camera on a fake video stream showing a Code 128 drawn by zxing-cpp)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import expect

from support.builders import Scenario, unique
from tests.browser.catalog_helpers import CONTAIN_SHELL_HEADER_JS, check_screen
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, signed_in_page
from tests.browser.helpers import (
    ENTRY,
    PICK,
    PICK_ENTRY,
    chip,
    open_dialog,
    open_order,
    open_picker,
    open_sales_order,
)
from tests.browser.order_ui import DESKTOP, PHONE, days_ago, no_wider_than_the_screen

pytestmark = pytest.mark.browser

SIZES = {"desktop": DESKTOP, "phone": PHONE}
SCAN = "st-scan-receive"


@contextmanager
def sized_page(browser: Any, server: str, api: Scenario, size: str) -> Iterator[Any]:
    """A signed-in page at `size` (the phone with touch); fails on console and page errors."""
    phone = size == "phone"
    with signed_in_page(
        browser,
        server,
        api,
        init_script=CONTAIN_SHELL_HEADER_JS if phone else None,
        viewport=SIZES[size],
        has_touch=phone,
        is_mobile=phone,
    ) as page:
        yield page


@pytest.fixture(params=list(SIZES))
def sized(
    request: pytest.FixtureRequest, browser: Any, server: str, api: Scenario
) -> Iterator[tuple[Any, str]]:
    """(page, "desktop" | "phone")."""
    with sized_page(browser, server, api, request.param) as page:
        yield page, request.param


# -- ranges and Generate in the serial number dialog -----------------------------------------


def tracked_order(api: Scenario, sku: str, quantity: int) -> tuple[str, dict[str, Any]]:
    """A new tracked item `sku` on a new PO of one row; the order's id and the row."""
    api.product(f"Tracked {sku}", True, [sku])
    order = api.order([(sku, quantity)])
    return order["id"], order["rows"][0]


def test_a_range_typed_in_the_box_expands_with_a_preview(
    sized: tuple[Any, str], api: Scenario
) -> None:
    page, size = sized
    sku = unique("RNG")
    order_id, row = tracked_order(api, sku, 5)
    open_order(page, order_id)
    dialog = open_dialog(page, sku)
    box = page.locator(ENTRY)
    preview = dialog.locator("[data-testid=range-preview]")

    box.fill("RN-0100..RN-0001")
    expect(preview).to_contain_text("the last number comes before the first")
    box.press("Enter")
    expect(box).to_have_value("RN-0100..RN-0001")  # kept, to be corrected
    expect(dialog.locator(".chip")).to_have_count(0)

    box.fill("RN-0001+1000")
    expect(preview).to_contain_text("holds 1001 numbers: at most 1000 at once")

    box.fill("RN-0008..RN-0011")
    expect(preview).to_contain_text("Range: 4 serial numbers")
    expect(preview).to_contain_text("RN-0008, RN-0009, RN-0010, RN-0011")
    no_wider_than_the_screen(page, "st-serial-number-dialog dialog")
    check_screen(page, f"range-preview-{size}")
    box.press("Enter")
    expect(box).to_have_value("")
    expect(preview).to_have_count(0)
    for number in ("RN-0008", "RN-0009", "RN-0010", "RN-0011"):
        expect(chip(page, number)).to_have_count(1)
    expect(dialog.locator("[data-testid=counter]")).to_have_text("4 / 5")

    box.fill("RN-0012+1")  # one more than the row takes: flagged, as any entry
    box.press("Enter")
    expect(chip(page, "RN-0013")).to_contain_text("More than the row quantity (5)")
    chip(page, "RN-0013").locator("button").click()
    dialog.locator("button.done").click()
    expect(dialog.locator("dialog[open]")).to_have_count(0)
    saved = [s["number"] for s in api.fetch_row(row["id"])["serialNumbers"]]
    assert saved == ["RN-0008", "RN-0009", "RN-0010", "RN-0011", "RN-0012"]


def test_a_range_picks_in_stock_numbers_on_a_sales_order(page: Any, api: Scenario) -> None:
    sku = unique("PKR")
    api.in_stock(sku, [f"PK-{n:04d}" for n in range(1, 6)])
    sales = api.sales_order(api.customer(), [(sku, 3)])
    open_sales_order(page, sales["id"])
    picker = open_picker(page, sku)
    box = page.locator(PICK_ENTRY)
    box.fill("PK-0002+2")
    expect(picker.locator("[data-testid=range-preview]")).to_contain_text(
        "Range: 3 serial numbers, PK-0002, PK-0003, PK-0004"
    )
    box.press("Enter")
    for number in ("PK-0002", "PK-0003", "PK-0004"):
        expect(chip(page, number, PICK)).to_have_count(1)
    expect(picker.locator("[data-testid=counter]")).to_have_text("3 / 3")
    picker.locator("button.done").click()
    expect(picker.locator("dialog[open]")).to_have_count(0)
    picked = api.fetch_sales_row(sales["rows"][0]["id"])["serialNumbers"]
    assert sorted(s["number"] for s in picked) == ["PK-0002", "PK-0003", "PK-0004"]


def patterned_order(api: Scenario, pattern: str, quantity: int) -> tuple[str, str, dict[str, Any]]:
    """A new tracked item whose numbering pattern is `pattern`, on a new PO of one row; the SKU,
    the order's id and the row."""
    sku = unique("GEN")
    api.client.mutate(
        "createProduct",
        "CreateProductInput",
        {
            "name": f"Patterned {sku}",
            "serialTracked": True,
            "numberingPattern": pattern,
            "variants": [{"sku": sku}],
        },
        "product { id }",
    )
    order = api.order([(sku, quantity)])
    return sku, order["id"], order["rows"][0]


def test_generate_previews_numbers_that_done_saves(sized: tuple[Any, str], api: Scenario) -> None:
    page, size = sized
    prefix = f"G{size[0].upper()}{unique('')[1:6]}-"
    pattern = f"{prefix}{{####}}"
    sku, order_id, row = patterned_order(api, pattern, 5)
    open_order(page, order_id)
    dialog = open_dialog(page, sku)
    page.locator(ENTRY).fill(f"{prefix}0009")
    page.locator(ENTRY).press("Enter")

    dialog.locator("button.generate-open").click()
    panel = dialog.locator("[data-testid=generate-panel]")
    expect(panel.locator("input[name=pattern]")).to_have_value(pattern)  # the item's
    expect(panel.locator("input[name=count]")).to_have_value("4")  # the rest of the row
    expect(panel.locator("[data-testid=generate-example]")).to_have_text(
        f"e.g. {prefix}0001, {prefix}0002, …"
    )
    no_wider_than_the_screen(page, "st-serial-number-dialog dialog")
    check_screen(page, f"generate-panel-{size}")
    panel.locator("input[name=count]").fill("6")
    panel.locator("button.generate-preview").click()
    expect(panel.locator("[data-testid=generate-error]")).to_have_text("The row takes 4 more.")
    panel.locator("input[name=count]").fill("3")
    panel.locator("button.generate-preview").click()

    expect(dialog.locator("[data-testid=generated-note]")).to_contain_text(
        f"Generated 3 serial numbers from {pattern}"
    )
    for n in (1, 2, 3):
        expect(chip(page, f"{prefix}000{n}")).to_have_count(1)
    expect(dialog.locator("[data-testid=counter]")).to_have_text("4 / 5")
    assert api.fetch_row(row["id"])["serialNumbers"] == []  # a preview: nothing saved yet
    # Still editable: bin one and type another instead.
    chip(page, f"{prefix}0002").locator("button").click()
    page.locator(ENTRY).fill(f"{prefix}0007")
    page.locator(ENTRY).press("Enter")
    dialog.locator("button.done").click()
    expect(dialog.locator("dialog[open]")).to_have_count(0)
    saved = [s["number"] for s in api.fetch_row(row["id"])["serialNumbers"]]
    assert saved == [f"{prefix}0009", f"{prefix}0001", f"{prefix}0003", f"{prefix}0007"]

    # The counter skips the numbers that exist: the next one is the one binned.
    dialog = open_dialog(page, sku)
    dialog.locator("button.generate-open").click()
    expect(panel.locator("input[name=count]")).to_have_value("1")
    panel.locator("button.generate-preview").click()
    expect(chip(page, f"{prefix}0002")).to_have_count(1)
    expect(dialog.locator("[data-testid=counter]")).to_have_text("5 / 5")


def test_a_preview_saved_as_it_came_moves_the_counter(page: Any, api: Scenario) -> None:
    prefix = f"GC{unique('')[1:6]}-"
    sku, order_id, row = patterned_order(api, f"{prefix}{{###}}", 3)
    open_order(page, order_id)
    dialog = open_dialog(page, sku)
    dialog.locator("button.generate-open").click()
    panel = dialog.locator("[data-testid=generate-panel]")
    panel.locator("input[name=count]").fill("2")
    panel.locator("button.generate-preview").click()
    expect(chip(page, f"{prefix}002")).to_have_count(1)
    # A second preview replaces the first (the dry run gives the same numbers again).
    dialog.locator("button.generate-open").click()
    expect(panel.locator("input[name=count]")).to_have_value("3")
    panel.locator("button.generate-preview").click()
    expect(dialog.locator(".chip")).to_have_count(3)
    expect(dialog.locator("[data-testid=problems]")).to_have_count(0)
    dialog.locator("button.done").click()
    expect(dialog.locator("dialog[open]")).to_have_count(0)
    saved = api.fetch_row(row["id"])["serialNumbers"]
    assert [s["number"] for s in saved] == [f"{prefix}001", f"{prefix}002", f"{prefix}003"]

    # Saved by generating: the counter moved past them, so even once they are removed the
    # next numbers are new ones (a number is never handed out twice).
    api.remove(row["id"], [s["id"] for s in saved])
    page.reload()
    dialog = open_dialog(page, sku)
    dialog.locator("button.generate-open").click()
    panel.locator("input[name=count]").fill("1")
    panel.locator("button.generate-preview").click()
    expect(chip(page, f"{prefix}004")).to_have_count(1)


def test_generate_with_another_pattern_and_take_back(page: Any, api: Scenario) -> None:
    sku = unique("GEN")
    order_id, row = tracked_order(api, sku, 2)
    lot = unique("L")[2:7]
    open_order(page, order_id)
    dialog = open_dialog(page, sku)
    dialog.locator("button.generate-open").click()
    panel = dialog.locator("[data-testid=generate-panel]")
    pattern = panel.locator("input[name=pattern]")
    expect(pattern).to_be_focused()  # no pattern on the item: type one
    expect(pattern).to_have_value("")
    pattern.fill(f"{lot}-{{YYYY}}")
    expect(panel.locator("[data-testid=generate-example]")).to_contain_text("Add a counter")
    pattern.fill(f"{lot}-{{###}}")
    panel.locator("button.generate-preview").click()
    expect(chip(page, f"{lot}-001")).to_have_count(1)
    expect(chip(page, f"{lot}-002")).to_have_count(1)
    dialog.locator("button.undo-generated").click()
    expect(dialog.locator(".chip")).to_have_count(0)
    dialog.locator("button.generate-open").click()
    panel.locator("button.generate-cancel").click()
    expect(panel).to_have_count(0)
    expect(dialog.locator("button.generate-open")).to_be_focused()
    assert api.fetch_row(row["id"])["serialNumbers"] == []


# -- the numbering pattern in the item form --------------------------------------------------


def test_numbering_pattern_field_shows_a_live_example(sized: tuple[Any, str]) -> None:
    page, size = sized
    page.goto("/#/items")
    page.locator("st-item-list button", has_text="New item").click()
    dialog = page.locator("st-item-dialog")
    expect(dialog.locator("input.pattern")).to_have_count(0)  # untracked: no pattern
    dialog.locator("[role=switch]").click()
    field = dialog.locator("input.pattern")
    field.fill("SN-{YYYY}-{#####}")
    year = page.evaluate("new Date().getFullYear()")
    expect(dialog.locator("[data-testid=pattern-example]")).to_have_text(
        f"e.g. SN-{year}-00001, SN-{year}-00002, …"
    )
    field.fill("SN-{Q}-{##}")
    expect(dialog.locator("[data-testid=pattern-example]")).to_have_text(
        "{Q} is not a part of a pattern: use {YYYY}, {YY}, {MM}, {DD} or {#####}."
    )
    no_wider_than_the_screen(page, "st-item-dialog dialog")
    check_screen(page, f"item-pattern-{size}")


def item_patterns(api: Scenario, sku: str) -> dict[str, Any]:
    found = api.client(
        "query($s: String) { products(first: 5, search: $s) { edges { node { "
        "id numberingPattern variants { sku numberingPattern ownNumberingPattern } "
        "} } } }",
        {"s": sku},
    )["products"]["edges"]
    assert len(found) == 1, found
    return found[0]["node"]


def test_numbering_patterns_of_an_item_and_its_variant(page: Any, api: Scenario) -> None:
    sku = unique("PAT")
    page.goto("/#/items")
    page.locator("st-item-list button", has_text="New item").click()
    dialog = page.locator("st-item-dialog")
    dialog.locator("input.item-name").fill(f"Patterned {sku}")
    dialog.locator("[role=switch]").click()
    dialog.locator("input.item-pattern").fill("SN{#}#")
    expect(dialog.locator("[data-testid=pattern-example]")).to_contain_text("invalid characters")
    dialog.locator("input.item-pattern").fill("PT-{YY}-{####}")
    dialog.locator("input.sku").fill(sku)
    dialog.locator("button.confirm").click()
    expect(dialog).to_have_count(0)
    product = item_patterns(api, sku)
    assert product["numberingPattern"] == "PT-{YY}-{####}"
    assert product["variants"] == [
        {"sku": sku, "numberingPattern": "PT-{YY}-{####}", "ownNumberingPattern": None}
    ]

    page.goto(f"/#/items/{product['id']}")
    pattern_line = page.locator("st-item-detail [data-testid=item-pattern]")
    expect(pattern_line).to_contain_text("PT-{YY}-{####}")
    page.locator("st-item-detail button.edit-pattern").click()
    form = page.locator("st-catalog-form-dialog")
    field = form.locator("input[name=numberingPattern]")
    expect(field).to_have_value("PT-{YY}-{####}")
    field.fill("PT-{YYYY}-{#####}")
    year = page.evaluate("new Date().getFullYear()")
    expect(form.locator("[data-testid=live-numberingPattern]")).to_have_text(
        f"e.g. PT-{year}-00001, PT-{year}-00002, …"
    )
    form.locator("button.confirm").click()
    expect(form).to_have_count(0)
    expect(page.locator("st-item-detail .notice")).to_contain_text(
        "Numbering pattern: PT-{YYYY}-{#####}."
    )

    page.locator(f"st-item-detail button[aria-label='Edit variant {sku}']").click()
    own = form.locator("input[name=numberingPattern]")
    expect(own).to_have_value("")
    expect(own).to_have_attribute("placeholder", "Default: PT-{YYYY}-{#####}")
    own.fill("PV-{###}")
    form.locator("button.confirm").click()
    expect(form).to_have_count(0)
    assert item_patterns(api, sku)["variants"][0]["numberingPattern"] == "PV-{###}"
    expect(
        page.locator(f"st-item-detail tr[data-sku='{sku}'] [data-testid=variant-pattern]")
    ).to_have_text("Own pattern PV-{###}")
    check_screen(page, "item-patterns")
    # An empty one goes back to the item's.
    page.locator(f"st-item-detail button[aria-label='Edit variant {sku}']").click()
    expect(own).to_have_value("PV-{###}")
    own.fill("")
    form.locator("button.confirm").click()
    expect(form).to_have_count(0)
    assert item_patterns(api, sku)["variants"][0] == {
        "sku": sku,
        "numberingPattern": "PT-{YYYY}-{#####}",
        "ownNumberingPattern": None,
    }


# -- labels ----------------------------------------------------------------------------------


def label_links(page: Any, menu: Any) -> list[dict[str, Any]]:
    menu.locator("button.toggle").click()
    links = menu.locator("a.label-link")
    expect(links).to_have_count(6)
    out = []
    for i in range(6):
        href = links.nth(i).get_attribute("href")
        parts = urlsplit(href)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        out.append({"path": parts.path, "query": query, "text": links.nth(i).inner_text()})
    return out


def row_menu_href(links: list[dict[str, Any]], path: str, fmt: str) -> str:
    link = next(x for x in links if x["path"] == path and x["query"]["format"] == fmt)
    return f"{path.lstrip('/')}?{urlencode(link['query'])}"


def test_labels_menus_link_to_the_label_downloads(sized: tuple[Any, str], api: Scenario) -> None:
    page, size = sized
    sku = unique("LBL")
    api.product(f"Label item {sku}", True, [sku])
    order = api.order([(sku, 3)])
    row = order["rows"][0]
    api.assign(row["id"], [f"{sku}-1", f"{sku}-2"])
    open_order(page, order["id"])

    row_menu = page.locator(f"st-purchase-order-detail tr[data-sku='{sku}'] st-labels-menu")
    links = label_links(page, row_menu)
    assert [(link["path"], link["query"]) for link in links] == [
        ("/downloads/labels.pdf", {"purchaseOrderRow": row["id"], "format": "a4"}),
        ("/downloads/labels.pdf", {"purchaseOrderRow": row["id"], "format": "letter"}),
        ("/downloads/labels.pdf", {"purchaseOrderRow": row["id"], "format": "62x29"}),
        ("/downloads/labels.pdf", {"purchaseOrderRow": row["id"], "format": "4x6"}),
        ("/downloads/labels.zpl", {"purchaseOrderRow": row["id"], "format": "62x29"}),
        ("/downloads/labels.zpl", {"purchaseOrderRow": row["id"], "format": "4x6"}),
    ]
    assert links[0]["text"] == "PDF, A4 sheet"
    expect(row_menu.locator("a.label-link").first).to_be_focused()
    no_wider_than_the_screen(page, f"st-purchase-order-detail tr[data-sku='{sku}'] ul")
    check_screen(page, f"labels-menu-{size}")
    # The links download the row's labels: a PDF, and ZPL with one label per unit.
    with page.expect_download() as download:
        row_menu.locator("a.label-link").first.click()
    assert download.value.suggested_filename == f"labels-{order['number']}-row-a4.pdf"
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    expect(row_menu.locator("a.label-link")).to_have_count(0)  # chosen: the list closes
    zpl = page.request.get(row_menu_href(links, "/downloads/labels.zpl", "4x6"))
    assert zpl.status == 200 and zpl.text().count("^XA") == 2, zpl.text()[:200]
    row_menu.locator("button.toggle").click()
    page.keyboard.press("Escape")
    expect(row_menu.locator("a.label-link")).to_have_count(0)
    expect(row_menu.locator("button.toggle")).to_be_focused()

    order_menu = page.locator("st-purchase-order-detail .actions st-labels-menu")
    order_links = label_links(page, order_menu)
    assert {link["query"]["purchaseOrder"] for link in order_links} == {order["id"]}
    page.locator("st-purchase-order-detail h1").click()  # a click elsewhere closes it
    expect(order_menu.locator("a.label-link")).to_have_count(0)

    stocked = unique("LBS")
    api.in_stock(stocked, [f"{stocked}-1", f"{stocked}-2"])
    sales = api.sales_order(api.customer(), [(stocked, 1)])
    api.pick(sales["rows"][0]["id"], [f"{stocked}-1"])
    page.goto(f"/#/sales-orders/{sales['id']}")
    so_menu = page.locator("st-sales-order-detail st-labels-menu")
    assert {link["query"]["salesOrder"] for link in label_links(page, so_menu)} == {sales["id"]}

    page.goto(f"/#/stock?sku={stocked}&status=IN_STOCK")
    stock_menu = page.locator("st-serial-number-list st-labels-menu")
    expect(page.locator("st-serial-number-list tbody tr")).to_have_count(1)
    stock_links = label_links(page, stock_menu)
    assert stock_links[0]["query"] == {"sku": stocked, "status": "IN_STOCK", "format": "a4"}
    zpl = page.request.get(row_menu_href(stock_links, "/downloads/labels.zpl", "62x29"))
    assert zpl.status == 200 and zpl.text().count("^XA") == 1  # the one still in stock
    assert f"{stocked}-2" in zpl.text() and f"{stocked}-1" not in zpl.text()


# -- receive by scanning ---------------------------------------------------------------------


def scan_order(api: Scenario) -> dict[str, Any]:
    """A PO of two tracked rows: A (3, all expected) and B (2, one expected, room for one)."""
    a, b = unique("SCA"), unique("SCB")
    api.product(f"Scanner item {a}", True, [a])
    api.product(f"Scanner item {b}", True, [b])
    order = api.order([(a, 3), (b, 2)])
    row_a, row_b = order["rows"]
    api.assign(row_a["id"], [f"{a}-1", f"{a}-2", f"{a}-3"])
    api.assign(row_b["id"], [f"{b}-1"])
    return {"order": order, "a": a, "b": b, "row_a": row_a["id"], "row_b": row_b["id"]}


def scan(page: Any, number: str) -> None:
    box = page.locator(f"{SCAN} input.scan-input")
    box.type(number)
    box.press("Enter")


def test_receive_by_scanning(sized: tuple[Any, str], api: Scenario) -> None:
    page, size = sized
    s = scan_order(api)
    a, b = s["a"], s["b"]
    elsewhere = unique("ELS")
    api.product(f"Other item {elsewhere}", True, [elsewhere])
    other = api.order([(elsewhere, 1)])
    api.assign(other["rows"][0]["id"], [f"{elsewhere}-7"])
    new = unique("NEW")
    open_order(page, s["order"]["id"])
    page.locator("st-purchase-order-detail a.receive-scan").click()
    expect(page).to_have_url(re.compile(r"#/purchase-orders/.+/receive-scan$"))
    box = page.locator(f"{SCAN} input.scan-input")
    expect(box).to_be_focused()
    feedback = page.locator(f"{SCAN} [data-testid=scan-feedback]")
    receive = page.locator(f"{SCAN} button.receive-scanned")
    expect(receive).to_be_disabled()

    scan(page, f"{a}-1")
    expect(feedback).to_have_attribute("data-outcome", "MATCHED")
    expect(feedback).to_contain_text("Matched")
    expect(feedback).to_contain_text(f"{a} · 1 of 3 scanned")
    expect(box).to_be_focused()
    scan(page, f"{a}-2")
    expect(feedback).to_contain_text(f"{a} · 2 of 3 scanned")
    scan(page, f"{a}-1".lower())  # the same unit again, in any case
    expect(feedback).to_have_attribute("data-outcome", "SCANNED_TWICE")
    expect(feedback).to_contain_text("Scanned twice")
    scan(page, f"{elsewhere}-7")
    expect(feedback).to_have_attribute("data-outcome", "NOT_ON_ORDER")
    expect(feedback).to_contain_text("Not on this order")
    expect(feedback).to_contain_text(other["number"])  # where it is
    # Arm's length: the outcome's word is large.
    size_px = feedback.locator(".word").evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert size_px >= 28
    scan(page, "BAD#1")
    expect(feedback).to_have_attribute("data-outcome", "UNKNOWN")
    expect(feedback).to_contain_text("Not a serial number")
    scan(page, new)
    expect(feedback).to_have_attribute("data-shown", "ADDED")  # only row B has room: put there
    expect(feedback).to_contain_text(f"added to {b}")

    tally = page.locator(f"{SCAN} .tally")
    expect(tally.locator(f"tr[data-sku='{a}'] [data-testid=tally]")).to_have_text("2")
    expect(tally.locator(f"tr[data-sku='{b}'] [data-testid=tally]")).to_have_text("1")
    expect(receive).to_have_text("Receive the 3 verified units")
    check_screen(page, f"scan-receive-{size}")

    item = page.locator(f"{SCAN} li.scan[data-number='{new}']")
    item.locator("select.add-row").select_option("")  # set aside
    expect(receive).to_have_text("Receive the 2 verified units")
    item.locator("select.add-row").select_option(s["row_b"])
    expect(receive).to_have_text("Receive the 3 verified units")
    page.locator(f"{SCAN} li.scan[data-number='BAD#1'] button.remove-scan").click()
    expect(page.locator(f"{SCAN} li.scan")).to_have_count(5)

    receive.click()
    expect(page.locator(f"{SCAN} [data-testid=scan-notice]")).to_have_text(
        f"Received 3 units of {s['order']['number']}."
    )
    expect(page.locator(f"{SCAN} li.scan")).to_have_count(0)
    rows = api.rows(s["order"]["id"])
    received = sorted(
        (r["variant"]["sku"], sorted(n["number"] for n in r["serialNumbers"]))
        for r in rows
        if r["status"] == "RECEIVED"
    )
    assert received == sorted([(a, [f"{a}-1", f"{a}-2"]), (b, [new])])
    expected = sorted(
        (r["variant"]["sku"], sorted(n["number"] for n in r["serialNumbers"]))
        for r in rows
        if r["status"] == "NOT_RECEIVED"
    )
    assert expected == sorted([(a, [f"{a}-3"]), (b, [f"{b}-1"])])
    # What is left can be scanned next.
    scan(page, f"{a}-3")
    expect(feedback).to_contain_text(f"{a} · 1 of 1 scanned")


def test_scans_of_a_received_unit_and_of_an_untracked_item(page: Any, api: Scenario) -> None:
    s = scan_order(api)
    plain = api.product_sku("Grease", tracked=False)
    api.client.mutate(
        "addPurchaseOrderRow",
        "AddPurchaseOrderRowInput",
        {"purchaseOrderId": s["order"]["id"], "sku": plain, "quantity": "2"},
        "errors { message }",
    )
    api.receive_row(s["row_b"])
    page.goto(f"/#/purchase-orders/{s['order']['id']}/receive-scan")
    feedback = page.locator(f"{SCAN} [data-testid=scan-feedback]")
    scan(page, f"{s['b']}-1")
    expect(feedback).to_have_attribute("data-outcome", "ALREADY_RECEIVED")
    expect(feedback).to_contain_text("Already received")
    scan(page, plain)
    expect(feedback).to_have_attribute("data-outcome", "NOT_TRACKED")
    expect(feedback).to_contain_text("Not tracked")
    expect(page.locator(f"{SCAN} button.receive-scanned")).to_have_text(
        "Receive the 0 verified units"
    )


def test_a_refused_receipt_keeps_the_scans(page: Any, api: Scenario) -> None:
    s = scan_order(api)
    page.goto(f"/#/purchase-orders/{s['order']['id']}/receive-scan")
    scan(page, f"{s['a']}-3")
    expect(page.locator(f"{SCAN} [data-testid=scan-feedback]")).to_contain_text("1 of 3")
    page.locator(f"{SCAN} st-date-field input").fill(days_ago(page, 1))  # before the order
    page.locator(f"{SCAN} button.receive-scanned").click()
    refused = page.locator(f"{SCAN} [data-testid=receive-refused]")
    expect(refused).to_contain_text("Nothing was received.")
    expect(refused).to_contain_text(f"is before {s['order']['number']} was ordered")
    expect(page.locator(f"{SCAN} li.scan")).to_have_count(1)
    assert all(r["status"] == "NOT_RECEIVED" for r in api.rows(s["order"]["id"]))
    # Leaving with verified scans asks first.
    page.once("dialog", lambda d: d.dismiss())
    page.locator(f"{SCAN} a.back").click()
    expect(page.locator(SCAN)).to_have_count(1)


# -- the camera --------------------------------------------------------------------------------


def code128_y4m(path: Path, text: str, width: int = 640, height: int = 480) -> None:
    """A few frames of raw YUV 4:2:0 video (YUV4MPEG2) showing `text` as a Code 128 barcode
    (drawn by zxing-cpp) in black on white."""
    import zxingcpp

    image = memoryview(
        zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.Code128).to_image(scale=3)
    )
    rows, cols = image.shape
    assert rows < height and cols < width, image.shape
    top, left = (height - rows) // 2, (width - cols) // 2
    luma = bytearray([255] * (width * height))
    pixels = image.tobytes()
    for y in range(rows):
        start = (top + y) * width + left
        luma[start : start + cols] = pixels[y * cols : (y + 1) * cols]
    chroma = bytes([128] * (width // 2 * height // 2))
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(10):
            out.write(frame)


@pytest.fixture(scope="module")
def camera_browser(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A second Chromium (of the same Playwright) whose camera is a fake device playing a video
    of the Code 128 'CAM-0001'."""
    video = tmp_path_factory.mktemp("camera") / "barcode.y4m"
    code128_y4m(video, "CAM-0001")
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    camera = browser.browser_type.launch(executable_path=CHROMIUM, args=args)
    try:
        yield camera
    finally:
        camera.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_the_camera_reads_a_label(
    camera_browser: Any, server: str, api: Scenario, size: str
) -> None:
    cam = unique("CAM")
    api.product(f"Camera item {cam}", True, [cam])
    order = api.order([(cam, 2)])
    row_id = order["rows"][0]["id"]
    api.assign(row_id, ["CAM-0001"])
    with sized_page(camera_browser, server, api, size) as page:
        page.context.grant_permissions(["camera"])
        verified: list[str] = []
        page.on(
            "request",
            lambda r: (
                verified.append(r.post_data)
                if r.url.endswith("/graphql") and "VerifySerialNumbers" in (r.post_data or "")
                else None
            ),
        )
        page.goto(f"/#/purchase-orders/{order['id']}/receive-scan")
        page.locator(f"{SCAN} button.camera-toggle").click()
        status = page.locator(f"{SCAN} st-camera-scan [data-testid=camera-status]")
        expect(status).to_contain_text("Hold a label")
        feedback = page.locator(f"{SCAN} [data-testid=scan-feedback]")
        expect(feedback).to_have_attribute("data-outcome", "MATCHED", timeout=20_000)
        expect(feedback).to_contain_text("CAM-0001")
        expect(feedback).to_contain_text(f"{cam} · 1 of 2 scanned")
        # No BarcodeDetector in Chromium on Linux: the WebAssembly reader did it.
        assert status.get_attribute("data-reader") == "zxing-wasm"
        # The code stays in view: it counts once.
        expect(page.locator(f"{SCAN} li.scan")).to_have_count(1)
        assert [json.loads(v)["variables"]["numbers"] for v in verified] == [["CAM-0001"]]
        check_screen(page, f"scan-camera-{size}")
        page.locator(f"{SCAN} button.camera-toggle").click()
        expect(page.locator(f"{SCAN} st-camera-scan")).to_have_count(0)
