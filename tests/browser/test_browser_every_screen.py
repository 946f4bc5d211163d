"""Every screen and every dialog, for everyone: each route the router lists (ROUTE_EXAMPLES in
frontend/src/router.js, so a new screen is covered without extra work) and each dialog a button
on it opens (buttons with aria-haspopup="dialog"), at 390×844 with touch and at 1366×900, on
demo-like data. At phone size the page never scrolls sideways; at both sizes axe-core finds
nothing. A screenshot of each is kept in tests/browser/screenshots/ (every-*.png)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from support.builders import Scenario as Api
from tests.browser.a11y import (
    DESKTOP,
    OPEN_DIALOGS_JS,
    PHONE_CONTEXT,
    assert_accessible,
    dialog_buttons,
    open_dialogs,
    page_overflow,
    route_examples,
    route_path,
    settle,
)
from tests.browser.conftest import shot, signed_in_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def ids(api: Api) -> dict[str, str]:
    """Demo-like data: a supplier and a customer, a serial-tracked and an untracked item, a
    received order with numbers in stock, an open order with a row half assigned, a sales order
    with one number picked; the value of each route placeholder."""
    supplier = api.supplier("Nordic Hydraulics AB")
    customer = api.customer("Baltic Marine Services Oy")
    pump = api.product("Hydraulic pump with a rather long name", True, ["HP-20", "HP-40"])
    api.product("Mounting kit", False, ["MK-1"])
    received = api.order([("HP-20", 3), ("MK-1", 5)], supplier=supplier)
    api.assign(received["rows"][0]["id"], ["SN-1001", "SN-1002", "SN-1003"])
    api.receive_order(received["id"])
    open_order = api.order([("HP-20", 4), ("HP-40", 2), ("MK-1", 10)], supplier=supplier)
    api.assign(open_order["rows"][0]["id"], ["SN-2001", "SN-2002"])
    sales = api.sales_order(customer, [("HP-20", 2), ("MK-1", 1)])
    api.pick(sales["rows"][0]["id"], ["SN-1001"])
    return {
        "order": open_order["id"],
        "salesOrder": sales["id"],
        "sku": "HP-20",
        "number": "SN-1001",
        "product": pump["id"],
        "supplier": supplier,
        "customer": customer,
    }


def screen_name(example: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", example.lower()).strip("-")


def check_every_screen(page: Any, size: str, ids: dict[str, str]) -> list[str]:
    phone = size == "phone"
    problems: list[str] = []

    def check(name: str) -> None:
        shot(page, f"every-{size}-{name}")
        try:
            assert_accessible(page, f"{name} ({size})", phone)
        except AssertionError as failure:
            problems.append(str(failure))

    for example in route_examples():
        name = screen_name(example)
        page.goto(route_path(example, ids))
        page.reload()  # a fresh screen, whatever the previous one left behind
        settle(page)
        check(name)
        for kind in dialog_buttons(page):
            assert kind in dialog_buttons(page, mark=kind), kind
            page.locator("[data-every-screen]").click()
            page.wait_for_function(f"() => ({OPEN_DIALOGS_JS})() > 0")
            settle(page)
            check(f"{name}-dialog-{screen_name(kind)}")
            page.keyboard.press("Escape")
            page.wait_for_function(f"() => ({OPEN_DIALOGS_JS})() === 0")
    return problems


@pytest.fixture
def phone_page(browser: Any, server: str, api: Api) -> Iterator[Any]:
    with signed_in_page(browser, server, api, **PHONE_CONTEXT) as page:
        yield page


def test_every_screen_and_dialog_on_a_phone(phone_page: Any, ids: dict[str, str]) -> None:
    problems = check_every_screen(phone_page, "phone", ids)
    assert not problems, "\n\n".join(problems)


def test_every_screen_and_dialog_on_a_desktop(page: Any, ids: dict[str, str]) -> None:
    page.set_viewport_size(DESKTOP)
    problems = check_every_screen(page, "desktop", ids)
    assert not problems, "\n\n".join(problems)


def test_the_walk_opens_dialogs(page: Any, ids: dict[str, str]) -> None:
    """The dialog-opening buttons are marked, so the walk above does reach the dialogs."""
    page.set_viewport_size(DESKTOP)
    page.goto(route_path("purchase-orders/:order", ids))
    settle(page)
    kinds = " ".join(dialog_buttons(page))
    for wanted in ("tracing", "receive-order", "receive-row"):
        assert wanted in kinds, kinds
    assert open_dialogs(page) == 0


def test_the_phone_header_keeps_everything_in_its_menu(phone_page: Any) -> None:
    """At 390 px the bar shows the search and a Menu button; the menu holds every screen, the
    API link and Sign out; choosing a screen closes it, Escape too (focus back on Menu)."""
    page = phone_page
    page.goto("/#/purchase-orders")
    settle(page)
    search = page.locator("st-global-search input")
    expect(search).to_be_in_viewport()
    toggle = page.locator("st-app button.menu-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    menu = page.locator("st-app #site-menu")
    expect(menu).to_be_hidden()

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    for name in (
        "Purchase orders",
        "Sales orders",
        "Stock",
        "Items",
        "Suppliers",
        "Customers",
        "Import",
        "Users",
        "GraphQL API",
    ):
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_in_viewport()
    expect(menu.get_by_role("button", name="Sign out")).to_be_in_viewport()
    assert page_overflow(page) is None
    shot(page, "phone-menu")
    menu.get_by_role("link", name="Import", exact=True).click()
    expect(page.locator("st-import")).to_be_visible()
    expect(menu).to_be_hidden()

    toggle.focus()
    page.keyboard.press("Enter")
    expect(menu).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(toggle).to_be_focused()


def test_the_desktop_header_shows_everything_without_a_menu(page: Any) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto("/#/purchase-orders")
    settle(page)
    expect(page.locator("st-app button.menu-toggle")).to_be_hidden()
    app = page.locator("st-app")
    for name in ("Import", "Users", "GraphQL API"):
        expect(app.get_by_role("link", name=name, exact=True)).to_be_in_viewport()
    expect(app.get_by_role("button", name="Sign out")).to_be_in_viewport()
