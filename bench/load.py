"""serialtrace load test: `python -m bench.load [--seconds 60] [--clients 50]` from the repository
root.

On a fresh PostgreSQL database it serves the app with uvicorn under two workers (`python -m
backend serve --workers 2`), sets up suppliers, serial-tracked products, purchase orders with
rows, customers and sales orders through the API, and then lets N asyncio clients (one
keep-alive HTTP connection each) run a random mix for the given time: assign numbers to PO
rows (some deliberately colliding across clients, in varying case; some more than the row
holds), remove them, receive rows (whole and in part), pick in-stock numbers on SO rows (all
clients contend for the same first few in stock), release them, deliver and revert deliveries,
revert receipts, and create new orders.

Every request must answer 200 with data (expected problems in the payload's `errors` are
fine); a non-200, a top-level GraphQL error or a transport error is a failure. The clients
keep a ledger of every serial number id they were told was created or removed; at the end SQL
checks that the database holds exactly the ledger's numbers (zero lost, zero duplicated), no
(variant, lower(number)) twice, every row's count equal to its serials and within its
quantity, every serial status consistent with its rows and orders, and every order's quantity
kept through partial receipts. Exit code 1 when a request failed or a check did not hold.

PostgreSQL: `SERIALTRACE_BENCH_POSTGRES_URL` (default postgres://postgres@127.0.0.1:5432/test)
names a server where the load test may create and drop its own database.

The server, the database and the set-up (`support.builders` over `support.client`) come from
`support/`; the clients' own connections are asynchronous and timed (`Api` below).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import multiprocessing
import os
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import asyncpg
import httpx2 as httpx

from support import postgres
from support.builders import Scenario
from support.client import over_http
from support.server import cli_token, live_server

POSTGRES_URL = postgres.admin_url(postgres.BENCH)
TRACKED_SKUS = ("LOAD-A", "LOAD-B", "LOAD-C", "LOAD-D")
UNTRACKED_SKU = "LOAD-BULK"
COLLIDING_POOL = 400  # numbers C-0 .. C-399, shared by every client (per variant)

# --- GraphQL -------------------------------------------------------------------------------

ERR = "errors { code message }"
PO_ROW = "id quantity status variant { sku }"
PO = f"id status rows {{ {PO_ROW} }}"
SO_ROW = "id quantity variant { sku } tracing { required assigned }"
SO = f"id status rows {{ {SO_ROW} }}"

CREATE_PO = f"""mutation($input: CreatePurchaseOrderInput!) {{ createPurchaseOrder(input: $input)
    {{ purchaseOrder {{ {PO} }} {ERR} }} }}"""
CREATE_SO = f"""mutation($input: CreateSalesOrderInput!) {{ createSalesOrder(input: $input) {{
    salesOrder {{ {SO} }} {ERR} }} }}"""
ASSIGN = f"""mutation($input: AssignSerialNumbersInput!) {{ assignSerialNumbers(input: $input) {{
    row {{ {PO_ROW} }} serialNumbers {{ id number }} {ERR} }} }}"""
REMOVE = f"""mutation($input: RemoveSerialNumbersInput!) {{ removeSerialNumbers(input: $input) {{
    row {{ {PO_ROW} }} serialNumbers {{ id }} {ERR} }} }}"""
RECEIVE = f"""mutation($input: ReceivePurchaseOrderRowInput!) {{
    receivePurchaseOrderRow(input: $input) {{ purchaseOrder {{ {PO} }} {ERR} }} }}"""
REVERT_RECEIPT = f"""mutation($id: ID!) {{
    revertPurchaseOrderReceipt(input: {{purchaseOrderId: $id}}) {{ purchaseOrder {{ {PO} }}
    {ERR} }} }}"""
STOCK = """query($sku: String!) { serialNumbers(filter: {sku: $sku, status: IN_STOCK}, first: 12)
    { edges { node { id number } } } }"""
PICK = f"""mutation($input: PickSerialNumbersInput!) {{ pickSerialNumbers(input: $input) {{
    row {{ {SO_ROW} }} serialNumbers {{ id number }} {ERR} }} }}"""
RELEASE = f"""mutation($input: ReleaseSerialNumbersInput!) {{ releaseSerialNumbers(input: $input)
    {{ row {{ {SO_ROW} serialNumbers {{ id }} }} {ERR} }} }}"""
DELIVER = f"""mutation($id: ID!) {{ deliverSalesOrder(input: {{salesOrderId: $id}}) {{
    salesOrder {{ {SO} }} {ERR} }} }}"""
REVERT_DELIVERY = f"""mutation($id: ID!) {{ revertSalesOrderDelivery(input: {{salesOrderId: $id}})
    {{ salesOrder {{ {SO} }} {ERR} }} }}"""
SO_VIEW = f"""query($id: ID!) {{ salesOrder(id: $id) {{ id status rows {{ {SO_ROW}
    serialNumbers {{ id }} }} }} }}"""


# --- state shared by the clients -----------------------------------------------------------


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    ok: Counter[str] = field(default_factory=Counter)  # answered without payload errors
    refused: Counter[str] = field(default_factory=Counter)  # answered with payload errors
    codes: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


@dataclass
class World:
    """What the clients know: orders and rows (refreshed from every answer) and the ledger of
    serial numbers they were told exist. Client-side only: nothing here reads the database."""

    supplier_ids: list[str] = field(default_factory=list)
    customer_ids: list[str] = field(default_factory=list)
    po_rows: dict[str, dict[str, Any]] = field(default_factory=dict)  # row id -> row
    po_status: dict[str, str] = field(default_factory=dict)  # order id -> status
    po_totals: dict[str, Decimal] = field(default_factory=dict)  # order id -> sum of quantity
    so_rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    so_status: dict[str, str] = field(default_factory=dict)
    # the ledger: serial id -> (sku, number) for every number created, and the ids removed
    created: dict[str, tuple[str, str]] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    mine: dict[int, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    picked: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # SO row

    def po(self, order: dict[str, Any]) -> None:
        self.po_status[order["id"]] = order["status"]
        for row in order["rows"]:
            self.po_rows[row["id"]] = {**row, "order": order["id"]}

    def so(self, order: dict[str, Any]) -> None:
        self.so_status[order["id"]] = order["status"]
        for row in order["rows"]:
            self.so_rows[row["id"]] = {**row, "order": order["id"]}

    def so_row(self, row: dict[str, Any]) -> None:
        if row["id"] in self.so_rows:
            self.so_rows[row["id"]].update(row)


class Api:
    """One client's connection; every call timed and classified."""

    def __init__(self, http: httpx.AsyncClient, stats: Stats) -> None:
        self.http = http
        self.stats = stats

    async def __call__(
        self, op: str, query: str, variables: dict[str, Any]
    ) -> dict[str, Any] | None:
        """The operation's data, or None after a failure (recorded)."""
        started = time.perf_counter()
        try:
            response = await self.http.post(
                "/graphql", json={"query": query, "variables": variables}
            )
        except httpx.HTTPError as error:
            self.stats.failures.append(f"{op}: {type(error).__name__}: {error}")
            return None
        finally:
            self.stats.latencies[op].append(time.perf_counter() - started)
        if response.status_code != 200:
            self.stats.failures.append(
                f"{op}: HTTP {response.status_code}: {response.text[:300]} <- {variables}"
            )
            return None
        body = response.json()
        if body.get("errors") or body.get("data") is None:
            self.stats.failures.append(f"{op}: {body.get('errors')} <- {variables}")
            return None
        data = next(iter(body["data"].values()))
        errors = data.get("errors") if isinstance(data, dict) else None
        if errors:
            self.stats.refused[op] += 1
            for problem in errors:
                self.stats.codes[f"{op}:{problem['code']}"] += 1
        else:
            self.stats.ok[op] += 1
        return data


