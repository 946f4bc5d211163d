"""Integrity that the database holds for the rows of orders: a positive quantity, and never more
serial numbers than the quantity. Used by the migrations.

PostgreSQL takes CHECK constraints; SQLite cannot add one to an existing table, so triggers
abort the same writes there."""

from __future__ import annotations

from typing import Any

_SQLITE_TRIGGER = (
    'CREATE TRIGGER IF NOT EXISTS "{table}_{name}_{event}" BEFORE {event} ON "{table}" '
    "FOR EACH ROW WHEN {when} BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {name}'); END"
)
_RULES = {
    # name: (PostgreSQL check, SQLite condition that breaks it)
    "quantity_positive": ("quantity > 0", "CAST(NEW.quantity AS REAL) <= 0"),
    "assigned_within_quantity": (
        "assigned_count >= 0 AND assigned_count <= quantity",
        "NEW.assigned_count < 0 OR NEW.assigned_count > CAST(NEW.quantity AS REAL)",
    ),
}


async def add_row_checks(schema_editor: Any, table: str) -> None:
    client = schema_editor.client
    for name, (check, breaks) in _RULES.items():
        if client.capabilities.dialect == "sqlite":
            for event in ("INSERT", "UPDATE"):
                await client.execute_script(
                    _SQLITE_TRIGGER.format(table=table, name=name, event=event, when=breaks))
        else:
            await client.execute_script(
                f'ALTER TABLE "{table}" ADD CONSTRAINT "{table}_{name}" CHECK ({check})')


async def drop_row_checks(schema_editor: Any, table: str) -> None:
    client = schema_editor.client
    for name in _RULES:
        if client.capabilities.dialect == "sqlite":
            for event in ("INSERT", "UPDATE"):
                await client.execute_script(f'DROP TRIGGER IF EXISTS "{table}_{name}_{event}"')
        else:
            await client.execute_script(
                f'ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS "{table}_{name}"')
