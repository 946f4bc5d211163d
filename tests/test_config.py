"""Settings from SERIALTRACE_* variables: defaults, accepted values, and one clear line for a
bad value (also from the command line, with no traceback)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backend.config import DEFAULT_SQLITE_PATH, ROOT, Settings, SettingsError


def test_the_defaults() -> None:
    settings = Settings.from_env({})
    assert settings == Settings(
        database_url=f"sqlite://{DEFAULT_SQLITE_PATH}",
        host="127.0.0.1",
        port=8000,
        demo_data=True,
        frontend_dir=ROOT / "frontend",
        production=False,
    )
    assert Settings.from_env({"SERIALTRACE_PORT": "", "SERIALTRACE_DATABASE_URL": ""}) == settings


def test_accepted_values(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "SERIALTRACE_DATABASE_URL": "postgresql://app:s3cret@db.local:5433/traces",
            "SERIALTRACE_HOST": "0.0.0.0",
            "SERIALTRACE_PORT": "65535",
            "SERIALTRACE_DEMO_DATA": "No",
            "SERIALTRACE_FRONTEND_DIR": str(tmp_path),
            "SERIALTRACE_ENV": "production",
        }
    )
    assert (settings.port, settings.demo_data, settings.production) == (65535, False, True)
    assert settings.frontend_dir == tmp_path and settings.host == "0.0.0.0"
    for value, expected in (
        ("1", True),
        ("true", True),
        ("YES", True),
        ("0", False),
        ("false", False),
        ("no", False),
    ):
        assert Settings.from_env({"SERIALTRACE_DEMO_DATA": value}).demo_data is expected
    assert (
        Settings.from_env({"SERIALTRACE_DATABASE_URL": "sqlite://:memory:"}).database_url
        == "sqlite://:memory:"
    )
    assert Settings.from_env({"SERIALTRACE_DATABASE_URL": "postgres://u@h/db"})
    hooks = Settings.from_env(
        {
            "SERIALTRACE_WEBHOOKS_ALLOW_PRIVATE": "1",
            "SERIALTRACE_WEBHOOK_RETRY_BASE": "0.5",
            "SERIALTRACE_WEBHOOK_MAX_ATTEMPTS": "3",
        }
    )
    assert (hooks.webhooks_allow_private, hooks.webhook_retry_base, hooks.webhook_max_attempts) == (
        True,
        0.5,
        3,
    )


@pytest.mark.parametrize(
    "name,value,message",
    [
        ("PORT", "abc", "SERIALTRACE_PORT='abc' is not a port number (1-65535)"),
        ("PORT", "0", "SERIALTRACE_PORT='0' is not a port number (1-65535)"),
        ("PORT", "70000", "SERIALTRACE_PORT='70000' is not a port number (1-65535)"),
        ("PORT", "-1", "is not a port number"),
        (
            "DATABASE_URL",
            "mysql://u@h/db",
            "SERIALTRACE_DATABASE_URL='mysql://u@h/db' is not a "
            "database URL (sqlite:///path/file.sqlite3 or postgres://",
        ),
        ("DATABASE_URL", "./data/x.sqlite3", "is not a database URL"),
        ("DATABASE_URL", "sqlite://", "it names no file"),
        (
            "DATABASE_URL",
            "postgres://u:pw@h:notaport/db",
            "SERIALTRACE_DATABASE_URL='postgres://u:***@h:notaport/db'",
        ),
        (
            "DEMO_DATA",
            "maybe",
            "SERIALTRACE_DEMO_DATA='maybe' is not a yes or no (1/0, true/false, yes/no)",
        ),
        ("ENV", "prod", "SERIALTRACE_ENV='prod' is not development or production"),
        (
            "WEBHOOKS_ALLOW_PRIVATE",
            "sometimes",
            "SERIALTRACE_WEBHOOKS_ALLOW_PRIVATE='sometimes' is not a yes or no",
        ),
        (
            "WEBHOOK_RETRY_BASE",
            "soon",
            "SERIALTRACE_WEBHOOK_RETRY_BASE='soon' is not a number of seconds from 0.01 to 86400",
        ),
        ("WEBHOOK_RETRY_BASE", "0", "is not a number of seconds"),
        (
            "WEBHOOK_MAX_ATTEMPTS",
            "0",
            "SERIALTRACE_WEBHOOK_MAX_ATTEMPTS='0' is not a whole number of attempts from 1 to 100",
        ),
        ("HOST", "my host", "SERIALTRACE_HOST='my host' is not a host name or IP address"),
        (
            "FRONTEND_DIR",
            "/no/such/dir",
            "SERIALTRACE_FRONTEND_DIR='/no/such/dir' is not a directory that exists",
        ),
    ],
)
def test_a_bad_value_names_the_variable_the_value_and_what_it_accepts(
    name: str, value: str, message: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({f"SERIALTRACE_{name}": value})
    assert message in str(caught.value)
    assert "pw" not in str(caught.value)  # a password is never shown


def test_serve_with_a_bad_variable_prints_one_line_and_fails(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SERIALTRACE_PORT": "abc",
        "SERIALTRACE_DATABASE_URL": f"sqlite://{tmp_path / 'db.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "backend", "serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 2
    assert (
        done.stderr.strip() == "serialtrace: SERIALTRACE_PORT='abc' is not a port number (1-65535)"
    )
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert not (tmp_path / "db.sqlite3").exists()  # stopped before anything was done
