"""assignSerialNumbersToRows: numbers for many rows of one order in one all-or-nothing call,
every error with its entry and position; the 1000 cap counts over the whole call."""

from __future__ import annotations

from typing import Any

from support.builders import Scenario

MUTATION = """mutation($input: AssignSerialNumbersToRowsInput!) {
  assignSerialNumbersToRows(input: $input) {
    purchaseOrder { number tracing { assigned } }
    rows { id tracing { assigned state } }
    serialNumbers { number status }
    errors { code message field index number rowIndex rowId } } }"""


def _assign(scenario: Scenario, order_id: str, rows: list[tuple[str, list[str]]]) -> dict[str, Any]:
    return scenario.client(
        MUTATION,
        {
            "input": {
                "purchaseOrderId": order_id,
                "rows": [{"rowId": row_id, "numbers": numbers} for row_id, numbers in rows],
            }
        },
    )["assignSerialNumbersToRows"]


def _order(scenario: Scenario) -> dict[str, Any]:
    scenario.product("Bulk", True, ["BLK-A", "BLK-B"])
    return scenario.order([("BLK-A", 3), ("BLK-B", 2)])


def test_numbers_for_several_rows_in_one_call(scenario: Scenario) -> None:
    order = _order(scenario)
    a, b = (r["id"] for r in order["rows"])
    done = _assign(scenario, order["id"], [(a, ["A-1", "A-2"]), (b, ["B-1", "B-2"]), (a, ["A-3"])])
    assert done["errors"] == []
    assert [r["id"] for r in done["rows"]] == [a, b]
    assert [s["number"] for s in done["serialNumbers"]] == ["A-1", "A-2", "B-1", "B-2", "A-3"]
    assert [r["tracing"]["assigned"] for r in scenario.fetch_order(order["id"])["rows"]] == [3, 2]


def test_one_bad_entry_refuses_the_whole_call_and_every_error_names_its_entry(
    scenario: Scenario,
) -> None:
    order = _order(scenario)
    a, b = (r["id"] for r in order["rows"])
    other = scenario.order([("BLK-A", 1)])["rows"][0]["id"]
    refused = _assign(
        scenario,
        order["id"],
        [(a, ["A-1", "bad#"]), (b, ["B-1", "B-2", "B-3"]), (other, ["X-1"]), (b, ["", "B-9"])],
    )
    found = [
        (e["code"], e["rowIndex"], e["rowId"], e["field"], e["index"]) for e in refused["errors"]
    ]
    assert found == [
        ("INVALID_CHARACTERS", 0, a, "rows.numbers", 1),
        ("EXCEEDS_QUANTITY", 1, b, "rows.numbers", 2),
        ("NOT_FOUND", 2, other, "rows.rowId", None),
        ("EMPTY", 3, b, "rows.numbers", 0),
    ]
    assert refused["rows"] == [] and refused["serialNumbers"] == []
    assert [r["tracing"]["assigned"] for r in scenario.fetch_order(order["id"])["rows"]] == [0, 0]


def test_a_number_given_twice_for_one_item_is_refused_on_the_later_entry(
    scenario: Scenario,
) -> None:
    scenario.product("Twice", True, ["TW-1"])
    order = scenario.order([("TW-1", 2), ("TW-1", 2)])
    a, b = (r["id"] for r in order["rows"])
    refused = _assign(scenario, order["id"], [(a, ["SN-1"]), (b, ["sn-1"])])
    assert [(e["code"], e["rowIndex"], e["number"]) for e in refused["errors"]] == [
        ("ALREADY_EXISTS", 1, "sn-1")
    ]
    assert [r["tracing"]["assigned"] for r in scenario.fetch_order(order["id"])["rows"]] == [0, 0]


def test_more_than_1000_numbers_over_the_whole_call_are_refused_before_any_check(
    scenario: Scenario,
) -> None:
    order = _order(scenario)
    a, b = (r["id"] for r in order["rows"])
    refused = _assign(
        scenario,
        order["id"],
        [(a, [f"A{i}" for i in range(600)]), (b, [f"bad#{i}" for i in range(401)])],
    )
    (error,) = refused["errors"]
    assert (error["code"], error["field"], error["rowIndex"]) == ("TOO_MANY_AT_ONCE", "rows", None)
    assert "1,001" in error["message"]
