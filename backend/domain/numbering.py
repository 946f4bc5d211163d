"""Generated serial numbers: numbering patterns and the per-variant counter.

A pattern (backend.domain.patterns) is literal text with date parts and one zero-padded
counter. A variant generates from its own pattern, else from its product's.

The counter of a variant (table `serial_counter`) is advanced by one
`INSERT … ON CONFLICT DO UPDATE … RETURNING` that holds the counter row's lock until the
transaction ends: concurrent generators on one variant, in any process, queue there and each
gets its own block of values. A value whose number exists already (typed by hand, imported) is
skipped and the counter moves past it. A dry run reads the counter without moving it.
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.timezone import now

from backend.domain import changes
from backend.domain.bulk import find_existing
from backend.domain.db import atomic
from backend.domain.errors import DomainError, Problem
from backend.domain.errors import SerialNumberErrorCode as Code
from backend.domain.patterns import Pattern, effective_pattern, parse_pattern
from backend.domain.purchasing import lock_row
from backend.domain.serial_rules import MAX_PER_INPUT, normalise_key
from backend.domain.serials import assign_in
from backend.domain.sql import is_postgres
from backend.models import PurchaseOrderRow

# Rounds of skipping numbers that exist already before giving up. The first round takes as many
# values as are missing; each round after a collision takes twice as many as the one before (at
# most WINDOW_CAP), so a long run of numbers typed or imported ahead of the counter is jumped in a
# few rounds (40 rounds reach past more than 150,000 of them), and the work stays bounded.
SKIP_ROUNDS = 40
WINDOW_CAP = 5000


# --- the counter -------------------------------------------------------------------------------


async def _advance(conn: BaseDBAsyncClient, variant_id: int, count: int) -> int:
    """Takes `count` values of the variant's counter; returns the last of them."""
    if is_postgres(conn):
        sql = (
            "INSERT INTO serial_counter (variant_id, value) VALUES ($1, $2) "
            "ON CONFLICT (variant_id) DO UPDATE SET value = serial_counter.value + $2 "
            "RETURNING value"
        )
    else:
        sql = (
            "INSERT INTO serial_counter (variant_id, value) VALUES (?, ?) "
            "ON CONFLICT (variant_id) DO UPDATE SET value = serial_counter.value + "
            "excluded.value RETURNING value"
        )
    rows = await conn.execute_query_dict(sql, [variant_id, count])
    return int(rows[0]["value"])


async def _current(conn: BaseDBAsyncClient, variant_id: int) -> int:
    sql = "SELECT value FROM serial_counter WHERE variant_id = " + (
        "$1" if is_postgres(conn) else "?"
    )
    rows = await conn.execute_query_dict(sql, [variant_id])
    return int(rows[0]["value"]) if rows else 0


async def next_numbers(
    conn: BaseDBAsyncClient, variant_id: int, pattern: Pattern, count: int, *, consume: bool
) -> list[str]:
    """The next `count` numbers of the pattern that the variant does not have yet; with
    `consume` the counter moves past them (and past the skipped ones)."""
    today = now()
    found: list[str] = []
    current = 0 if consume else await _current(conn, variant_id)
    for round_ in range(SKIP_ROUNDS):
        if len(found) >= count:
            return found[:count]
        # Values taken beyond the ones used (after a collision) are left out for good: gaps
        # in the counter, never a number given twice.
        need = min((count - len(found)) * 2**round_, max(WINDOW_CAP, count))
        if consume:
            last = await _advance(conn, variant_id, need)
        else:
            last = current = current + need
        candidates = [pattern.render(v, today) for v in range(last - need + 1, last + 1)]
        existing = await find_existing(conn, variant_id, [normalise_key(c) for c in candidates])
        found += [c for c in candidates if normalise_key(c) not in existing]
    if len(found) >= count:
        return found[:count]
    raise DomainError(
        [
            Problem(
                Code.ALREADY_EXISTS,
                f"The pattern {pattern.text} keeps giving numbers that exist "
                "already; use a pattern with a new prefix.",
                field="pattern",
            )
        ]
    )


# --- generating for a row ----------------------------------------------------------------------


async def generate(
    row_id: int,
    count: int | None,
    pattern: str | None = None,
    dry_run: bool = False,
    actor: str | None = None,
) -> tuple[PurchaseOrderRow, list[str]]:
    """Assigns `count` new numbers (default: as many as the row has room for) from `pattern`
    (default: the variant's) to a row, all or nothing, with the rules of assigning. A dry run
    returns the numbers it would give and changes nothing, the counter included."""

    async def work(conn: BaseDBAsyncClient) -> tuple[PurchaseOrderRow, list[str]]:
        if not dry_run:
            return await make(conn)
        with changes.unannounced():  # a preview changes nothing: no feed entry
            return await make(conn)

    async def make(conn: BaseDBAsyncClient) -> tuple[PurchaseOrderRow, list[str]]:
        _order, row, tracked = await lock_row(row_id, conn)
        variant = row.variant
        if not tracked:
            raise DomainError(
                [
                    Problem(
                        Code.NOT_TRACKED,
                        f"{variant.sku} is not serial-tracked; its rows take no serial numbers.",
                        field="rowId",
                    )
                ]
            )
        problems: list[Problem] = []
        text = pattern if pattern is not None else effective_pattern(variant)
        compiled: Pattern | None = None
        if text is None:
            problems.append(
                Problem(
                    Code.INVALID_PATTERN,
                    f"{variant.sku} has no numbering pattern; give one (e.g. "
                    "SN-{YYYY}-{#####}) or set it on the item.",
                    field="pattern",
                )
            )
        else:
            compiled, found = parse_pattern(text, field="pattern")
            problems += found
        room = max(int(row.quantity) - row.assigned_count, 0)
        wanted = room if count is None else count
        if count is not None and count > MAX_PER_INPUT:
            raise DomainError(
                [
                    Problem(
                        Code.TOO_MANY_AT_ONCE,
                        f"{count:,} numbers were asked for at once; the most is {MAX_PER_INPUT:,}.",
                        field="count",
                    )
                ]
            )
        if count is not None and count < 1:
            problems.append(
                Problem(Code.EMPTY, f"count is {count}; ask for at least 1 number.", field="count")
            )
        elif wanted > room or wanted == 0:
            problems.append(
                Problem(
                    Code.EXCEEDS_QUANTITY,
                    f"The row takes {int(row.quantity)} and {row.assigned_count} are assigned, so "
                    f"{room} more fit{'' if count is None else f'; {count} were asked for'}.",
                    field="count",
                )
            )
        elif wanted > MAX_PER_INPUT:
            problems.append(
                Problem(
                    Code.TOO_MANY_AT_ONCE,
                    f"The row has room for {wanted:,} numbers; the most at once "
                    f"is {MAX_PER_INPUT:,}: give a count.",
                    field="count",
                )
            )
        if problems or compiled is None:
            raise DomainError(problems)
        numbers = await next_numbers(conn, row.variant_id, compiled, wanted, consume=not dry_run)
        if dry_run:
            return row, numbers
        saved, _created = await assign_in(conn, row.id, numbers, [], actor)
        return saved, numbers

    return await atomic(work)