# --- set-up --------------------------------------------------------------------------------


def _quantity(value: Any) -> int:
    return int(Decimal(str(value)))


def _po_input(world: World, rng: random.Random) -> dict[str, Any]:
    rows = [
        {"sku": rng.choice(TRACKED_SKUS), "quantity": str(rng.randint(2, 12))}
        for _ in range(rng.randint(1, 4))
    ]
    if rng.random() < 0.2:
        rows.append({"sku": UNTRACKED_SKU, "quantity": "2.5"})
    return {
        "kind": rng.choice(("PURCHASE", "OUTSOURCED")),
        "supplierId": rng.choice(world.supplier_ids),
        "rows": rows,
    }


def _so_input(world: World, rng: random.Random) -> dict[str, Any]:
    return {
        "customerId": rng.choice(world.customer_ids),
        "rows": [
            {"sku": rng.choice(TRACKED_SKUS), "quantity": str(rng.randint(1, 3))}
            for _ in range(rng.randint(1, 2))
        ],
    }


def _record_po(world: World, order: dict[str, Any]) -> None:
    world.po(order)
    world.po_totals[order["id"]] = sum(
        (Decimal(str(r["quantity"])) for r in order["rows"]), Decimal(0)
    )


def _rows(input: dict[str, Any]) -> list[tuple[str, str]]:
    return [(row["sku"], row["quantity"]) for row in input["rows"]]


