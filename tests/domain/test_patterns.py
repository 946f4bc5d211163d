"""Numbering patterns and ranges, called directly: what numbers they make."""

from __future__ import annotations

from datetime import datetime

from backend.domain.errors import SerialNumberErrorCode as Code
from backend.domain.patterns import parse_pattern
from backend.domain.ranges import expand

DAY = datetime(2026, 3, 7)


def test_a_pattern_renders_date_parts_and_a_zero_padded_counter() -> None:
    pattern, problems = parse_pattern(" SN-{YYYY}{MM}{DD}/{YY}-{####} ", field="pattern")
    assert problems == [] and pattern is not None
    assert pattern.text == "SN-{YYYY}{MM}{DD}/{YY}-{####}"
    assert pattern.render(7, DAY) == "SN-20260307/26-0007"
    # A value larger than the counter's width keeps all its digits.
    assert pattern.render(123456, DAY) == "SN-20260307/26-123456"


def test_a_pattern_without_exactly_one_counter_is_refused() -> None:
    for text in ("SN-{YYYY}", "{#}{#}", "", "{HH}{##}", "A}{##}"):
        pattern, problems = parse_pattern(text, field="numberingPattern")
        assert pattern is None
        assert [(p.code, p.field) for p in problems] == [
            (Code.INVALID_PATTERN, "numberingPattern")
        ], text


def test_ranges_keep_the_first_numbers_width_and_their_text_around_it() -> None:
    assert expand("a-7x..A-10X")[0] == ["a-7x", "a-8x", "a-9x", "a-10x"]
    assert expand("R2-009+2")[0] == ["R2-009", "R2-010", "R2-011"]
    assert expand("R-5..R-5") == (["R-5"], [])
    numbers, problems = expand("R-1+1000")
    assert numbers == [] and [p.code for p in problems] == [Code.TOO_MANY_AT_ONCE]
