"""Assigning and removing serial numbers on purchase order rows, through the API."""

from __future__ import annotations

from support.builders import Scenario


def codes(errors: list[dict]) -> list[tuple[str, int | None]]:
    return [(e["code"], e["index"]) for e in errors]


def test_assigning_fills_tracing_from_missing_to_complete(scenario: Scenario) -> None:
    row = scenario.tracked_row(quantity=3)
    assert row["tracing"] == {"required": 3, "assigned": 0, "state": "MISSING"}

    first = scenario.assign(row["id"], ["SN-1", " SN-2 "])
    assert first["errors"] == []
    assert [s["number"] for s in first["serialNumbers"]] == ["SN-1", "SN-2"]
    assert all(s["status"] == "EXPECTED" and s["addedAt"] is None for s in first["serialNumbers"])
    assert first["row"]["tracing"] == {"required": 3, "assigned": 2, "state": "PARTIAL"}

    second = scenario.assign(row["id"], ["SN-3"])
    assert second["row"]["tracing"]["state"] == "COMPLETE"


def test_every_problem_of_one_input_is_reported_at_once_and_nothing_is_written(
    scenario: Scenario,
) -> None:
    row = scenario.tracked_row(quantity=10)
    assert scenario.assign(row["id"], ["EXIST-1"])["errors"] == []

    result = scenario.assign(
        row["id"],
        [
            "OK-1",  # 0 fine
            "   ",  # 1 empty
            "X" * 33,  # 2 too long
            "bad#1",  # 3 forbidden character
            "tab\there",  # 4 tab inside
            "café",  # 5 accent
            "ok-1",  # 6 duplicate of entry 0 in another case
            "exist-1",  # 7 exists already on this variant
        ],
    )
    assert codes(result["errors"]) == [
        ("EMPTY", 1),
        ("TOO_LONG", 2),
        ("INVALID_CHARACTERS", 3),
        ("INVALID_CHARACTERS", 4),
        ("INVALID_CHARACTERS", 5),
        ("DUPLICATE_IN_INPUT", 6),
        ("ALREADY_EXISTS", 7),
    ]
    exists = result["errors"][-1]
    assert exists["conflict"]["number"] == "EXIST-1"
    assert "PO-" in exists["message"] and "EXIST-1" in exists["message"]
    assert "'#'" in result["errors"][2]["message"]
    assert "tab" in result["errors"][3]["message"]
    assert result["row"] is None

    after = scenario.fetch_row(row["id"])
    assert [s["number"] for s in after["serialNumbers"]] == ["EXIST-1"]
    assert after["tracing"]["assigned"] == 1


def test_32_characters_and_every_allowed_character_pass(scenario: Scenario) -> None:
    row = scenario.tracked_row(quantity=2)
    result = scenario.assign(row["id"], ["A" * 32, "aZ 09-_/,."])
    assert result["errors"] == []


def test_more_than_1000_numbers_at_once_are_refused(scenario: Scenario) -> None:
    row = scenario.tracked_row(quantity=2000)
    result = scenario.assign(row["id"], [f"N{i}" for i in range(1001)])
    assert codes(result["errors"]) == [("TOO_MANY_AT_ONCE", None)]
    assert scenario.fetch_row(row["id"])["tracing"]["assigned"] == 0

    assert scenario.assign(row["id"], [f"N{i}" for i in range(1000)])["errors"] == []
    assert scenario.fetch_row(row["id"])["tracing"]["assigned"] == 1000


def test_numbers_beyond_the_row_quantity_are_refused(scenario: Scenario) -> None:
    row = scenario.tracked_row(quantity=3)
    scenario.assign(row["id"], ["A1"])
    result = scenario.assign(row["id"], ["A2", "A3", "A4", "A5"])
    assert codes(result["errors"]) == [("EXCEEDS_QUANTITY", 2), ("EXCEEDS_QUANTITY", 3)]
    assert "2 more fit" in result["errors"][0]["message"]
    assert scenario.fetch_row(row["id"])["tracing"]["assigned"] == 1