def set_up(
    api: Scenario, world: World, rng: random.Random, orders: int, sales_orders: int, stocked: int
) -> None:
    """Suppliers, products, `orders` POs (the first `stocked` filled and received, so there
    is stock to pick from the start), customers and `sales_orders` SOs."""
    for i in range(3):
        world.supplier_ids.append(api.supplier(f"Load supplier {i}"))
        world.customer_ids.append(api.customer(f"Load customer {i}"))
    for sku in TRACKED_SKUS:
        api.product(f"Tracked {sku}", True, [sku])
    api.product("Bulk", False, [UNTRACKED_SKU])
    for i in range(orders):
        po = _po_input(world, rng)
        order = api.order(_rows(po), po["kind"], po["supplierId"])
        _record_po(world, order)
        if i >= stocked:
            continue
        for row in order["rows"]:
            if row["variant"]["sku"] == UNTRACKED_SKU:
                continue
            numbers = [f"S{i}-{row['id'][-6:]}-{k}" for k in range(_quantity(row["quantity"]))]
            for serial in api.assign(row["id"], numbers)["serialNumbers"]:
                world.created[serial["id"]] = (row["variant"]["sku"], serial["number"])
            world.po(api.receive_row(row["id"])["purchaseOrder"])
    for _ in range(sales_orders):
        so = _so_input(world, rng)
        world.so(api.sales_order(so["customerId"], _rows(so)))


# --- the clients' operations ---------------------------------------------------------------


