"""Page helpers shared by the browser tests (the app's elements live in open shadow roots,
which Playwright's CSS locators pierce)."""

from __future__ import annotations

from typing import Any

DIALOG = "st-serial-number-dialog"
ENTRY = f"{DIALOG} input.entry-input"
PICK = "st-pick-dialog"
PICK_ENTRY = f"{PICK} input.entry-input"

# Dispatch a real paste event (ClipboardEvent + DataTransfer) on a dialog's text box (inside
# st-serial-entry) and measure until the dialog's chips (inside st-serial-chips) are rendered and
# a frame has been produced.
PASTE_JS = """async (input, text) => {
  let dialog = input.getRootNode().host;
  while (dialog && !dialog.tagName.toLowerCase().endsWith('-dialog')) {
    dialog = dialog.getRootNode().host;
  }
  const data = new DataTransfer();
  data.setData('text/plain', text);
  const event = new ClipboardEvent('paste', {
    clipboardData: data, bubbles: true, cancelable: true, composed: true });
  const t0 = performance.now();
  input.dispatchEvent(event);
  await dialog.updateComplete;
  const chips = dialog.shadowRoot.querySelector('st-serial-chips');
  await chips.updateComplete;
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return { ms: performance.now() - t0, prevented: event.defaultPrevented,
           chips: chips.shadowRoot.querySelectorAll('.chip').length };
}"""

DEEP_FOCUS_JS = """() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  return el ? `${el.tagName.toLowerCase()}.${el.className}` : null;
}"""

TODAY_JS = """() => { const d = new Date(); const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`; }"""


def paste(page: Any, text: str, dialog: str = DIALOG) -> dict[str, Any]:
    return page.locator(f"{dialog} input.entry-input").evaluate(PASTE_JS, text)


def deep_focus(page: Any) -> str | None:
    return page.evaluate(DEEP_FOCUS_JS)


def open_order(page: Any, order_id: str) -> None:
    from urllib.parse import quote

    page.goto(f"/#/purchase-orders/{quote(order_id, safe='')}")
    page.locator("st-purchase-order-detail table").wait_for()


def row_locator(page: Any, sku: str, status: str | None = None) -> Any:
    rows = page.locator(f"st-purchase-order-detail tr[data-sku='{sku}']")
    if status:
        rows = rows.filter(has=page.locator(f"text={status}"))
    return rows


def open_dialog(page: Any, sku: str, status: str | None = None) -> Any:
    row_locator(page, sku, status).locator("button.tracing").click()
    page.locator(f"{DIALOG} dialog[open]").wait_for()
    return page.locator(DIALOG)


def chip(page: Any, number: str, dialog: str = DIALOG) -> Any:
    return page.locator(f"{dialog} .chip").filter(has=page.get_by_text(number, exact=True))


def open_sales_order(page: Any, order_id: str) -> None:
    from urllib.parse import quote

    page.goto(f"/#/sales-orders/{quote(order_id, safe='')}")
    page.locator("st-sales-order-detail table").wait_for()


def sales_row(page: Any, sku: str) -> Any:
    return page.locator(f"st-sales-order-detail tr[data-sku='{sku}']")


def open_picker(page: Any, sku: str) -> Any:
    sales_row(page, sku).locator("button.tracing").click()
    page.locator(f"{PICK} dialog[open]").wait_for()
    return page.locator(PICK)
