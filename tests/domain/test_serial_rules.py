"""The text rules of a serial number, tested on the domain function itself."""

from __future__ import annotations

import pytest

from backend.domain.errors import SerialNumberErrorCode as Code
from backend.domain.serial_rules import MAX_PER_INPUT, check_text, normalise_key


def codes(numbers: list[str], **kwargs) -> list[tuple[str, int | None]]:
    problems, _ = check_text(numbers, **kwargs)
    return [(p.code.value, p.index) for p in problems]


@pytest.mark.parametrize(
    "number", ["A", "a" * 32, "SN-001", "x_y/z,1.2", "with space", "  padded  ", "0000123"]
)
def test_accepted(number: str) -> None:
    problems, clean = check_text([number])
    assert problems == []
    assert clean[0].number == number.strip()
    assert clean[0].key == number.strip().lower()


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("", Code.EMPTY),
        ("   ", Code.EMPTY),
        ("\t", Code.EMPTY),
        ("a" * 33, Code.TOO_LONG),
        (" " + "a" * 33 + " ", Code.TOO_LONG),
        ("a#b", Code.INVALID_CHARACTERS),
        ("a\tb", Code.INVALID_CHARACTERS),
        ("café", Code.INVALID_CHARACTERS),
        ("a\x00b", Code.INVALID_CHARACTERS),
        ("a\nb", Code.INVALID_CHARACTERS),
        ("a;b", Code.INVALID_CHARACTERS),
        ("a+b", Code.INVALID_CHARACTERS),
        ("ａ", Code.INVALID_CHARACTERS),
    ],
)
def test_refused(number: str, code: Code) -> None:
    problems, clean = check_text([number])
    assert [p.code for p in problems] == [code]
    assert problems[0].index == 0 and clean == []


def test_trimmed_length_counts() -> None:
    assert codes(["  " + "a" * 32 + "  "]) == []


def test_every_repeat_is_reported_with_its_first_occurrence() -> None:
    problems, clean = check_text(["SN-1", "sn-1", "SN-2", " SN-1 ", "sn-2"])
    assert [(p.code.value, p.index) for p in problems] == [
        ("DUPLICATE_IN_INPUT", 1),
        ("DUPLICATE_IN_INPUT", 3),
        ("DUPLICATE_IN_INPUT", 4),
    ]
    assert "entry 1" in problems[0].message
    assert [c.number for c in clean] == ["SN-1", "SN-2"]


def test_an_input_over_the_cap_is_refused_whole_before_any_entry_is_checked() -> None:
    # Checking every entry of an oversized input anyway let one request stall a worker.
    numbers = [f"N{i}" for i in range(MAX_PER_INPUT + 1)] + ["bad#"]
    problems, clean = check_text(numbers)
    assert [(p.code.value, p.index) for p in problems] == [("TOO_MANY_AT_ONCE", None)]
    assert clean == [] and "1,002 numbers" in problems[0].message
    assert codes(numbers, limit=None) == [("INVALID_CHARACTERS", 1001)]


def test_normalised_key_ignores_case_only() -> None:
    assert normalise_key("Sn-1") == normalise_key("SN-1") == "sn-1"
    assert normalise_key("SN 1") != normalise_key("SN-1")
