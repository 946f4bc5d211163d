"""The app, live: two people signed in in two browser contexts see each other's changes without
a reload — the saved numbers arriving in an open serial dialog (with the clash they cause said
before Done), the Tracing column, a row received meanwhile, a new order in the list — and the
header's indicator shows the connection, which comes back after it is cut and catches up with
what changed meanwhile. On PostgreSQL with two uvicorn workers: test_browser_live_postgres.py."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import expect

from support.builders import Scenario
from tests.browser.conftest import VIEWPORT, signed_in_page
from tests.browser.helpers import (
    DIALOG,
    ENTRY,
    PICK,
    PICK_ENTRY,
    chip,
    deep_focus,
    open_dialog,
    open_order,
    open_picker,
    open_sales_order,
    row_locator,
    sales_row,
)

LIVE = "st-live-indicator [role=status]"
CUT = "() => { window.__blockSockets = true; window.__sockets.forEach((s) => s.close()); }"
NOTE = f"{DIALOG} [data-testid=live-note]"
WAIT = 15_000  # ms: a message takes well under a second; a reconnect waits its backoff

# Test-only: every WebSocket the app opens is kept in window.__sockets, and while
# window.__blockSockets is true a new one fails at once (like a server that is down), without
# the console error a refused real connection would log.
CUT_JS = """(() => {
  const Native = window.WebSocket;
  window.__sockets = [];
  window.__blockSockets = false;
  class Down {
    constructor() {
      this.readyState = 0;
      setTimeout(() => {
        this.readyState = 3;
        this.onclose?.({ code: 1006, reason: '', wasClean: false });
      }, 20);
    }
    send() {}
    close() {}
  }
  function Socket(url, protocols) {
    if (window.__blockSockets) return new Down();
    const socket = new Native(url, protocols);
    window.__sockets.push(socket);
    return socket;
  }
  for (const key of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) {
    Socket[key] = Native[key];
    Down[key] = Native[key];
  }
  Socket.prototype = Native.prototype;
  window.WebSocket = Socket;
})();"""


def _user(api: Scenario, username: str) -> None:
    users = api.client("{ users { username } }")["users"]
    if all(u["username"] != username for u in users):
        api.client.mutate(
            "createUser",
            "CreateUserInput",
            {"username": username, "role": "OPERATOR"},
            "user { id }",
        )


@contextmanager
def two_people(browser: Any, server: str, api: Scenario) -> Iterator[tuple[Any, Any]]:
    """Anna's page and Bea's, each in a browser context of its own."""
    _user(api, "anna")
    _user(api, "bea")
    with (
        signed_in_page(browser, server, api, username="anna", viewport=VIEWPORT) as anna,
        signed_in_page(browser, server, api, username="bea", viewport=VIEWPORT) as bea,
    ):
        yield anna, bea


def _type(page: Any, *numbers: str) -> None:
    entry = page.locator(ENTRY)
    for number in numbers:
        entry.fill(number)
        entry.press("Enter")


def _tracing(page: Any, sku: str) -> Any:
    return row_locator(page, sku).locator("button.tracing")


def test_a_colleagues_saves_arrive_in_the_open_dialog_and_the_tracing_column(
    browser: Any, server: str, api: Scenario
) -> None:
    api.product("Live motor", True, ["LV-1"])
    order = api.order([("LV-1", 5)])
    with two_people(browser, server, api) as (anna, bea):
        open_order(anna, order["id"])
        expect(anna.locator(LIVE)).to_have_text("Live updates: Live")
        open_dialog(anna, "LV-1")
        _type(anna, "N-1", "N-2")
        expect(anna.locator(f"{DIALOG} [data-testid=counter]")).to_have_text("2 / 5")
        anna.locator(ENTRY).fill("N-9")  # typed, not added yet: it must survive the update

        open_order(bea, order["id"])
        open_dialog(bea, "LV-1")
        _type(bea, "N-2", "N-3", "N-4", "N-5")
        bea.locator(f"{DIALOG} button.done").click()
        expect(bea.locator(f"{DIALOG} dialog[open]")).to_have_count(0)

        # Anna's open dialog: Bea's four arrive as saved, N-2 of hers clashes, said before Done.
        expect(anna.locator(NOTE)).to_have_text(
            "bea saved 4 numbers on this row; 1 of yours now clashes: fix or remove it "
            "before Done.",
            timeout=WAIT,
        )
        for number in ("N-3", "N-4", "N-5"):
            expect(chip(anna, number)).to_have_attribute("data-state", "saved")
        expect(chip(anna, "N-2").last).to_contain_text("Already saved on this row")
        expect(anna.locator(f"{DIALOG} [data-testid=counter]")).to_have_text("5 / 5")
        expect(anna.locator(ENTRY)).to_have_value("N-9")
        assert deep_focus(anna) == "input.entry-input"
        # Behind the dialog, her Tracing column moved too, without a reload.
        expect(_tracing(anna, "LV-1")).to_have_attribute(
            "aria-label", "Serial numbers of LV-1: 4 / 5", timeout=WAIT
        )

        # Bea receives the row: Anna's dialog takes only additions now, and says so.
        row_locator(bea, "LV-1").locator("button.receive-row").click()
        bea.locator("st-action-dialog button.confirm").click()
        expect(row_locator(bea, "LV-1").locator("button.receive-row")).to_have_count(0)
        expect(anna.locator(NOTE)).to_contain_text(
            "bea received this row: numbers can only be added now", timeout=WAIT
        )
        expect(chip(anna, "N-3").locator("button.bin")).to_have_count(0)
        expect(row_locator(anna, "LV-1").locator("button.receive-row")).to_have_count(0)

        # She takes the clash out and saves hers: the row is complete.
        anna.locator(ENTRY).fill("")
        anna.locator(f"{DIALOG} button.remove-flagged").click()
        anna.locator(f"{DIALOG} button.done").click()
        expect(anna.locator(f"{DIALOG} dialog[open]")).to_have_count(0)
        expect(_tracing(anna, "LV-1")).to_have_attribute(
            "aria-label", "Serial numbers of LV-1: 5 / 5"
        )
        expect(_tracing(bea, "LV-1")).to_have_attribute(
            "aria-label", "Serial numbers of LV-1: 5 / 5", timeout=WAIT
        )


def test_an_order_a_colleague_creates_appears_in_the_list(
    browser: Any, server: str, api: Scenario
) -> None:
    api.product("List motor", True, ["LV-LIST"])
    api.order([("LV-LIST", 1)])
    with two_people(browser, server, api) as (anna, _bea):
        anna.goto("/#/purchase-orders")
        anna.locator("st-purchase-order-list table").wait_for()
        expect(anna.locator(LIVE)).to_have_text("Live updates: Live")
        # Whatever the list shows while it reads itself again, recorded as it happens.
        anna.evaluate("""() => {
            window.__flashes = 0;
            const list = document.querySelector('st-app').shadowRoot
                .querySelector('st-purchase-order-list');
            new MutationObserver(() => {
                if (list.shadowRoot.querySelector('.loading-bar, .loading')) window.__flashes++;
            }).observe(list.shadowRoot, {childList: true, subtree: true});
        }""")
        created = api.order([("LV-LIST", 2)])
        row = anna.locator(f"st-purchase-order-list tr[data-id='{created['id']}']")
        expect(row).to_contain_text(created["number"], timeout=WAIT)
        # A colleague's change refreshes the page quietly: no loading bar flashes over it.
        assert anna.evaluate("window.__flashes") == 0


def test_the_indicator_shows_a_cut_connection_and_the_page_catches_up_after_it(
    browser: Any, server: str, api: Scenario
) -> None:
    api.product("Cut motor", True, ["LV-CUT"])
    order = api.order([("LV-CUT", 5)])
    with signed_in_page(browser, server, api, init_script=CUT_JS, viewport=VIEWPORT) as page:
        open_order(page, order["id"])
        indicator = page.locator(LIVE)
        expect(indicator).to_have_text("Live updates: Live")
        page.evaluate(CUT)
        expect(indicator).to_have_text("Live updates: Reconnecting…")
        api.assign(order["rows"][0]["id"], ["CUT-1", "CUT-2"])  # while it is cut
        expect(indicator).to_have_text("Live updates: Offline", timeout=WAIT)  # tries failed
        expect(_tracing(page, "LV-CUT")).to_have_attribute(
            "aria-label", "Serial numbers of LV-CUT: 0 / 5"
        )
        page.evaluate("() => { window.__blockSockets = false; }")
        expect(indicator).to_have_text("Live updates: Live", timeout=WAIT)
        expect(_tracing(page, "LV-CUT")).to_have_attribute(
            "aria-label", "Serial numbers of LV-CUT: 2 / 5", timeout=WAIT
        )


def test_a_colleagues_picks_arrive_in_the_open_picker_and_the_sales_order(
    browser: Any, server: str, api: Scenario
) -> None:
    api.product("Pick motor", True, ["LV-SO"])
    po = api.order([("LV-SO", 3)])
    api.assign(po["rows"][0]["id"], ["SO-1", "SO-2", "SO-3"])
    api.receive_order(po["id"])
    so = api.sales_order(api.customer(), [("LV-SO", 3)])
    with two_people(browser, server, api) as (anna, _bea):
        open_sales_order(anna, so["id"])
        open_picker(anna, "LV-SO")
        anna.locator(PICK_ENTRY).fill("SO-1")
        anna.locator(PICK_ENTRY).press("Enter")
        api.pick(so["rows"][0]["id"], ["SO-1", "SO-2"])  # tester, at another desk
        expect(anna.locator(f"{PICK} [data-testid=live-note]")).to_have_text(
            "tester picked 2 numbers on this row; 1 of yours now clashes: fix or remove it "
            "before Done.",
            timeout=WAIT,
        )
        expect(chip(anna, "SO-2", PICK)).to_have_attribute("data-state", "saved")
        expect(chip(anna, "SO-1", PICK).last).to_contain_text("Already picked on this row")
        expect(sales_row(anna, "LV-SO").locator("button.tracing")).to_have_attribute(
            "aria-label", "Serial numbers of LV-SO: 2 / 3", timeout=WAIT
        )


def test_a_row_received_meanwhile_is_said_in_the_open_receive_question(
    browser: Any, server: str, api: Scenario
) -> None:
    api.product("Receive motor", True, ["LV-RCV"])
    order = api.order([("LV-RCV", 2)])
    with two_people(browser, server, api) as (anna, _bea):
        open_order(anna, order["id"])
        row_locator(anna, "LV-RCV").locator("button.receive-row").click()
        question = anna.locator("st-action-dialog")
        expect(question.locator("dialog[open]")).to_be_visible()
        api.receive_row(order["rows"][0]["id"])  # at another desk, meanwhile
        expect(question).to_contain_text("This row was received meanwhile", timeout=WAIT)
        expect(row_locator(anna, "LV-RCV")).to_contain_text("Received")


def test_an_open_deliver_question_says_what_a_colleague_changed_meanwhile(
    browser: Any, server: str, api: Scenario
) -> None:
    api.product("Deliver motor", True, ["LV-DLV"])
    po = api.order([("LV-DLV", 3)])
    api.assign(po["rows"][0]["id"], ["DL-1", "DL-2", "DL-3"])
    api.receive_order(po["id"])
    so = api.sales_order(api.customer(), [("LV-DLV", 2)])
    api.pick(so["rows"][0]["id"], ["DL-1"])
    with two_people(browser, server, api) as (anna, _bea):
        open_sales_order(anna, so["id"])
        anna.locator("st-sales-order-detail button.deliver").click()
        question = anna.locator("st-action-dialog")
        expect(question.locator("dialog[open]")).to_be_visible()
        expect(question).to_contain_text("Its 1 picked serial number become shipped")
        api.pick(so["rows"][0]["id"], ["DL-2"])  # at another desk, meanwhile
        expect(question).to_contain_text(
            "The picked serial numbers changed meanwhile: 2 picked now.", timeout=WAIT
        )
        api.deliver(so["id"])  # and delivered there
        expect(question).to_contain_text(f"{so['number']} was delivered meanwhile", timeout=WAIT)
        expect(anna.locator("st-sales-order-detail [data-testid=delivered-at]")).to_be_visible()


def test_the_stock_list_follows_a_colleagues_receipt(
    browser: Any, server: str, api: Scenario
) -> None:
    api.product("Stock motor", True, ["LV-STK"])
    order = api.order([("LV-STK", 2)])
    api.assign(order["rows"][0]["id"], ["STK-1", "STK-2"])
    with two_people(browser, server, api) as (anna, _bea):
        anna.goto("/#/stock?sku=LV-STK")
        rows = anna.locator("st-serial-number-list tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.first).to_contain_text("Expected")
        api.receive_order(order["id"])  # at the dock, meanwhile
        expect(rows.filter(has_text="In stock")).to_have_count(2, timeout=WAIT)
