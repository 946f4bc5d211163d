"""Labels as a signed-in client downloads them: the barcodes in the PDF are decoded (rendered
with pdfium, read with zxing-cpp) and must be exactly the units asked for; the ZPL carries one
label per unit with its Code 128 and QR fields."""

from __future__ import annotations

import re
from collections import Counter

import pypdfium2
import pytest
import zxingcpp

from support.builders import Scenario, unique


def decoded(pdf: bytes) -> tuple[int, Counter[tuple[str, str]]]:
    """The pages of a PDF and every barcode on them: (symbology, text) → how many."""
    document = pypdfium2.PdfDocument(pdf)
    found: Counter[tuple[str, str]] = Counter()
    for page in document:
        image = page.render(scale=300 / 72).to_pil()
        found.update((r.format.name, r.text) for r in zxingcpp.read_barcodes(image))
    return len(document), found


def each_twice(numbers: list[str]) -> Counter[tuple[str, str]]:
    return Counter({(kind, n): 1 for n in numbers for kind in ("Code128", "QRCode")})


def page_text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


@pytest.fixture
def stock(scenario: Scenario) -> dict:
    """A received order of two tracked rows and a sales order that picked one of the units."""
    a, b = unique("LA"), unique("LB")
    scenario.product("Servo motor", True, [a])
    scenario.product("Drive", True, [b])
    order = scenario.order([(a, 3), (b, 2)])
    rows = order["rows"]
    scenario.assign(rows[0]["id"], ["M-10", "M-9", "m/2026.1"])
    scenario.assign(rows[1]["id"], ["D_1", "D 2"])
    scenario.receive_order(order["id"])
    customer = scenario.customer()
    sales = scenario.sales_order(customer, [(b, 1)])
    assert scenario.pick(sales["rows"][0]["id"], ["D 2"])["errors"] == []
    return {"order": order, "rows": rows, "sales": sales, "sku_a": a, "sku_b": b}


def test_a_rows_labels_decode_to_its_numbers_in_every_format(
    scenario: Scenario, stock: dict
) -> None:
    http = scenario.client.http
    row = stock["rows"][0]["id"]
    for fmt, pages in [("a4", 1), ("letter", 1), ("62x29", 3), ("4x6", 3)]:
        response = http.get(
            "/downloads/labels.pdf", params={"purchaseOrderRow": row, "format": fmt}
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/pdf"
        assert f"-{fmt}.pdf" in response.headers["content-disposition"]
        assert decoded(response.content) == (pages, each_twice(["M-10", "M-9", "m/2026.1"])), fmt
    text = page_text(http.get("/downloads/labels.pdf", params={"purchaseOrderRow": row}).content)
    assert "M-9" in text and stock["sku_a"] in text and "Servo motor" in text


def test_an_order_a_sales_order_and_the_stock_filter_label_their_units(
    scenario: Scenario, stock: dict
) -> None:
    http = scenario.client.http
    whole = http.get("/downloads/labels.pdf", params={"purchaseOrder": stock["order"]["id"]})
    assert decoded(whole.content)[1] == each_twice(["M-9", "M-10", "m/2026.1", "D_1", "D 2"])
    sales = http.get("/downloads/labels.pdf", params={"salesOrder": stock["sales"]["id"]})
    assert decoded(sales.content)[1] == each_twice(["D 2"])
    # The stock export's filters, by the same names: in stock of item B only.
    filtered = http.get(
        "/downloads/labels.pdf",
        params={"sku": stock["sku_b"], "status": "IN_STOCK", "format": "letter"},
    )
    assert decoded(filtered.content)[1] == each_twice(["D_1"])


def test_zpl_has_a_label_per_unit_with_code_128_and_qr(scenario: Scenario, stock: dict) -> None:
    response = scenario.client.http.get(
        "/downloads/labels.zpl", params={"purchaseOrderRow": stock["rows"][0]["id"]}
    )
    assert response.status_code == 200
    assert ".zpl" in response.headers["content-disposition"]
    blocks = re.findall(r"\^XA(.*?)\^XZ", response.text, re.S)
    assert len(blocks) == 3
    numbers = ["M-9", "M-10", "m/2026.1"]
    for block, number in zip(blocks, numbers, strict=True):
        assert re.search(r"\^BCN,\d+,N,N,N,A\^FD" + re.escape(number) + r"\^FS", block)
        assert re.search(r"\^BQN,2,\d+\^FDMA," + re.escape(number) + r"\^FS", block)
        assert stock["sku_a"] in block and "Servo motor" in block
    tall = scenario.client.http.get(
        "/downloads/labels.zpl",
        params={"purchaseOrderRow": stock["rows"][0]["id"], "format": "4x6"},
    )
    assert "^PW812" in tall.text and "^LL1218" in tall.text


def test_labels_refuse_what_they_cant_make_with_a_clear_400(
    scenario: Scenario, stock: dict
) -> None:
    http = scenario.client.http
    row = stock["rows"][0]["id"]
    wrong = http.get("/downloads/labels.pdf", params={"purchaseOrderRow": row, "format": "a5"})
    assert wrong.status_code == 400 and "a4, letter, 62x29, 4x6" in wrong.text
    sheet = http.get("/downloads/labels.zpl", params={"purchaseOrderRow": row, "format": "a4"})
    assert sheet.status_code == 400 and "roll printers" in sheet.text
    assert (
        http.get("/downloads/labels.pdf", params={"purchaseOrder": "nonsense"}).status_code == 404
    )
    empty = scenario.order([(stock["sku_a"], 2)])["rows"][0]["id"]
    nothing = http.get("/downloads/labels.pdf", params={"purchaseOrderRow": empty})
    assert nothing.status_code == 400 and "no serial numbers" in nothing.text
    bad_filter = http.get("/downloads/labels.pdf", params={"status": "LOST"})
    assert bad_filter.status_code == 400 and "status must be one of" in bad_filter.text
    anonymous = http.get(
        "/downloads/labels.pdf", params={"purchaseOrderRow": row}, headers={"Authorization": ""}
    )
    assert anonymous.status_code == 401


def test_more_labels_than_the_cap_are_refused(scenario: Scenario, monkeypatch) -> None:
    from backend import labels

    monkeypatch.setattr(labels, "MAX_LABELS", 3)
    order = scenario.in_stock(unique("CAP"), ["C1", "C2", "C3", "C4"])
    response = scenario.client.http.get(
        "/downloads/labels.pdf", params={"purchaseOrder": order["id"]}
    )
    assert response.status_code == 400
    assert "more than 3 labels, the most in one file" in response.text


def test_zpl_text_fields_escape_what_zpl_reads_as_commands(scenario: Scenario) -> None:
    order = scenario.in_stock(unique("ESC"), ["U_1"], name="Caret ^ and tilde ~ item")
    text = scenario.client.http.get(
        "/downloads/labels.zpl", params={"purchaseOrder": order["id"]}
    ).text
    assert "^FH\\^FDU_1^FS" in text  # the underscore stays: backslash is the hex indicator
    assert "Caret \\5E and tilde \\7E item" in text
    assert text.count("^XA") == 1 and text.count("^XZ") == 1
