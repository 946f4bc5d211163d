"""The rules of a serial number's text, shared by manual entry, the API and the importer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from backend.domain.errors import Problem
from backend.domain.errors import SerialNumberErrorCode as Code

MAX_LENGTH = 32
MAX_PER_INPUT = 1000
ALLOWED = "ASCII letters, digits, space and - _ / , ."
_VALID = re.compile(r"[A-Za-z0-9 \-_/,.]+")
_INVALID_CHAR = re.compile(r"[^A-Za-z0-9 \-_/,.]")


def normalise_key(number: str) -> str:
    """The form compared for uniqueness: `sn-1` and `SN-1` are the same number."""
    return number.lower()


_DIGITS = re.compile(r"[0-9]+")


def _digit_run(match: re.Match[str]) -> str:
    digits = match.group().lstrip("0") or "0"
    return f"{len(digits):02d}{digits}"


def sort_key(number: str) -> str:
    """The natural order of numbers as people expect it (SN-2 before SN-10), as text that sorts
    byte by byte: each run of digits becomes its length (two digits) and its digits without
    leading zeros; the rest is case-folded like `normalise_key`. At most 96 characters."""
    return _DIGITS.sub(_digit_run, normalise_key(number))


@dataclass(frozen=True)
class CleanNumber:
    index: int
    number: str  # trimmed, as entered
    key: str


def _describe(char: str) -> str:
    names = {"\t": "a tab", "\n": "a line break", "\r": "a carriage return"}
    if char in names:
        return names[char]
    if not char.isprintable():
        return f"the control character U+{ord(char):04X}"
    return f"'{char}'"


def check_text(
    numbers: list[str], *, field: str = "numbers", limit: int | None = MAX_PER_INPUT
) -> tuple[list[Problem], list[CleanNumber]]:
    """Checks each entry on its own and against the others in the same input.

    Returns every problem found (all at once) and the entries that passed, trimmed.
    """
    problems: list[Problem] = []
    clean: list[CleanNumber] = []
    if limit is not None and len(numbers) > limit:
        # Refused whole, before any per-entry work: an oversized input costs nothing.
        return [
            Problem(
                Code.TOO_MANY_AT_ONCE,
                f"{len(numbers):,} numbers were entered at once; the most is {limit:,}.",
                field=field,
            )
        ], []
    first_seen: dict[str, int] = {}
    for index, raw in enumerate(numbers):
        number = raw.strip()
        where = f"Entry {index + 1}"
        if not number:
            problems.append(
                Problem(Code.EMPTY, f"{where} is empty.", field=field, index=index, number=raw)
            )
            continue
        if len(number) > MAX_LENGTH:
            problems.append(
                Problem(
                    Code.TOO_LONG,
                    f"{where} ({number[:40]}) has {len(number)} characters; "
                    f"the most is {MAX_LENGTH}.",
                    field=field,
                    index=index,
                    number=number,
                )
            )
            continue
        if not _VALID.fullmatch(number):
            bad = sorted({_describe(c) for c in _INVALID_CHAR.findall(number)})
            problems.append(
                Problem(
                    Code.INVALID_CHARACTERS,
                    f"{where} ({number!r}) contains {', '.join(bad)} (allowed: {ALLOWED})",
                    field=field,
                    index=index,
                    number=number,
                )
            )
            continue
        key = normalise_key(number)
        if key in first_seen:
            first = first_seen[key]
            problems.append(
                Problem(
                    Code.DUPLICATE_IN_INPUT,
                    f"{where} ({number}) repeats entry {first + 1} ({numbers[first].strip()}).",
                    field=field,
                    index=index,
                    number=number,
                )
            )
            continue
        first_seen[key] = index
        clean.append(CleanNumber(index, number, key))
    return problems, clean
