"""The one search in the header: every kind found and opened by keyboard, "/" to get there, Enter
opens the first result, exact matches first, the empty, no-match and error states, the latest
answer wins, and the panel on a phone."""

from __future__ import annotations

import contextlib
import json
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from support.builders import Scenario as Api
from tests.browser.conftest import shot

pytestmark = pytest.mark.browser

SEARCH = "st-global-search"
BOX = f"{SEARCH} input"
PANEL = f"{SEARCH} [data-testid=search-panel]"
OPTIONS = f"{SEARCH} [role=option]"


@pytest.fixture(scope="module")
def world(api: Api) -> dict[str, Any]:
    """One of each kind, all findable by "orca"; and a customer named just "Orca"."""
    supplier_id = api.supplier("Orca Supplies")
    sku = api.product_sku("Orca pump", tracked=True, sku="ORCA-1")
    product_id = api.client('{ products(search: "ORCA-1") { edges { node { id } } } }')["products"][
        "edges"
    ][0]["node"]["id"]
    po = api.order([(sku, "2")], supplier=supplier_id)
    api.assign(po["rows"][0]["id"], ["ORCA-SN-1", "ORCA-SN-2"])
    api.receive_row(po["rows"][0]["id"])
    customer_id = api.customer("Orca Retail")
    exact_customer_id = api.customer("Orca")
    so = api.sales_order(customer_id, [(sku, "1")])
    return {
        "supplier": supplier_id,
        "sku": sku,
        "product": product_id,
        "po": po,
        "customer": customer_id,
        "exact_customer": exact_customer_id,
        "so": so,
    }


def hash_of(page: Any) -> str:
    return page.evaluate("location.hash")


def axe_violations(page: Any) -> list[Any]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # From the app itself, so that its Content-Security-Policy (script-src 'self') holds.
        page.add_script_tag(url="/node_modules/axe-core/axe.min.js")
    return page.evaluate(
        "() => axe.run({include: [['st-app', 'st-global-search']]}).then(r => r.violations.map("
        "v => ({id: v.id, nodes: v.nodes.map(n => [n.target, n.failureSummary])})))"
    )


def type_search(page: Any, text: str) -> None:
    page.locator(BOX).fill(text)
    expect(page.locator(PANEL)).to_be_visible()


def test_each_kind_is_found_and_opened_by_keyboard(page: Any, world: dict[str, Any]) -> None:
    page.goto("/#/purchase-orders")
    page.locator("st-purchase-order-list").wait_for()
    box = page.locator(BOX)
    cases = [
        (
            world["po"]["number"],
            "purchaseOrders",
            f"#/purchase-orders/{quote(world['po']['id'], safe='')}",
        ),
        (
            world["so"]["number"],
            "salesOrders",
            f"#/sales-orders/{quote(world['so']['id'], safe='')}",
        ),
        ("ORCA-1", "variants", f"#/items/{quote(world['product'], safe='')}"),
        ("Orca Supplies", "suppliers", f"#/suppliers/{quote(world['supplier'], safe='')}"),
        ("Orca Retail", "customers", f"#/customers/{quote(world['customer'], safe='')}"),
        ("ORCA-SN-2", "serialNumbers", "#/trace/ORCA-1/ORCA-SN-2"),
    ]
    for text, kind, href in cases:
        box.focus()
        page.keyboard.type(text)
        group = page.locator(f"{SEARCH} [role=group][data-kind={kind}]")
        expect(group).to_be_visible()
        target = group.locator(f"[role=option][data-href='{href}']")
        expect(target).to_have_count(1)
        expect(target.locator(".exact")).to_have_count(1)
        # Arrow down to it through whatever comes before, then Enter.
        all_hrefs = page.locator(OPTIONS).evaluate_all("(os) => os.map((o) => o.dataset.href)")
        for _ in range(all_hrefs.index(href) + 1):
            page.keyboard.press("ArrowDown")
        expect(target).to_have_attribute("aria-selected", "true")
        active = box.get_attribute("aria-activedescendant")
        assert active == target.get_attribute("id")
        page.keyboard.press("Enter")
        expect(page).to_have_url(page.url.split("#")[0] + href)
        expect(page.locator(PANEL)).to_have_count(0)
        expect(box).to_have_value("")
    expect(page.locator("st-serial-trace [data-testid=number]")).to_have_text("ORCA-SN-2")


def test_arrows_move_across_groups_and_escape_closes(page: Any, world: dict[str, Any]) -> None:
    page.goto("/#/stock")
    box = page.locator(BOX)
    box.click()
    type_search(page, "orc")
    groups = page.locator(f"{SEARCH} [role=group]")
    expect(groups.locator(".heading")).to_have_text(
        ["Items", "Suppliers", "Customers", "Serial numbers"]
    )
    options = page.locator(OPTIONS)
    count = options.count()
    assert count == 1 + 1 + 2 + 2
    ids = [options.nth(i).get_attribute("id") for i in range(count)]
    for i in range(count):
        page.keyboard.press("ArrowDown")
        expect(box).to_have_attribute("aria-activedescendant", ids[i])
    page.keyboard.press("ArrowDown")  # wraps around
    expect(box).to_have_attribute("aria-activedescendant", ids[0])
    page.keyboard.press("ArrowUp")
    expect(box).to_have_attribute("aria-activedescendant", ids[-1])
    expect(box).to_have_attribute("aria-expanded", "true")
    shot(page, "global-search-panel")
    page.keyboard.press("Escape")
    expect(page.locator(PANEL)).to_have_count(0)
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("orc")
    page.keyboard.press("Escape")
    expect(box).to_have_value("")


