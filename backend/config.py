"""Configuration from the environment (`SERIALTRACE_*`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tortoise.backends.base.config_generator import expand_db_url

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = ROOT / "data" / "serialtrace.sqlite3"
MODELS = ["backend.models"]


@dataclass(frozen=True)
class Settings:
    database_url: str
    host: str
    port: int
    demo_data: bool
    frontend_dir: Path
    production: bool = False  # SERIALTRACE_ENV=production: no introspection, no GraphiQL

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=os.environ.get("SERIALTRACE_DATABASE_URL")
            or f"sqlite://{DEFAULT_SQLITE_PATH}",
            host=os.environ.get("SERIALTRACE_HOST", "127.0.0.1"),
            port=int(os.environ.get("SERIALTRACE_PORT", "8000")),
            demo_data=os.environ.get("SERIALTRACE_DEMO_DATA", "1") not in ("0", "false", "no"),
            frontend_dir=Path(os.environ.get("SERIALTRACE_FRONTEND_DIR", ROOT / "frontend")),
            production=os.environ.get("SERIALTRACE_ENV", "development") == "production",
        )


def connection_config(database_url: str) -> dict | str:
    """A Tortoise connection for the URL: SQLite gets WAL, foreign keys, a busy timeout and
    full fsync; anything else (postgres://) goes to Tortoise as it is."""
    parts = urlsplit(database_url)
    if parts.scheme != "sqlite":
        config = expand_db_url(database_url)
        # asyncpg prepares and caches statements; PostgreSQL then may settle on one generic plan
        # built while a table was small. Custom plans keep lookups by serial number on the index
        # however large the tables grow.
        config["credentials"].setdefault("server_settings", {})["plan_cache_mode"] = (
            "force_custom_plan")
        return config
    path = database_url.removeprefix("sqlite://")
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    return {
        "engine": "backend.sqlite_engine",
        "credentials": {
            "file_path": path,
            "journal_mode": "WAL",
            "foreign_keys": "ON",
            "busy_timeout": 10000,
            "synchronous": "FULL",
        },
    }


def tortoise_config(database_url: str) -> dict:
    # The connection is named after its dialect: Tortoise caches prepared INSERTs by connection
    # name, so one process that uses SQLite and then PostgreSQL (tests, benchmarks) must not
    # reuse a name across dialects.
    name = "postgres" if is_postgres(database_url) else "sqlite"
    return {
        "connections": {name: connection_config(database_url)},
        "apps": {
            "models": {
                "models": MODELS,
                "default_connection": name,
                "migrations": "backend.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def is_postgres(database_url: str) -> bool:
    return urlsplit(database_url).scheme in ("postgres", "postgresql", "asyncpg", "psycopg")