@dataclass
class Client:
    index: int
    api: Api
    world: World
    rng: random.Random
    counter: int = 0

    def tracked_po_rows(self, status: str | None = None) -> list[dict[str, Any]]:
        return [
            r
            for r in self.world.po_rows.values()
            if r["variant"]["sku"] != UNTRACKED_SKU and (status is None or r["status"] == status)
        ]

    def number(self) -> str:
        if self.rng.random() < 0.3:  # shared by every client: collisions, in any case
            text = f"C-{self.rng.randrange(COLLIDING_POOL)}"
            return text.lower() if self.rng.random() < 0.5 else text
        self.counter += 1
        return f"L{self.index}-{self.counter}"

    async def assign(self) -> None:
        rows = self.tracked_po_rows("NOT_RECEIVED" if self.rng.random() < 0.85 else None)
        if not rows:
            return
        row = self.rng.choice(rows)
        count = self.rng.randint(1, 4) if self.rng.random() < 0.85 else self.rng.randint(8, 14)
        numbers = list(dict.fromkeys(self.number() for _ in range(count)))
        data = await self.api("assign", ASSIGN, {"input": {"rowId": row["id"], "numbers": numbers}})
        if data is None:
            return
        if data["row"]:
            self.world.po_rows[row["id"]].update(data["row"])
        if not data["errors"]:
            sku = row["variant"]["sku"]
            for serial in data["serialNumbers"]:
                self.world.created[serial["id"]] = (sku, serial["number"])
                self.world.mine[self.index].append((serial["id"], row["id"]))

    async def remove(self) -> None:
        mine = self.world.mine[self.index]
        if not mine:
            return
        chosen = self.rng.sample(mine, min(len(mine), self.rng.randint(1, 3)))
        row_id = chosen[0][1]
        serial_ids = [s for s, r in chosen if r == row_id]
        data = await self.api(
            "remove", REMOVE, {"input": {"rowId": row_id, "serialNumberIds": serial_ids}}
        )
        if data is None:
            return
        if data["row"] and row_id in self.world.po_rows:
            self.world.po_rows[row_id].update(data["row"])
        if not data["errors"]:
            self.world.removed.update(serial_ids)
            self.world.mine[self.index] = [m for m in mine if m[0] not in serial_ids]
        elif any(e["code"] == "ROW_RECEIVED" for e in data["errors"]):
            # received (or moved by a partial receipt): not ours to remove any more
            self.world.mine[self.index] = [m for m in mine if m[0] not in serial_ids]

    async def receive(self) -> None:
        rows = [r for r in self.world.po_rows.values() if r["status"] == "NOT_RECEIVED"]
        if not rows:
            return
        row = self.rng.choice(rows)
        quantity = _quantity(row["quantity"]) if row["variant"]["sku"] != UNTRACKED_SKU else 0
        variables: dict[str, Any] = {"rowId": row["id"]}
        if quantity > 1 and self.rng.random() < 0.4:
            variables["quantity"] = str(self.rng.randint(1, quantity - 1))
        data = await self.api("receive", RECEIVE, {"input": variables})
        if data is not None and data["purchaseOrder"]:
            self.world.po(data["purchaseOrder"])

    async def revert_receipt(self) -> None:
        orders = [o for o, s in self.world.po_status.items() if s != "NOT_RECEIVED"]
        if not orders:
            return
        data = await self.api("revert receipt", REVERT_RECEIPT, {"id": self.rng.choice(orders)})
        if data is not None and data["purchaseOrder"]:
            self.world.po(data["purchaseOrder"])

    async def pick(self) -> None:
        rows = [
            r
            for r in self.world.so_rows.values()
            if self.world.so_status.get(r["order"]) == "NOT_SHIPPED"
            and r["tracing"]["assigned"] < r["tracing"]["required"]
        ]
        if not rows:
            return
        row = self.rng.choice(rows)
        stock = await self.api("stock query", STOCK, {"sku": row["variant"]["sku"]})
        if stock is None or not stock["edges"]:
            return
        nodes = [e["node"] for e in stock["edges"]]
        wanted = self.rng.sample(nodes, min(len(nodes), self.rng.randint(1, 2)))
        by_id = self.rng.random() < 0.3
        variables = {
            "rowId": row["id"],
            "numbers": []
            if by_id
            else [
                n["number"].swapcase() if self.rng.random() < 0.2 else n["number"] for n in wanted
            ],
            "serialNumberIds": [n["id"] for n in wanted] if by_id else None,
        }
        data = await self.api("pick", PICK, {"input": variables})
        if data is None:
            return
        if data["row"]:
            self.world.so_row(data["row"])
        if not data["errors"]:
            self.world.picked[row["id"]].update(s["id"] for s in data["serialNumbers"])

    async def release(self) -> None:
        rows = [r for r, picked in self.world.picked.items() if picked]
        if not rows:
            return
        row_id = self.rng.choice(rows)
        serial = self.rng.choice(sorted(self.world.picked[row_id]))
        data = await self.api(
            "release", RELEASE, {"input": {"rowId": row_id, "serialNumberIds": [serial]}}
        )
        if data is None:
            return
        if data["row"]:
            self.world.so_row(data["row"])
            self.world.picked[row_id] = {s["id"] for s in data["row"]["serialNumbers"]}

    async def deliver(self) -> None:
        complete = {
            r["order"]
            for r in self.world.so_rows.values()
            if r["tracing"]["assigned"] == r["tracing"]["required"]
        }
        orders = [o for o, s in self.world.so_status.items() if s == "NOT_SHIPPED"]
        ready = [o for o in orders if o in complete]
        if not orders:
            return
        order = self.rng.choice(ready if ready and self.rng.random() < 0.8 else orders)
        data = await self.api("deliver", DELIVER, {"id": order})
        if data is not None and data["salesOrder"]:
            self.world.so(data["salesOrder"])

    async def revert_delivery(self) -> None:
        orders = [o for o, s in self.world.so_status.items() if s == "DELIVERED"]
        if not orders:
            return
        data = await self.api("revert delivery", REVERT_DELIVERY, {"id": self.rng.choice(orders)})
        if data is not None and data["salesOrder"]:
            self.world.so(data["salesOrder"])

    async def create_order(self) -> None:
        if self.rng.random() < 0.5:
            data = await self.api(
                "create PO", CREATE_PO, {"input": _po_input(self.world, self.rng)}
            )
            if data is not None and data["purchaseOrder"]:
                _record_po(self.world, data["purchaseOrder"])
        else:
            data = await self.api(
                "create SO", CREATE_SO, {"input": _so_input(self.world, self.rng)}
            )
            if data is not None and data["salesOrder"]:
                self.world.so(data["salesOrder"])

    async def view(self) -> None:
        if self.world.so_status:
            await self.api("SO view", SO_VIEW, {"id": self.rng.choice(list(self.world.so_status))})

    def mix(self) -> list[tuple[Callable[[], Awaitable[None]], int]]:
        return [
            (self.assign, 30),
            (self.remove, 8),
            (self.receive, 12),
            (self.pick, 22),
            (self.release, 6),
            (self.deliver, 7),
            (self.revert_delivery, 2),
            (self.revert_receipt, 2),
            (self.create_order, 4),
            (self.view, 7),
        ]

    async def run(self, deadline: float) -> None:
        actions, weights = zip(*self.mix(), strict=True)
        while time.monotonic() < deadline:
            await self.rng.choices(actions, weights)[0]()