def test_slash_focuses_the_box_but_not_while_typing_elsewhere(
    page: Any, world: dict[str, Any]
) -> None:
    page.goto("/#/purchase-orders")
    page.locator("st-purchase-order-list table").wait_for()
    page.locator("st-purchase-order-list h1").click()
    page.keyboard.press("/")
    expect(page.locator(BOX)).to_be_focused()
    expect(page.locator(BOX)).to_have_value("")  # the "/" is not typed into it
    # Typing "/" into another text box stays there.
    other = page.locator("st-purchase-order-list input").first
    other.click()
    page.keyboard.type("PO/1")
    expect(other).to_have_value("PO/1")
    expect(other).to_be_focused()


def test_enter_opens_the_first_result_even_before_the_answer(
    page: Any, world: dict[str, Any]
) -> None:
    page.goto("/#/stock")
    page.locator(BOX).click()
    # Typed and Enter at once: the search runs at once and the first result opens.
    page.keyboard.type("orc")
    page.keyboard.press("Enter")
    expect(page).to_have_url(page.url.split("#")[0] + f"#/items/{quote(world['product'], safe='')}")


def test_exact_matches_come_first(page: Any, world: dict[str, Any]) -> None:
    page.goto("/#/stock")
    page.locator(BOX).click()
    type_search(page, "orca")
    # The customer named exactly "Orca": its kind moves up, first in it, marked exact.
    groups = page.locator(f"{SEARCH} [role=group]")
    expect(groups.first).to_have_attribute("data-kind", "customers")
    customers = groups.first.locator("[role=option]")
    expect(customers.first).to_contain_text("Orca")
    expect(customers.first.locator(".exact")).to_have_text("exact")
    expect(customers.nth(1)).to_contain_text("Orca Retail")
    expect(page.locator(f"{SEARCH} .exact")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        page.url.split("#")[0] + f"#/customers/{quote(world['exact_customer'], safe='')}"
    )


def test_empty_no_match_and_error_states(page: Any, world: dict[str, Any]) -> None:
    page.goto("/#/stock")
    page.locator(BOX).click()
    expect(page.locator(PANEL)).to_contain_text("Search purchase and sales orders")
    type_search(page, "nothing-like-this")
    expect(page.locator(f"{SEARCH} [data-testid=no-match]")).to_have_text(
        "Nothing found for “nothing-like-this”."
    )
    page.keyboard.press("Enter")  # nothing to open: stays
    expect(page.locator("st-serial-number-list")).to_be_visible()

    def refuse(route: Any) -> None:
        if "GlobalSearch" in (route.request.post_data or ""):
            route.fulfill(
                status=200,
                content_type="application/json",
                body=json.dumps({"data": None, "errors": [{"message": "Search is down"}]}),
            )
        else:
            route.continue_()

    page.route("**/graphql", refuse)
    type_search(page, "orca")
    expect(page.locator(f"{SEARCH} .note.error")).to_have_text("Could not search: Search is down")
    page.unroute("**/graphql")


def test_the_latest_answer_wins(page: Any, world: dict[str, Any]) -> None:
    page.goto("/#/stock")
    held: list[Any] = []

    def hold_the_first(route: Any) -> None:
        body = route.request.post_data or ""
        if "GlobalSearch" in body and '"orca supplies"' in body.lower() and not held:
            held.append(route)
        else:
            route.continue_()

    page.route("**/graphql", hold_the_first)
    page.locator(BOX).click()
    page.keyboard.type("Orca Supplies")
    expect(page.locator(PANEL)).to_contain_text("Searching")
    page.locator(BOX).fill("ORCA-SN-1")
    expect(page.locator(f"{SEARCH} [role=group][data-kind=serialNumbers]")).to_be_visible()
    # The old answer comes late: it must not replace the newer one.
    with contextlib.suppress(Exception):  # the browser may have aborted it already
        held[0].continue_()
    expect(page.locator(f"{SEARCH} [role=group][data-kind=suppliers]")).to_have_count(0)
    expect(page.locator(OPTIONS).first).to_contain_text("ORCA-SN-1")
    page.unroute("**/graphql")


@pytest.mark.parametrize(
    "size",
    [{"width": 1366, "height": 900}, {"width": 390, "height": 844}, {"width": 360, "height": 740}],
)
def test_the_panel_fits_the_screen_and_has_no_axe_violations(
    page: Any, world: dict[str, Any], size: dict[str, int]
) -> None:
    page.set_viewport_size(size)
    page.goto("/#/stock")
    page.locator("st-serial-number-list").wait_for()
    page.locator(BOX).focus()
    expect(page.locator(PANEL)).to_be_visible()  # the empty state
    assert axe_violations(page) == []
    page.keyboard.type("orca")
    expect(page.locator(OPTIONS).first).to_be_visible()
    page.keyboard.press("ArrowDown")
    panel = page.locator(PANEL).bounding_box()
    assert panel is not None
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= size["width"], (panel, size)
    assert panel["y"] + panel["height"] <= size["height"], (panel, size)
    box = page.locator(BOX).bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= size["width"], box
    assert axe_violations(page) == []
    shot(page, f"global-search-{size['width']}")
