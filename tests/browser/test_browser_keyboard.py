"""The main flows by keyboard alone, with the focus visible at every stop: open an order from
the list, open a row's serial number dialog, type numbers with Enter, Done (the focus comes back
to the row's button), receive the row through its confirmation dialog. A dialog keeps the
focus inside it while open."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from support.builders import Scenario as Api
from support.builders import unique
from tests.browser.a11y import DESKTOP, PHONE_CONTEXT, settle
from tests.browser.conftest import signed_in_page
from tests.browser.helpers import DIALOG

pytestmark = pytest.mark.browser

# The element that has the focus (through shadow roots): what it is, whether its focus shows (an
# outline or a ring), and whether it is inside an open dialog.
FOCUS_JS = """(selector) => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  let inDialog = false;
  for (let up = el; up; up = up.parentElement ?? up.getRootNode().host ?? null) {
    if (up.localName === 'dialog' && up.open) inDialog = true;
  }
  const type = el.type ? `[${el.type}]` : '';
  return { what: `${el.localName}.${[...el.classList].join('.')}${type}`,
           host: el.getRootNode().host?.localName, outline: style.outline,
           matches: Boolean(selector) && el.matches(selector), text: el.textContent.trim(),
           label: el.getAttribute('aria-label') ?? '',
           visible: outline || style.boxShadow !== 'none', inDialog };
}"""


def focused(page: Any, selector: str | None = None) -> dict[str, Any] | None:
    return page.evaluate(FOCUS_JS, selector)


def tab_to(page: Any, selector: str, text: str | None = None, limit: int = 80) -> dict[str, Any]:
    """Press Tab until the focus is on an element matching `selector` (whose text or label
    contains `text`); the focus must show at every stop on the way."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = focused(page, selector)
        if focus is None:
            continue
        assert focus["visible"], f"the focus does not show on {focus}"
        if focus["matches"] and (text is None or text in focus["text"] + focus["label"]):
            return focus
    raise AssertionError(f"Tab never reached {selector} {text or ''}")


@pytest.fixture
def order(api: Api) -> dict[str, Any]:
    sku = unique("KB")
    api.product("Keyboard pump", True, [sku])
    created = api.order([(sku, 3)])
    return {
        "id": created["id"],
        "number": created["number"],
        "sku": sku,
        "row": created["rows"][0]["id"],
    }


def receive_by_keyboard(page: Any, api: Api, order: dict[str, Any]) -> None:
    sku, number = order["sku"], order["number"]
    page.goto("/#/purchase-orders")
    settle(page)

    # The order, from the list.
    tab_to(page, "a", number)
    page.keyboard.press("Enter")
    expect(page.locator("st-purchase-order-detail h1")).to_contain_text(number)
    settle(page)

    # The row's serial numbers: the dialog opens with the focus in its entry box.
    tab_to(page, "button.tracing", sku)
    page.keyboard.press("Enter")
    expect(page.locator(f"{DIALOG} dialog[open]")).to_be_visible()
    assert "entry-input" in focused(page)["what"]
    for n in (1, 2, 3):
        page.keyboard.type(f"{sku}-{n}")
        page.keyboard.press("Enter")
    expect(page.locator(f"{DIALOG} .chip")).to_have_count(3)
    tab_to(page, "button.done")
    page.keyboard.press("Enter")
    expect(page.locator(f"{DIALOG} dialog[open]")).to_have_count(0)
    assert [s["number"] for s in api.fetch_row(order["row"])["serialNumbers"]] == [
        f"{sku}-1",
        f"{sku}-2",
        f"{sku}-3",
    ]

    # The focus is back on the button that opened the dialog.
    expect(page.locator("st-purchase-order-detail button.tracing")).to_be_focused()
    assert focused(page)["visible"]

    # Receive the row, confirmed in its dialog.
    tab_to(page, "button.receive-row")
    page.keyboard.press("Enter")
    expect(page.locator("st-action-dialog dialog[open]")).to_be_visible()
    assert focused(page)["inDialog"]
    tab_to(page, "button.confirm")
    page.keyboard.press("Enter")
    expect(page.locator("st-action-dialog dialog[open]")).to_have_count(0)
    row = page.locator(f"st-purchase-order-detail tr[data-sku='{sku}']")
    expect(row).to_contain_text("Received")
    statuses = {s["status"] for s in api.fetch_row(order["row"])["serialNumbers"]}
    assert statuses == {"IN_STOCK"}


def test_an_order_is_received_by_keyboard_alone(page: Any, api: Api, order: dict[str, Any]) -> None:
    page.set_viewport_size(DESKTOP)
    receive_by_keyboard(page, api, order)


def test_an_order_is_received_by_keyboard_on_a_phone(
    browser: Any, server: str, api: Api, order: dict[str, Any]
) -> None:
    """A handheld with a keyboard (or a scanner that types): the same flow at 390×844."""
    with signed_in_page(browser, server, api, **PHONE_CONTEXT) as page:
        receive_by_keyboard(page, api, order)


def test_a_dialog_keeps_the_focus_until_it_closes(page: Any, order: dict[str, Any]) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(f"/#/purchase-orders/{order['id']}")
    settle(page)
    tab_to(page, "button.receive-order")
    page.keyboard.press("Enter")
    expect(page.locator("st-action-dialog dialog[open]")).to_be_visible()
    stops = set()
    for _ in range(12):
        page.keyboard.press("Tab")
        focus = focused(page)
        if focus is None:  # the browser's own controls between the last and the first stop
            continue
        assert focus["inDialog"], f"the focus left the dialog for {focus}"
        assert focus["visible"], f"the focus does not show on {focus}"
        stops.add(focus["what"])
    assert any("confirm" in s for s in stops) and any("cancel" in s for s in stops), stops
    page.keyboard.press("Escape")
    expect(page.locator("st-action-dialog dialog[open]")).to_have_count(0)
    expect(page.locator("st-purchase-order-detail button.receive-order")).to_be_focused()
