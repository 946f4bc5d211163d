"""Browser tests: the real server (`python -m backend serve`) on a free loopback port with a
fresh SQLite file, driven by Debian's Chromium through Playwright's sync API.

Chromium must be at /usr/bin/chromium (never `playwright install`). Without it the tests are
skipped with the reason printed; with CI set they fail instead.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}


def _require_chromium() -> None:
    if Path(CHROMIUM).exists() and os.access(CHROMIUM, os.X_OK):
        return
    reason = f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    print(f"SKIP: {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


TOKENS: dict[str, str] = {}  # base URL -> an admin's API token for arranging data


class Api:
    """GraphQL over HTTP against the test server, for arranging data and checking results,
    signed in as the tests' admin by an API token."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(
            self.base_url + "graphql",
            data=body,
            headers={"Content-Type": "application/json", "Accept": "application/json",
                     "Authorization": f"Bearer {TOKENS.get(self.base_url, '')}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            result = json.loads(response.read())
        assert not result.get("errors"), result["errors"]
        return result["data"]

    def mutate(self, name: str, input_type: str, input_: dict[str, Any], selection: str) -> Any:
        data = self(
            f"mutation($input: {input_type}!) {{ {name}(input: $input) "
            f"{{ {selection} errors {{ code message }} }} }}",
            {"input": input_},
        )[name]
        assert not data["errors"], data["errors"]
        return data

    def sign_in_path(self, username: str = "tester") -> str:
        """A one-time sign-in link for a browser (the same link `make run` prints)."""
        users = self("{ users { id username } }")["users"]
        user_id = next(u["id"] for u in users if u["username"] == username)
        return self.mutate("createSignInLink", "CreateSignInLinkInput", {"userId": user_id},
                           "path")["path"]

    # -- arranging data -----------------------------------------------------------------------

    def supplier(self, name: str | None = None) -> str:
        name = name or f"Supplier {uuid.uuid4().hex[:6]}"
        return self.mutate(
            "createSupplier", "CreateSupplierInput", {"name": name}, "supplier { id }"
        )["supplier"]["id"]

    def product(self, name: str, *, tracked: bool, sku: str | None = None) -> str:
        sku = sku or f"{'T' if tracked else 'U'}-{uuid.uuid4().hex[:8].upper()}"
        self.mutate(
            "createProduct",
            "CreateProductInput",
            {"name": name, "serialTracked": tracked, "variants": [{"sku": sku, "name": ""}]},
            "product { id }",
        )
        return sku

    def order(
        self, rows: list[tuple[str, str]], kind: str = "PURCHASE", supplier_id: str | None = None
    ) -> dict[str, Any]:
        payload = self.mutate(
            "createPurchaseOrder",
            "CreatePurchaseOrderInput",
            {
                "kind": kind,
                "supplierId": supplier_id or self.supplier(),
                "rows": [{"sku": sku, "quantity": qty} for sku, qty in rows],
            },
            "purchaseOrder { id number rows { id variant { sku } } }",
        )
        return payload["purchaseOrder"]

    def assign(self, row_id: str, numbers: list[str]) -> None:
        self.mutate(
            "assignSerialNumbers",
            "AssignSerialNumbersInput",
            {"rowId": row_id, "numbers": numbers},
            "row { id }",
        )

    def receive_row(self, row_id: str, quantity: str | None = None) -> None:
        input_: dict[str, Any] = {"rowId": row_id}
        if quantity is not None:
            input_["quantity"] = quantity
        self.mutate(
            "receivePurchaseOrderRow",
            "ReceivePurchaseOrderRowInput",
            input_,
            "purchaseOrder { id }",
        )

    def revert(self, order_id: str) -> None:
        self.mutate(
            "revertPurchaseOrderReceipt",
            "RevertPurchaseOrderReceiptInput",
            {"purchaseOrderId": order_id},
            "purchaseOrder { id }",
        )

    def customer(self, name: str | None = None) -> str:
        name = name or f"Customer {uuid.uuid4().hex[:6]}"
        return self.mutate(
            "createCustomer", "CreateCustomerInput", {"name": name}, "customer { id }"
        )["customer"]["id"]

    def sales_order(self, customer_id: str, rows: list[tuple[str, str]]) -> dict[str, Any]:
        return self.mutate(
            "createSalesOrder",
            "CreateSalesOrderInput",
            {"customerId": customer_id, "rows": [{"sku": s, "quantity": q} for s, q in rows]},
            "salesOrder { id number rows { id variant { sku } } }",
        )["salesOrder"]

    def pick(self, row_id: str, numbers: list[str]) -> None:
        self.mutate(
            "pickSerialNumbers", "PickSerialNumbersInput", {"rowId": row_id, "numbers": numbers},
            "row { id }",
        )

    def deliver(self, order_id: str) -> None:
        self.mutate(
            "deliverSalesOrder", "DeliverSalesOrderInput", {"salesOrderId": order_id},
            "salesOrder { id }",
        )

    def sales_rows(self, order_id: str) -> list[dict[str, Any]]:
        return self(
            """query($id: ID!) { salesOrder(id: $id) { rows {
                 id quantity tracing { required assigned state }
                 serialNumbers { id number status } } } }""",
            {"id": order_id},
        )["salesOrder"]["rows"]

    def rows(self, order_id: str) -> list[dict[str, Any]]:
        return self(
            """query($id: ID!) { purchaseOrder(id: $id) { rows {
                 id quantity status receivedAt tracing { required assigned state }
                 serialNumbers { id number status addedAt } } } }""",
            {"id": order_id},
        )["purchaseOrder"]["rows"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app on a free loopback port with an empty SQLite database; killed at the end."""
    _require_chromium()
    if not (ROOT / "frontend" / "node_modules" / "lit").is_dir():
        pytest.fail("frontend/node_modules is missing: run `npm ci` in frontend/")
    workdir = tmp_path_factory.mktemp("server")
    port = _free_port()
    env = {
        **os.environ,
        "SERIALTRACE_DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "SERIALTRACE_HOST": "127.0.0.1",
        "SERIALTRACE_PORT": str(port),
        "SERIALTRACE_DEMO_DATA": "0",
    }
    log_path = workdir / "server.log"
    cli = [sys.executable, "-m", "backend"]
    subprocess.run([*cli, "create-user", "tester", "--role", "ADMIN"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    token = subprocess.run([*cli, "create-token", "--user", "tester"], cwd=ROOT, env=env,
                           check=True, capture_output=True, text=True).stdout.strip()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "backend", "serve"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    base_url = f"http://127.0.0.1:{port}/"
    TOKENS[base_url] = token
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited with {process.returncode}:\n{log_path.read_text()}")
            try:
                Api(base_url)("{ __typename }")
                break
            except (OSError, urllib.error.URLError):
                if time.monotonic() > deadline:
                    pytest.fail(f"the server did not answer in 30 s:\n{log_path.read_text()}")
                time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def api(server: str) -> Api:
    return Api(server)


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh page, signed in as the tests' admin through a one-time link; the test fails on
    any uncaught page error or console error."""
    context = browser.new_context(viewport=VIEWPORT, base_url=server, accept_downloads=True)
    page = context.new_page()
    response = page.request.get(Api(server).sign_in_path().lstrip("/"), max_redirects=0)
    assert response.status == 303, response.status
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda msg: problems.append(f"console error: {msg.text}") if msg.type == "error" else None,
    )
    try:
        yield page
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def shot(page: Any, name: str) -> None:
    """Save a screenshot of a main screen to tests/browser/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
