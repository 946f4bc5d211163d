"""The app, live, on PostgreSQL with two uvicorn workers: two people in two browser contexts
see each other's saves in the open serial dialog and the Tracing column without a reload.
(A module of its own: its database is made before Playwright's loop runs in this process.)"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from support.builders import Scenario
from support.client import over_http
from support.server import cli_token, live_server
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.helpers import DIALOG, open_dialog, open_order
from tests.browser.test_browser_live import LIVE, NOTE, WAIT, _tracing, _type, two_people


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_on_two_workers_on_postgresql_two_people_see_each_others_saves(
    postgres_url: str, tmp_path: Any
) -> None:
    """uvicorn with two workers: each page's socket and requests land on either worker; the
    saves go through PostgreSQL's NOTIFY to whichever holds the other page's socket."""
    from playwright.sync_api import sync_playwright

    token = cli_token(postgres_url)
    with (
        live_server(postgres_url, workers=2, log=tmp_path / "server.log") as live,
        over_http(live.url, token) as client,
        sync_playwright() as playwright,
    ):
        api = Scenario(client, strict=True)
        api.product("Worker motor", True, ["LV-PG"])
        order = api.order([("LV-PG", 4)])
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with two_people(browser, f"{live.url}/", api) as (anna, bea):
                open_order(anna, order["id"])
                open_order(bea, order["id"])
                expect(anna.locator(LIVE)).to_have_text("Live updates: Live")
                expect(bea.locator(LIVE)).to_have_text("Live updates: Live")
                open_dialog(anna, "LV-PG")
                _type(anna, "PG-9")
                open_dialog(bea, "LV-PG")
                _type(bea, "PG-1", "PG-2")
                bea.locator(f"{DIALOG} button.done").click()
                expect(anna.locator(NOTE)).to_have_text(
                    "bea saved 2 numbers on this row; yours still fits.", timeout=WAIT
                )
                expect(_tracing(anna, "LV-PG")).to_have_attribute(
                    "aria-label", "Serial numbers of LV-PG: 2 / 4", timeout=WAIT
                )
                anna.locator(f"{DIALOG} button.done").click()
                expect(_tracing(bea, "LV-PG")).to_have_attribute(
                    "aria-label", "Serial numbers of LV-PG: 3 / 4", timeout=WAIT
                )
        finally:
            browser.close()
