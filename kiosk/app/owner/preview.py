"""A picture of a card sheet's first page, for the Print cards page.

With QtPdf installed, page 1 of the written PDF is rendered. Without it (some
PySide6 wheels leave QtPdf out), the page is drawn here from the same plain
data the PDF was made from: the grid of cards, each with the shop's name, the
reward, the slots with the head start filled, the QR code and the number. It
is a preview, not the print: the PDF stays the one source of truth.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from cards import codes, rules
from printing import cards_pdf, qr
from printing.model import CardFace, SheetShop

POINTS_PER_MM = 72 / 25.4


def render_pdf_page(pdf: Path, width: int) -> QImage:
    """Page 1 of ``pdf`` through QtPdf, ``width`` pixels wide; a null image if QtPdf is missing."""
    try:
        from PySide6.QtPdf import QPdfDocument
    except ImportError:
        return QImage()
    document = QPdfDocument()
    if document.load(str(pdf)) != QPdfDocument.Error.None_ or document.pageCount() < 1:
        return QImage()
    size = document.pagePointSize(0)
    image = document.render(0, QSize(width, int(width * size.height() / max(1.0, size.width()))))
    document.close()
    return image.copy()


def draw_sheet(shop: SheetShop, program: rules.Program, faces: Sequence[CardFace], paper: str,
               width: int) -> QImage:
    """Draw the first page of a sheet of ``faces`` (up to 10 cards) ``width`` pixels wide."""
    page_w, page_h = cards_pdf.PAPERS.get(paper, cards_pdf.PAPERS["a4"])
    scale = width / page_w
    image = QImage(width, int(page_h * scale), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    card_w, card_h = cards_pdf.CARD_W * scale, cards_pdf.CARD_H * scale
    left = (width - cards_pdf.COLUMNS * card_w) / 2
    top = (image.height() - cards_pdf.ROWS * card_h) / 2
    for i, face in enumerate(faces[: cards_pdf.COLUMNS * cards_pdf.ROWS]):
        row, col = divmod(i, cards_pdf.COLUMNS)
        _draw_card(painter, QRectF(left + col * card_w, top + row * card_h, card_w, card_h), shop, program, face)
    painter.setPen(QPen(QColor("#999999"), 1))
    for c in range(cards_pdf.COLUMNS + 1):  # cut marks
        x = left + c * card_w
        painter.drawLine(int(x), int(top - 10), int(x), int(top - 2))
        painter.drawLine(int(x), int(top + cards_pdf.ROWS * card_h + 2), int(x), int(top + cards_pdf.ROWS * card_h + 10))
    painter.end()
    return image


def _draw_card(painter: QPainter, box: QRectF, shop: SheetShop, program: rules.Program, face: CardFace) -> None:
    unit = box.width() / 85  # one millimetre
    painter.setPen(QPen(QColor("#d0c8c0"), max(1.0, unit * 0.2)))
    painter.setBrush(QColor("white"))
    painter.drawRect(box)
    margin = 4 * unit
    font = QFont("DejaVu Sans")
    font.setBold(True)
    font.setPixelSize(max(6, int(4 * unit)))
    painter.setFont(font)
    painter.setPen(QColor("#7a4426"))
    text_w = box.width() - 2 * margin - 24 * unit
    painter.drawText(QRectF(box.left() + margin, box.top() + margin, text_w, 6 * unit),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shop.name)
    font.setBold(False)
    font.setPixelSize(max(5, int(3 * unit)))
    painter.setFont(font)
    painter.setPen(QColor("#1f1f1f"))
    painter.drawText(QRectF(box.left() + margin, box.top() + margin + 7 * unit, text_w, 5 * unit),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, program.reward)
    count = program.stamps_required
    per_row = count if count <= 10 else (count + 1) // 2
    rows = 1 if count <= 10 else 2
    slot = min(text_w / per_row * 0.82, 6 * unit)
    gap = (text_w - per_row * slot) / max(1, per_row - 1)
    for k in range(count):
        r, c = divmod(k, per_row)
        x = box.left() + margin + c * (slot + gap)
        y = box.top() + margin + 15 * unit + r * (slot + 2 * unit)
        filled = k < face.prestamps
        painter.setPen(QPen(QColor("#7a4426" if filled else "#b9afa6"), max(1.0, unit * 0.3)))
        painter.setBrush(QColor("#7a4426") if filled else Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QRectF(x, y, slot, slot))
    painter.setPen(QColor("#1f1f1f"))
    painter.drawText(QRectF(box.left() + margin, box.bottom() - margin - 11 * unit, text_w, 5 * unit),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, codes.format_number(face.number))
    painter.setPen(QColor("#6d6760"))
    painter.drawText(QRectF(box.left() + margin, box.bottom() - margin - 5 * unit, box.width() - 2 * margin, 5 * unit),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, cards_pdf.contact_line(shop))
    del rows
    symbol = qr.matrix(face.payload, cards_pdf.QR_LEVEL, cards_pdf.QR_VERSION)
    module = 0.8 * unit
    qx = box.right() - margin - symbol.size * module
    qy = box.top() + margin
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#1f1f1f"))
    for r in range(symbol.size):
        for c in range(symbol.size):
            if symbol.dark(r, c):
                painter.drawRect(QRectF(qx + c * module, qy + r * module, module + 0.3, module + 0.3))