# --- the run -------------------------------------------------------------------------------


@dataclass
class LoadResult:
    seconds: float
    clients: int
    stats: Stats
    checks: list[tuple[str, str]]  # (name, "" when it holds, else what is wrong)
    abuse: bool = False

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.stats.latencies.values())

    @property
    def health_p99(self) -> float:
        return percentile(self.stats.latencies.get("healthz", []), 0.99)

    @property
    def ok(self) -> bool:
        healthy = not self.abuse or self.health_p99 < HEALTH_P99
        return (
            not self.stats.failures and healthy and all(not problem for _, problem in self.checks)
        )


def run_load(
    base_url: str,
    token: str,
    database_url: str,
    *,
    seconds: float,
    clients: int,
    orders: int = 150,
    sales_orders: int = 80,
    stocked: int = 25,
    seed: int = 1,
    abuse: bool = False,
) -> LoadResult:
    """Sets up the data, runs `clients` clients for `seconds` against the server at
    `base_url` (as the user of `token`), then checks the database. With `abuse`, attackers
    work meanwhile (`_abuse`) and /healthz is timed throughout."""
    world = World()
    with over_http(base_url, token) as client:
        set_up(
            Scenario(client, strict=True), world, random.Random(seed), orders, sales_orders, stocked
        )
        viewer = client.as_role("VIEWER", "load-viewer").headers["Authorization"] if abuse else ""
    stats = Stats()
    elapsed = asyncio.run(
        _run_clients(
            base_url,
            token,
            world,
            stats,
            seconds=seconds,
            clients=clients,
            seed=seed,
            viewer=viewer,
        )
    )
    return LoadResult(elapsed, clients, stats, asyncio.run(check(database_url, world)), abuse=abuse)


HEALTH_P99 = 0.2  # seconds: /healthz must stay answering under abuse
ABUSE_SIGN_INS = 100  # wrong sign-ins in flight at once, all the time
HEALTH_EVERY = 0.05  # seconds between /healthz probes


async def _abuse(base_url: str, viewer: str, world: World, stats: Stats, until: float) -> None:
    """What an attacker does while the clients work: ABUSE_SIGN_INS wrong sign-ins at a time
    (throttling must answer them cheaply), and a VIEWER sending the largest inputs accepted
    (a 1000-number check of 32-character numbers) and refused (5000 items, and 1001 numbers)
    over and over. /healthz is probed every HEALTH_EVERY seconds; its latency is the figure."""
    row_ids = list(world.po_rows)

    async def sign_ins(http: httpx.AsyncClient, n: int) -> None:
        while time.monotonic() < until:
            started = time.perf_counter()
            try:
                response = await http.post(
                    "/auth/sign-in",
                    json={"username": f"victim{n % 7}", "password": "not the password"},
                )
                status = response.status_code
            except httpx.HTTPError as error:
                stats.failures.append(f"wrong sign-in: {type(error).__name__}: {error}")
                continue
            stats.latencies["wrong sign-in (abuse)"].append(time.perf_counter() - started)
            if status in (401, 429):
                stats.codes[f"wrong sign-in:{status}"] += 1
            else:
                stats.failures.append(f"wrong sign-in: HTTP {status}")

    async def viewer_inputs(http: httpx.AsyncClient) -> None:
        check = """query($row: ID!, $n: [String!]!) { checkSerialNumbers(rowId: $row,
            numbers: $n) { code } }"""
        inputs = [
            [f"{i:032d}" for i in range(1000)],
            [f"X{i}" for i in range(5000)],
            [f"Y{i}" for i in range(1001)],
        ]
        k = 0
        while time.monotonic() < until:
            numbers = inputs[k % len(inputs)]
            k += 1
            started = time.perf_counter()
            try:
                response = await http.post(
                    "/graphql",
                    json={
                        "query": check,
                        "variables": {"row": row_ids[k % len(row_ids)], "n": numbers},
                    },
                )
            except httpx.HTTPError as error:
                stats.failures.append(f"viewer input: {type(error).__name__}: {error}")
                continue
            stats.latencies["viewer max input (abuse)"].append(time.perf_counter() - started)
            if response.status_code >= 500 or "Unexpected error" in response.text:
                stats.failures.append(
                    f"viewer input: HTTP {response.status_code}: {response.text[:200]}"
                )

    # /healthz is timed from a process of its own, so that the busy clients of this one don't
    # add their own waiting to what the server takes.
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        probed = pool.apply_async(probe_health, (base_url, until - time.monotonic()))
        limits = httpx.Limits(max_connections=ABUSE_SIGN_INS)
        async with (
            httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as attacker,
            httpx.AsyncClient(
                base_url=base_url, timeout=60, headers={"Authorization": viewer}
            ) as as_viewer,
        ):
            await asyncio.gather(
                *(sign_ins(attacker, n) for n in range(ABUSE_SIGN_INS)), viewer_inputs(as_viewer)
            )
        latencies, failures = await asyncio.to_thread(probed.get, 60)
    stats.latencies["healthz"].extend(latencies)
    stats.failures.extend(failures)


