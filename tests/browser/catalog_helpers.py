"""Helpers of the items, suppliers and customers browser tests: axe-core on a screen (and its
open dialog) with a screenshot, and a signed-in phone page (390×844, touch)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from support.builders import Scenario as Api
from tests.browser.conftest import shot, signed_in_page

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# The app shell's header (navigation, serial number search) is not these screens': at phone
# width its navigation runs off the screen, which widens the whole page (and fails axe's colour
# contrast where the links leave the dark bar). Until the shell gets a phone layout, the phone
# page keeps the header's overflow inside the header, and axe looks at everything else.
SHELL_HEADER = {"fromShadowDom": ["st-app", "header"]}
CONTAIN_SHELL_HEADER_JS = """customElements.whenDefined('st-app').then(async () => {
  const app = document.querySelector('st-app');
  await app.updateComplete;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync('header { overflow-x: auto; }');
  app.shadowRoot.adoptedStyleSheets = [...app.shadowRoot.adoptedStyleSheets, sheet];
});"""

AXE_JS = """(exclude) => axe.run({ exclude }, { resultTypes: ['violations'] }).then(
  (r) => r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${
    v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`))"""

MAIN_WIDTH_JS = """() => {
  const main = document.querySelector('st-app').shadowRoot.querySelector('main');
  return { scroll: main.scrollWidth, client: main.clientWidth, viewport: window.innerWidth };
}"""


def axe_violations(page: Any) -> list[str]:
    if not page.evaluate("() => Boolean(window.axe)"):
        # From the app itself, so that its Content-Security-Policy (script-src 'self') holds.
        page.add_script_tag(url="/node_modules/axe-core/axe.min.js")
    return page.evaluate(AXE_JS, [SHELL_HEADER])


def check_screen(page: Any, name: str) -> None:
    """Screenshot, zero axe violations, and no part of the screen wider than the page."""
    page.evaluate("() => document.fonts.ready")
    width = page.evaluate(MAIN_WIDTH_JS)
    assert width["scroll"] <= width["client"] <= width["viewport"] == page.viewport_size["width"], (
        f"{name} is wider than the page: {width}"
    )
    shot(page, name)
    violations = axe_violations(page)
    assert not violations, f"{name}:\n" + "\n".join(violations)


@contextmanager
def phone_page(browser: Any, server: str, api: Api) -> Iterator[Any]:
    """A signed-in page of a phone (390×844, touch); fails the test on a console or page error."""
    with signed_in_page(
        browser,
        server,
        api,
        init_script=CONTAIN_SHELL_HEADER_JS,
        viewport=PHONE,
        has_touch=True,
        is_mobile=True,
    ) as page:
        yield page


def fail_next_graphql(page: Any, operation: str, message: str = "The database is busy.") -> None:
    """Answer the next request of this GraphQL operation with an error (once), as a server in
    trouble would; the page shows its load error with Retry."""
    state = {"done": False}

    def handle(route: Any) -> None:
        body = route.request.post_data or ""
        if not state["done"] and f"query {operation}(" in body:
            state["done"] = True
            route.fulfill(
                status=200,
                content_type="application/json",
                body=json.dumps({"errors": [{"message": message}], "data": None}),
            )
        else:
            route.fallback()

    page.route("**/graphql", handle)
