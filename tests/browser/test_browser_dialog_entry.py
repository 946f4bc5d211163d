"""The serial number dialog's ways forward: removing every flagged entry at once, a pasted block
with a header row and several columns, duplicate reasons that name the entry, and nothing lost
when leaving the page, navigating in the app or when the session ends."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from playwright.sync_api import expect

from support.builders import Scenario as Api
from tests.browser.conftest import shot
from tests.browser.helpers import DIALOG, ENTRY, chip, open_dialog, open_order, paste, row_locator

pytestmark = pytest.mark.browser

COUNTER = f"{DIALOG} [data-testid=counter]"
QUESTION = f"{DIALOG} [data-testid=paste-question]"


def axe_violations(page: Any, within: list[str]) -> list[dict[str, Any]]:
    """axe-core's violations inside one component (`within`: the shadow hosts down to it; the
    screens around it are other tests' business)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # From the app itself, so that its Content-Security-Policy (script-src 'self') holds.
        page.add_script_tag(url="/node_modules/axe-core/axe.min.js")
    return page.evaluate(
        "(within) => axe.run({include: [within]}).then(r => r.violations.map(v => ({id: v.id, "
        "help: v.help, nodes: v.nodes.map(n => [n.target, n.failureSummary])})))",
        within,
    )


def assert_no_axe_violations(page: Any, within: list[str], where: str) -> None:
    for size in ({"width": 1366, "height": 900}, {"width": 390, "height": 844}):
        page.set_viewport_size(size)
        violations = axe_violations(page, within)
        assert violations == [], f"{where} at {size}: {violations}"


def checked(response: Any) -> bool:
    """The answer to the dialog's debounced checkSerialNumbers query."""
    return "CheckSerialNumbers" in (response.request.post_data or "")