def test_same_number_is_unique_per_variant_in_any_case_but_free_on_other_variants(
    scenario: Scenario,
) -> None:
    scenario.product("Motor", True, ["M-1", "M-2"])
    order = scenario.order([("M-1", 2), ("M-1", 2), ("M-2", 2)])
    first, same_variant, other_variant = (r["id"] for r in order["rows"])
    assert scenario.assign(first, ["sn-1"])["errors"] == []

    clash = scenario.assign(same_variant, ["SN-1"])
    assert codes(clash["errors"]) == [("ALREADY_EXISTS", 0)]
    assert (
        clash["errors"][0]["conflict"]["purchaseOrderRow"]["purchaseOrder"]["number"]
        == order["number"]
    )
    assert scenario.assign(other_variant, ["SN-1"])["errors"] == []


def test_untracked_rows_take_no_serial_numbers(scenario: Scenario) -> None:
    scenario.product("Screws", False, ["SCR"])
    row = scenario.order([("SCR", "2.5")])["rows"][0]
    assert row["tracing"] is None
    result = scenario.assign(row["id"], ["X1"])
    assert codes(result["errors"]) == [("NOT_TRACKED", None)]


def test_removing_numbers_from_a_not_received_row(scenario: Scenario) -> None:
    row = scenario.tracked_row(quantity=3)
    saved = scenario.assign(row["id"], ["R1", "R2", "R3"])["serialNumbers"]
    result = scenario.remove(row["id"], [saved[1]["id"]])
    assert result["errors"] == []
    assert [s["number"] for s in result["row"]["serialNumbers"]] == ["R1", "R3"]
    assert result["row"]["tracing"]["state"] == "PARTIAL"
    # The number is free again.
    assert scenario.assign(row["id"], ["r2"])["errors"] == []


def test_replacing_numbers_in_one_call_is_all_or_nothing(scenario: Scenario) -> None:
    row = scenario.tracked_row(quantity=2)
    saved = scenario.assign(row["id"], ["OLD-1", "OLD-2"])["serialNumbers"]
    # The row is full, but removing one makes room for one.
    result = scenario.assign(row["id"], ["NEW-1"], remove=[saved[0]["id"]])
    assert result["errors"] == []
    assert [s["number"] for s in result["row"]["serialNumbers"]] == ["OLD-2", "NEW-1"]

    refused = scenario.assign(row["id"], ["NEW-2", "bad#"], remove=[saved[1]["id"]])
    assert codes(refused["errors"]) == [("INVALID_CHARACTERS", 1)]
    assert [s["number"] for s in scenario.fetch_row(row["id"])["serialNumbers"]] == [
        "OLD-2",
        "NEW-1",
    ]


def test_received_rows_take_more_numbers_up_to_the_quantity_but_never_lose_any(
    scenario: Scenario,
) -> None:
    row = scenario.tracked_row(quantity=3)
    saved = scenario.assign(row["id"], ["RC-1"])["serialNumbers"]
    order = scenario.receive_row(row["id"])["purchaseOrder"]
    received_at = order["rows"][0]["receivedAt"]
    assert received_at is not None

    added = scenario.assign(row["id"], ["RC-2", "RC-3"])
    assert added["errors"] == []
    assert {s["status"] for s in added["serialNumbers"]} == {"IN_STOCK"}
    assert {s["addedAt"] for s in added["serialNumbers"]} == {received_at}
    assert added["row"]["canRemoveSerialNumbers"] is False

    refused = scenario.remove(row["id"], [saved[0]["id"]])
    assert codes(refused["errors"]) == [("ROW_RECEIVED", None)]
    assert codes(scenario.assign(row["id"], ["RC-4"])["errors"]) == [("EXCEEDS_QUANTITY", 0)]
    assert len(scenario.fetch_row(row["id"])["serialNumbers"]) == 3


def test_check_serial_numbers_is_a_dry_run(scenario: Scenario) -> None:
    row = scenario.tracked_row(quantity=2)
    scenario.assign(row["id"], ["CHK-1"])
    problems = scenario.check(row["id"], ["chk-1", "CHK-2", "CHK-3", "a\tb"])
    assert [(p["code"], p["index"]) for p in problems] == [
        ("ALREADY_EXISTS", 0),
        ("EXCEEDS_QUANTITY", 2),
        ("INVALID_CHARACTERS", 3),
    ]
    assert problems[0]["conflict"]["number"] == "CHK-1"
    assert scenario.fetch_row(row["id"])["tracing"]["assigned"] == 1
    assert scenario.check(row["id"], ["CHK-2"]) == []


def test_unknown_row_ids_are_reported_not_crashed_on(scenario: Scenario) -> None:
    result = scenario.assign("nonsense", ["X"])
    assert codes(result["errors"]) == [("NOT_FOUND", None)]
