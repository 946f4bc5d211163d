"""Business dates (received, delivered): validated and normalised to UTC before they are
stored, so that what is stored can always be read back and sorts the same on every database.

A business date may not lie in the future (beyond a small clock skew between a client and the
server) nor before the document it belongs to, e.g. a receipt before its order was created."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise.timezone import now

from backend.domain.errors import (
    DomainError,
    Problem,
    PurchaseOrderErrorCode,
    SalesOrderErrorCode,
)

CLOCK_SKEW = timedelta(minutes=5)
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)  # no business of ours is older
# The enums with INVALID_DATE, DATE_IN_FUTURE and DATE_TOO_EARLY.
Codes = type[PurchaseOrderErrorCode] | type[SalesOrderErrorCode]


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
    codes: Codes,
    not_before: list[tuple[datetime | None, str]],
) -> datetime:
    """The date of a business event in UTC: now when `value` is None. Refused (all problems
    at once) when it is in the future or before any of `not_before` ((time, what it is))."""
    current = now()
    if value is None:
        return current
    stamp = to_utc(value)
    if stamp is None:
        raise DomainError(
            [
                Problem(
                    codes.INVALID_DATE,
                    f"The {what} {value.isoformat()} is not a valid date.",
                    field=field,
                )
            ]
        )
    problems = []
    if stamp > current + CLOCK_SKEW:
        problems.append(
            Problem(
                codes.DATE_IN_FUTURE,
                f"The {what} {_day(stamp)} is in the future; it can be now "
                f"({_day(current)}) at the latest.",
                field=field,
            )
        )
    for earliest, reason in [(EARLIEST, "the year 2000"), *not_before]:
        bound = None if earliest is None else to_utc(earliest)  # stored times always convert
        if bound is not None and stamp < bound - CLOCK_SKEW:
            problems.append(
                Problem(
                    codes.DATE_TOO_EARLY,
                    f"The {what} {_day(stamp)} is before {reason} ({_day(bound)}).",
                    field=field,
                )
            )
            break
    if problems:
        raise DomainError(problems)
    return stamp
