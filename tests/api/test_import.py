"""Helpers of the import tests: received orders, files, and the multipart upload itself."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from support.builders import Scenario
from support.client import Client

CSRF = {"X-Serialtrace-CSRF": "1"}
HEADER = ("purchase_order", "sku", "serial_number", "row")

IMPORT = """mutation($input: ImportSerialNumbersInput!) { importSerialNumbers(input: $input) {
    summary { lines numbers rows orders errorCount warningCount }
    errors { line column code message severity }
    committed document purchaseOrders { number } } }"""

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload_response(
    api: Client,
    content: bytes,
    filename: str = "serials.csv",
    dry_run: bool | None = True,
    headers: dict[str, str] | None = None,
) -> Any:
    variables: dict[str, Any] = {"input": {"file": None}}
    if dry_run is not None:
        variables["input"]["dryRun"] = dry_run
    kind = XLSX_TYPE if filename.endswith(".xlsx") else "text/csv"
    return api.http.post(
        "/graphql",
        data={
            "operations": json.dumps({"query": IMPORT, "variables": variables}),
            "map": json.dumps({"0": ["variables.input.file"]}),
        },
        files={"0": (filename, content, kind)},
        headers={**api.headers, **(CSRF if headers is None else headers)},
    )


def upload(
    api: Client, content: bytes, filename: str = "serials.csv", dry_run: bool | None = True
) -> dict[str, Any]:
    response = upload_response(api, content, filename, dry_run)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]["importSerialNumbers"]


def csv_bytes(
    lines: Sequence[Sequence[Any]],
    header: Sequence[str] = HEADER,
    delimiter: str = ",",
    bom: bool = False,
    newline: str = "\r\n",
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(lines)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


def xlsx_bytes(lines: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for line in lines:
        sheet.append(list(line))
    buffer = io.BytesIO()
    book.save(buffer)
    book.close()
    return buffer.getvalue()


def codes(result: dict[str, Any]) -> list[tuple[int | None, str | None, str]]:
    return [(e["line"], e["column"], e["code"]) for e in result["errors"]]


# --- Tests ---------------------------------------------------------------------------------

import pytest  # noqa: E402

from backend import spreadsheets  # noqa: E402


def serials_of(scenario: Scenario, order_id: str) -> dict[str, list[str]]:
    order = scenario.fetch_order(order_id)
    return {row["id"]: sorted(s["number"] for s in row["serialNumbers"]) for row in order["rows"]}


def test_dry_run_then_commit_imports_every_line_and_a_repeat_doubles_nothing(
    scenario: Scenario,
) -> None:
    scenario.product("Server", True, ["SRV-1", "SRV-2"])
    po = scenario.received_order([("SRV-1", 3), ("SRV-2", 2)])
    opo = scenario.received_order([("SRV-1", 2)], kind="OUTSOURCED")
    lines = (
        [(po["number"], "SRV-1", f"A-{i}", "") for i in range(3)]
        + [(po["number"].lower(), " SRV-2 ", f" b-{i} ", "") for i in range(2)]
        + [(opo["number"], "SRV-1", f"C-{i}", "") for i in range(2)]
    )
    content = csv_bytes(lines)

    dry = upload(scenario.client, content)  # dryRun defaults to true
    assert dry["errors"] == [] and dry["committed"] is False and dry["document"] is None
    assert dry["summary"] == {
        "lines": 7,
        "numbers": 7,
        "rows": 3,
        "orders": 2,
        "errorCount": 0,
        "warningCount": 0,
    }
    assert sorted(o["number"] for o in dry["purchaseOrders"]) == sorted(
        [po["number"], opo["number"]]
    )
    assert scenario.serials()["totalCount"] == 0

    done = upload(scenario.client, content, dry_run=False)
    assert done["errors"] == [] and done["committed"] is True
    assert done["document"].startswith("import 20") and done["document"].endswith("(serials.csv)")
    after = scenario.fetch_order(po["id"])
    assert [r["tracing"] for r in after["rows"]] == [
        {"required": 3, "assigned": 3, "state": "COMPLETE"},
        {"required": 2, "assigned": 2, "state": "COMPLETE"},
    ]
    for row in after["rows"]:
        assert {s["status"] for s in row["serialNumbers"]} == {"IN_STOCK"}
        assert {s["addedAt"] for s in row["serialNumbers"]} == {row["receivedAt"]}
    assert sorted(s["number"] for s in after["rows"][1]["serialNumbers"]) == ["b-0", "b-1"]
    history = scenario.client("""{ serialNumber(sku: "SRV-1", number: "c-1") { number status
        purchaseOrderRow { purchaseOrder { number } }
        history { kind document purchaseOrder { number } } } }""")
    serial = history["serialNumber"]
    assert serial["purchaseOrderRow"]["purchaseOrder"]["number"] == opo["number"]
    assert serial["history"] == [
        {
            "kind": "IMPORTED",
            "document": done["document"],
            "purchaseOrder": {"number": opo["number"]},
        }
    ]

    again = upload(scenario.client, content, dry_run=False)
    assert again["committed"] is False
    assert {e["code"] for e in again["errors"]} == {"ALREADY_EXISTS"}
    assert [e["line"] for e in again["errors"]] == list(range(2, 9))
    assert f"on {po['number']}" in again["errors"][0]["message"]
    assert scenario.serials()["totalCount"] == 7


def test_every_problem_of_the_file_is_reported_at_once_and_nothing_is_written(
    scenario: Scenario,
) -> None:
    scenario.product("Server", True, ["SRV-1", "SRV-2"])
    scenario.product("Disk", True, ["DSK-1"])
    scenario.product("Cable", False, ["CBL-1"])
    order = scenario.order([("SRV-1", 3), ("SRV-2", 2), ("SRV-2", 2), ("CBL-1", 5)])
    assert scenario.assign(order["rows"][0]["id"], ["EXIST-1"])["errors"] == []
    received = scenario.receive_order(order["id"])
    assert received["errors"] == []
    po = received["purchaseOrder"]["number"]
    opo = scenario.order([("SRV-1", 2)], kind="OUTSOURCED")["number"]
    srv1_row = order["rows"][0]["id"]
    content = csv_bytes(
        [
            (po, "SRV-1", "OK-1", ""),  # 2 fine
            ("PO-999", "SRV-1", "X-1", ""),  # 3 unknown order
            (opo, "SRV-1", "X-2", ""),  # 4 order not received
            (po, "NOPE", "X-3", ""),  # 5 unknown SKU
            (po, "DSK-1", "X-4", ""),  # 6 SKU not on the order
            (po, "CBL-1", "X-5", ""),  # 7 not serial-tracked
            (po, "SRV-2", "X-6", ""),  # 8 two rows of SRV-2, no row named
            (po, "SRV-2", "X-7", srv1_row),  # 9 the row named is not a SRV-2 row
            (po, "SRV-1", "   ", ""),  # 10 empty
            (po, "SRV-1", "X" * 33, ""),  # 11 too long
            (po, "SRV-1", "bad#1", ""),  # 12 forbidden character
            (po, "SRV-1", "ok-1", ""),  # 13 repeats line 2
            (po, "SRV-1", "exist-1", ""),  # 14 exists already
            (po, "SRV-1", "OK-2", ""),  # 15 fine: the row had room for 2
            (po, "SRV-1", "OK-3", ""),  # 16 one too many
            ("", "SRV-1", "OK-4", ""),  # 17 no order
        ],
        delimiter=";",
        bom=True,
    )
    for dry_run in (True, False):
        result = upload(scenario.client, content, dry_run=dry_run)
        assert result["committed"] is False
        assert codes(result) == [
            (3, "purchase_order", "UNKNOWN_ORDER"),
            (4, "purchase_order", "ORDER_NOT_RECEIVED"),
            (5, "sku", "UNKNOWN_SKU"),
            (6, "sku", "SKU_NOT_ON_ORDER"),
            (7, "sku", "NOT_TRACKED"),
            (8, "row", "AMBIGUOUS_ROW"),
            (9, "row", "UNKNOWN_ROW"),
            (10, "serial_number", "EMPTY"),
            (11, "serial_number", "TOO_LONG"),
            (12, "serial_number", "INVALID_CHARACTERS"),
            (13, "serial_number", "DUPLICATE_IN_FILE"),
            (14, "serial_number", "ALREADY_EXISTS"),
            (16, "serial_number", "EXCEEDS_QUANTITY"),
            (17, "purchase_order", "EMPTY"),
        ]
        assert result["summary"]["lines"] == 16
        assert result["summary"]["errorCount"] == 14
        assert result["summary"]["numbers"] == 2  # OK-1 and OK-2 are ready
    messages = {e["line"]: e["message"] for e in result["errors"]}
    assert "PO-999" in messages[3]
    assert "not received" in messages[4]
    assert "rows 2, 3" in messages[8]
    assert "'#'" in messages[12]
    assert "line 2" in messages[13]
    assert f"on {po}" in messages[14] and "EXIST-1" in messages[14]
    assert (
        f"{po} row 1" in messages[16]
        and "takes 3" in messages[16]
        and "has 1" in messages[16]
        and "2 more fit" in messages[16]
        and "the file has 3" in messages[16]
    )
    assert all(e["severity"] == "ERROR" for e in result["errors"])

    after = scenario.fetch_order(order["id"])
    assert [s["number"] for s in after["rows"][0]["serialNumbers"]] == ["EXIST-1"]
    assert after["rows"][0]["tracing"]["assigned"] == 1
    assert scenario.serials()["totalCount"] == 1


def test_a_row_column_picks_one_of_several_rows_of_a_sku(scenario: Scenario) -> None:
    scenario.product("Server", True, ["SRV-2"])
    order = scenario.received_order([("SRV-2", 2), ("SRV-2", 1)])
    first, second = (r["id"] for r in order["rows"])
    content = csv_bytes(
        [
            (order["number"], "SRV-2", "R1-A", first),
            (order["number"], "SRV-2", "R2-A", second),
            (order["number"], "SRV-2", "R1-B", first),
        ],
        newline="\n",
    )
    result = upload(scenario.client, content, dry_run=False)
    assert result["errors"] == [] and result["committed"] is True
    assert serials_of(scenario, order["id"]) == {first: ["R1-A", "R1-B"], second: ["R2-A"]}


def test_an_xlsx_file_is_read_by_header_names_and_numeric_cells_are_warned_about(
    scenario: Scenario,
) -> None:
    scenario.product("Server", True, ["SRV-1"])
    order = scenario.received_order([("SRV-1", 4)])
    content = xlsx_bytes(
        [
            ("007", 1, order["number"]),  # text: kept as typed
            (12345, None, order["number"]),  # a number: maybe lost zeros
            (1.23e15, None, order["number"]),  # Excel's 1.23E+15
            (2.5, None, order["number"]),
        ],
        header=("Serial Number", "SKU", "Purchase_Order"),
    )
    # The SKU column is blank on lines 3-5: an error each; fixed below.
    result = upload(scenario.client, content, "serials.xlsx")
    assert [(c[0], c[2]) for c in codes(result)] == [
        (2, "UNKNOWN_SKU"),
        (3, "EMPTY"),
        (3, "NUMERIC_CELL"),
        (4, "EMPTY"),
        (4, "NUMERIC_CELL"),
        (5, "EMPTY"),
        (5, "NUMERIC_CELL"),
    ]

    content = xlsx_bytes(
        [
            ("007", "SRV-1", order["number"]),
            (12345, "SRV-1", order["number"]),
            (1.23e15, "SRV-1", order["number"]),
            (2.5, "SRV-1", order["number"]),
        ],
        header=("Serial Number", "SKU", "Purchase_Order"),
    )
    result = upload(scenario.client, content, "serials.xlsx", dry_run=False)
    assert result["committed"] is True
    assert [(e["line"], e["code"], e["severity"]) for e in result["errors"]] == [
        (3, "NUMERIC_CELL", "WARNING"),
        (4, "NUMERIC_CELL", "WARNING"),
        (5, "NUMERIC_CELL", "WARNING"),
    ]
    assert "1.23E+15" in result["errors"][1]["message"]
    assert result["summary"]["warningCount"] == 3 and result["summary"]["numbers"] == 4
    assert serials_of(scenario, order["id"])[order["rows"][0]["id"]] == sorted(
        ["007", "12345", "1230000000000000", "2.5"]
    )


def _zip_bomb() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            block = b"<row/>" * 100_000
            for _ in range(spreadsheets.MAX_UNCOMPRESSED // len(block) + 1):
                part.write(block)
    return buffer.getvalue()


def _xxe_workbook(padding: int) -> bytes:
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([("PO-1", "SRV-1", "SN-1")])))
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                if data.startswith(b"<?xml"):
                    data = data.partition(b"?>")[2]
                data = (
                    b'<?xml version="1.0" encoding="UTF-8"?>'
                    + b"\n" * padding
                    + b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                    + data.replace(b"SN-1", b"&xxe;")
                )
            target.writestr(item, data)
    return buffer.getvalue()


LIMITS = {
    "too many lines": (
        "big.csv",
        lambda: csv_bytes(
            [("PO-1", "SRV-1", f"N{i}", "") for i in range(spreadsheets.MAX_LINES + 1)]
        ),
        "TOO_MANY_LINES",
    ),
    "larger than 20 MB": ("big.csv", lambda: b"x" * (spreadsheets.MAX_BYTES + 1), "FILE_TOO_LARGE"),
    "not a workbook": (
        "fake.xlsx",
        lambda: b"purchase_order,sku,serial_number\n",
        "UNREADABLE_FILE",
    ),
    "a zip but no workbook": (
        "fake.xlsx",
        lambda: _zip_bomb()[:0] or _plain_zip(),
        "UNREADABLE_FILE",
    ),
    "zip bomb": ("bomb.xlsx", _zip_bomb, "FILE_TOO_LARGE"),
    "external entity": ("xxe.xlsx", lambda: _xxe_workbook(0), "UNSAFE_FILE"),
    "external entity far down": ("xxe.xlsx", lambda: _xxe_workbook(10_000), "UNSAFE_FILE"),
    "no header": ("empty.csv", lambda: b"\r\n\r\n", "NO_LINES"),
    "missing column": ("cols.csv", lambda: b"purchase_order;sku\nPO-1;SRV-1\n", "MISSING_COLUMN"),
    "not UTF-8": (
        "latin1.csv",
        lambda: "purchase_order,sku,serial_number\nPO-1,SRV-1,caf\xe9\n".encode("latin-1"),
        "UNREADABLE_FILE",
    ),
}


def _plain_zip() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize("case", list(LIMITS))
def test_a_file_beyond_the_limits_is_refused_whole_quickly(scenario: Scenario, case: str) -> None:
    import time

    filename, make, code = LIMITS[case]
    content = make()
    start = time.monotonic()
    result = upload(scenario.client, content, filename, dry_run=False)
    assert time.monotonic() - start < 10
    assert [e["code"] for e in result["errors"]] == [code], result["errors"]
    assert result["committed"] is False
    assert result["errors"][0]["message"]
    assert scenario.serials()["totalCount"] == 0


def test_a_request_larger_than_the_file_limit_is_refused_before_it_is_read(
    scenario: Scenario,
) -> None:
    response = upload_response(scenario.client, b"x" * (spreadsheets.MAX_BYTES + 2 * 1024 * 1024))
    assert response.status_code == 413
    assert "20 MB" in response.text


def test_uploads_need_the_csrf_header(scenario: Scenario) -> None:
    scenario.product("Server", True, ["SRV-1"])
    order = scenario.received_order([("SRV-1", 1)])
    content = csv_bytes([(order["number"], "SRV-1", "SN-1", "")])

    for headers in ({}, {"X-Serialtrace-CSRF": ""}, {"Origin": "https://evil.example"}):
        response = upload_response(scenario.client, content, dry_run=False, headers=headers)
        assert response.status_code == 400
        assert "X-Serialtrace-CSRF" in response.text
    assert scenario.serials()["totalCount"] == 0

    response = upload_response(
        scenario.client, content, dry_run=False, headers={"Apollo-Require-Preflight": "true"}
    )
    assert response.status_code == 200
    assert response.json()["data"]["importSerialNumbers"]["committed"] is True
    # JSON requests need no header: a cross-site form can't send JSON.
    assert scenario.client.execute("{ importTemplate { csvUrl } }")["data"] == {
        "importTemplate": {"csvUrl": "/downloads/import-template.csv"}
    }


def test_a_json_request_can_not_pass_a_file(scenario: Scenario) -> None:
    body = scenario.client.execute(IMPORT, {"input": {"file": "not a file"}})
    result = body["data"]["importSerialNumbers"]
    assert [e["code"] for e in result["errors"]] == ["UNREADABLE_FILE"]


def test_an_upload_retried_with_its_idempotency_key_imports_once(scenario: Scenario) -> None:
    """The key of an upload covers the file's contents: the same file again gets the first
    answer, replayed; another file under the same key is refused."""
    scenario.product("Retried", True, ["RTR-1"])
    po = scenario.received_order([("RTR-1", 2)])
    content = csv_bytes([(po["number"], "RTR-1", f"R-{i}", "") for i in range(2)])
    key = {**CSRF, "Idempotency-Key": "upload-1"}

    first = upload_response(scenario.client, content, dry_run=False, headers=key)
    again = upload_response(scenario.client, content, dry_run=False, headers=key)
    assert first.status_code == again.status_code == 200
    assert first.json()["data"]["importSerialNumbers"]["committed"] is True
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert serials_of(scenario, po["id"]) == {po["rows"][0]["id"]: ["R-0", "R-1"]}

    other = csv_bytes([(po["number"], "RTR-1", "R-9", "")])
    refused = upload_response(scenario.client, other, dry_run=False, headers=key)
    assert refused.status_code == 422 and "different request" in refused.text
