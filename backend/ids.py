"""Opaque IDs: base64 of `Type:pk`. A malformed or foreign ID, or one whose number no table
key can hold, decodes to None."""

from __future__ import annotations

import base64
import binascii

MAX_PK = 2**31 - 1  # the tables' integer keys


def encode(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def decode(type_name: str, value: str) -> int | None:
    try:
        padded = value + "=" * (-len(value) % 4)
        kind, _, pk = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        if kind != type_name or not pk.isascii() or not pk.isdigit() or len(pk) > 10:
            return None
        return int(pk) if int(pk) <= MAX_PK else None
    except (binascii.Error, UnicodeError, ValueError):
        return None


def decode_or_missing(type_name: str, value: str) -> int:
    """For mutations: an ID that names nothing becomes a key that is never found (0)."""
    return decode(type_name, value) or 0


def parse(value: str) -> tuple[str, int] | None:
    """(type name, key) of any ID; None when it is not one of ours."""
    try:
        padded = value + "=" * (-len(value) % 4)
        kind = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")[0]
    except (binascii.Error, UnicodeError, ValueError):
        return None
    pk = decode(kind, value) if kind.isascii() and kind.isalpha() else None
    return (kind, pk) if pk is not None else None
