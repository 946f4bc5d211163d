"""Configuration from the environment (`SERIALTRACE_*`), each value checked: a bad one stops
the program with one line naming the variable, its value and what it accepts."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from starlette.config import Config
from tortoise.backends.base.config_generator import expand_db_url

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = ROOT / "data" / "serialtrace.sqlite3"
MODELS = ["backend.models"]
PREFIX = "SERIALTRACE_"
POSTGRES_SCHEMES = ("postgres", "postgresql", "asyncpg", "psycopg")
ENVIRONMENTS = ("development", "production")
_BOOLEANS = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}

T = TypeVar("T")


class SettingsError(Exception):
    """A `SERIALTRACE_*` variable holds a value the program can't use. Not a ValueError:
    starlette's Config would replace the message with its own."""


def _bad(name: str, value: str, accepted: str) -> SettingsError:
    return SettingsError(f"{PREFIX}{name}={value!r} is not {accepted}")


def _masked(url: str) -> str:
    """The URL without its password, for a message."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)


def _database_url(name: str, value: str) -> str:
    accepted = (
        "a database URL (sqlite:///path/file.sqlite3 or "
        "postgres://user:password@host:5432/database)"
    )
    scheme = value.partition("://")[0]
    if scheme == "sqlite":
        if not value.removeprefix("sqlite://"):
            raise _bad(name, value, accepted + ": it names no file")
        return value
    if scheme not in POSTGRES_SCHEMES or "://" not in value:
        raise _bad(name, _masked(value), accepted)
    try:
        expand_db_url(value)
    except Exception as error:  # Tortoise's own words: a bad port, a missing database...
        raise _bad(name, _masked(value), f"{accepted}: {error}") from None
    return value


def _host(name: str, value: str) -> str:
    if not value or any(c.isspace() or c in "/?#@" for c in value):
        raise _bad(name, value, "a host name or IP address to listen on (e.g. 127.0.0.1)")
    return value


def _port(name: str, value: str) -> int:
    text = value.strip()
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise _bad(name, value, "a port number (1-65535)")
    return int(text)


def _yes_no(name: str, value: str) -> bool:
    answer = _BOOLEANS.get(value.strip().lower())
    if answer is None:
        raise _bad(name, value, "a yes or no (1/0, true/false, yes/no)")
    return answer


def _environment(name: str, value: str) -> bool:
    """Whether it is production."""
    text = value.strip().lower()
    if text not in ENVIRONMENTS:
        raise _bad(name, value, " or ".join(ENVIRONMENTS))
    return text == "production"


def _directory(name: str, value: str) -> Path:
    path = Path(value)
    if not value or not path.is_dir():
        raise _bad(name, value, "a directory that exists (the app's static files)")
    return path


def _seconds(name: str, value: str) -> float:
    try:
        seconds = float(value.strip())
    except ValueError:
        seconds = -1.0
    if not 0.01 <= seconds <= 86400:
        raise _bad(name, value, "a number of seconds from 0.01 to 86400 (e.g. 10 or 0.5)")
    return seconds


def _attempts(name: str, value: str) -> int:
    text = value.strip()
    if not text.isdigit() or not 1 <= int(text) <= 100:
        raise _bad(name, value, "a whole number of attempts from 1 to 100")
    return int(text)


def _read(
    config: Config,
    name: str,
    parse: Callable[[str, str], T],
    default: str,
    default_parsed: T | None = None,
) -> T:
    """The variable through `parse`; unset or empty: the default (taken as it is when
    `default_parsed` is given, else parsed too)."""
    value = config(name, default=None)
    if not value:
        return default_parsed if default_parsed is not None else parse(name, default)
    return config(name, cast=lambda text: parse(name, text))


@dataclass(frozen=True)
class Settings:
    database_url: str
    host: str
    port: int
    demo_data: bool
    frontend_dir: Path
    production: bool = False  # SERIALTRACE_ENV=production: no introspection, no GraphiQL
    # Webhooks (backend/domain/webhooks.py): receivers on loopback/private/link-local addresses
    # only when allowed; the wait before the 2nd attempt (doubling, at most an hour); attempts.
    webhooks_allow_private: bool = False
    webhook_retry_base: float = 10.0
    webhook_max_attempts: int = 12

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings of `environ` (the process's environment by default).

        Raises `SettingsError` for the first variable whose value can't be used."""
        config = Config(environ=os.environ if environ is None else environ, env_prefix=PREFIX)
        return cls(
            database_url=_read(
                config, "DATABASE_URL", _database_url, f"sqlite://{DEFAULT_SQLITE_PATH}"
            ),
            host=_read(config, "HOST", _host, "127.0.0.1"),
            port=_read(config, "PORT", _port, "8000"),
            demo_data=_read(config, "DEMO_DATA", _yes_no, "1"),
            # The default is not checked: a command that serves no page needs none.
            frontend_dir=_read(
                config, "FRONTEND_DIR", _directory, str(ROOT / "frontend"), ROOT / "frontend"
            ),
            production=_read(config, "ENV", _environment, "development"),
            webhooks_allow_private=_read(config, "WEBHOOKS_ALLOW_PRIVATE", _yes_no, "0"),
            webhook_retry_base=_read(config, "WEBHOOK_RETRY_BASE", _seconds, "10"),
            webhook_max_attempts=_read(config, "WEBHOOK_MAX_ATTEMPTS", _attempts, "12"),
        )


def connection_config(database_url: str) -> dict | str:
    """A Tortoise connection for the URL: SQLite gets WAL, foreign keys, a busy timeout and
    full fsync; anything else (postgres://) goes to Tortoise as it is."""
    parts = urlsplit(database_url)
    if parts.scheme != "sqlite":
        # PostgreSQL's own plan cache mode (auto): asyncpg prepares statements and PostgreSQL
        # may settle on a generic plan after five runs. Forcing custom plans re-planned every
        # foreign-key check of every inserted row (INSERTs 2.4× slower); generic plans keep
        # the lookups on their indexes (README, Performance).
        return expand_db_url(database_url)
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
