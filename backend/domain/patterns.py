"""Numbering patterns: the text generated serial numbers are made from (see
backend.domain.numbering). Literal text in the characters a serial number allows, `{YYYY}`,
`{YY}`, `{MM}`, `{DD}` (today in UTC), and exactly one counter `{#…#}` zero-padded to as many
digits as it has `#` (1–12; a larger value keeps all its digits)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from backend.domain.errors import CatalogErrorCode, Problem
from backend.domain.errors import SerialNumberErrorCode as Code
from backend.domain.serial_rules import ALLOWED, MAX_LENGTH
from backend.models import Variant

PATTERN_LIMIT = 64
MAX_COUNTER_WIDTH = 12
DATE_PARTS = {"YYYY": "%Y", "YY": "%y", "MM": "%m", "DD": "%d"}
SYNTAX = "literal text, {YYYY}, {YY}, {MM}, {DD} and one counter such as {#####}"
_TOKEN = re.compile(r"\{([^{}]*)\}")
_LITERAL = re.compile(r"[A-Za-z0-9 \-_/,.]*")
Codes = type[Code] | type[CatalogErrorCode]  # the enums with an INVALID_PATTERN


@dataclass(frozen=True)
class Pattern:
    text: str
    # (kind, value): ("text", "SN-"), ("date", "%Y"), ("counter", "5" digits)
    parts: tuple[tuple[str, str], ...]

    def render(self, value: int, today: datetime) -> str:
        out = []
        for kind, part in self.parts:
            if kind == "text":
                out.append(part)
            elif kind == "date":
                out.append(today.strftime(part))
            else:
                out.append(str(value).zfill(int(part)))
        return "".join(out)


def parse_pattern(
    text: str, *, field: str, codes: Codes = Code, index: int | None = None
) -> tuple[Pattern | None, list[Problem]]:
    """The pattern, or the problems that make it unusable (code INVALID_PATTERN)."""

    def refuse(message: str) -> tuple[None, list[Problem]]:
        return None, [
            Problem(
                codes.INVALID_PATTERN,
                f"The numbering pattern {text!r} {message}",
                field=field,
                index=index,
            )
        ]

    pattern = text.strip()
    if not pattern:
        return refuse(f"is empty; write {SYNTAX}.")
    if len(pattern) > PATTERN_LIMIT:
        return refuse(f"has {len(pattern)} characters; the most is {PATTERN_LIMIT}.")
    parts: list[tuple[str, str]] = []
    counters = 0
    position = 0
    for match in _TOKEN.finditer(pattern):
        parts.append(("text", pattern[position : match.start()]))
        name = match.group(1)
        if name in DATE_PARTS:
            parts.append(("date", DATE_PARTS[name]))
        elif name and set(name) == {"#"}:
            if len(name) > MAX_COUNTER_WIDTH:
                return refuse(
                    f"has a counter of {len(name)} digits; the most is {MAX_COUNTER_WIDTH}."
                )
            counters += 1
            parts.append(("counter", str(len(name))))
        else:
            return refuse(f"has an unknown placeholder {{{name}}}; write {SYNTAX}.")
        position = match.end()
    parts.append(("text", pattern[position:]))
    for kind, literal in parts:
        if kind != "text":
            continue
        if "{" in literal or "}" in literal:
            return refuse(f"has a brace that opens or closes no placeholder; write {SYNTAX}.")
        if not _LITERAL.fullmatch(literal):
            bad = sorted({c for c in literal if not _LITERAL.fullmatch(c)})
            return refuse(
                f"contains {', '.join(repr(c) for c in bad)}; its text may hold {ALLOWED}."
            )
    if counters != 1:
        return refuse(
            "needs exactly one counter such as {#####} "
            f"(it has {counters}), so that each number differs."
        )
    compiled = Pattern(pattern, tuple((k, v) for k, v in parts if not (k == "text" and not v)))
    sample = compiled.render(1, datetime(2000, 12, 31))
    if len(sample) > MAX_LENGTH:
        return refuse(
            f"makes numbers of {len(sample)} characters; a serial number has at most {MAX_LENGTH}."
        )
    return compiled, []


def check_pattern(
    text: str | None, *, field: str, codes: Codes, index: int | None = None
) -> list[Problem]:
    """None (left as it is) and "" (cleared) are fine; any other text must parse."""
    if text is None or not text.strip():
        return []
    return parse_pattern(text, field=field, codes=codes, index=index)[1]


def stored(text: str | None) -> str | None:
    """What a variant or product keeps: the trimmed pattern, None for "" (none)."""
    return (text or "").strip() or None


def effective_pattern(variant: Variant) -> str | None:
    """The variant's own pattern, else its product's (the product must be fetched)."""
    return variant.numbering_pattern or variant.product.numbering_pattern
