"""The Webhooks screen (#/admin/webhooks): an admin adds an endpoint, sees and copies its secret
once, watches a change's delivery arrive in the log, resends it, pauses, and deletes the
endpoint after confirming; at 1366 px and at 390 px with touch, by keyboard, axe clean. The
server allows receivers on 127.0.0.1 (SERIALTRACE_WEBHOOKS_ALLOW_PRIVATE=1)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect
from standardwebhooks import Webhook

from support.builders import Scenario
from support.receiver import receiver
from support.server import ROOT, cli_token, live_server
from tests.browser.a11y import DESKTOP, PHONE_CONTEXT, assert_accessible, settle
from tests.browser.conftest import _require_chromium, shot, signed_in_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """As tests/browser/conftest.py's, with private receivers allowed and quick retries."""
    _require_chromium()
    assert (ROOT / "frontend" / "node_modules" / "lit").is_dir(), "run `npm ci` in frontend/"
    workdir = tmp_path_factory.mktemp("server")
    database_url = f"sqlite:///{workdir / 'db.sqlite3'}"
    token = cli_token(database_url)
    env = {"SERIALTRACE_WEBHOOKS_ALLOW_PRIVATE": "1", "SERIALTRACE_WEBHOOK_RETRY_BASE": "0.1"}
    with live_server(database_url, log=workdir / "server.log", env=env) as live:
        yield f"{live.url}/", token


def refresh_until(page: Any, text: str, seconds: float = 30) -> None:
    """Presses Refresh on the delivery log until `text` shows in it (a generous limit)."""
    log = page.locator("#delivery-log")
    deadline = time.monotonic() + seconds
    while not log.get_by_text(text, exact=True).count():
        assert time.monotonic() < deadline, log.inner_text()
        log.get_by_role("button", name="Refresh").click()
        page.wait_for_timeout(200)


def test_an_admin_adds_an_endpoint_sees_its_secret_once_and_its_deliveries(
    browser: Any,
    server: str,
    api: Scenario,
) -> None:
    with (
        receiver() as inbox,
        signed_in_page(
            browser,
            server,
            api,
            viewport=DESKTOP,
            permissions=["clipboard-read", "clipboard-write"],
        ) as page,
    ):
        page.goto("/#/admin")
        page.get_by_role("navigation", name="Administration").get_by_role(
            "link", name="Webhooks"
        ).click()
        expect(page.get_by_role("heading", name="Webhooks", level=1)).to_be_visible()
        settle(page)
        expect(page.get_by_text("No webhook endpoints yet")).to_be_visible()

        page.get_by_label("URL").fill(inbox.url)
        page.get_by_label("Sales order changed").uncheck()
        page.get_by_label("Description (optional)").fill("ERP sync")
        page.get_by_role("button", name="Add endpoint").click()
        secret_box = page.locator("[data-testid=secret]")
        expect(secret_box).to_contain_text("shown only this once")
        secret = secret_box.locator("code").inner_text()
        assert secret.startswith("whsec_")
        secret_box.get_by_role("button", name="Copy secret").click()
        expect(secret_box.get_by_text("Copied.")).to_be_visible()
        assert page.evaluate("() => navigator.clipboard.readText()") == secret
        row = page.get_by_role("row").filter(has_text=inbox.url)
        expect(row).to_contain_text("Purchase order changed, Serial number events")
        expect(row).to_contain_text("Active")
        settle(page)
        assert_accessible(page, "webhooks with a new secret", phone=False)
        shot(page, "webhooks-secret")
        secret_box.get_by_role("button", name="Done").click()
        expect(secret_box).to_have_count(0)
        page.reload()
        settle(page)
        assert secret not in page.locator("st-webhooks").inner_text()  # never shown again

        Scenario(api.client, strict=True).tracked_row(2, "WEB-1")  # a change: one delivery
        page.get_by_role("button", name=f"Deliveries of {inbox.url}").click()
        log = page.locator("#delivery-log")
        expect(log.get_by_role("heading", name=f"Deliveries to {inbox.url}")).to_be_focused()
        refresh_until(page, "Delivered")
        delivered = log.get_by_role("row").filter(has_text="Delivered")
        expect(delivered).to_contain_text("Purchase order changed")
        expect(delivered).to_contain_text("204")
        inbox.wait_for(lambda r: len(r.accepted) == 1)
        Webhook(secret).verify(inbox.accepted[0].body, inbox.accepted[0].headers)
        settle(page)
        assert_accessible(page, "webhooks delivery log", phone=False)
        shot(page, "webhooks-log")

        delivered.get_by_role("button", name="Resend").first.click()
        expect(
            page.get_by_role("status").filter(has_text="Queued to be sent again.")
        ).to_be_visible()
        inbox.wait_for(lambda r: len(r.accepted) == 2)
        refresh_until(page, "Delivered")

        row.get_by_role("button", name=f"Pause {inbox.url}").click()
        expect(row).to_contain_text("Paused")
        row.get_by_role("button", name=f"Resume {inbox.url}").click()
        expect(row).to_contain_text("Active")

        # Delete, asked in place, by keyboard: focus goes to the question, Escape-free.
        row.get_by_role("button", name=f"Delete {inbox.url}").focus()
        page.keyboard.press("Enter")
        confirm = row.get_by_role("group", name=f"Delete {inbox.url}?")
        expect(confirm.get_by_role("button", name="Delete")).to_be_focused()
        confirm.get_by_role("button", name="Cancel").click()
        expect(row.get_by_role("button", name=f"Delete {inbox.url}")).to_be_focused()
        row.get_by_role("button", name=f"Delete {inbox.url}").click()
        row.get_by_role("group").get_by_role("button", name="Delete").click()
        expect(page.get_by_text("No webhook endpoints yet")).to_be_visible()
        expect(page.locator("#delivery-log")).to_have_count(0)


def test_the_webhooks_screen_on_a_phone(browser: Any, server: str, api: Scenario) -> None:
    with receiver() as inbox:
        made = api.client.mutate(
            "createWebhookEndpoint",
            "CreateWebhookEndpointInput",
            {
                "url": inbox.url + "/with/a/rather/long/path/that/must/wrap/on/a/phone",
                "eventTypes": ["PURCHASE_ORDER_CHANGED"],
            },
            "endpoint { id url }",
        )
        api.tracked_row(2, "WEB-PHONE")
        with signed_in_page(browser, server, api, **PHONE_CONTEXT) as page:
            page.goto("/#/admin/webhooks")
            settle(page)
            url = made["endpoint"]["url"]
            page.get_by_role("button", name=f"Deliveries of {url}").click()
            refresh_until(page, "Delivered")
            settle(page)
            assert_accessible(page, "webhooks (phone)", phone=True)
            shot(page, "webhooks-phone")
        api.client.mutate(
            "deleteWebhookEndpoint",
            "WebhookEndpointInput",
            {"id": made["endpoint"]["id"]},
            "endpoint { id }",
        )
