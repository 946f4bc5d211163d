"""Signing in and out in the browser, and the admin's users and tokens screen."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from support.builders import Scenario
from tests.browser.conftest import shot, signed_in_page

pytestmark = pytest.mark.browser


@pytest.fixture
def anonymous_page(browser: Any, server: str) -> Any:
    context = browser.new_context(viewport={"width": 1366, "height": 800}, base_url=server)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert not problems, problems


def test_sign_in_with_a_password_and_sign_out(anonymous_page: Any, api: Scenario) -> None:
    api.client.mutate(
        "createUser",
        "CreateUserInput",
        {"username": "olga", "role": "OPERATOR", "password": "a long enough secret"},
        "user { id }",
    )
    page = anonymous_page
    page.goto("/#/stock")
    form = page.locator("st-sign-in [data-testid=sign-in]")
    expect(form).to_be_visible()
    expect(page.locator("st-sign-in input[name=username]")).to_be_focused()
    shot(page, "sign-in")
    page.locator("st-sign-in input[name=username]").fill("olga")
    page.locator("st-sign-in input[name=password]").fill("a long enough secret")
    page.keyboard.press("Enter")
    expect(page.locator("st-app [data-testid=signed-in-as]")).to_have_text("olga")
    expect(page.locator("st-serial-number-list")).to_be_visible()
    expect(page.locator("st-app nav a[href='#/admin']")).to_have_count(0)  # operators only

    page.locator("st-app .user button").click()
    expect(form).to_be_visible()
    page.reload()
    expect(page.locator("st-sign-in [data-testid=sign-in]")).to_be_visible()


def test_admin_creates_a_token_shown_once_and_revokes_it(page: Any, api: Scenario) -> None:
    page.goto("/#/admin")
    admin = page.locator("st-admin")
    expect(admin.locator("h1")).to_have_text("Users and API tokens")
    admin.locator("input[name=name]").fill("ERP sync")
    admin.locator("button", has_text="Create token").click()
    secret = admin.locator("[data-testid=secret] code")
    expect(secret).to_contain_text("stt_")
    token = secret.inner_text()
    shot(page, "admin-token")
    assert any(t["name"] == "ERP sync" for t in api.client("{ apiTokens { name } }")["apiTokens"])

    admin.locator("tr", has_text="ERP sync").locator("button", has_text="Revoke").click()
    expect(admin.locator("tr", has_text="ERP sync").locator(".pill")).to_have_text("Revoked")
    assert token.startswith("stt_")


def test_graphiql_runs_a_query_offline_with_the_session(page: Any, api: Scenario) -> None:
    """GraphiQL comes from local files (no CDN; the browser has no internet here) and uses the
    app's session cookie."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/graphql")
    run = page.locator(".graphiql-execute-button")
    expect(run).to_be_visible(timeout=15_000)
    run.click()
    expect(page.locator(".graphiql-response")).to_contain_text("totalCount", timeout=15_000)
    origin = page.url.split("/graphql")[0]
    assert requested and all(url.startswith((origin, "data:")) for url in requested), requested


def test_admin_creates_a_read_only_token_that_expires(page: Any, api: Any) -> None:
    page.goto("/#/admin")
    admin = page.locator("st-admin")
    admin.locator("input[name=name]").fill("Reports")
    admin.locator("select[name=scope]").select_option("VIEWER")
    admin.locator("input[name=expires]").fill("2030-06-30")
    admin.locator("button", has_text="Create token").click()
    expect(admin.locator("[data-testid=secret] code")).to_contain_text("stt_")
    row = admin.locator("tr", has_text="Reports")
    expect(row).to_contain_text("Read only")
    expect(row).to_contain_text("2030-06-30")
    token = next(
        t
        for t in api.client("{ apiTokens { name scope expiresAt } }")["apiTokens"]
        if t["name"] == "Reports"
    )
    assert token["scope"] == "VIEWER" and token["expiresAt"].startswith("2030-06-")


@pytest.mark.parametrize("width", [1181, 1280, 1365, 1366, 1600])
def test_the_header_fits_every_desktop_width_with_a_long_name(
    browser: Any, server: str, api: Scenario, width: int
) -> None:
    """Between the phone's menu and the full bar no width scrolls sideways or cuts Sign out off,
    even for a long user name (shortened with an ellipsis, whole in its tooltip)."""
    name = "maximiliane.oberhausen"
    if name not in {u["username"] for u in api.client("{ users { username } }")["users"]}:
        api.client.mutate(
            "createUser", "CreateUserInput", {"username": name, "role": "ADMIN"}, "user { id }"
        )
    with signed_in_page(
        browser, server, api, username=name, viewport={"width": width, "height": 800}
    ) as page:
        page.goto("#/purchase-orders")
        expect(page.get_by_role("heading", name="Purchase orders")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        sign_out = page.get_by_role("button", name="Sign out")
        if not sign_out.is_visible():  # the compact bar: the rest is behind Menu
            page.get_by_role("button", name="Menu").click()
        expect(sign_out).to_be_visible()
        box = sign_out.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width
        expect(page.get_by_test_id("signed-in-as")).to_have_attribute("title", f"{name} (ADMIN)")