def probe_health(base_url: str, seconds: float) -> tuple[list[float], list[str]]:
    """GET /healthz every HEALTH_EVERY seconds for `seconds`: the latencies and failures."""
    latencies: list[float] = []
    failures: list[str] = []
    until = time.monotonic() + seconds
    with httpx.Client(base_url=base_url, timeout=10) as http:
        while time.monotonic() < until:
            started = time.perf_counter()
            try:
                response = http.get("/healthz")
                if response.status_code != 200:
                    failures.append(f"healthz: HTTP {response.status_code}")
            except httpx.HTTPError as error:
                failures.append(f"healthz: {type(error).__name__}: {error}")
            latencies.append(time.perf_counter() - started)
            time.sleep(HEALTH_EVERY)
    return latencies, failures


async def _run_clients(
    base_url: str,
    token: str,
    world: World,
    stats: Stats,
    *,
    seconds: float,
    clients: int,
    seed: int,
    viewer: str = "",
) -> float:
    """The clients' mix until `seconds` have passed; how long it took."""
    https = [
        httpx.AsyncClient(
            base_url=base_url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
            limits=httpx.Limits(max_connections=1),
        )
        for _ in range(clients)
    ]
    try:
        runners = [
            Client(i, Api(https[i], stats), world, random.Random(seed * 1000 + i))
            for i in range(clients)
        ]
        started = time.monotonic()
        abusers = [_abuse(base_url, viewer, world, stats, started + seconds)] if viewer else []
        await asyncio.gather(*(c.run(started + seconds) for c in runners), *abusers)
        return time.monotonic() - started
    finally:
        await asyncio.gather(*(h.aclose() for h in https))


# --- the checks, in SQL --------------------------------------------------------------------

