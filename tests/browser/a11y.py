"""Accessibility and layout checks of the browser tests: axe-core (from npm, served by the app
itself so that its Content-Security-Policy holds) on the whole page, page-wide horizontal
overflow, the app's routes as the router lists them, and the buttons that open dialogs.

A button that opens a dialog says so with `aria-haspopup="dialog"` (screen readers announce it);
the every-screen test clicks each kind of them, so a new dialog is checked without extra work.
"""

from __future__ import annotations

import re
from typing import Any

from support.server import ROOT

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PHONE_CONTEXT = {"viewport": PHONE, "has_touch": True, "is_mobile": True}

ROUTER = ROOT / "frontend" / "src" / "router.js"

# Every element in the document and in every open shadow root below it.
DEEP_JS = """(selector) => {
  const found = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.matches(selector)) found.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return found;
}"""

AXE_JS = """() => axe.run(document, { resultTypes: ['violations'] }).then(
  (r) => r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${
    v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`))"""

WIDTH_JS = """(screen) => {
  const parent = (el) => el.parentElement ?? el.getRootNode().host ?? null;
  const clipped = (el) => {
    for (let up = parent(el); up; up = parent(up)) {
      const clips = getComputedStyle(up).overflowX !== 'visible';
      if (clips) return up.getBoundingClientRect().right <= screen + 0.5;
    }
    return false;
  };
  const sticking = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      const right = el.getBoundingClientRect().right;
      if (right > screen + 0.5 && !clipped(el)) {
        sticking.push(`${el.localName}.${[...el.classList].join('.')} to ${Math.round(right)}px`);
      }
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return { scroll: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth,
           sticking: sticking.slice(-8) };
}"""


# The kinds of dialog-opening buttons on the screen (component and classes), sorted; the first
# visible, enabled button of the kind `mark` gets the attribute data-every-screen (and no other).
DIALOG_BUTTONS_JS = (
    "(mark) => { const deep = "
    + DEEP_JS
    + """;
  const kinds = new Map();
  for (const el of deep('[aria-haspopup=dialog]')) {
    const off = el.disabled || el.getAttribute('aria-disabled') === 'true';
    if (off || !el.getClientRects().length) continue;
    const host = el.getRootNode().host?.localName ?? 'document';
    const kind = `${host} ${el.localName}.${[...el.classList].sort().join('.')}`;
    if (!kinds.has(kind)) kinds.set(kind, el);
  }
  for (const el of deep('[data-every-screen]')) el.removeAttribute('data-every-screen');
  kinds.get(mark)?.setAttribute('data-every-screen', '');
  return [...kinds.keys()].sort();
}"""
)

OPEN_DIALOGS_JS = "() => (" + DEEP_JS + ")('dialog[open]').length"


def dialog_buttons(page: Any, mark: str | None = None) -> list[str]:
    """The kinds of dialog-opening buttons on the screen; `mark` one for a locator to click."""
    return page.evaluate(DIALOG_BUTTONS_JS, mark)


def open_dialogs(page: Any) -> int:
    return page.evaluate(OPEN_DIALOGS_JS)


# Controls a finger hits smaller than 44×44 px (WCAG 2.5.5), visible ones only.
SMALL_TARGETS_JS = (
    "() => ("
    + DEEP_JS
    + """)('button, .button, select, input:not([type=hidden])')
  .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .map((el) => [el, el.getBoundingClientRect()])
  .filter(([el, r]) => (r.width < 43.5 || r.height < 43.5)
    && !['checkbox', 'radio'].includes(el.type))
  .map(([el, r]) => `${el.getRootNode().host?.localName ?? ''} ${el.localName}.${
    [...el.classList].join('.')} ${Math.round(r.width)}×${Math.round(r.height)}`)"""
)


def small_targets(page: Any) -> list[str]:
    return page.evaluate(SMALL_TARGETS_JS)


def route_examples() -> list[str]:
    """The router's ROUTE_EXAMPLES (frontend/src/router.js), read from its source."""
    source = ROUTER.read_text()
    match = re.search(r"export const ROUTE_EXAMPLES = \[(.*?)\];", source, re.S)
    assert match, "router.js has no ROUTE_EXAMPLES"
    return re.findall(r"'([^']+)'", match.group(1))


def route_path(example: str, ids: dict[str, str]) -> str:
    """A route example with its :placeholders filled in from `ids`."""

    def fill(m: re.Match[str]) -> str:
        assert m.group(1) in ids, f"no example value for :{m.group(1)} (route {example})"
        return ids[m.group(1)]

    return "/#/" + re.sub(r":(\w+)", fill, example)


def deep_count(page: Any, selector: str) -> int:
    return page.evaluate(f"(s) => ({DEEP_JS})(s).length", selector)


def settle(page: Any) -> None:
    """Wait until the screen has loaded: no request running, no loading text, fonts ready."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        f"() => ({DEEP_JS})('.loading, .loading-bar, [aria-busy=true]')"
        ".filter((el) => el.getClientRects().length).length === 0"
    )
    page.evaluate("() => document.fonts.ready")


def axe_violations(page: Any) -> list[str]:
    if not page.evaluate("() => Boolean(window.axe)"):
        page.add_script_tag(url="/node_modules/axe-core/axe.min.js")
    return page.evaluate(AXE_JS)


def page_overflow(page: Any) -> dict[str, Any] | None:
    """None when the page is no wider than the screen; else the widths and the element that
    sticks out furthest. (A phone zooms a page wider than its screen out, so innerWidth
    grows with the page: the screen's width is the viewport the context was made with.)"""
    screen = page.viewport_size["width"]
    width = page.evaluate(WIDTH_JS, screen)
    return None if width["scroll"] <= screen and width["innerWidth"] <= screen else width


def assert_accessible(page: Any, name: str, phone: bool) -> None:
    """Zero axe violations; at phone size, no page-wide horizontal scrolling and no control
    smaller than a fingertip."""
    problems = []
    if phone and (overflow := page_overflow(page)):
        problems.append(f"wider than the screen: {overflow}")
    if phone and (small := small_targets(page)):
        problems.append(f"touch targets under 44×44 px: {sorted(set(small))}")
    problems += axe_violations(page)
    assert not problems, f"{name}:\n" + "\n".join(problems)
