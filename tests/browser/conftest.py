"""Browser tests: the real server (`python -m backend serve`, see `support.server`) on a free
loopback port with a fresh SQLite file, driven by Debian's Chromium through Playwright's sync
API; data is arranged through the API (`support.builders`).

Chromium must be at /usr/bin/chromium (never `playwright install`). Without it the tests are
skipped with the reason printed; with CI set they fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from support.builders import Scenario
from support.client import over_http
from support.server import ROOT, cli_token, live_server
from tests.conftest import unavailable

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
VIEWPORT = {"width": 1366, "height": 800}  # a common laptop; the full header bar


def _require_chromium() -> None:
    if not (Path(CHROMIUM).exists() and os.access(CHROMIUM, os.X_OK)):
        unavailable(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The real app on a free loopback port with an empty SQLite database, stopped at the end;
    its base URL (with a trailing slash) and the API token of its admin `tester`. The server's
    output is in the module's temporary folder `server*/server.log`."""
    _require_chromium()
    if not (ROOT / "frontend" / "node_modules" / "lit").is_dir():
        pytest.fail("frontend/node_modules is missing: run `npm ci` in frontend/")
    workdir = tmp_path_factory.mktemp("server")
    database_url = f"sqlite:///{workdir / 'db.sqlite3'}"
    token = cli_token(database_url)
    with live_server(database_url, log=workdir / "server.log") as live:
        yield f"{live.url}/", token


@pytest.fixture(scope="module")
def server(served: tuple[str, str]) -> str:
    """The test server's base URL, with a trailing slash."""
    return served[0]


@pytest.fixture(scope="module")
def api(served: tuple[str, str]) -> Iterator[Scenario]:
    """Builders and GraphQL (`api.client`) against the test server as its admin, for arranging
    data and checking results; every change they make must succeed."""
    url, token = served
    with over_http(url, token) as client:
        yield Scenario(client, strict=True)


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# The browser logs every 401 answer as a console error; the app answers a 401 (a session that
# ended) by asking to sign in again, which tests exercise on purpose.
SIGNED_OUT = "the server responded with a status of 401"


def console_error(message: Any) -> bool:
    """Whether a console message is an error the test must fail on."""
    return message.type == "error" and SIGNED_OUT not in message.text


@contextmanager
def signed_in_page(
    browser: Any,
    server: str,
    api: Scenario,
    init_script: str | None = None,
    username: str = "tester",
    **context_options: Any,
) -> Iterator[Any]:
    """A fresh page in a context of its own (`context_options`: viewport, touch, …), signed in
    as `username` (by default the tests' admin) through a one-time link; the test fails on any
    uncaught page error or console error."""
    context = browser.new_context(base_url=server, accept_downloads=True, **context_options)
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    response = page.request.get(api.sign_in_path(username).lstrip("/"), max_redirects=0)
    assert response.status == 303, response.status
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda msg: problems.append(f"console error: {msg.text}") if console_error(msg) else None,
    )
    try:
        yield page
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(browser: Any, server: str, api: Scenario) -> Iterator[Any]:
    """A signed-in desktop page (see signed_in_page)."""
    with signed_in_page(browser, server, api, viewport=VIEWPORT) as page:
        yield page


def shot(page: Any, name: str) -> None:
    """Save a screenshot of a main screen to tests/browser/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
