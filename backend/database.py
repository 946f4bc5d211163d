"""Bringing a database up to date, outside the web app (the CLI, tests, benchmarks)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tortoise import Tortoise
from tortoise.migrations.api.migrate import migrate as run_migrations

from backend.config import tortoise_config


async def migrate(database_url: str) -> None:
    """Applies every migration not applied yet."""
    try:
        await run_migrations(config=tortoise_config(database_url))
    finally:
        await Tortoise.close_connections()


@asynccontextmanager
async def connected(database_url: str) -> AsyncIterator[None]:
    await Tortoise.init(config=tortoise_config(database_url))
    try:
        yield
    finally:
        await Tortoise.close_connections()
