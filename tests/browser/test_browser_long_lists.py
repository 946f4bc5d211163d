"""Long documents on a phone: an order of 120 rows shows its first 50, then 50 more and all on
request (with the count of rows shown), and never scrolls sideways; the serial number dialog
of a row with 1000 numbers shows them all in its own scrolling box."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from support.builders import Scenario as Api
from support.builders import unique
from tests.browser.a11y import PHONE_CONTEXT, page_overflow, settle
from tests.browser.conftest import shot, signed_in_page
from tests.browser.helpers import DIALOG

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser: Any, server: str, api: Api) -> Any:
    with signed_in_page(browser, server, api, **PHONE_CONTEXT) as page:
        yield page


def test_a_long_order_shows_its_rows_fifty_at_a_time(phone: Any, api: Api) -> None:
    sku = unique("LL")
    api.product("Long list valve", True, [sku])
    order = api.order([(sku, 1)] * 120)
    phone.goto(f"/#/purchase-orders/{order['id']}")
    settle(phone)
    rows = phone.locator("st-purchase-order-detail table.order-rows tbody tr[data-sku]")
    more = phone.locator("st-purchase-order-detail [data-testid=more-rows]")
    expect(rows).to_have_count(50)
    expect(more).to_contain_text("50 of 120 rows shown")
    assert page_overflow(phone) is None
    shot(phone, "long-order-phone")

    more.locator("button.show-more").click()
    expect(rows).to_have_count(100)
    expect(more).to_contain_text("100 of 120 rows shown")
    expect(more.locator("button.show-more")).to_have_text("Show 20 more")
    more.locator("button.show-all").click()
    expect(rows).to_have_count(120)
    expect(more).to_have_count(0)


def test_a_thousand_numbers_scroll_inside_the_dialog(phone: Any, api: Api) -> None:
    sku = unique("TH")
    api.product("Thousand bolts", True, [sku])
    order = api.order([(sku, 1000)])
    api.assign(order["rows"][0]["id"], [f"{sku}-{n:04d}" for n in range(1000)])
    phone.goto(f"/#/purchase-orders/{order['id']}")
    settle(phone)
    phone.locator(f"st-purchase-order-detail tr[data-sku='{sku}'] button.tracing").click()
    expect(phone.locator(f"{DIALOG} dialog[open]")).to_be_visible()
    expect(phone.locator(f"{DIALOG} [data-testid=counter]")).to_have_text("1000 / 1000")
    expect(phone.locator(f"{DIALOG} .chip")).to_have_count(1000)
    box = phone.locator(f"{DIALOG} st-serial-chips .chips")
    sizes = box.evaluate("(el) => ({ scroll: el.scrollHeight, client: el.clientHeight })")
    assert sizes["scroll"] > sizes["client"] > 0, sizes
    # To the end, as a finger would flick it (the chunks out of view get their real size as
    # they come into view, so the end moves until all have been laid out).
    box.evaluate("""async (el) => { for (let i = 0; i < 30; i += 1) {
      el.scrollTop = el.scrollHeight;
      await new Promise((resolve) => requestAnimationFrame(resolve)); } }""")
    expect(phone.locator(f"{DIALOG} .chip").last).to_be_in_viewport()
    expect(phone.locator(f"{DIALOG} button.done")).to_be_in_viewport()
    assert page_overflow(phone) is None
    shot(phone, "thousand-chips-phone")