SQL_CHECKS = {
    "no (variant, lower(number)) twice": """
        SELECT variant_id || ' ' || lower(number) || ' x' || count(*) FROM serial_number
        GROUP BY variant_id, lower(number) HAVING count(*) > 1""",
    "PO rows: assigned_count = serials <= quantity": """
        SELECT 'row ' || r.id || ': assigned_count ' || r.assigned_count || ', serials '
               || coalesce(s.n, 0) || ', quantity ' || r.quantity
        FROM purchase_order_row r LEFT JOIN (SELECT purchase_order_row_id AS id, count(*) AS n
            FROM serial_number GROUP BY 1) s ON s.id = r.id
        WHERE r.assigned_count <> coalesce(s.n, 0) OR r.assigned_count > r.quantity""",
    "SO rows: assigned_count = serials <= quantity": """
        SELECT 'row ' || r.id || ': assigned_count ' || r.assigned_count || ', serials '
               || coalesce(s.n, 0) || ', quantity ' || r.quantity
        FROM sales_order_row r LEFT JOIN (SELECT sales_order_row_id AS id, count(*) AS n
            FROM serial_number GROUP BY 1) s ON s.id = r.id
        WHERE r.assigned_count <> coalesce(s.n, 0) OR r.assigned_count > r.quantity""",
    "serial status matches its PO row, SO and dates": """
        SELECT 'serial ' || s.id || ' ' || s.number || ': ' || s.status || ', PO row '
               || coalesce(p.status, '-') || ', SO ' || coalesce(o.status, '-')
        FROM serial_number s
        LEFT JOIN purchase_order_row p ON p.id = s.purchase_order_row_id
        LEFT JOIN sales_order_row r ON r.id = s.sales_order_row_id
        LEFT JOIN sales_order o ON o.id = r.sales_order_id
        WHERE p.id IS NULL OR p.variant_id <> s.variant_id
           OR (r.id IS NOT NULL AND r.variant_id <> s.variant_id)
           OR (s.status = 'EXPECTED') <> (p.status = 'NOT_RECEIVED')
           OR (s.status = 'EXPECTED' AND (s.added_at IS NOT NULL OR r.id IS NOT NULL))
           OR (s.status <> 'EXPECTED' AND s.added_at IS DISTINCT FROM p.received_at)
           OR (s.status = 'IN_STOCK' AND r.id IS NOT NULL)
           OR (s.status = 'RESERVED' AND o.status IS DISTINCT FROM 'NOT_SHIPPED')
           OR (s.status = 'SHIPPED' AND o.status IS DISTINCT FROM 'DELIVERED')""",
    "PO status derived from its rows": """
        SELECT o.number || ': ' || o.status FROM purchase_order o
        JOIN purchase_order_row r ON r.purchase_order_id = o.id GROUP BY o.id
        HAVING o.status <> CASE WHEN bool_and(r.status = 'RECEIVED') THEN 'RECEIVED'
                                WHEN bool_or(r.status = 'RECEIVED') THEN 'PARTIALLY_RECEIVED'
                                ELSE 'NOT_RECEIVED' END""",
    "delivered SOs: every row complete": """
        SELECT o.number || ' row ' || r.id || ': ' || r.assigned_count || '/' || r.quantity
        FROM sales_order o JOIN sales_order_row r ON r.sales_order_id = o.id
        WHERE o.status = 'DELIVERED' AND r.assigned_count <> r.quantity""",
    "history: assigned - removed events = serials": """
        WITH e AS (SELECT variant_id, number_key,
                          count(*) FILTER (WHERE kind = 'ASSIGNED') AS a,
                          count(*) FILTER (WHERE kind = 'REMOVED') AS d
                   FROM serial_number_event GROUP BY 1, 2),
             s AS (SELECT variant_id, number_key, count(*) AS n FROM serial_number GROUP BY 1, 2)
        SELECT coalesce(e.number_key, s.number_key) || ': ' || coalesce(e.a, 0) || ' assigned, '
               || coalesce(e.d, 0) || ' removed, ' || coalesce(s.n, 0) || ' serials'
        FROM e FULL JOIN s ON s.variant_id = e.variant_id AND s.number_key = e.number_key
        WHERE coalesce(e.a, 0) - coalesce(e.d, 0) <> coalesce(s.n, 0)""",
}


def _pk(opaque: str) -> int:
    from backend import ids

    for kind in ("SerialNumber", "PurchaseOrder"):
        if (pk := ids.decode(kind, opaque)) is not None:
            return pk
    raise ValueError(opaque)


async def check(database_url: str, world: World) -> list[tuple[str, str]]:
    def sample(problems: list[str]) -> str:
        return "" if not problems else f"{len(problems)}: " + "; ".join(problems[:5])

    conn = await asyncpg.connect(database_url)
    try:
        checks = [
            (name, sample([r[0] for r in await conn.fetch(sql)]))
            for name, sql in SQL_CHECKS.items()
        ]
        in_db = {
            r["id"]: (r["sku"], r["number"])
            for r in await conn.fetch(
                "SELECT s.id, v.sku, s.number FROM serial_number s JOIN variant v "
                "ON v.id = s.variant_id"
            )
        }
        totals = {
            r["id"]: r["total"]
            for r in await conn.fetch(
                "SELECT purchase_order_id AS id, sum(quantity) AS total FROM purchase_order_row "
                "GROUP BY 1"
            )
        }
    finally:
        await conn.close()
    expected = {_pk(s): v for s, v in world.created.items() if s not in world.removed}
    removed = {_pk(s) for s in world.removed}
    lost = [f"{pk} {v[1]}" for pk, v in expected.items() if in_db.get(pk) != v]
    unknown = [f"{pk} {v[1]}" for pk, v in in_db.items() if pk not in expected]
    back = [str(pk) for pk in removed if pk in in_db]
    kept = [
        f"order {pk}: {totals.get(pk)} != {total}"
        for pk, total in ((_pk(o), t) for o, t in world.po_totals.items())
        if totals.get(pk) != total
    ]
    checks += [
        (f"every number the clients made exists once ({len(expected):,})", sample(lost)),
        ("no number the clients didn't make (duplicated)", sample(unknown)),
        (f"every number the clients removed is gone ({len(removed):,})", sample(back)),
        ("order quantities kept through partial receipts", sample(kept)),
    ]
    return checks


