"""Labels for serial-numbered units: one per unit with its number as a Code 128 barcode and as
a QR code, the number in text, the SKU and the item's name.

PDF (reportlab, its own barcode widgets): sheets of A4 (3 × 8 labels of 70 × 37 mm) and US
Letter (2 × 5 labels of 4 × 2 in), or one label per page for roll printers (62 × 29 mm, 4 × 6
in). ZPL for Zebra printers (203 dpi): one `^XA … ^XZ` block per label, Code 128 (`^BC`) and QR
(`^BQ`), for the roll formats.

Pure functions of the labels' text: backend.downloads chooses the units and sends the file."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.units import inch, mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

MAX_LABELS = 10_000  # in one file; downloads refuse more with a 400


@dataclass(frozen=True)
class Label:
    number: str
    sku: str
    name: str


@dataclass(frozen=True)
class Layout:
    """A page of `columns` × `rows` labels of `width` × `height` points, from the top left,
    `gap` apart (a roll format is one label on a page of its own size)."""

    title: str
    page: tuple[float, float]
    columns: int
    rows: int
    width: float
    height: float
    gap: float = 0

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def origin(self, slot: int) -> tuple[float, float]:
        """The bottom-left corner of label `slot` (0 = top left) on the page."""
        page_w, page_h = self.page
        used_w = self.columns * self.width + (self.columns - 1) * self.gap
        used_h = self.rows * self.height + (self.rows - 1) * self.gap
        left, top = (page_w - used_w) / 2, page_h - (page_h - used_h) / 2
        column, row = slot % self.columns, slot // self.columns
        return (
            left + column * (self.width + self.gap),
            top - (row + 1) * self.height - row * self.gap,
        )


FORMATS: dict[str, Layout] = {
    "a4": Layout("A4 sheet, 3 × 8 labels of 70 × 37 mm", A4, 3, 8, 70 * mm, 37 * mm),
    "letter": Layout(
        "US Letter sheet, 2 × 5 labels of 4 × 2 in", letter, 2, 5, 4 * inch, 2 * inch, 0.15 * inch
    ),
    "62x29": Layout("roll, 62 × 29 mm", (62 * mm, 29 * mm), 1, 1, 62 * mm, 29 * mm),
    "4x6": Layout("roll, 4 × 6 in", (4 * inch, 6 * inch), 1, 1, 4 * inch, 6 * inch),
}
ZPL_FORMATS = ("62x29", "4x6")


def _fit(text: str, font: str, size: float, width: float) -> str:
    """`text` cut (with an ellipsis) to fit `width` points."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _code128(number: str, width: float, height: float) -> Code128:
    """A Code 128 symbol of `number` as wide as fits `width` (quiet zones included), with bars
    of at most 0.5 mm."""
    probe = Code128(number, barWidth=1, barHeight=height, humanReadable=False, quiet=1)
    bar = min(0.5 * mm, width / probe.width)
    return Code128(number, barWidth=bar, barHeight=height, humanReadable=False, quiet=1)


