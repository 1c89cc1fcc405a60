"""The Print cards page's preview: the real PDF, rendered by QtPdf, scaled into its box.

Before a batch is made the owner sees one card exactly as ``printing.cards_pdf``
will print it, with the head start chosen on the page (``sample_card_pdf``: a
sample number signed with a key that is not the shop's, so a printout of the
preview is refused at the counter). After Make cards, page 1 of the batch's
written PDF. Nothing is redrawn here: the PDF stays the one source of truth.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QWidget

from cards import codes, rules
from printing import cards_pdf
from printing.model import CardFace, SheetShop
from kiosk.app import theme

SAMPLE_NUMBER = codes.new_number(randbits=0x5A3C_9E1F_27B4)
SAMPLE_KEY = b"preview only: not a shop's key"


def sample_card_pdf(shop: SheetShop, program: rules.Program, prestamps: int) -> bytes:
    """One card (CR80 page) as the batch would print it, with ``prestamps`` head-start stamps."""
    face = CardFace(SAMPLE_NUMBER, codes.make_payload(SAMPLE_NUMBER, SAMPLE_KEY), prestamps)
    return cards_pdf.render_card_sheet(shop, program, [face], paper="card")


def render_pdf_page(pdf: Path | bytes, width: int) -> QImage:
    """Page 1 of a PDF (a file or its bytes), ``width`` pixels wide; a null image if it cannot be read."""
    document = QPdfDocument()
    buffer: QBuffer | None = None
    if isinstance(pdf, Path):
        status = document.load(str(pdf))
        ok = status == QPdfDocument.Error.None_
    else:
        buffer = QBuffer()
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document.load(buffer)
        ok = document.status() == QPdfDocument.Status.Ready
    if not ok or document.pageCount() < 1:
        return QImage()
    size = document.pagePointSize(0)
    image = document.render(0, QSize(width, max(1, int(width * size.height() / max(1.0, size.width())))))
    document.close()
    return image.copy()


class PdfPreview(theme.Picture):
    """Page 1 of a PDF scaled into the room the page gives it (never larger: it cannot grow the window)."""

    RENDER_WIDTH = 1400  # pixels: sharp on a 1920x1080 screen, ~40 ms for an A4 sheet

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("card_preview")
        self.source: Path | bytes | None = None

    def show_pdf(self, pdf: Path | bytes) -> bool:
        """Show page 1 of ``pdf``; False (and the placeholder) when it cannot be rendered."""
        self.source = pdf
        image = render_pdf_page(pdf, self.RENDER_WIDTH)
        self.set_image(image)
        return not image.isNull()

    def clear_pdf(self) -> None:
        """Back to the placeholder text."""
        self.source = None
        self.set_image(QImage())