# --- report --------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(q * len(ordered)) - 1, 0)] if ordered else float("nan")


def table(result: LoadResult) -> str:
    stats = result.stats
    header = ("operation", "requests", "req/s", "ok", "refused", "p50 ms", "p99 ms", "max ms")
    rows = []
    ops = sorted(stats.latencies, key=lambda op: -len(stats.latencies[op]))
    every = [t for op in ops for t in stats.latencies[op]]
    for op, times in [*((op, stats.latencies[op]) for op in ops), ("all", every)]:
        ok = sum(stats.ok[o] for o in ops) if op == "all" else stats.ok[op]
        refused = sum(stats.refused[o] for o in ops) if op == "all" else stats.refused[op]
        rows.append(
            (
                op,
                f"{len(times):,}",
                f"{len(times) / result.seconds:.1f}",
                f"{ok:,}",
                f"{refused:,}",
                f"{percentile(times, 0.5) * 1000:.1f}",
                f"{percentile(times, 0.99) * 1000:.1f}",
                f"{max(times) * 1000:.1f}",
            )
        )
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def fmt(row: tuple[str, ...]) -> str:
        return " | ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )

    rule = "-+-".join("-" * w for w in widths)
    lines = [fmt(header), rule, *map(fmt, rows[:-1]), rule, fmt(rows[-1]), ""]
    lines.append(
        f"failures (non-200, top-level GraphQL errors, transport errors): {len(stats.failures)}"
    )
    lines += [f"  {f[:400]}" for f in stats.failures[:10]]
    codes = ", ".join(f"{c} {n:,}" for c, n in stats.codes.most_common(12))
    lines.append(f"expected payload errors: {codes or 'none'}")
    if result.abuse:
        verdict = "OK" if result.health_p99 < HEALTH_P99 else "FAILED"
        lines.append(
            f"/healthz p99 under abuse: {result.health_p99 * 1000:.1f} ms "
            f"(must be under {HEALTH_P99 * 1000:.0f} ms): {verdict}"
        )
    lines += ["", "invariant checks (SQL, after the run):"]
    width = max(len(name) for name, _ in result.checks)
    for name, problem in result.checks:
        lines.append(f"  {name.ljust(width)}  {'OK' if not problem else 'FAILED: ' + problem}")
    return "\n".join(lines)


def run(
    seconds: float, clients: int, workers: int = 2, seed: int = 1, abuse: bool = False, **sizes: int
) -> LoadResult:
    """A fresh database, the app under `workers` uvicorn workers, the load, the checks; the
    database is dropped afterwards."""
    with postgres.Postgres(POSTGRES_URL).database("serialtrace_load") as url:
        token = cli_token(url)  # migrates, too
        with live_server(url, workers=workers) as server:
            return run_load(
                server.url,
                token,
                url,
                seconds=seconds,
                clients=clients,
                seed=seed,
                abuse=abuse,
                **sizes,
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--abuse",
        action="store_true",
        help=f"meanwhile {ABUSE_SIGN_INS} wrong sign-ins at a time and a viewer "
        "sending the largest inputs; /healthz p99 must stay under "
        f"{HEALTH_P99 * 1000:.0f} ms",
    )
    args = parser.parse_args(argv)
    print(
        f"PostgreSQL load test: {args.clients} clients for {args.seconds:.0f} s against "
        f"uvicorn with {args.workers} workers...",
        flush=True,
    )
    result = run(args.seconds, args.clients, args.workers, args.seed, abuse=args.abuse)
    print()
    print(table(result))
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n{result.requests:,} requests in {result.seconds:.1f} s = "
        f"{result.requests / result.seconds:.1f} req/s; load average {load} on "
        f"{os.cpu_count()} CPUs."
    )
    print("RESULT: " + ("OK" if result.ok else "FAILED"))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