def _qr(canvas: Canvas, number: str, x: float, y: float, size: float) -> None:
    """A QR code of `number` (reportlab's encoder, error correction M) in a `size` square at
    (x, y), its 4-module quiet zone included: one filled path of the dark modules' runs,
    far quicker than drawing reportlab's widget node by node."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(number)
    code.make()
    count = code.getModuleCount()
    box = size / (count + 8)
    path = canvas.beginPath()
    for r, row in enumerate(code.modules):
        c = 0
        for dark, run in itertools.groupby(bool(m) for m in row):
            length = len(list(run))
            if dark:
                path.rect(x + (c + 4) * box, y + size - (r + 5) * box, length * box, box)
            c += length
    canvas.drawPath(path, stroke=0, fill=1)


def _draw(canvas: Canvas, label: Label, x: float, y: float, w: float, h: float) -> None:
    pad = min(w, h) * 0.06
    tall = h > w  # 4 × 6 in: barcode on top, a large QR below, the text under it
    bar_h = h * (0.18 if tall else 0.34)
    code = _code128(label.number, w - 2 * pad, bar_h)
    code.drawOn(canvas, x + (w - code.width) / 2, y + h - pad - bar_h)
    below = h - 3 * pad - bar_h
    if tall:
        qr = min(w - 2 * pad, below * 0.62)
        _qr(canvas, label.number, x + (w - qr) / 2, y + h - 2 * pad - bar_h - qr, qr)
        text_x, text_w, text_top = x + pad, w - 2 * pad, y + h - 3 * pad - bar_h - qr
    else:
        qr = below
        _qr(canvas, label.number, x + pad, y + pad, qr)
        text_x, text_w, text_top = x + 2 * pad + qr, w - 3 * pad - qr, y + pad + qr
    size = max(min(below / 4.2, 14 if not tall else 28), 4)
    lines = [
        ("Helvetica-Bold", size, label.number),
        ("Helvetica", size * 0.8, label.sku),
        ("Helvetica", size * 0.8, label.name),
    ]
    top = text_top
    for font, font_size, text in lines:
        top -= font_size * 1.2
        canvas.setFont(font, font_size)
        canvas.drawString(text_x, top, _fit(text, font, font_size, text_w))


def pdf(labels: Iterable[Label], fmt: str) -> bytes:
    """A PDF of one label per item of `labels` in layout `fmt` (a key of FORMATS)."""
    layout = FORMATS[fmt]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=layout.page, pageCompression=1)
    canvas.setTitle("serialtrace labels")
    canvas.setCreator("serialtrace")
    slot = 0
    for label in labels:
        if slot == layout.per_page:
            canvas.showPage()
            slot = 0
        x, y = layout.origin(slot)
        _draw(canvas, label, x, y, layout.width, layout.height)
        slot += 1
    canvas.showPage()
    canvas.save()
    return out.getvalue()


# --- ZPL -----------------------------------------------------------------------------------

DPI = 203  # the common Zebra print head: 8 dots per mm


def _field(text: str) -> str:
    """Field data for `^FH\\` (backslash as the hex indicator; the default `_` would eat the
    underscores serial numbers may hold): the characters ZPL reads as commands, escaped."""
    return "".join(f"\\{ord(c):02X}" if c in "^~\\" else c for c in text)


def zpl(labels: Iterable[Label], fmt: str) -> str:
    """ZPL II for one label per item of `labels` on a roll of `fmt` (62x29 or 4x6)."""
    layout = FORMATS[fmt]
    width = round(layout.width / inch * DPI)
    length = round(layout.height / inch * DPI)
    tall = length > width
    pad = 16
    bar_h = round(length * (0.16 if tall else 0.3))
    qr_mag = 6 if tall else 3
    text = 40 if tall else 22
    blocks = []
    for label in labels:
        qr_y = pad * 2 + bar_h
        text_x = pad if tall else pad * 2 + qr_mag * 29
        text_y = qr_y + (qr_mag * 29 + pad if tall else 0)
        blocks.append(
            "\n".join(
                [
                    "^XA",
                    "^CI28",
                    f"^PW{width}",
                    f"^LL{length}",
                    # Code 128, no line of text under it (the number is printed below), auto mode.
                    f"^FO{pad},{pad}^BY2^BCN,{bar_h},N,N,N,A^FD{label.number}^FS",
                    # QR, model 2; the data: error correction M, automatic input mode.
                    f"^FO{pad},{qr_y}^BQN,2,{qr_mag}^FDMA,{label.number}^FS",
                    f"^FO{text_x},{text_y}^A0N,{text},{text}^FH\\^FD{_field(label.number)}^FS",
                    f"^FO{text_x},{text_y + text + 8}^A0N,{text * 3 // 4},{text * 3 // 4}^FH\\"
                    f"^FD{_field(label.sku)}^FS",
                    f"^FO{text_x},{text_y + text * 2 + 8}^FB{width - text_x - pad},2,0,L"
                    f"^A0N,{text * 3 // 4},{text * 3 // 4}^FH\\^FD{_field(label.name)}^FS",
                    "^XZ",
                ]
            )
        )
    return "\n".join(blocks) + "\n"
