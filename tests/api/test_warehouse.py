"""The warehouse floor through the API: numbering patterns and generated serial numbers, ranges,
verifying scanned numbers against an order and receiving exactly the scanned units."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import UTC, datetime

import asyncpg
import pytest

from support.builders import ROW_FIELDS, Scenario, unique
from support.client import Client, over_http
from support.server import cli_token, live_server

GENERATE = f"""mutation($input: GenerateSerialNumbersInput!) {{ generateSerialNumbers(input: $input)
    {{ numbers row {{ {ROW_FIELDS} }} errors {{ code message field index number }} }} }}"""
YEAR = datetime.now(UTC).strftime("%Y")


def generate(client: Client, row_id: str, count: int | None = None, pattern: str | None = None,
             dry_run: bool = False) -> dict:
    return client(GENERATE, {"input": {"rowId": row_id, "count": count, "pattern": pattern,
                                       "dryRun": dry_run}})["generateSerialNumbers"]


def codes(errors: list[dict]) -> list[tuple[str, str | None]]:
    return [(e["code"], e["field"]) for e in errors]


def patterned_row(scenario: Scenario, quantity: int, pattern: str | None = "SN-{YYYY}-{####}",
                  own: str | None = None, sku: str | None = None) -> dict:
    """A row of a new tracked product whose pattern is `pattern` (its variant's `own`)."""
    sku = sku or unique("GEN")
    scenario.client.mutate("createProduct", "CreateProductInput", {
        "name": "Generated", "serialTracked": True, "numberingPattern": pattern,
        "variants": [{"sku": sku, "numberingPattern": own}]}, "product { id }")
    return scenario.order([(sku, quantity)])["rows"][0]


# --- patterns -------------------------------------------------------------------------------

def test_a_variant_uses_its_own_pattern_else_its_products(scenario: Scenario) -> None:
    product = scenario.client.mutate("createProduct", "CreateProductInput", {
        "name": "Drive", "serialTracked": True, "numberingPattern": "DR-{#####}",
        "variants": [{"sku": unique("A")}, {"sku": unique("B"), "numberingPattern": "B{YY}{###}"}]},
        "product { numberingPattern variants { id numberingPattern ownNumberingPattern } }"
    )["product"]
    assert product["numberingPattern"] == "DR-{#####}"
    assert [(v["numberingPattern"], v["ownNumberingPattern"]) for v in product["variants"]] == [
        ("DR-{#####}", None), ("B{YY}{###}", "B{YY}{###}")]

    changed = scenario.client.mutate(
        "updateVariant", "UpdateVariantInput",
        {"variantId": product["variants"][1]["id"], "numberingPattern": ""},
        "variant { numberingPattern ownNumberingPattern }")["variant"]
    assert changed == {"numberingPattern": "DR-{#####}", "ownNumberingPattern": None}


@pytest.mark.parametrize("pattern, says", [
    ("SN-", "exactly one counter"),
    ("SN-{###}-{##}", "exactly one counter"),
    ("SN-{YYY}{##}", "unknown placeholder {YYY}"),
    ("SN#{##}", "'#'"),
    ("SN-{##", "brace"),
    ("SN-{#############}", "12"),
    ("X" * 30 + "{###}", "33 characters"),
])
def test_a_pattern_that_cant_make_numbers_is_refused_with_a_clear_error(
    scenario: Scenario, pattern: str, says: str
) -> None:
    payload = scenario.client(
        """mutation($input: CreateProductInput!) { createProduct(input: $input) {
        product { id } errors { code field message } } }""",
        {"input": {"name": "Bad", "serialTracked": True, "numberingPattern": pattern,
                   "variants": [{"sku": unique("BAD")}]}})["createProduct"]
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
        datetime.now(UTC).strftime("A%m%d-01"), datetime.now(UTC).strftime("A%m%d-02")]
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
        ("TOO_MANY_AT_ONCE", "count")]
    assert codes(generate(scenario.client, big["id"])["errors"]) == [
        ("TOO_MANY_AT_ONCE", "count")]
    assert scenario.fetch_row(big["id"])["tracing"]["assigned"] == 0
    assert len(generate(scenario.client, big["id"], 1000)["numbers"]) == 1000

    scenario.product("Loose", False, ["LOOSE-1"])
    loose = scenario.order([("LOOSE-1", 2)])["rows"][0]
    assert codes(generate(scenario.client, loose["id"], 1)["errors"]) == [
        ("NOT_TRACKED", "rowId")]

    # A received row still takes numbers, as assigning does; they are in stock at once.
    received = patterned_row(scenario, 2)
    scenario.receive_row(received["id"])
    done = generate(scenario.client, received["id"], 2)
    assert [s["status"] for s in done["row"]["serialNumbers"]] == ["IN_STOCK", "IN_STOCK"]


def test_a_viewer_cannot_generate(scenario: Scenario) -> None:
    row = patterned_row(scenario, 1)
    body = scenario.client.as_role("VIEWER").execute(
        GENERATE, {"input": {"rowId": row["id"], "count": 1}})
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
            client.mutate("createProduct", "CreateProductInput", {
                "name": "Race", "serialTracked": True, "numberingPattern": "R-{#####}",
                "variants": [{"sku": sku}]}, "product { id }")
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
    return client.as_role("VIEWER", unique("reader").lower())(
        EXPAND, {"text": text})["expandSerialNumberRange"]


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
        ("INVALID_RANGE", 0), ("INVALID_RANGE", 1), ("INVALID_RANGE", 2), ("INVALID_RANGE", 3),
        ("INVALID_CHARACTERS", 4), ("DUPLICATE_IN_INPUT", 6)]
    messages = [e["message"] for e in result["errors"]]
    assert "backwards" in messages[0] and "differ" in messages[1]
    assert "'#'" in messages[4] and "q-6 comes twice" in messages[5]
    assert result["numbers"] == []
