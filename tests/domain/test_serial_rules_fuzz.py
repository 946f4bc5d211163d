"""Hypothesis throws arbitrary text at the serial-number rules: nothing crashes, every accepted
number obeys the rules, every refused entry has a code and its position."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.domain.serial_rules import MAX_LENGTH, check_text

VALID = re.compile(r"[A-Za-z0-9 \-_/,.]{1,32}")
allowed_text = st.text(alphabet="AZaz09 -_/,.", min_size=0, max_size=40)
any_text = st.text(max_size=40)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(any_text, allowed_text), max_size=30))
def test_every_entry_is_either_accepted_by_the_rules_or_refused_with_a_code(
    numbers: list[str],
) -> None:
    problems, clean = check_text(numbers, limit=None)
    accepted = {c.index for c in clean}
    refused = {p.index for p in problems}
    assert accepted.isdisjoint(refused)
    assert accepted | refused == set(range(len(numbers)))
    for entry in clean:
        assert VALID.fullmatch(entry.number)
        assert entry.number == numbers[entry.index].strip()
        assert len(entry.number) <= MAX_LENGTH
    keys = [c.key for c in clean]
    assert len(keys) == len(set(keys))  # no two accepted numbers clash in any case
    for problem in problems:
        assert problem.code and problem.message and problem.field == "numbers"
