"""Bounds on what one request may hand to a resolver, checked on the parsed argument values of
every root field (variables and literals alike, JSON and multipart alike): no list longer than
MAX_ITEMS, no text longer than MAX_TEXT, no NUL character (PostgreSQL text can't store it).
Refused before any resolver runs, with a message naming the argument, as BAD_USER_INPUT.
The domain's own, tighter rules (1000 serial numbers per input, …) still apply below.

`check_arguments` runs in the permission check every root field declares
(`permissions.Requires`), not as a schema-wide `resolve` hook: such a hook wraps every field of
every answer (30,000 of them for a recall of 1000 units) to look at the root's alone."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any

from graphql import GraphQLError

MAX_ITEMS = 5000
MAX_TEXT = 10_000


def _refuse(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})


def check_value(value: Any, path: str) -> None:
    """Raises a BAD_USER_INPUT GraphQLError for the first bound `value` breaks."""
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise _refuse(f"{path} has {len(value):,} characters; the most is {MAX_TEXT:,}.")
        if "\x00" in value:
            raise _refuse(f"{path} contains the NUL character (U+0000), which no text may.")
    elif isinstance(value, list | tuple):
        if len(value) > MAX_ITEMS:
            raise _refuse(f"{path} has {len(value):,} items; the most is {MAX_ITEMS:,}.")
        for index, item in enumerate(value):
            check_value(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_value(item, f"{path}.{key}")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            check_value(getattr(value, field.name), f"{path}.{_camel(field.name)}")
    elif value is None or isinstance(value, int | float | bool | Enum):
        return


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def check_arguments(kwargs: dict[str, Any]) -> None:
    """The bounds, for a root field's arguments (by their Python names)."""
    for name, value in kwargs.items():
        check_value(value, _camel(name))