def fits_the_screen(page: Any, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    width = page.viewport_size["width"]
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, (box, width)


def test_1001_entries_one_click_removes_the_flagged_and_the_counter_counts_valid(
    page: Any, api: Api
) -> None:
    sku = api.product_sku("Bulk sensor", tracked=True)
    order = api.order([(sku, "2000")])
    open_order(page, order["id"])
    open_dialog(page, sku)
    result = paste(page, "\r\n".join(f"F-{i:05d}" for i in range(1001)))
    print(f"\npaste of 1001 entries: rendered in {result['ms']:.1f} ms")
    assert result["chips"] == 1001
    assert result["ms"] < 1000, f"paste of 1001 took {result['ms']:.0f} ms"
    expect(page.locator(COUNTER)).to_have_text("1000 / 2000")
    expect(page.locator(f"{DIALOG} [data-testid=problems]")).to_have_text("1 with problems")
    over = chip(page, "F-01000")
    expect(over).to_have_attribute("data-code", "TOO_MANY_AT_ONCE")
    expect(over).to_contain_text("Over 1000 in one save")
    remove = page.locator(f"{DIALOG} button.remove-flagged")
    expect(remove).to_have_text("Remove the 1 flagged entry")
    shot(page, "dialog-1001-remove-flagged")

    # Done refuses and points at the one way forward.
    page.locator(f"{DIALOG} button.done").click()
    expect(page.locator(f"{DIALOG} [data-testid=form-error]")).to_contain_text(
        "Remove the 1 flagged entry"
    )
    remove.click()
    expect(page.locator(f"{DIALOG} .chip")).to_have_count(1000)
    expect(page.locator(COUNTER)).to_have_text("1000 / 2000")
    expect(page.locator(f"{DIALOG} [data-testid=problems]")).to_have_count(0)
    expect(page.locator(f"{DIALOG} [data-testid=removed-flagged]")).to_contain_text(
        "Removed 1 flagged entry"
    )
    expect(page.locator(f"{DIALOG} button.done")).to_be_focused()
    page.locator(f"{DIALOG} button.done").click()
    expect(page.locator(DIALOG)).to_have_count(0, timeout=20_000)
    saved = api.rows(order["id"])[0]["serialNumbers"]
    assert len(saved) == 1000
    assert "F-01000" not in {s["number"] for s in saved}


def test_more_than_the_row_takes_and_undo(page: Any, api: Api) -> None:
    sku = api.product_sku("Small lot", tracked=True)
    order = api.order([(sku, "3")])
    open_order(page, order["id"])
    open_dialog(page, sku)
    paste(page, "Q-1\nQ-2\nQ-2\nQ-3\nQ-4\nBAD#5\n")
    # The counter shows the valid ones, not every chip.
    expect(page.locator(COUNTER)).to_have_text("3 / 3")
    expect(page.locator(f"{DIALOG} [data-testid=problems]")).to_have_text("3 with problems")
    expect(chip(page, "Q-4")).to_have_attribute("data-code", "EXCEEDS_QUANTITY")
    remove = page.locator(f"{DIALOG} button.remove-flagged")
    expect(remove).to_have_text("Remove the 3 flagged entries")
    remove.click()
    expect(page.locator(f"{DIALOG} .chip")).to_have_count(3)
    # Undo puts them back where they were.
    page.locator(f"{DIALOG} button.undo-remove").click()
    expect(page.locator(f"{DIALOG} .chip .chip-number")).to_have_text(
        ["Q-1", "Q-2", "Q-2", "Q-3", "Q-4", "BAD#5"]
    )
    remove.click()
    expect(page.locator(f"{DIALOG} .chip .chip-number")).to_have_text(["Q-1", "Q-2", "Q-3"])
    expect(page.locator(COUNTER)).to_have_class("value complete")
    page.locator(f"{DIALOG} button.done").click()
    expect(page.locator(DIALOG)).to_have_count(0)
    assert [s["number"] for s in api.rows(order["id"])[0]["serialNumbers"]] == ["Q-1", "Q-2", "Q-3"]


def test_a_header_and_two_columns_ask_for_the_column_and_remember_it(page: Any, api: Api) -> None:
    sku = api.product_sku("Two column item", tracked=True)
    order = api.order([(sku, "10")])
    open_order(page, order["id"])
    open_dialog(page, sku)
    block = "Serial number\tSKU\r\n" + "".join(f"SN-{i:04d}\t{sku}\r\n" for i in range(1, 4))
    result = paste(page, block)
    assert result["prevented"] and result["chips"] == 0, "nothing is added before the choice"
    question = page.locator(QUESTION)
    expect(question).to_be_visible()
    expect(question.locator("h3")).to_have_text("Which column holds the serial numbers?")
    expect(question).to_contain_text("the first line looks like a header")
    # A preview of the first lines, with the header.
    expect(question.locator("tbody tr")).to_have_count(4)
    expect(question.locator("tbody tr").first).to_contain_text("Serial number")
    first_column = question.get_by_label("Column 1 “Serial number”")
    expect(first_column).to_be_checked()  # the guess: the header says so
    expect(first_column).to_be_focused()
    expect(question.get_by_label("Column 2 “SKU”")).not_to_be_checked()
    expect(question.locator("input[name=skip-header]")).to_be_checked()
    expect(question.locator("button.paste-confirm")).to_have_text("Add 3 serial numbers")
    shot(page, "dialog-paste-question")
    assert_no_axe_violations(
        page, ["st-app", "st-purchase-order-detail", DIALOG], "the dialog with the column question"
    )
    page.set_viewport_size({"width": 390, "height": 844})
    fits_the_screen(page, f"{DIALOG} dialog")
    shot(page, "dialog-paste-question-phone")
    page.set_viewport_size({"width": 1366, "height": 900})

    # The other column and no skipping would be counted live.
    question.locator("input[name=skip-header]").uncheck()
    expect(question.locator("button.paste-confirm")).to_have_text("Add 4 serial numbers")
    question.locator("input[name=skip-header]").check()
    question.locator("button.paste-confirm").click()
    expect(question).to_have_count(0)
    numbers = page.locator(f"{DIALOG} .chip .chip-number")
    expect(numbers).to_have_text(["SN-0001", "SN-0002", "SN-0003"])
    expect(page.locator(ENTRY)).to_be_focused()

    # The same shape again: straight in, saying what was taken; Change asks again.
    paste(page, "serial number\tsku\r\n" + "".join(f"SN-{i:04d}\t{sku}\r\n" for i in range(4, 6)))
    expect(question).to_have_count(0)
    expect(numbers).to_have_count(5)
    applied = page.locator(f"{DIALOG} [data-testid=paste-applied]")
    expect(applied).to_contain_text("Pasted 2 from column 1 “serial number”, header row skipped")
    shot(page, "dialog-paste-remembered")
    applied.locator("button.paste-change").click()
    expect(numbers).to_have_count(3)
    expect(question).to_be_visible()
    question.get_by_label("Column 1 “serial number”").check()
    question.locator("button.paste-confirm").click()
    expect(numbers).to_have_text(["SN-0001", "SN-0002", "SN-0003", "SN-0004", "SN-0005"])

    # Escape closes the question only, not the dialog; nothing of that paste is added.
    paste(page, "A-1\tB-1\r\nA-2\tB-2\r\n")
    expect(question).to_be_visible()
    expect(question.get_by_label("Every column")).to_be_visible()
    page.keyboard.press("Escape")
    expect(question).to_have_count(0)
    expect(page.locator(f"{DIALOG} dialog[open]")).to_be_visible()
    expect(numbers).to_have_count(5)

    page.locator(f"{DIALOG} button.done").click()
    expect(page.locator(DIALOG)).to_have_count(0)
    saved = [s["number"] for s in api.rows(order["id"])[0]["serialNumbers"]]
    assert saved == ["SN-0001", "SN-0002", "SN-0003", "SN-0004", "SN-0005"]


def test_a_duplicate_names_the_entry_it_repeats(page: Any, api: Api) -> None:
    sku = api.product_sku("Duplicated item", tracked=True)
    order = api.order([(sku, "10")])
    api.assign(order["rows"][0]["id"], ["SN-0001"])
    open_order(page, order["id"])
    open_dialog(page, sku)
    expect(chip(page, "SN-0001")).to_have_attribute("data-state", "saved")
    paste(page, "SN-0002\nSN-0004\nsn-0004\nsn-0001\n")
    expect(chip(page, "sn-0004")).to_have_attribute("data-code", "DUPLICATE_IN_INPUT")
    expect(chip(page, "sn-0004")).to_contain_text("Repeats entry 3 (SN-0004)")
    expect(chip(page, "sn-0001")).to_contain_text("Already saved on this row")
    expect(page.locator(COUNTER)).to_have_text("3 / 10")
    shot(page, "dialog-duplicate-reasons")


def test_leaving_with_unsaved_entries_asks_first(page: Any, api: Api) -> None:
    sku = api.product_sku("Guarded item", tracked=True)
    order = api.order([(sku, "5")])
    api.assign(order["rows"][0]["id"], ["G-0"])
    page.goto("/#/purchase-orders")
    page.locator("st-purchase-order-list table").wait_for()
    open_order(page, order["id"])  # a hash change: the list is one step back
    order_url = page.url
    open_dialog(page, sku)
    page.locator(ENTRY).type("G-1\nG-2\n")
    expect(page.locator(f"{DIALOG} .chip")).to_have_count(3)

    # Reload: the browser's own question (beforeunload); staying keeps everything.
    with page.expect_event("dialog") as info:
        page.evaluate("() => { setTimeout(() => location.reload(), 0); }")
    assert info.value.type == "beforeunload"
    info.value.dismiss()
    expect(page.locator(f"{DIALOG} .chip")).to_have_count(3)

    # A link in the app (the saved number's trace link): asked; staying keeps the page, the
    # dialog and the address.
    asked: list[str] = []

    def stay(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.wait_for_load_state("networkidle")  # the entries' server check has answered
    link = chip(page, "G-0").locator("a")
    expect(link).to_be_visible()
    page.once("dialog", stay)
    with page.expect_event("dialog"):
        link.click()
    expect(page.locator(f"{DIALOG} .chip")).to_have_count(3)
    assert asked and "2 unsaved serial numbers" in asked[0], asked
    expect(page).to_have_url(order_url)
    expect(page.locator("st-serial-trace")).to_have_count(0)

    # The browser's Back: the same.
    page.once("dialog", stay)
    page.go_back()
    expect(page.locator(f"{DIALOG} .chip")).to_have_count(3)
    assert len(asked) == 2
    expect(page).to_have_url(order_url)

    # Leaving on purpose: allowed, once.
    page.once("dialog", lambda dialog: dialog.accept())
    page.go_back()
    expect(page.locator("st-purchase-order-list")).to_be_visible()
    expect(page.locator(DIALOG)).to_have_count(0)
    assert [s["number"] for s in api.rows(order["id"])[0]["serialNumbers"]] == ["G-0"]

    # With nothing unsaved nobody asks.
    page.go_forward()
    open_dialog(page, sku)
    page.go_back()
    expect(page.locator("st-purchase-order-list")).to_be_visible()
    assert len(asked) == 2


def test_session_ends_while_entries_are_open_sign_in_again_in_place(page: Any, api: Api) -> None:
    username = f"olga-{uuid.uuid4().hex[:6]}"
    api.client.mutate(
        "createUser",
        "CreateUserInput",
        {"username": username, "role": "OPERATOR", "password": "a long enough secret"},
        "user { id }",
    )
    sku = api.product_sku("Session item", tracked=True)
    order = api.order([(sku, "4")])
    open_order(page, order["id"])
    open_dialog(page, sku)
    with page.expect_response(checked):  # one paste, one debounced server check: answered
        paste(page, "S-1\nS-2\nS-3\n")
    expect(chip(page, "S-3")).to_have_attribute("data-code", "")

    # Signed out in another page of the same browser: this page's session is gone.
    other = page.context.new_page()
    response = other.request.post("/auth/sign-out")
    assert response.ok
    other.close()

    page.locator(f"{DIALOG} button.done").click()
    again = page.locator("st-sign-in-again dialog[open]")
    expect(again).to_be_visible()
    expect(again.locator("input[name=username]")).to_be_focused()
    # The page is still there behind it, with the entries: no sign-in screen.
    expect(page.locator("st-sign-in")).to_have_count(0)
    expect(page.locator(f"{DIALOG} .chip")).to_have_count(3)
    shot(page, "dialog-sign-in-again")
    violations = axe_violations(page, ["st-sign-in-again"])
    assert violations == [], violations

    again.locator("input[name=username]").fill(username)
    again.locator("input[name=password]").fill("a long enough secret")
    again.locator("button[type=submit]").click()
    expect(page.locator("st-sign-in-again")).to_have_count(0)
    expect(page.locator(DIALOG)).to_have_count(0)
    expect(row_locator(page, sku).locator("st-tracing-badge")).to_contain_text("3 / 4")
    assert [s["number"] for s in api.rows(order["id"])[0]["serialNumbers"]] == ["S-1", "S-2", "S-3"]


def test_session_ends_not_now_then_a_sign_in_link_in_another_tab(page: Any, api: Api) -> None:
    sku = api.product_sku("Link session item", tracked=True)
    order = api.order([(sku, "2")])
    open_order(page, order["id"])
    open_dialog(page, sku)
    with page.expect_response(checked):
        paste(page, "L-1\nL-2\n")
    page.request.post("/auth/sign-out")  # the cookie of this browser is gone
    page.locator(f"{DIALOG} button.done").click()
    again = page.locator("st-sign-in-again dialog[open]")
    expect(again).to_be_visible()
    # Not now: the dialog stays with its entries and says why nothing was saved.
    again.locator("button.not-now").click()
    expect(page.locator("st-sign-in-again")).to_have_count(0)
    expect(page.locator(f"{DIALOG} [data-testid=form-error]")).to_contain_text("session has ended")
    expect(page.locator(f"{DIALOG} .chip")).to_have_count(2)
    expect(page.locator(f"{DIALOG} button.done")).to_be_enabled()

    # Done again asks again; meanwhile a one-time link is opened in another tab; Continue.
    page.locator(f"{DIALOG} button.done").click()
    expect(again).to_be_visible()
    other = page.context.new_page()
    other.goto(api.sign_in_path())
    other.close()
    again.locator("button.continue").click()
    expect(page.locator(DIALOG)).to_have_count(0)
    assert [s["number"] for s in api.rows(order["id"])[0]["serialNumbers"]] == ["L-1", "L-2"]


def test_session_ends_with_nothing_unsaved_shows_the_sign_in_screen(page: Any, api: Api) -> None:
    sku = api.product_sku("Plain item", tracked=True)
    order = api.order([(sku, "1")])
    open_order(page, order["id"])
    page.request.post("/auth/sign-out")
    open_dialog(page, sku)
    page.locator(f"{DIALOG} button.cancel").click()
    page.locator("st-app nav a", has_text="Stock").click()
    expect(page.locator("st-sign-in [data-testid=sign-in]")).to_be_visible()
    expect(page.locator("st-sign-in-again")).to_have_count(0)


def test_a_row_with_more_saved_numbers_than_one_page_loads_them_all(page: Any, api: Api) -> None:
    """The server gives a row's numbers 1000 at a time; the dialog reads every page."""
    sku = api.product_sku("Large lot", tracked=True)
    order = api.order([(sku, "1500")])
    row_id = order["rows"][0]["id"]
    api.assign(row_id, [f"L-{i:05d}" for i in range(1000)])
    api.assign(row_id, [f"L-{i:05d}" for i in range(1000, 1500)])
    open_order(page, order["id"])
    open_dialog(page, sku)
    expect(page.locator(f"{DIALOG} .chip")).to_have_count(1500, timeout=20_000)
    expect(page.locator(COUNTER)).to_have_text("1500 / 1500")
    expect(chip(page, "L-01499")).to_have_attribute("data-state", "saved")
