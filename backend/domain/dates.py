"""Business dates (received, delivered): validated and normalised to UTC before they are
stored, so that what is stored can always be read back and sorts the same on every database.

A business date may not lie in the future (beyond a small clock skew between a client and the
server) nor before the document it belongs to, e.g. a receipt before its order was created."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum

from tortoise.timezone import now

from backend.domain.errors import DomainError, Problem

CLOCK_SKEW = timedelta(minutes=5)
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)  # no business of ours is older


def to_utc(value: datetime) -> datetime | None:
    """`value` in UTC (a value without an offset is read as UTC); None when it can't be
    (an offset that pushes it past the year 9999 or before the year 1)."""
    try:
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def _day(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC")


def business_time(
    value: datetime | None,
    *,
    what: str,
    field: str,
    codes: type[StrEnum],
    not_before: list[tuple[datetime | None, str]],
) -> datetime:
    """The date of a business event in UTC: now when `value` is None. Refused (all problems
    at once) when it is in the future or before any of `not_before` ((time, what it is))."""
    current = now()
    if value is None:
        return current
    stamp = to_utc(value)
    if stamp is None:
        raise DomainError([Problem(codes.INVALID_DATE,  # type: ignore[attr-defined]
                                   f"The {what} {value.isoformat()} is not a valid date.",
                                   field=field)])
    problems = []
    if stamp > current + CLOCK_SKEW:
        problems.append(Problem(codes.DATE_IN_FUTURE,  # type: ignore[attr-defined]
                                f"The {what} {_day(stamp)} is in the future; it can be now "
                                f"({_day(current)}) at the latest.", field=field))
    for earliest, reason in [(EARLIEST, "the year 2000"), *not_before]:
        if earliest is not None and stamp < to_utc(earliest) - CLOCK_SKEW:  # type: ignore[operator]
            problems.append(Problem(codes.DATE_TOO_EARLY,  # type: ignore[attr-defined]
                                    f"The {what} {_day(stamp)} is before {reason} "
                                    f"({_day(to_utc(earliest))}).",  # type: ignore[arg-type]
                                    field=field))
            break
    if problems:
        raise DomainError(problems)
    return stamp
