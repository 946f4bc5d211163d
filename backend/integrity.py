"""Integrity that the database holds: for the rows of orders a positive quantity and never more
serial numbers than the quantity; for serial numbers a status that agrees with the sales order
row they are on. Used by the migrations.

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


# A serial number is on a sales order row exactly while it is reserved or shipped: a unit that
# is expected or in stock and also picked can never be stored (a race between two changes ends
# as an IntegrityError, and the unit of work runs again and reports properly).
_SERIAL_RULES = {
    "status_matches_sales_order": (
        "(status IN ('RESERVED', 'SHIPPED')) = (sales_order_row_id IS NOT NULL)",
        "(NEW.status IN ('RESERVED', 'SHIPPED')) <> (NEW.sales_order_row_id IS NOT NULL)",
    ),
}


async def _add_checks(schema_editor: Any, table: str, rules: dict[str, tuple[str, str]]) -> None:
    client = schema_editor.client
    for name, (check, breaks) in rules.items():
        if client.capabilities.dialect == "sqlite":
            for event in ("INSERT", "UPDATE"):
                await client.execute_script(
                    _SQLITE_TRIGGER.format(table=table, name=name, event=event, when=breaks)
                )
        else:
            await client.execute_script(
                f'ALTER TABLE "{table}" ADD CONSTRAINT "{table}_{name}" CHECK ({check})'
            )


async def _drop_checks(schema_editor: Any, table: str, rules: dict[str, tuple[str, str]]) -> None:
    client = schema_editor.client
    for name in rules:
        if client.capabilities.dialect == "sqlite":
            for event in ("INSERT", "UPDATE"):
                await client.execute_script(f'DROP TRIGGER IF EXISTS "{table}_{name}_{event}"')
        else:
            await client.execute_script(
                f'ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS "{table}_{name}"'
            )


async def add_row_checks(schema_editor: Any, table: str) -> None:
    await _add_checks(schema_editor, table, _RULES)


async def drop_row_checks(schema_editor: Any, table: str) -> None:
    await _drop_checks(schema_editor, table, _RULES)


async def add_serial_checks(schema_editor: Any) -> None:
    await _add_checks(schema_editor, "serial_number", _SERIAL_RULES)


async def drop_serial_checks(schema_editor: Any) -> None:
    await _drop_checks(schema_editor, "serial_number", _SERIAL_RULES)


# Serial numbers only on serial-tracked items, and tracking switched only while an item has
# none. PostgreSQL: the statement trigger takes a share lock on the products it inserts for, so
# a concurrent switch of tracking waits for the insert to commit and then sees its numbers.
_PG_TRACKING = """
CREATE OR REPLACE FUNCTION serial_number_tracked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM product p WHERE p.id IN (
    SELECT v.product_id FROM new_rows n JOIN variant v ON v.id = n.variant_id) FOR SHARE;
  IF EXISTS (SELECT 1 FROM new_rows n JOIN variant v ON v.id = n.variant_id
             JOIN product p ON p.id = v.product_id WHERE NOT p.serial_tracked) THEN
    RAISE EXCEPTION 'CHECK constraint failed: serial numbers only on serial-tracked items'
      USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER serial_number_tracked AFTER INSERT ON serial_number
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION serial_number_tracked();
CREATE OR REPLACE FUNCTION product_tracking_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.serial_tracked <> OLD.serial_tracked AND EXISTS (
      SELECT 1 FROM serial_number s JOIN variant v ON v.id = s.variant_id
      WHERE v.product_id = NEW.id) THEN
    RAISE EXCEPTION 'CHECK constraint failed: tracking switched with serial numbers'
      USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER product_tracking_locked BEFORE UPDATE OF serial_tracked ON product
  FOR EACH ROW EXECUTE FUNCTION product_tracking_locked();
"""
_SQLITE_TRACKING = """
CREATE TRIGGER IF NOT EXISTS serial_number_tracked BEFORE INSERT ON serial_number
FOR EACH ROW WHEN (SELECT p.serial_tracked FROM variant v JOIN product p ON p.id = v.product_id
                   WHERE v.id = NEW.variant_id) = 0
BEGIN
  SELECT RAISE(ABORT, 'CHECK constraint failed: serial numbers only on serial-tracked items');
