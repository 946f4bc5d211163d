"""The warehouse floor through the API: numbering patterns and generated serial numbers, ranges,
verifying scanned numbers against an order and receiving exactly the scanned units."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from support.builders import ORDER_FIELDS, ROW_FIELDS, Scenario, unique
from support.client import Client, over_http
from support.server import cli_token, live_server

GENERATE = f"""mutation($input: GenerateSerialNumbersInput!) {{ generateSerialNumbers(input: $input)
    {{ numbers row {{ {ROW_FIELDS} }} errors {{ code message field index number }} }} }}"""
YEAR = datetime.now(UTC).strftime("%Y")


def generate(
    client: Client,
    row_id: str,
    count: int | None = None,
    pattern: str | None = None,
    dry_run: bool = False,
) -> dict:
    return client(
        GENERATE,
        {"input": {"rowId": row_id, "count": count, "pattern": pattern, "dryRun": dry_run}},
    )["generateSerialNumbers"]


def codes(errors: list[dict]) -> list[tuple[str, str | None]]:
    return [(e["code"], e["field"]) for e in errors]


def patterned_row(
    scenario: Scenario,
    quantity: int,
    pattern: str | None = "SN-{YYYY}-{####}",
    own: str | None = None,
    sku: str | None = None,
) -> dict:
    """A row of a new tracked product whose pattern is `pattern` (its variant's `own`)."""
    sku = sku or unique("GEN")
    scenario.client.mutate(
        "createProduct",
        "CreateProductInput",
        {
            "name": "Generated",
            "serialTracked": True,
            "numberingPattern": pattern,
            "variants": [{"sku": sku, "numberingPattern": own}],
        },
        "product { id }",
    )
    return scenario.order([(sku, quantity)])["rows"][0]


# --- patterns -------------------------------------------------------------------------------


def test_a_variant_uses_its_own_pattern_else_its_products(scenario: Scenario) -> None:
    product = scenario.client.mutate(
        "createProduct",
        "CreateProductInput",
        {
            "name": "Drive",
            "serialTracked": True,
            "numberingPattern": "DR-{#####}",
            "variants": [
                {"sku": unique("A")},
                {"sku": unique("B"), "numberingPattern": "B{YY}{###}"},
            ],
        },
        "product { numberingPattern variants { id numberingPattern ownNumberingPattern } }",
    )["product"]
    assert product["numberingPattern"] == "DR-{#####}"
    assert [(v["numberingPattern"], v["ownNumberingPattern"]) for v in product["variants"]] == [
        ("DR-{#####}", None),
        ("B{YY}{###}", "B{YY}{###}"),
    ]

    changed = scenario.client.mutate(
        "updateVariant",
        "UpdateVariantInput",
        {"variantId": product["variants"][1]["id"], "numberingPattern": ""},
        "variant { numberingPattern ownNumberingPattern }",
    )["variant"]
    assert changed == {"numberingPattern": "DR-{#####}", "ownNumberingPattern": None}


@pytest.mark.parametrize(
    "pattern, says",
    [
        ("SN-", "exactly one counter"),
        ("SN-{###}-{##}", "exactly one counter"),
        ("SN-{YYY}{##}", "unknown placeholder {YYY}"),
        ("SN#{##}", "'#'"),
        ("SN-{##", "brace"),
        ("SN-{#############}", "12"),
        ("X" * 30 + "{###}", "33 characters"),
    ],
)
def test_a_pattern_that_cant_make_numbers_is_refused_with_a_clear_error(
    scenario: Scenario, pattern: str, says: str
) -> None:
    payload = scenario.client(
        """mutation($input: CreateProductInput!) { createProduct(input: $input) {
        product { id } errors { code field message } } }""",
        {
            "input": {
                "name": "Bad",
                "serialTracked": True,
                "numberingPattern": pattern,
                "variants": [{"sku": unique("BAD")}],
            }
        },
    )["createProduct"]
    assert payload["product"] is None
    assert codes(payload["errors"]) == [("INVALID_PATTERN", "numberingPattern")]
    assert says in payload["errors"][0]["message"]


# --- generating -------------------------------------------------------------------------------


def test_generating_fills_the_row_from_the_pattern_and_never_repeats(scenario: Scenario) -> None:
    row = patterned_row(scenario, 5)
    first = generate(scenario.client, row["id"], 2)
    assert first["errors"] == []
    assert first["numbers"] == [f"SN-{YEAR}-0001", f"SN-{YEAR}-0002"]
    assert [s["number"] for s in first["row"]["serialNumbers"]] == first["numbers"]
    assert first["row"]["tracing"] == {"required": 5, "assigned": 2, "state": "PARTIAL"}

    # The rest of the row by default; a number typed by hand that the counter would reach is
    # skipped.
    assert scenario.assign(row["id"], [f"sn-{YEAR}-0003"])["errors"] == []
    rest = generate(scenario.client, row["id"])
    assert rest["numbers"] == [f"SN-{YEAR}-0004", f"SN-{YEAR}-0005"]
    assert rest["row"]["tracing"]["state"] == "COMPLETE"


def test_a_long_run_of_numbers_typed_ahead_of_the_counter_is_jumped(scenario: Scenario) -> None:
    # 300 numbers the counter would give next were assigned by hand (typed as a range, or
    # imported): Generate still finds the first free one.
    row = patterned_row(scenario, 302, pattern="J-{####}")
    typed = [f"J-{n:04d}" for n in range(1, 301)]
    assert scenario.assign(row["id"], typed)["errors"] == []
    preview = generate(scenario.client, row["id"], 1, dry_run=True)
    assert (preview["errors"], preview["numbers"]) == ([], ["J-0301"])
    done = generate(scenario.client, row["id"], 2)
    assert (done["errors"], done["numbers"]) == ([], ["J-0301", "J-0302"])


def test_a_dry_run_previews_without_assigning_or_moving_the_counter(scenario: Scenario) -> None:
    row = patterned_row(scenario, 3, pattern="P-{###}")
    preview = generate(scenario.client, row["id"], 3, dry_run=True)
    assert preview["numbers"] == ["P-001", "P-002", "P-003"]
    assert scenario.fetch_row(row["id"])["tracing"]["assigned"] == 0
    assert generate(scenario.client, row["id"], 3)["numbers"] == preview["numbers"]


def test_a_pattern_given_in_the_call_shares_the_variants_counter(scenario: Scenario) -> None:
    row = patterned_row(scenario, 4, pattern=None)
    refused = generate(scenario.client, row["id"], 1)
    assert codes(refused["errors"]) == [("INVALID_PATTERN", "pattern")]
    assert "no numbering pattern" in refused["errors"][0]["message"]
    assert generate(scenario.client, row["id"], 2, pattern="A{MM}{DD}-{##}")["numbers"] == [
        datetime.now(UTC).strftime("A%m%d-01"),
        datetime.now(UTC).strftime("A%m%d-02"),
    ]
    assert generate(scenario.client, row["id"], 1, pattern="B-{#}")["numbers"] == ["B-3"]
    bad = generate(scenario.client, row["id"], 1, pattern="B-{#")
    assert codes(bad["errors"]) == [("INVALID_PATTERN", "pattern")]


def test_generating_keeps_the_rules_of_assigning(scenario: Scenario) -> None:
    row = patterned_row(scenario, 3)
    too_many = generate(scenario.client, row["id"], 4)
    assert codes(too_many["errors"]) == [("EXCEEDS_QUANTITY", "count")]
    assert "3 more fit" in too_many["errors"][0]["message"]
    assert too_many["numbers"] == [] and too_many["row"] is None
    assert codes(generate(scenario.client, row["id"], 0)["errors"]) == [("EMPTY", "count")]
    big = patterned_row(scenario, 5000)
    assert codes(generate(scenario.client, big["id"], 1001)["errors"]) == [
        ("TOO_MANY_AT_ONCE", "count")
    ]
    assert codes(generate(scenario.client, big["id"])["errors"]) == [("TOO_MANY_AT_ONCE", "count")]
    assert scenario.fetch_row(big["id"])["tracing"]["assigned"] == 0
    assert len(generate(scenario.client, big["id"], 1000)["numbers"]) == 1000

    scenario.product("Loose", False, ["LOOSE-1"])
    loose = scenario.order([("LOOSE-1", 2)])["rows"][0]
    assert codes(generate(scenario.client, loose["id"], 1)["errors"]) == [("NOT_TRACKED", "rowId")]

    # A received row still takes numbers, as assigning does; they are in stock at once.
    received = patterned_row(scenario, 2)
    scenario.receive_row(received["id"])
    done = generate(scenario.client, received["id"], 2)
    assert [s["status"] for s in done["row"]["serialNumbers"]] == ["IN_STOCK", "IN_STOCK"]


def test_a_viewer_cannot_generate(scenario: Scenario) -> None:
    row = patterned_row(scenario, 1)
    body = scenario.client.as_role("VIEWER").execute(
        GENERATE, {"input": {"rowId": row["id"], "count": 1}}
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert scenario.fetch_row(row["id"])["tracing"]["assigned"] == 0


async def _fetch(database_url: str, sql: str) -> list:
    conn = await asyncpg.connect(database_url)
    try:
        return [tuple(r) for r in await conn.fetch(sql)]
    finally:
        await conn.close()


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_twenty_concurrent_generate_calls_on_one_variant_give_distinct_numbers(
    postgres_url: str,
) -> None:
    token = cli_token(postgres_url)
    with live_server(postgres_url, workers=2) as server:
        with over_http(server.url, token) as client:
            api = Scenario(client)
            sku = unique("RACE")
            client.mutate(
                "createProduct",
                "CreateProductInput",
                {
                    "name": "Race",
                    "serialTracked": True,
                    "numberingPattern": "R-{#####}",
                    "variants": [{"sku": sku}],
                },
                "product { id }",
            )
            # Twenty orders, so that the order locks don't queue the calls: only the counter
            # stands between them.
            rows = [api.order([(sku, 3)])["rows"][0]["id"] for _ in range(20)]
        with ExitStack() as stack, ThreadPoolExecutor(20) as pool:
            clients = [stack.enter_context(over_http(server.url, token)) for _ in rows]
            results = list(pool.map(lambda c, r: generate(c, r, 3), clients, rows))

    assert all(r["errors"] == [] for r in results)
    numbers = [n for r in results for n in r["numbers"]]
    assert sorted(numbers) == [f"R-{i:05d}" for i in range(1, 61)]
    stored = asyncio.run(_fetch(postgres_url, "SELECT number FROM serial_number"))
    assert sorted(n for (n,) in stored) == sorted(numbers)


# --- ranges -------------------------------------------------------------------------------------

EXPAND = """query($text: String!) { expandSerialNumberRange(text: $text) {
    numbers errors { code message field index number } } }"""


def expand(client: Client, text: str) -> dict:
    return client.as_role("VIEWER", unique("reader").lower())(EXPAND, {"text": text})[
        "expandSerialNumberRange"
    ]


def test_ranges_expand_to_their_numbers(client: Client) -> None:
    result = expand(client, "SN-0001..SN-0100\nSN-098+4\n  X-1  \n")
    assert result["errors"] == []
    numbers = result["numbers"]
    assert numbers[:2] == ["SN-0001", "SN-0002"] and numbers[99] == "SN-0100"
    assert numbers[100:] == ["SN-098", "SN-099", "SN-100", "SN-101", "SN-102", "X-1"]


def test_a_range_beyond_1000_numbers_is_refused_before_any_is_made(client: Client) -> None:
    assert len(expand(client, "A1..A1000")["numbers"]) == 1000
    result = expand(client, "A1..A999999999999999")
    assert result["numbers"] == []
    assert [e["code"] for e in result["errors"]] == ["TOO_MANY_AT_ONCE"]
    assert "999,999,999,999,999" in result["errors"][0]["message"]


def test_a_range_that_cant_be_read_says_which_line_and_why(client: Client) -> None:
    result = expand(client, "SN-9..SN-1\nSN-1..XY-9\nA..B\nQ-1+x\nAB#1..AB#3\nQ-5+1\nq-6")
    assert [(e["code"], e["index"]) for e in result["errors"]] == [
        ("INVALID_RANGE", 0),
        ("INVALID_RANGE", 1),
        ("INVALID_RANGE", 2),
        ("INVALID_RANGE", 3),
        ("INVALID_CHARACTERS", 4),
        ("DUPLICATE_IN_INPUT", 6),
    ]
    messages = [e["message"] for e in result["errors"]]
    assert "backwards" in messages[0] and "differ" in messages[1]
    assert "'#'" in messages[4] and "q-6 comes twice" in messages[5]
    assert result["numbers"] == []


# --- verifying and receiving by scanning ------------------------------------------------------

VERIFY = """query($order: ID!, $numbers: [String!]!) { verifySerialNumbers(purchaseOrderId: $order,
    numbers: $numbers) { number outcome position location message row { id } } }"""
RECEIVE = f"""mutation($input: ReceiveSerialNumbersInput!) {{ receiveSerialNumbers(input: $input)
    {{ received purchaseOrder {{ {ORDER_FIELDS} }} errors {{ code message field index number }}
    }} }}"""


def verify(client: Client, order_id: str, numbers: list[str]) -> list[dict]:
    return client(VERIFY, {"order": order_id, "numbers": numbers})["verifySerialNumbers"]


def receive(
    client: Client,
    order_id: str,
    numbers: list[str],
    received_at: str | None = None,
    additions: list[dict] | None = None,
) -> dict:
    return client(
        RECEIVE,
        {
            "input": {
                "purchaseOrderId": order_id,
                "numbers": numbers,
                "receivedAt": received_at,
                "additions": additions,
            }
        },
    )["receiveSerialNumbers"]


def _dock(scenario: Scenario) -> dict:
    """An order of a tracked row of 3 (A-1…A-3 expected), one of 2 with room (B-1 assigned),
    an untracked row, and elsewhere: X-1 in stock, Y-1 expected on another order."""
    a, b = unique("DA"), unique("DB")
    scenario.product("Dock A", True, [a])
    scenario.product("Dock B", True, [b])
    loose = scenario.product_sku("Bolts", False)
    order = scenario.client.mutate(
        "createPurchaseOrder",
        "CreatePurchaseOrderInput",
        {
            "kind": "PURCHASE",
            "supplierId": scenario.supplier(),
            "orderedAt": (datetime.now(UTC) - timedelta(days=3)).isoformat(),
            "rows": [{"sku": s, "quantity": q} for s, q in ((a, "3"), (b, "2"), (loose, "10"))],
        },
        f"purchaseOrder {{ {ORDER_FIELDS} }}",
    )["purchaseOrder"]
    rows = order["rows"]
    assert scenario.assign(rows[0]["id"], ["A-1", "A-2", "A-3"])["errors"] == []
    assert scenario.assign(rows[1]["id"], ["B-1"])["errors"] == []
    scenario.in_stock(unique("DX"), ["X-1"])
    other = scenario.order([(a, 1)])["rows"][0]
    scenario.assign(other["id"], ["Y-1"])
    return {
        "order": order,
        "rows": rows,
        "loose": loose,
        "sku_a": a,
        "other": scenario.fetch_row(other["id"]),
    }


def test_each_scan_is_checked_against_the_order(scenario: Scenario) -> None:
    dock = _dock(scenario)
    number = dock["order"]["number"]
    found = verify(
        scenario.client.as_role("VIEWER"),
        dock["order"]["id"],
        ["a-2", "B-1", "A-2", "X-1", "Y-1", "NEW-1", dock["loose"].lower(), "bad#1", dock["sku_a"]],
    )
    assert [f["outcome"] for f in found] == [
        "MATCHED",
        "MATCHED",
        "SCANNED_TWICE",
        "NOT_ON_ORDER",
        "NOT_ON_ORDER",
        "NOT_ON_ORDER",
        "NOT_TRACKED",
        "UNKNOWN",
        "UNKNOWN",
    ]
    assert [f["position"] for f in found[:3]] == [2, 1, 2]
    assert [f["row"]["id"] if f["row"] else None for f in found[:3]] == [
        dock["rows"][0]["id"],
        dock["rows"][1]["id"],
        dock["rows"][0]["id"],
    ]
    assert found[0]["message"].endswith(f"2 of 3 on {number}.")
    assert [f["location"] for f in found[3:6]] == [
        "in stock",
        dock["other"]["id"] and found[4]["location"],
        None,
    ]
    assert found[4]["location"].startswith("PO-") and found[4]["location"] != number
    assert found[6]["row"]["id"] == dock["rows"][2]["id"]
    assert "'#'" in found[7]["message"]
    assert "serial-tracked" in found[8]["message"]


def test_more_than_1000_scans_are_refused_whole(scenario: Scenario) -> None:
    dock = _dock(scenario)
    body = scenario.client.execute(
        VERIFY, {"order": dock["order"]["id"], "numbers": [f"N{i}" for i in range(1001)]}
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "1,001" in body["errors"][0]["message"]


def test_receiving_by_scan_receives_exactly_the_scanned_units(scenario: Scenario) -> None:
    dock = _dock(scenario)
    day = (datetime.now(UTC) - timedelta(days=2)).replace(microsecond=0)
    done = receive(
        scenario.client,
        dock["order"]["id"],
        ["A-1", "a-3", "NEW-7"],
        day.isoformat(),
        additions=[{"rowId": dock["rows"][1]["id"], "numbers": ["NEW-7"]}],
    )
    assert done["errors"] == []
    assert done["received"] == 3
    order = done["purchaseOrder"]
    assert order["status"] == "PARTIALLY_RECEIVED"
    by_state = sorted(
        (
            r["variant"]["sku"] == dock["sku_a"],
            r["status"],
            r["quantity"],
            sorted(s["number"] for s in r["serialNumbers"]),
        )
        for r in order["rows"]
        if r["tracing"] is not None
    )
    assert by_state == [
        (False, "NOT_RECEIVED", "1", ["B-1"]),
        (False, "RECEIVED", "1", ["NEW-7"]),
        (True, "NOT_RECEIVED", "1", ["A-2"]),
        (True, "RECEIVED", "2", ["A-1", "A-3"]),
    ]
    received = [s for r in order["rows"] for s in r["serialNumbers"] if r["status"] == "RECEIVED"]
    assert {s["status"] for s in received} == {"IN_STOCK"}
    assert {datetime.fromisoformat(s["addedAt"]) for s in received} == {day}
    # The untracked row is left as it is.
    assert [r["status"] for r in order["rows"] if r["tracing"] is None] == ["NOT_RECEIVED"]

    # The last unit of a row receives the row itself, whole.
    rest = receive(scenario.client, dock["order"]["id"], ["A-2"])
    assert rest["errors"] == [] and rest["received"] == 1
    assert verify(scenario.client, dock["order"]["id"], ["A-2"])[0]["outcome"] == "ALREADY_RECEIVED"


def test_receiving_by_scan_is_all_or_nothing(scenario: Scenario) -> None:
    dock = _dock(scenario)
    before = scenario.fetch_order(dock["order"]["id"])
    refused = receive(
        scenario.client,
        dock["order"]["id"],
        ["A-1", "A-1", "X-1", "NOPE-1", dock["loose"]],
        additions=[
            {"rowId": dock["rows"][1]["id"], "numbers": ["N-1", "N-2"]},
            {"rowId": dock["other"]["id"], "numbers": ["N-3"]},
        ],
    )
    assert [(e["code"], e["field"], e["index"]) for e in refused["errors"]] == [
        ("EXCEEDS_QUANTITY", "additions.numbers", 1),  # B has room for one more
        ("NOT_FOUND", "additions.rowId", 1),  # a row of another order
        ("DUPLICATE_IN_INPUT", "numbers", 1),
        ("NOT_ON_ORDER", "numbers", 2),
        ("NOT_ON_ORDER", "numbers", 3),
        ("NOT_TRACKED", "numbers", 4),
    ]
    assert refused["purchaseOrder"] is None and refused["received"] == 0
    assert scenario.fetch_order(dock["order"]["id"]) == before

    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    late = receive(scenario.client, dock["order"]["id"], ["A-1"], future)
    assert [(e["code"], e["field"]) for e in late["errors"]] == [("DATE_IN_FUTURE", "receivedAt")]
    early = receive(scenario.client, dock["order"]["id"], ["A-1"], "2001-01-01T00:00:00Z")
    assert [(e["code"], e["field"]) for e in early["errors"]] == [("DATE_TOO_EARLY", "receivedAt")]
    assert codes(receive(scenario.client, dock["order"]["id"], [])["errors"]) == [
        ("EMPTY", "numbers")
    ]
    assert scenario.fetch_order(dock["order"]["id"]) == before
    body = scenario.client.as_role("VIEWER").execute(
        RECEIVE, {"input": {"purchaseOrderId": dock["order"]["id"], "numbers": ["A-1"]}}
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
