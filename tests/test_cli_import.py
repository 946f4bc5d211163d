"""`serialtrace import FILE [--dry-run]`: the same checks and report as the API, from a shell."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from backend.config import ROOT
from backend.database import connected
from backend.domain import catalog, purchasing
from backend.models import PurchaseOrderKind, SerialNumber, SerialNumberEvent
from tests.api.test_import import csv_bytes, xlsx_bytes
from tests.conftest import Templates


@pytest.fixture
def database(templates: Templates, tmp_path: Path) -> str:
    """A SQLite database with PO-1 received (SRV-1 x 3, SRV-2 x 2 twice, CBL-1 x 1) and
    PO-2 not received."""
    url = templates.sqlite_url(tmp_path)

    async def fill() -> None:
        async with connected(url):
            supplier = await catalog.create_supplier("Acme")
            await catalog.create_product(
                "Server",
                True,
                [catalog.VariantInput("SRV-1", "a"), catalog.VariantInput("SRV-2", "b")],
            )
            await catalog.create_product("Cable", False, [catalog.VariantInput("CBL-1", "c")])
            rows = [("SRV-1", 3), ("SRV-2", 2), ("SRV-2", 2), ("CBL-1", 1)]
            order = await purchasing.create_purchase_order(
                PurchaseOrderKind.PURCHASE,
                supplier.id,
                [purchasing.RowInput(s, Decimal(q)) for s, q in rows],
            )
            await purchasing.receive_order(order.id)
            await purchasing.create_purchase_order(
                PurchaseOrderKind.PURCHASE, supplier.id, [purchasing.RowInput("SRV-1", Decimal(1))]
            )

    asyncio.run(fill())
    return url


def serialtrace(database: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SERIALTRACE_DATABASE_URL": database}
    return subprocess.run(
        [sys.executable, "-m", "backend", "import", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def counts(database: str) -> tuple[int, int]:
    async def count() -> tuple[int, int]:
        async with connected(database):
            return await SerialNumber.all().count(), await SerialNumberEvent.all().count()

    return asyncio.run(count())


def test_dry_run_commit_and_repeat(database: str, tmp_path: Path) -> None:
    path = tmp_path / "serials.xlsx"
    path.write_bytes(
        xlsx_bytes(
            [("PO-1", "SRV-1", f"SN-{i}") for i in range(3)],
            header=("purchase_order", "sku", "serial_number"),
        )
    )

    dry = serialtrace(database, str(path), "--dry-run")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "3 lines, 3 numbers for 1 rows of 1 orders; 0 errors" in dry.stdout
    assert "Dry run: nothing was written." in dry.stdout
    assert counts(database) == (0, 0)

    done = serialtrace(database, str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Imported 3 serial numbers (import 20" in done.stdout
    assert "(serials.xlsx))." in done.stdout
    assert counts(database) == (3, 3)

    again = serialtrace(database, str(path))
    assert again.returncode == 1
    assert again.stdout.count("ALREADY_EXISTS") == 3
    assert (
        "line 2\tserial_number\tALREADY_EXISTS\tSN-0 already exists for SRV-1 (SN-0, on PO-1)."
        in again.stdout
    )
    assert "Nothing was written" in again.stdout
    assert counts(database) == (3, 3)


def test_every_problem_is_reported_and_nothing_is_written(database: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(
        csv_bytes(
            [
                ("PO-1", "SRV-1", "OK-1", ""),
                ("PO-9", "SRV-1", "X-1", ""),  # unknown order
                ("PO-2", "SRV-1", "X-2", ""),  # not received
                ("PO-1", "NOPE", "X-3", ""),  # unknown SKU
                ("PO-1", "CBL-1", "X-4", ""),  # not tracked
                ("PO-1", "SRV-2", "X-5", ""),  # ambiguous row
                ("PO-1", "SRV-2", "X-6", "nonsense"),  # unknown row
                ("PO-1", "SRV-1", "", ""),  # empty
                ("PO-1", "SRV-1", "Y" * 40, ""),  # too long
                ("PO-1", "SRV-1", "tab\there", ""),  # forbidden character
                ("PO-1", "SRV-1", "OK-1", ""),  # duplicate
                ("PO-1", "SRV-1", "OK-2", ""),
                ("PO-1", "SRV-1", "OK-3", ""),
                ("PO-1", "SRV-1", "OK-4", ""),  # one too many
            ]
        )
    )
    result = serialtrace(database, str(path))
    assert result.returncode == 1
    report = [line.split("\t") for line in result.stdout.splitlines() if "\t" in line]
    assert [(line[0], line[1], line[2]) for line in report] == [
        ("line 3", "purchase_order", "UNKNOWN_ORDER"),
        ("line 4", "purchase_order", "ORDER_NOT_RECEIVED"),
        ("line 5", "sku", "UNKNOWN_SKU"),
        ("line 6", "sku", "NOT_TRACKED"),
        ("line 7", "row", "AMBIGUOUS_ROW"),
        ("line 8", "row", "UNKNOWN_ROW"),
        ("line 9", "serial_number", "EMPTY"),
        ("line 10", "serial_number", "TOO_LONG"),
        ("line 11", "serial_number", "INVALID_CHARACTERS"),
        ("line 12", "serial_number", "DUPLICATE_IN_FILE"),
        ("line 15", "serial_number", "EXCEEDS_QUANTITY"),
    ]
    assert all(line[3] for line in report)
    assert "14 lines, 3 numbers for 1 rows of 1 orders; 11 errors, 0 warnings." in result.stdout
    assert counts(database) == (0, 0)


def test_a_large_file_shows_progress_and_a_file_error_fails(database: str, tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_bytes(csv_bytes([("PO-1", "SRV-1", f"N{i}", "") for i in range(12_000)]))
    result = serialtrace(database, str(path), "--dry-run")
    assert result.returncode == 1  # 11,997 numbers too many for the row
    assert "reading" in result.stderr and "checking  [" in result.stderr
    assert result.stdout.count("EXCEEDS_QUANTITY") == 11_997

    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"not a workbook")
    result = serialtrace(database, str(path))
    assert result.returncode == 1
    assert "file\t-\tUNREADABLE_FILE\t" in result.stdout

    missing = serialtrace(database, str(tmp_path / "missing.csv"))
    assert missing.returncode == 2 and "can't read" in missing.stderr
