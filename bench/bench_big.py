"""serialtrace at scale: `python -m bench.bench_big [--sizes 0,1000000] [--db sqlite,postgres]`.

For each database and size it builds a database with `bench.bigdata` (the project's migrations,
then bulk SQL: 2,000 variants, 50,000 purchase order rows, an event per change, about half
received, a fifth picked or shipped), serves it with uvicorn (`python -m backend serve`) and
measures the screens of the app over real HTTP with one keep-alive client, as the app sends
them: the median of `--repeat` requests, the SQL statements of one request (counted
in-process from Tortoise's debug log) and the growth ratio (the median at the largest size ÷
the median on the empty database). 10 million numbers: `--sizes 0,10000000` (the build takes a
while; `make bench-big BIG=10000000`).

Sizes of 0 hold the catalog only (suppliers, customers, products, variants). Every run also
creates, through the API, a purchase order row of 1000 units to assign and one of 1000 units
shipped to customers to recall.

PostgreSQL: `SERIALTRACE_BENCH_POSTGRES_URL` (default postgres://postgres@127.0.0.1:5432/test)
names a server where the benchmark may create and drop its databases.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from backend.domain import keyset
from bench import bigdata
from bench.bench import counting
from support import postgres
from support.builders import Scenario
from support.client import Client, in_process, over_http
from support.server import cli_token, live_server

TARGET_MS = 100.0

SERIAL_FIELDS = """id number status addedAt
  variant { id sku name product { id name } }
  purchaseOrderRow { id purchaseOrder { id number kind } }
  salesOrderRow { id salesOrder { id number customer { id name } } }"""
STOCK = f"""query SerialNumberList($filter: SerialNumberFilter, $orderBy: SerialNumberOrder,
    $first: Int, $after: String) {{
  serialNumbers(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {{
    totalCount totalCountIsExact pageInfo {{ hasNextPage endCursor }}
    edges {{ cursor node {{ {SERIAL_FIELDS} }} }} }} }}"""
HEADER = """query GlobalSearch($text: String!, $first: Int!) {
  search(text: $text, first: $first) {
    purchaseOrders { id number kind status supplier { id name } }
    salesOrders { id number status customer { id name } }
    variants { id sku name product { id name } }
    suppliers { id name contactPerson } customers { id name contactPerson }
    serialNumbers { id number status variant { id sku name product { id name } } } } }"""
ORDERS = """query PurchaseOrderList($filter: PurchaseOrderFilter, $first: Int, $after: String) {
  purchaseOrders(filter: $filter, first: $first, after: $after) {
    totalCount totalCountIsExact pageInfo { hasNextPage endCursor }
    edges { cursor node { id number kind status createdAt orderedAt expectedOn hasTrackedRows
      supplier { id name } tracing { required assigned state } } } } }"""
SALES = """query SalesOrderList($first: Int) { salesOrders(first: $first) {
  totalCount totalCountIsExact pageInfo { hasNextPage endCursor }
  edges { node { id number status deliveredAt customer { id name }
    tracing { required assigned state } } } } }"""
TRACE = """query Trace($sku: String!, $number: String!) {
  serialNumber(sku: $sku, number: $number) {
    id number status addedAt variant { id sku name product { id name } }
    purchaseOrderRow { id receivedAt status purchaseOrder { id number kind supplier { id name } } }
    salesOrderRow { id salesOrder { id number status deliveredAt customer { id name } } }
    history { kind at document user purchaseOrder { id number } salesOrder { id number } } } }"""
RECALL = """query Recall($id: ID!) { purchaseOrder(id: $id) { id number kind status
  supplier { id name } recall { customer { id name } salesOrder { id number deliveredAt status }
  serialNumbers { id number status variant { id sku } } } } }"""
CUSTOMER = """query Customer($id: ID!) { customer(id: $id) { id name
  serialNumbers(first: 50) { totalCount totalCountIsExact pageInfo { hasNextPage endCursor }
    edges { node { id number status addedAt variant { sku }
      salesOrderRow { salesOrder { id number } } } } }
  salesOrders(first: 20) { totalCount totalCountIsExact edges { node { id number status } } } } }"""
ASSIGN = """mutation($input: AssignSerialNumbersInput!) { assignSerialNumbers(input: $input) {
  row { id status tracing { required assigned state } } serialNumbers { id number status }
  errors { code message } } }"""


@dataclass
class Operation:
    name: str
    run: Callable[[Client, int], Any]  # (client, repetition) -> the answer
    timed: list[float] = field(default_factory=list)
    statements: int = 0


@dataclass
class Fixture:
    sku: str
    status_sku: str
    page_200: str | None
    trace: tuple[str, str]
    customer: str
    recall_order: str
    assign_rows: list[str]
    search_rare: str


def gql(client: Client, query: str, variables: dict[str, Any] | None = None) -> Any:
    return client(query, variables or {})


def _stock(**variables: Any) -> Callable[[Client, int], Any]:
    def run(client: Client, _: int) -> Any:
        got = gql(client, STOCK, {"first": 50, **variables})["serialNumbers"]
        assert got["edges"] or variables.get("after") or not variables.get("expect")
        return got

    return run


def operations(f: Fixture) -> list[Operation]:
    def assign(client: Client, i: int) -> Any:
        numbers = [f"BIG-{time.time_ns()}-{n}" for n in range(1000)]
        got = client.mutate(
            "assignSerialNumbers",
            "AssignSerialNumbersInput",
            {"rowId": f.assign_rows[i], "numbers": numbers},
            "row { id } serialNumbers { id number status }",
        )
        assert len(got["serialNumbers"]) == 1000
        return got

    return [
        Operation("stock, first page (added date, totalCount)", _stock()),
        Operation("stock, page 200 (after)", _stock(after=f.page_200)),
        Operation("stock, substring search (rare)", _stock(filter={"search": f.search_rare})),
        Operation("stock, substring search (common)", _stock(filter={"search": "sn0"})),
        Operation(
            "header search", lambda c, _: gql(c, HEADER, {"text": f.search_rare, "first": 5})
        ),
        Operation("stock by SKU", _stock(orderBy={"field": "SKU", "direction": "ASC"})),
        Operation(
            "stock by added date ascending",
            _stock(orderBy={"field": "ADDED_AT", "direction": "ASC"}),
        ),
        Operation("stock by number", _stock(orderBy={"field": "NUMBER", "direction": "ASC"})),
        Operation("stock by status", _stock(orderBy={"field": "STATUS", "direction": "ASC"})),
        Operation("filter by SKU", _stock(filter={"sku": f.sku})),
        Operation("filter by status", _stock(filter={"status": "IN_STOCK"})),
        Operation(
            "filter by SKU and status", _stock(filter={"sku": f.status_sku, "status": "IN_STOCK"})
        ),
        Operation("purchase orders, first page", lambda c, _: gql(c, ORDERS, {"first": 50})),
        Operation("sales orders, first page", lambda c, _: gql(c, SALES, {"first": 50})),
        Operation("customer page", lambda c, _: gql(c, CUSTOMER, {"id": f.customer})),
        Operation(
            "trace one unit", lambda c, _: gql(c, TRACE, {"sku": f.trace[0], "number": f.trace[1]})
        ),
        Operation(
            "recall of a PO with 1000 units", lambda c, _: gql(c, RECALL, {"id": f.recall_order})
        ),
        Operation("assign 1000 numbers", assign),
    ]


# --- Databases -------------------------------------------------------------------------------


@contextlib.contextmanager
def database(kind: str, size: int) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "big.sqlite3"
            bigdata.build_sqlite(path, size)
            yield f"sqlite://{path}"
        return
    server = postgres.Postgres(postgres.admin_url(postgres.BENCH))
    problem = server.problem()
    if problem:
        raise SystemExit(f"PostgreSQL: {problem}")
    url = server.url(f"serialtrace_big_{size}")
    asyncio.run(bigdata.build_postgres(url, size))
    try:
        yield url
    finally:
        server.drop(url)


async def _raw(url: str, sql: str) -> list[tuple]:
    from tortoise import connections

    from backend.database import connected
    from backend.models import SerialNumber

    async with connected(url):
        conn = connections.get(SerialNumber._meta.default_connection)
        _, rows = await conn.execute_query(sql)
        return [tuple(r) for r in rows]


def prepare(url: str, client: Client, repeat: int) -> Fixture:
    """The data the operations need: found in the big database, or made through the API."""
    scenario = Scenario(client, strict=True)
    sku = scenario.product_sku("Bench recall item", True)
    supplier = scenario.supplier()
    recall_numbers = [f"RECALL-{n:05d}" for n in range(1000)]
    order = scenario.order([(sku, 1000)], supplier=supplier)
    scenario.assign(order["rows"][0]["id"], recall_numbers)
    scenario.receive_order(order["id"])
    customer = scenario.customer()
    for part in range(4):  # four sales orders of 250 units, shipped
        sales = scenario.sales_order(customer, [(sku, 250)])
        scenario.pick(sales["rows"][0]["id"], recall_numbers[part * 250 : (part + 1) * 250])
        scenario.deliver(sales["id"])
    assign_rows = [
        scenario.order([(sku, 1000)], supplier=supplier)["rows"][0]["id"] for _ in range(repeat + 2)
    ]  # timed, warm-up, counted
    found = asyncio.run(
        _raw(
            url,
            "SELECT v.sku, s.number, s.id, s.added_at FROM serial_number s "
            "JOIN variant v ON v.id = s.variant_id WHERE s.added_at IS NOT "
            "NULL ORDER BY s.added_at DESC, s.id DESC LIMIT 1 OFFSET 9949",
        )
    )
    page_200 = None
    trace = (sku, recall_numbers[0])
    search = "recall-00042"
    if found:
        row_sku, number, serial_id, added_at = found[0]
        if isinstance(added_at, str):
            from backend.models import SerialNumber

            added_at = SerialNumber._meta.fields_map["added_at"].to_python_value(added_at)
        page_200 = keyset.encode("serial:ADDED_AT:d", ["a", added_at, serial_id])
        trace = (row_sku, number)
        search = number[-9:-1]
    status_sku = sku
    busy = asyncio.run(
        _raw(
            url,
            "SELECT v.sku FROM serial_number s JOIN variant v ON "
            "v.id = s.variant_id WHERE s.status = 'IN_STOCK' LIMIT 1",
        )
    )
    if busy:
        status_sku = busy[0][0]
    return Fixture(
        sku=status_sku,
        status_sku=status_sku,
        page_200=page_200,
        trace=trace,
        customer=customer,
        recall_order=order["id"],
        assign_rows=assign_rows,
        search_rare=search,
    )


# --- The bulk import at size ------------------------------------------------------------------

IMPORT_ORDERS, IMPORT_ROWS, IMPORT_UNITS = 10, 100, 100  # 100,000 numbers, as bench.bench_import


async def _import_orders(url: str, run: str) -> list[tuple[str, str, str, str]]:
    """Ten received orders of 100 rows of 100 units, and the import's lines for them."""
    from backend.database import connected
    from backend.domain import catalog, purchasing
    from backend.domain.rows import RowInput
    from backend.models import PurchaseOrderKind

    async with connected(url):
        supplier = await catalog.create_supplier(f"Import bench supplier {run}")
        skus = [f"IMPB{run}-{k:03d}" for k in range(IMPORT_ROWS)]
        await catalog.create_product(
            f"Import bench item {run}", True, [catalog.VariantInput(sku, sku) for sku in skus]
        )
        lines: list[tuple[str, str, str, str]] = []
        for o in range(IMPORT_ORDERS):
            order = await purchasing.create_purchase_order(
                PurchaseOrderKind.PURCHASE,
                supplier.id,
                [RowInput(sku, Decimal(IMPORT_UNITS)) for sku in skus],
            )
            await purchasing.receive_order(order.id)
            lines += [
                (order.number, sku, f"IMP{run}-{o:02d}-{r:03d}-{u:03d}", "")
                for r, sku in enumerate(skus)
                for u in range(IMPORT_UNITS)
            ]
        return lines


async def _import(url: str, data: bytes, dry_run: bool) -> float:
    from backend.database import connected
    from backend.domain import importing

    async with connected(url):
        started = time.perf_counter()
        result = await importing.import_serial_numbers(data, "bench.csv", dry_run=dry_run)
        elapsed = (time.perf_counter() - started) * 1000
    expected = IMPORT_ORDERS * IMPORT_ROWS * IMPORT_UNITS
    if result.summary.errors or result.summary.numbers != expected or result.committed == dry_run:
        raise SystemExit(f"unexpected import result: {result.summary} {result.problems[:3]}")
    return elapsed


def measure_import(url: str, runs: int, tag: str) -> list[Operation]:
    """100,000 numbers from a CSV, in process through the service the CLI and the API call (as
    `bench.bench_import` does on a small database): the dry run, then the commit, each on its
    own fresh orders."""
    from backend import spreadsheets
    from backend.domain import importing

    dry, commit = (
        Operation("import 100,000 numbers, dry run", lambda c, i: None),
        Operation("import 100,000 numbers, commit", lambda c, i: None),
    )
    for run in range(runs):
        lines = asyncio.run(_import_orders(url, f"{tag}{run}"))
        data = "".join(spreadsheets.csv_chunks(importing.COLUMNS, lines)).encode()
        dry.timed.append(asyncio.run(_import(url, data, True)))
        commit.timed.append(asyncio.run(_import(url, data, False)))
    return [dry, commit]


def measure(
    kind: str, size: int, repeat: int, existing: str | None = None, imports: int = 0
) -> list[Operation]:
    with contextlib.nullcontext(existing) if existing else database(kind, size) as url:
        tag = f"{time.time_ns() % 10**10:010d}"  # a database measured before is measured again
        token = cli_token(url, f"bench-{tag}")
        with live_server(url) as server, over_http(server.url, token) as client:
            fixture = prepare(url, client, repeat)
            ops = operations(fixture)
            for op in ops:
                op.run(client, repeat)  # warm-up (assign: its own spare row)
                for i in range(repeat):
                    started = time.perf_counter()
                    op.run(client, i)
                    op.timed.append((time.perf_counter() - started) * 1000)
        with in_process(url, username=f"bench-counter-{tag}") as local, counting() as counter:
            for op in ops:
                counter.take()
                op.run(local, repeat + 1)
                op.statements = counter.take()
        if imports:
            ops += measure_import(url, imports, tag)
        return ops


def report(
    results: dict[tuple[str, int], list[Operation]], kinds: list[str], sizes: list[int]
) -> None:
    largest = max(sizes)
    names = [op.name for op in next(iter(results.values()))]
    print()
    header = (
        "| operation | "
        + " | ".join(f"{kind} {size:,}" for kind in kinds for size in sizes)
        + " | growth |"
    )
    print(header)
    print("|" + " --- |" + " ---: |" * (len(kinds) * len(sizes) + 1))
    for name in names:
        cells, growth = [], []
        for kind in kinds:
            base = None
            for size in sizes:
                op = next(o for o in results[(kind, size)] if o.name == name)
                median = statistics.median(op.timed)
                cells.append(
                    f"{median:.1f} ms" + (f" ({op.statements} SQL)" if op.statements else "")
                )
                if size == min(sizes):
                    base = median
                if size == largest and base:
                    growth.append(f"{kind} {median / base:.1f}×")
        print(f"| {name} | " + " | ".join(cells) + f" | {', '.join(growth)} |")
    slow = [
        (kind, name, statistics.median(op.timed))
        for (kind, size), ops in results.items()
        for op in ops
        for name in [op.name]
        if size == largest
        and name != "assign 1000 numbers"
        and not name.startswith("import")
        and statistics.median(op.timed) > TARGET_MS
    ]
    for kind, name, median in slow:
        print(f"over {TARGET_MS:.0f} ms at {largest:,} on {kind}: {name} ({median:.0f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,1000000")
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--imports",
        type=int,
        default=1,
        help="times the import of 100,000 numbers is measured at each size "
        "(dry run and commit; 0: not measured)",
    )
    parser.add_argument(
        "--existing",
        action="append",
        default=[],
        metavar="SIZE=URL",
        help="measure this database (built by bench.bigdata; it is written "
        "to) as the given size instead of building one",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    kinds = args.db.split(",")
    existing = dict(e.split("=", 1) for e in args.existing)
    results = {}
    for kind in kinds:
        for size in sizes:
            started = time.perf_counter()
            url = existing.get(str(size))
            if url and (url.startswith("sqlite")) != (kind == "sqlite"):
                url = None
            results[(kind, size)] = measure(kind, size, args.repeat, url, args.imports)
            print(f"{kind} {size:,}: measured in {time.perf_counter() - started:.0f} s", flush=True)
    report(results, kinds, sizes)


if __name__ == "__main__":
    main()