END;
CREATE TRIGGER IF NOT EXISTS product_tracking_locked BEFORE UPDATE OF serial_tracked ON product
FOR EACH ROW WHEN NEW.serial_tracked <> OLD.serial_tracked AND EXISTS (
  SELECT 1 FROM serial_number s JOIN variant v ON v.id = s.variant_id WHERE v.product_id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: tracking switched with serial numbers'); END;
"""


async def add_tracking_checks(schema_editor: Any) -> None:
    client = schema_editor.client
    sqlite = client.capabilities.dialect == "sqlite"
    await client.execute_script(_SQLITE_TRACKING if sqlite else _PG_TRACKING)


async def drop_tracking_checks(schema_editor: Any) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "sqlite":
        await client.execute_script(
            "DROP TRIGGER IF EXISTS serial_number_tracked; "
            "DROP TRIGGER IF EXISTS product_tracking_locked;"
        )
    else:
        await client.execute_script(
            "DROP TRIGGER IF EXISTS serial_number_tracked ON serial_number; "
            "DROP TRIGGER IF EXISTS product_tracking_locked ON product; "
            "DROP FUNCTION IF EXISTS serial_number_tracked(); "
            "DROP FUNCTION IF EXISTS product_tracking_locked();"
        )


# `updated_at` is kept by the database, so that every write moves it — the ORM's and the bulk
# SQL's (backend/domain/bulk.py) alike: a write that does not set it itself gets the time of the
# write (an insert without it, too). Integrators sync changes by it.
TIMESTAMPED = (
    "product",
    "variant",
    "supplier",
    "customer",
    "purchase_order",
    "purchase_order_row",
    "sales_order",
    "sales_order_row",
    "serial_number",
)
# The text form Tortoise writes on SQLite (`datetime.isoformat(" ")`), in UTC. SQLite's clock
# has milliseconds: an insert takes its created_at, and an update never goes below the value
# before it (texts of one form compare as the times do).
_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now') || '000+00:00'"
_SQLITE_TOUCH = """
CREATE TRIGGER IF NOT EXISTS "{table}_touch_insert" AFTER INSERT ON "{table}"
FOR EACH ROW WHEN NEW.updated_at IS NULL
BEGIN UPDATE "{table}" SET updated_at = COALESCE(NEW.created_at, {now}) WHERE id = NEW.id; END;
CREATE TRIGGER IF NOT EXISTS "{table}_touch_update" AFTER UPDATE ON "{table}"
FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at OR NEW.updated_at IS NULL
BEGIN UPDATE "{table}" SET updated_at = MAX({now}, COALESCE(OLD.updated_at, ''),
                                            COALESCE(NEW.created_at, ''))
      WHERE id = NEW.id; END;
"""
_PG_TOUCH_FUNCTION = """
CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.updated_at IS NULL THEN
    NEW.updated_at := COALESCE(NEW.created_at, clock_timestamp());
  ELSIF TG_OP = 'UPDATE' AND (NEW.updated_at IS NULL
                              OR NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at) THEN
    NEW.updated_at := GREATEST(clock_timestamp(), OLD.updated_at);
  END IF;
  RETURN NEW;
END $$;
"""
_PG_TOUCH = """
CREATE TRIGGER "{table}_touch" BEFORE INSERT OR UPDATE ON "{table}"
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
"""


async def add_touch_triggers(schema_editor: Any) -> None:
    client = schema_editor.client
    sqlite = client.capabilities.dialect == "sqlite"
    if not sqlite:
        await client.execute_script(_PG_TOUCH_FUNCTION)
    for table in TIMESTAMPED:
        await client.execute_script(
            _SQLITE_TOUCH.format(table=table, now=_SQLITE_NOW)
            if sqlite
            else _PG_TOUCH.format(table=table)
        )


async def drop_touch_triggers(schema_editor: Any) -> None:
    client = schema_editor.client
    sqlite = client.capabilities.dialect == "sqlite"
    for table in TIMESTAMPED:
        await client.execute_script(
            f'DROP TRIGGER IF EXISTS "{table}_touch_insert"; '
            f'DROP TRIGGER IF EXISTS "{table}_touch_update";'
            if sqlite
            else f'DROP TRIGGER IF EXISTS "{table}_touch" ON "{table}";'
        )
    if not sqlite:
        await client.execute_script("DROP FUNCTION IF EXISTS touch_updated_at();")


# Webhooks (migration 0015): an endpoint's URL is http(s); a delivery's status is one of the four,
# it is delivered exactly when it has a delivered_at, and its attempts never go below 0.
_WEBHOOK_RULES = {
    "webhook_endpoint": {
        "url_http": (
            "url LIKE 'http://%' OR url LIKE 'https://%'",
            "NOT (NEW.url LIKE 'http://%' OR NEW.url LIKE 'https://%')",
        ),
    },
    "webhook_delivery": {
        "status_known": (
            "status IN ('PENDING', 'RETRYING', 'DELIVERED', 'FAILED')",
            "NEW.status NOT IN ('PENDING', 'RETRYING', 'DELIVERED', 'FAILED')",
        ),
        "delivered_when_stamped": (
            "(status = 'DELIVERED') = (delivered_at IS NOT NULL)",
            "(NEW.status = 'DELIVERED') <> (NEW.delivered_at IS NOT NULL)",
        ),
        "attempts_counted": ("attempts >= 0", "NEW.attempts < 0"),
    },
    "webhook_attempt": {
        "duration_positive": ("duration_ms >= 0", "NEW.duration_ms < 0"),
    },
}


async def add_webhook_checks(schema_editor: Any) -> None:
    for table, rules in _WEBHOOK_RULES.items():
        await _add_checks(schema_editor, table, rules)


async def drop_webhook_checks(schema_editor: Any) -> None:
    for table, rules in _WEBHOOK_RULES.items():
        await _drop_checks(schema_editor, table, rules)
