"""The serial number dialog in the browser: paste, checks, bins, Done, and what follows."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from support.builders import Scenario
from tests.browser.conftest import shot
from tests.browser.helpers import (
    DIALOG,
    ENTRY,
    TODAY_JS,
    chip,
    deep_focus,
    open_dialog,
    open_order,
    paste,
    row_locator,
)

pytestmark = pytest.mark.browser


def test_paste_flag_fix_done_receive_and_see_in_stock(page: Any, api: Scenario) -> None:
    sku = api.product_sku("Servo motor", tracked=True)
    bolts = api.product_sku("Bolts", tracked=False)
    other = api.order([(sku, "3")])
    api.assign(other["rows"][0]["id"], ["DUP-1"])
    order = api.order([(sku, "5"), (bolts, "2.5")])

    open_order(page, order["id"])
    detail = page.locator("st-purchase-order-detail")
    expect(detail.locator("th", has_text="Tracing")).to_be_visible()
    tracked_row = row_locator(page, sku)
    expect(tracked_row.locator("svg.icon-exclamation")).to_be_visible()
    expect(tracked_row.locator("st-tracing-badge")).to_contain_text("0 / 5")
    expect(row_locator(page, bolts).locator("button.tracing")).to_have_count(0)
    shot(page, "order-detail-missing")

    open_dialog(page, sku)
    assert deep_focus(page) is not None and "entry-input" in deep_focus(page)
    expect(page.locator(f"{DIALOG} .empty-chips")).to_have_text("No serial numbers yet")

    block = (
        "SN-1\tSN-2\r\nsn-1\tBAD#3\r\n" + "X" * 33 + "\n\n\t  \nSN-4\t DUP-1 \rSN-5\tSN-6\nSN-7\n"
    )
    result = paste(page, block)
    assert result["prevented"], "the app must handle the paste itself"
    # Several columns: the dialog asks which holds the numbers; here every cell is one.
    assert result["chips"] == 0
    page.locator(f"{DIALOG} [data-testid=paste-question]").get_by_label("Every column").check()
    page.locator(f"{DIALOG} button.paste-confirm").click()
    expect(page.locator(f"{DIALOG} .chip")).to_have_count(10)
    # The counter shows the valid entries against the quantity.
    expect(page.locator(f"{DIALOG} [data-testid=counter]")).to_have_text("5 / 5")

    expect(chip(page, "sn-1")).to_have_attribute("data-code", "DUPLICATE_IN_INPUT")
    expect(chip(page, "sn-1")).to_contain_text("Repeats entry 1 (SN-1)")
    expect(chip(page, "BAD#3")).to_have_attribute("data-code", "INVALID_CHARACTERS")
    expect(chip(page, "BAD#3")).to_contain_text("Invalid characters")
    expect(chip(page, "X" * 33)).to_have_attribute("data-code", "TOO_LONG")
    # Found by the debounced checkSerialNumbers query, before Done.
    expect(chip(page, "DUP-1")).to_have_attribute("data-code", "ALREADY_EXISTS")
    expect(chip(page, "DUP-1")).to_contain_text(f"Already on {other['number']}")
    expect(chip(page, "SN-7")).to_have_attribute("data-code", "EXCEEDS_QUANTITY")
    for good in ("SN-1", "SN-2", "SN-4", "SN-5", "SN-6"):
        expect(chip(page, good)).to_have_attribute("data-code", "")
        expect(chip(page, good)).to_have_attribute("data-state", "new")
    expect(page.locator(f"{DIALOG} [data-testid=problems]")).to_have_text("5 with problems")
    shot(page, "serial-dialog-flagged")

    # Done is refused locally while entries are marked; nothing is lost.
    page.locator(f"{DIALOG} button.done").click()
    expect(page.locator(f"{DIALOG} [data-testid=form-error]")).to_contain_text("Fix or remove")
    expect(page.locator(f"{DIALOG} .chip")).to_have_count(10)

    for bad in ("sn-1", "BAD#3", "X" * 33, "DUP-1", "SN-7"):
        chip(page, bad).locator("button.bin").click()
    expect(page.locator(f"{DIALOG} .chip")).to_have_count(5)
    expect(page.locator(f"{DIALOG} [data-testid=counter]")).to_have_text("5 / 5")
    page.locator(f"{DIALOG} button.done").click()
    expect(page.locator(DIALOG)).to_have_count(0)

    expect(tracked_row.locator("svg.icon-check")).to_be_visible()
    expect(tracked_row.locator("st-tracing-badge")).to_contain_text("5 / 5")
    shot(page, "order-detail-complete")
    saved = [s["number"] for s in api.rows(order["id"])[0]["serialNumbers"]]
    assert sorted(saved) == ["SN-1", "SN-2", "SN-4", "SN-5", "SN-6"]

    # Receive the row: a confirmation first.
    tracked_row.locator("button.receive-row").click()
    confirm = page.locator("st-action-dialog")
    expect(confirm).to_contain_text("Receive 5")
    confirm.locator("button.confirm").click()
    expect(confirm).to_have_count(0)
    expect(tracked_row).to_contain_text("Received")
    today = page.evaluate(TODAY_JS)
    expect(tracked_row).to_contain_text(today)

    # Stock → Serial numbers: the numbers with their added date and their PO.
    page.locator("st-app nav a", has_text="Stock").click()
    stock = page.locator("st-serial-number-list")
    stock.locator("input.sku").fill(sku)
    stock.locator("input.sku").press("Enter")
    rows = stock.locator("tbody tr")
    expect(rows).to_have_count(6)  # DUP-1 of the other order is there too, expected
    stock.locator("select[aria-label=Status]").select_option("IN_STOCK")
    expect(rows).to_have_count(5)
    for i in range(5):
        expect(rows.nth(i).locator("td.added")).to_have_text(today)
        expect(rows.nth(i)).to_contain_text("In stock")
        expect(rows.nth(i)).to_contain_text(order["number"])
    shot(page, "stock-serial-numbers")
    rows.first.locator("a", has_text=order["number"]).click()
    expect(page.locator("st-purchase-order-detail h1")).to_have_text(order["number"])


def test_refusal_on_done_is_mapped_to_the_chip_and_nothing_is_lost(
    page: Any,
    api: Scenario,
) -> None:
    sku = api.product_sku("Sensor", tracked=True)
    order = api.order([(sku, "3")])
    rival = api.order([(sku, "3")])
    open_order(page, order["id"])
    open_dialog(page, sku)
    page.locator(ENTRY).type("RACE-1\n")
    page.locator(ENTRY).type("RACE-2\n")
    # Let the debounced check pass (no conflict yet), then someone else takes RACE-2.
    page.wait_for_timeout(700)
    expect(chip(page, "RACE-2")).to_have_attribute("data-code", "")
    api.assign(rival["rows"][0]["id"], ["race-2"])

    page.locator(f"{DIALOG} button.done").click()
    expect(page.locator(f"{DIALOG} [data-testid=form-error]")).to_contain_text("Not saved")
    expect(chip(page, "RACE-2")).to_have_attribute("data-code", "ALREADY_EXISTS")
    expect(chip(page, "RACE-2")).to_contain_text(f"Already on {rival['number']}")
    expect(chip(page, "RACE-1")).to_have_attribute("data-code", "")
    assert api.rows(order["id"])[0]["serialNumbers"] == []  # all-or-nothing

    chip(page, "RACE-2").locator("button.bin").click()
    page.locator(ENTRY).type("RACE-3\n")
    page.locator(f"{DIALOG} button.done").click()
    expect(page.locator(DIALOG)).to_have_count(0)
    expect(row_locator(page, sku).locator("st-tracing-badge")).to_contain_text("2 / 3")


def test_remove_and_add_on_a_not_received_row_in_one_save(page: Any, api: Scenario) -> None:
    sku = api.product_sku("Board", tracked=True)
    order = api.order([(sku, "3")])
    api.assign(order["rows"][0]["id"], ["A-1", "A-2", "A-3"])
    open_order(page, order["id"])
    expect(row_locator(page, sku).locator("svg.icon-check")).to_be_visible()
    open_dialog(page, sku)
    for number in ("A-1", "A-2", "A-3"):
        expect(chip(page, number)).to_have_attribute("data-state", "saved")
        expect(chip(page, number).locator("button.bin")).to_have_count(1)
    expect(page.locator(f"{DIALOG} [data-testid=counter]")).to_have_text("3 / 3")
    chip(page, "A-2").locator("button.bin").click()
    expect(page.locator(f"{DIALOG} [data-testid=counter]")).to_have_text("2 / 3")
    # Re-adding a binned number in the same save is fine: the removal happens first.
    page.locator(ENTRY).type("a-2\n")
    page.wait_for_timeout(500)
    expect(chip(page, "a-2")).to_have_attribute("data-code", "")
    chip(page, "a-2").locator("button.bin").click()
    page.locator(ENTRY).type("A-4\n")
    shot(page, "serial-dialog-edit")
    page.locator(f"{DIALOG} button.done").click()
    expect(page.locator(DIALOG)).to_have_count(0)
    numbers = sorted(s["number"] for s in api.rows(order["id"])[0]["serialNumbers"])
    assert numbers == ["A-1", "A-3", "A-4"]


def test_received_row_has_no_bin_but_takes_more_numbers(page: Any, api: Scenario) -> None:
    sku = api.product_sku("Motor", tracked=True)
    order = api.order([(sku, "3")])
    row_id = order["rows"][0]["id"]
    api.assign(row_id, ["R-1"])
    api.receive_row(row_id)
    open_order(page, order["id"])
    open_dialog(page, sku)
    expect(chip(page, "R-1")).to_have_attribute("data-state", "saved")
    expect(page.locator(f"{DIALOG} button.bin")).to_have_count(0)
    more = page.locator(f"{DIALOG} button.more")
    expect(more).to_have_text("+ Enter serial numbers")
    assert deep_focus(page) is not None and "more" in deep_focus(page)
    shot(page, "serial-dialog-received")
    page.keyboard.press("Enter")  # keyboard alone: opens the text box and focuses it
    expect(page.locator(ENTRY)).to_be_focused()
    page.keyboard.type("R-2\nR-3\nR-4\n")
    expect(chip(page, "R-4")).to_have_attribute("data-code", "EXCEEDS_QUANTITY")
    chip(page, "R-4").locator("button.bin").click()
    expect(chip(page, "R-2").locator("button.bin")).to_have_count(1)  # new ones can go
    page.locator(f"{DIALOG} button.done").click()
    expect(page.locator(DIALOG)).to_have_count(0)
    serials = api.rows(order["id"])[0]["serialNumbers"]
    assert sorted(s["number"] for s in serials) == ["R-1", "R-2", "R-3"]
    assert all(s["status"] == "IN_STOCK" and s["addedAt"] for s in serials)


def test_keyboard_and_scanner_speed_and_escape(page: Any, api: Scenario) -> None:
    sku = api.product_sku("Scanner item", tracked=True)
    order = api.order([(sku, "40")])
    open_order(page, order["id"])
    open_dialog(page, sku)
    # A scanner: number + Enter, as fast as the keyboard events can be sent.
    numbers = [f"SCAN-{i:03d}" for i in range(30)]
    page.keyboard.type("".join(f"{n}\n" for n in numbers), delay=0)
    expect(page.locator(f"{DIALOG} .chip")).to_have_count(30)
    shown = page.locator(f"{DIALOG} .chip .chip-number").all_text_contents()
    assert shown == numbers
    # Escape with unsaved entries asks first; Escape again keeps editing.
    page.keyboard.press("Escape")
    discard = page.locator(f"{DIALOG} button.discard-confirm")
    expect(discard).to_be_visible()
    expect(page.locator(f"{DIALOG} .discard")).to_contain_text("Discard 30 unsaved entries")
    page.keyboard.press("Escape")
    expect(discard).to_have_count(0)
    expect(page.locator(f"{DIALOG} .chip")).to_have_count(30)
    page.keyboard.press("Escape")
    discard.click()
    expect(page.locator(DIALOG)).to_have_count(0)
    assert api.rows(order["id"])[0]["serialNumbers"] == []
    # With nothing unsaved, Escape closes at once.
    open_dialog(page, sku)
    page.keyboard.press("Escape")
    expect(page.locator(DIALOG)).to_have_count(0)


def test_paste_1000_is_fast_and_1001_hits_the_cap(page: Any, api: Scenario) -> None:
    sku = api.product_sku("Bulk item", tracked=True)
    order = api.order([(sku, "2000")])
    open_order(page, order["id"])
    open_dialog(page, sku)
    block = "\r\n".join(f"BULK-{i:05d}" for i in range(1000))
    result = paste(page, block)
    print(f"\npaste of 1000 entries: rendered in {result['ms']:.1f} ms")
    assert result["chips"] == 1000
    assert result["ms"] < 1000, f"paste of 1000 took {result['ms']:.0f} ms"
    expect(page.locator(f"{DIALOG} [data-testid=counter]")).to_have_text("1000 / 2000")
    expect(page.locator(f"{DIALOG} [data-testid=problems]")).to_have_count(0)

    paste(page, "BULK-X\n")
    cap = chip(page, "BULK-X")
    expect(cap).to_have_attribute("data-code", "TOO_MANY_AT_ONCE")
    expect(cap).to_contain_text("1000")
    shot(page, "serial-dialog-1001")
    page.locator(f"{DIALOG} label.only input").check()
    expect(page.locator(f"{DIALOG} .chip")).to_have_count(1)
    shot(page, "serial-dialog-1001-only-problems")
    page.locator(f"{DIALOG} button.done").click()
    expect(page.locator(f"{DIALOG} [data-testid=form-error]")).to_contain_text("Fix or remove")
    assert api.rows(order["id"])[0]["serialNumbers"] == []

    # Bin the 1001st; the 1000 are saved in one call.
    cap.locator("button.bin").click()
    page.locator(f"{DIALOG} button.done").click()
    expect(page.locator(DIALOG)).to_have_count(0, timeout=20_000)
    expect(row_locator(page, sku).locator("st-tracing-badge")).to_contain_text("1000 / 2000")
    assert re.fullmatch(r"\d+", str(len(api.rows(order["id"])[0]["serialNumbers"])))


def test_order_query_skips_numbers_and_the_dialog_loads_its_row(page: Any, api: Scenario) -> None:
    sku = api.product_sku("Gear", tracked=True)
    order = api.order([(sku, "3"), (sku, "2")])
    first, second = (r["id"] for r in order["rows"])
    api.assign(first, ["G-1", "G-2"])
    api.assign(second, ["G-9"])
    held: list[Any] = []
    bodies: list[str] = []

    def hold_row_query(route: Any) -> None:
        body = route.request.post_data or ""
        bodies.append(body)
        if "RowSerialNumbers" in body and not held:
            held.append(route)  # answered later: the dialog must show its loading state
        else:
            route.continue_()

    page.route("**/graphql", hold_row_query)
    open_order(page, order["id"])
    detail_query = next(b for b in bodies if "PurchaseOrderDetail" in b)
    assert "serialNumbers" not in detail_query
    row_locator(page, sku).first.locator("button.tracing").click()
    dialog = page.locator(f"{DIALOG} dialog[open]")
    expect(dialog).to_be_visible()
    expect(page.locator(f"{DIALOG} [data-testid=loading-saved]")).to_be_visible()
    expect(page.locator(f"{DIALOG} button.done")).to_be_disabled()
    expect(page.locator(f"{DIALOG} [data-testid=counter]")).to_have_text("2 / 3")
    page.locator(ENTRY).type("G-3\n")  # typing need not wait for the saved numbers
    expect(page.locator(f"{DIALOG} [data-testid=counter]")).to_have_text("3 / 3")
    held[0].continue_()
    expect(page.locator(f"{DIALOG} [data-testid=loading-saved]")).to_have_count(0)
    chips = page.locator(f"{DIALOG} .chip")
    expect(chips).to_have_count(3)  # G-9 of the other row of the same SKU is left out
    expect(chip(page, "G-1")).to_have_attribute("data-state", "saved")
    expect(chip(page, "G-3")).not_to_have_attribute("data-state", "saved")
    page.locator(f"{DIALOG} button.done").click()
    expect(page.locator(DIALOG)).to_have_count(0)
    assert [s["number"] for s in api.rows(order["id"])[0]["serialNumbers"]] == ["G-1", "G-2", "G-3"]
