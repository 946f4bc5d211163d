"""Substring search on serial numbers that does not scan the table (migration 0011):
PostgreSQL a pg_trgm GIN index on the normalised number; SQLite an FTS5 trigram table over
`serial_number.number_key`, kept by triggers (detail=none: only which rows hold a trigram)."""

from __future__ import annotations

from typing import Any

_SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS serial_number_fts USING fts5(number_key, "
    "content='serial_number', content_rowid='id', tokenize='trigram', detail='none')",
    "CREATE TRIGGER IF NOT EXISTS serial_number_fts_insert AFTER INSERT ON serial_number BEGIN "
    "INSERT INTO serial_number_fts(rowid, number_key) VALUES (NEW.id, NEW.number_key); END",
    "CREATE TRIGGER IF NOT EXISTS serial_number_fts_delete AFTER DELETE ON serial_number BEGIN "
    "INSERT INTO serial_number_fts(serial_number_fts, rowid, number_key) "
    "VALUES ('delete', OLD.id, OLD.number_key); END",
    "CREATE TRIGGER IF NOT EXISTS serial_number_fts_update AFTER UPDATE OF number_key ON "
    "serial_number BEGIN INSERT INTO serial_number_fts(serial_number_fts, rowid, number_key) "
    "VALUES ('delete', OLD.id, OLD.number_key); INSERT INTO serial_number_fts(rowid, number_key) "
    "VALUES (NEW.id, NEW.number_key); END",
    "INSERT INTO serial_number_fts(serial_number_fts) VALUES ('rebuild')",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS serial_number_fts_insert",
    "DROP TRIGGER IF EXISTS serial_number_fts_delete",
    "DROP TRIGGER IF EXISTS serial_number_fts_update",
    "DROP TABLE IF EXISTS serial_number_fts",
]
_POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS serial_number_key_trgm ON serial_number "
    "USING gin (number_key gin_trgm_ops)",
]
_POSTGRES_DROP = ["DROP INDEX IF EXISTS serial_number_key_trgm"]


async def add_search_index(schema_editor: Any) -> None:
    client = schema_editor.client
    for sql in _SQLITE if client.capabilities.dialect == "sqlite" else _POSTGRES:
        await client.execute_script(sql)


async def drop_search_index(schema_editor: Any) -> None:
    client = schema_editor.client
    for sql in _SQLITE_DROP if client.capabilities.dialect == "sqlite" else _POSTGRES_DROP:
        await client.execute_script(sql)
