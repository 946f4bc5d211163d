"""Ranges typed in one box: `SN-0001..SN-0100` (from, to) and `SN-0001+99` (the first and 99
more) expand to their numbers. A line may also be a single number. The last run of digits
counts; the text around it must be the same at both ends, and the digits keep the first
number's width (`SN-098..SN-102` gives SN-098 … SN-102). At most 1000 numbers in all, refused
before any number is made."""

from __future__ import annotations

import re
from dataclasses import dataclass

from backend.domain.errors import Problem
from backend.domain.errors import SerialNumberErrorCode as Code
from backend.domain.serial_rules import MAX_PER_INPUT, check_text

FIELD = "text"
_LAST_DIGITS = re.compile(r"([0-9]+)(?!.*[0-9])")


@dataclass(frozen=True)
class _Span:
    line: int
    prefix: str
    first: int
    count: int
    width: int
    suffix: str


def _split(number: str) -> tuple[str, str, str] | None:
    match = _LAST_DIGITS.search(number)
    if match is None:
        return None
    return number[: match.start()], match.group(1), number[match.end() :]


def _span(line: int, text: str) -> _Span | Problem | str:
    """A range, a problem with it, or the text itself when it is a single number."""

    def bad(message: str) -> Problem:
        return Problem(
            Code.INVALID_RANGE,
            f"Line {line + 1} ({text[:60]}): {message}",
            field=FIELD,
            index=line,
            number=text[:60],
        )

    if ".." in text:
        start, end = (part.strip() for part in text.split("..", 1))
        first, last = _split(start), _split(end)
        if first is None or last is None:
            return bad("both ends of a range need a number in them, as in SN-0001..SN-0100.")
        if (first[0].lower(), first[2].lower()) != (last[0].lower(), last[2].lower()):
            return bad(
                f"the ends differ in more than their last number ({start} and {end}); "
                "write SN-0001..SN-0100."
            )
        low, high = int(first[1]), int(last[1])
        if high < low:
            return bad(f"the range runs backwards ({start} is after {end}).")
        return _Span(line, first[0], low, high - low + 1, len(first[1]), first[2])
    if "+" in text:
        start, more = (part.strip() for part in text.rsplit("+", 1))
        first = _split(start)
        if first is None:
            return bad("the start needs a number in it, as in SN-0001+99.")
        if not more.isdigit():
            return bad(f"after + comes how many more numbers, as in SN-0001+99 (not {more!r}).")
        return _Span(line, first[0], int(first[1]), int(more) + 1, len(first[1]), first[2])
    return text


def expand(text: str) -> tuple[list[str], list[Problem]]:
    """The numbers of every line of `text`, or the problems (and then no numbers)."""
    lines = [(i, line.strip()) for i, line in enumerate(text.splitlines()) if line.strip()]
    problems: list[Problem] = []
    parts: list[_Span | tuple[int, str]] = []
    for index, line in lines:
        part = _span(index, line)
        if isinstance(part, Problem):
            problems.append(part)
        else:
            parts.append((index, part) if isinstance(part, str) else part)
    total = sum(p.count if isinstance(p, _Span) else 1 for p in parts)
    if total > MAX_PER_INPUT:
        return [], [
            Problem(
                Code.TOO_MANY_AT_ONCE,
                f"This makes {total:,} numbers; the most at once is {MAX_PER_INPUT:,}.",
                field=FIELD,
            )
        ]
    numbers: list[str] = []
    line_of: list[int] = []
    for item in parts:
        if isinstance(item, tuple):
            line_of.append(item[0])
            numbers.append(item[1])
            continue
        for value in range(item.first, item.first + item.count):
            numbers.append(f"{item.prefix}{str(value).zfill(item.width)}{item.suffix}")
            line_of.append(item.line)
    text_problems, _clean = check_text(numbers, field=FIELD, limit=None)
    reported: set[tuple[int, str]] = set()
    for p in text_problems:
        if p.index is None or (line_of[p.index], p.code) in reported:
            continue  # one problem of a kind per line: a range of bad numbers says it once
        reported.add((line_of[p.index], p.code))
        message = (
            f"{p.number} comes twice."
            if p.code == Code.DUPLICATE_IN_INPUT
            else p.message.split(") ", 1)[-1]
        )  # without "Entry n (…)"
        problems.append(
            Problem(
                p.code,
                f"Line {line_of[p.index] + 1} ({p.number}): {message}",
                FIELD,
                line_of[p.index],
                p.number,
            )
        )
    if problems:
        return [], sorted(problems, key=lambda p: p.index or 0)
    return [n.strip() for n in numbers], []
