"""What the order form and order editing browser tests share: dates as the browser sees them,
axe-core runs, a phone-sized signed-in page, and the order screens' locators."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

from playwright.sync_api import expect

from support.builders import Scenario as Api
from tests.browser.conftest import signed_in_page
from tests.browser.helpers import TODAY_JS

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

PO_FORM = "st-purchase-order-form"
SO_FORM = "st-sales-order-form"
PO_PAGE = "st-purchase-order-detail"
SO_PAGE = "st-sales-order-detail"
DIALOG = "st-action-dialog"


def today(page: Any) -> date:
    """Today in the browser's time zone."""
    return date.fromisoformat(page.evaluate(TODAY_JS))


def days_ago(page: Any, n: int) -> str:
    return (today(page) - timedelta(days=n)).isoformat()


def local_day(iso: str) -> str:
    """The day of an instant from the API in the local time zone (the browser's, too)."""
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone().date().isoformat()


def axe_violations(page: Any, within: list[str] | None = None) -> list[dict[str, Any]]:
    """axe-core's violations on the page, or within one element (a path through shadow roots,
    e.g. ["st-app", "main"])."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        # From the app itself, so that its Content-Security-Policy (script-src 'self') holds.
        page.add_script_tag(url="/node_modules/axe-core/axe.min.js")
    context = "document" if within is None else f"{{ include: [{within!r}] }}"
    return page.evaluate(
        f"axe.run({context}).then(r => r.violations.map(v => "
        "({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target)})))"
    )


def assert_no_axe_violations(page: Any, what: str, within: list[str] | None = None) -> None:
    violations = axe_violations(page, within)
    assert violations == [], f"{what}: {violations}"


def phone_page(browser: Any, server: str, api: Api) -> Iterator[Any]:
    """A signed-in page in a phone's context (390 × 844, touch); fails on console errors."""
    with signed_in_page(
        browser, server, api, viewport=PHONE, has_touch=True, is_mobile=True
    ) as page:
        yield page


def no_wider_than_the_screen(page: Any, selector: str) -> None:
    """The screen's own element fits the viewport (no sideways scrolling of its content)."""
    width = page.locator(selector).evaluate("el => el.getBoundingClientRect().right")
    assert width <= page.viewport_size["width"] + 0.5, f"{selector} is {width}px wide"


def choose(select: Any, text: str, option_text: str | None = None) -> None:
    """Type into a search-select (an st-search-select locator) and pick the option that contains
    `option_text` (default: the text typed) with the arrow keys and Enter."""
    box = select.locator("input")
    box.fill(text)
    expect(select.locator(".popup")).to_have_attribute("data-answered", text.strip())
    options = select.locator("[role=option]")
    wanted = option_text or text
    expect(options.filter(has_text=wanted).first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    texts = options.all_inner_texts()
    index = next(i for i, t in enumerate(texts) if wanted in t)
    for _ in range(index + 1):
        box.press("ArrowDown")
    active = options.nth(index).get_attribute("id") or ""
    expect(box).to_have_attribute("aria-activedescendant", active)
    box.press("Enter")
    expect(box).to_have_attribute("aria-expanded", "false")


def row_editor(page: Any, root: str, n: int) -> Any:
    return page.locator(f"{root} st-row-editor").nth(n)


def dialog_date(page: Any) -> Any:
    return page.locator(f"{DIALOG} st-date-field input")


def fill_date(locator: Any, day: str) -> None:
    locator.fill(day)
    expect(locator).to_have_value(day)
