"""Card sheets: printed stamp cards as a PDF, 10 a page or one a page.

A card is 85 x 55 mm. It shows the shop's logo (or a monogram) and name, the
reward, a grid of stamp slots with the head-start ones printed filled, the QR
code as vector art with a quiet zone of four modules, the grouped card number
for typing, and the complaint contacts.

Sheets are A4 or Letter with two columns of five cards and cut marks in the
margins; ``paper="card"`` gives one card a page on CR80 (85.6 x 54 mm), the
size plastic-card printers take. Everything stays 4 mm inside the card's
edge, so a cut that is a little off never clips the design.

Speed: everything that is the same on every card of a batch (logo, name,
reward, slots, contacts) is drawn once into a PDF form and placed on each
card by reference; only the QR path and the number are drawn per card. The
QR is one filled path of horizontal runs in module units (see ``qr``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO
from itertools import islice

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from cards import codes, rules
from printing import fonts, qr, texts
from printing.errors import LayoutError
from printing.model import CardFace, SheetShop

CARD_W, CARD_H = 85 * mm, 55 * mm
CR80 = (85.6 * mm, 53.98 * mm)
PAPERS: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER, "card": CR80}
COLUMNS, ROWS = 2, 5

MARGIN = 4 * mm  # safe area: nothing is drawn closer to a card's edge
QR_MODULE = 0.8 * mm  # a version-2 symbol is 25 modules: 20 mm wide
QR_VERSION, QR_LEVEL = 2, "Q"
NUMBER_SIZE = 7.2

INK = HexColor("#1f1f1f")
MUTED = HexColor("#6d6760")
ACCENT = HexColor("#7a4426")
SLOT_LINE = HexColor("#b9afa6")
SLOT_TEXT = HexColor("#b0a69c")
CUT = HexColor("#000000")

Progress = Callable[[int], None]


@dataclass(frozen=True)
class _Layout:
    """Where things go on one card of size ``width`` x ``height`` (points)."""

    width: float
    height: float

    @property
    def qr_size(self) -> float:
        return float((17 + 4 * QR_VERSION) * QR_MODULE)

    @property
    def qr_x(self) -> float:
        return float(self.width - MARGIN - 0.5 * mm - self.qr_size)

    @property
    def number_y(self) -> float:
        return float(11.0 * mm)

    @property
    def qr_y(self) -> float:
        # the number's top plus a full quiet zone of four modules
        return float(self.number_y + 2.4 * mm + qr.QUIET_ZONE * QR_MODULE)

    @property
    def left_width(self) -> float:
        return float(self.qr_x - qr.QUIET_ZONE * QR_MODULE - 1.5 * mm - MARGIN)


def render_card_sheet(shop: SheetShop, program: rules.Program, cards: Iterable[CardFace], *,
                      paper: str = "a4", title: str = "",
                      progress: Progress | None = None) -> bytes:
    """Lay out ``cards`` on sheets (``"a4"``, ``"letter"``) or one a page (``"card"``).

    ``title`` (e.g. "Batch 12") is printed small in the sheet margin with the
    page number, so a stack of sheets stays in order. ``progress`` is called
    with the number of cards drawn so far after each page. Returns the PDF.
    """
    if paper not in PAPERS:
        raise LayoutError(f"unknown paper {paper!r}; use one of {', '.join(PAPERS)}")
    fonts.register()
    page_w, page_h = PAPERS[paper]
    out = BytesIO()
    canvas = Canvas(out, pagesize=(page_w, page_h), invariant=1, pageCompression=1)
    canvas.setTitle(f"{shop.name} – {title}" if title else shop.name)
    canvas.setAuthor(shop.name)
    canvas.setCreator("stampcard")
    if paper == "card":
        slots = [(0.0, 0.0)]
        layout = _Layout(page_w, page_h)
    else:
        grid_x = (page_w - COLUMNS * CARD_W) / 2
        grid_y = (page_h - ROWS * CARD_H) / 2
        slots = [(grid_x + c * CARD_W, grid_y + (ROWS - 1 - r) * CARD_H)
                 for r in range(ROWS) for c in range(COLUMNS)]
        layout = _Layout(CARD_W, CARD_H)
    faces: dict[int, str] = {}
    done = 0
    page = 0
    for chunk in _chunks(cards, len(slots)):
        page += 1
        for face in chunk:
            if face.prestamps not in faces:
                faces[face.prestamps] = _define_face(canvas, shop, program, face.prestamps, layout)
        if paper != "card":
            _cut_marks(canvas, page_w, page_h)
            if title:
                _sheet_label(canvas, page_w, page_h, f"{shop.name} · {title} · {page}")
        for (x, y), face in zip(slots, chunk):
            _draw_card(canvas, x, y, layout, faces[face.prestamps], face)
        canvas.showPage()
        done += len(chunk)
        if progress is not None:
            progress(done)
    if page == 0:
        raise LayoutError("no cards to print")
    canvas.save()
    return out.getvalue()


def _chunks(items: Iterable[CardFace], size: int) -> Iterator[list[CardFace]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _draw_card(canvas: Canvas, x: float, y: float, layout: _Layout, form: str,
               face: CardFace) -> None:
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(form)
    code = qr.matrix(face.payload, level=QR_LEVEL, version=QR_VERSION)
    canvas.addLiteral(f"q 0 g {QR_MODULE:.4f} 0 0 {QR_MODULE:.4f} {layout.qr_x:.3f} "
                      f"{layout.qr_y:.3f} cm\n{qr.path_operators(code)}\nQ")
    grouped = codes.format_number(face.number)
    spacing = 0.3
    wide = fonts.width(grouped, fonts.BOLD, NUMBER_SIZE) + spacing * (len(grouped) - 1)
    centre = min(layout.qr_x + layout.qr_size / 2, layout.width - MARGIN - wide / 2)
    canvas.setFillColor(INK)
    canvas.setFont(fonts.BOLD, NUMBER_SIZE)
    canvas.drawString(centre - wide / 2, layout.number_y, grouped, charSpace=spacing)
    canvas.restoreState()


def _define_face(canvas: Canvas, shop: SheetShop, program: rules.Program, prestamps: int,
                 layout: _Layout) -> str:
    """Draw everything a batch's cards share into a form; return its name."""
    name = f"face{prestamps}"
    canvas.beginForm(name, 0, 0, layout.width, layout.height)
    lang = shop.language
    w, h = layout.width, layout.height
    # header: logo or monogram, shop name, "Loyalty card"
    badge = 10 * mm
    _logo(canvas, shop, MARGIN, h - MARGIN - badge, badge)
    text_x = MARGIN + badge + 2.8 * mm
    size = fonts.fit_size(shop.name, fonts.BOLD, 12.5, w - text_x - MARGIN, 7)
    canvas.setFillColor(INK)
    canvas.setFont(fonts.BOLD, size)
    canvas.drawString(text_x, h - MARGIN - 5.0 * mm, shop.name)
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.REGULAR, 6.5)
    canvas.drawString(text_x, h - MARGIN - 8.8 * mm, texts.text(lang, "loyalty_card").upper(),
                      charSpace=0.5)
    # the reward and what it takes
    left = layout.left_width
    reward_size = fonts.fit_size(program.reward, fonts.BOLD, 10.5, left, 6.5)
    canvas.setFillColor(ACCENT)
    canvas.setFont(fonts.BOLD, reward_size)
    canvas.drawString(MARGIN, 33.2 * mm, program.reward)
    need = program.stamps_required
    line = texts.text(lang, "collect", n=need, stamps=texts.stamps_word(lang, need))
    if prestamps:
        line += " · " + texts.text(lang, "head_start", k=prestamps)
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.REGULAR, fonts.fit_size(line, fonts.REGULAR, 6.3, left, 4.5))
    canvas.drawString(MARGIN, 29.6 * mm, line)
    _slots(canvas, need, min(prestamps, need), MARGIN, 12.2 * mm, left, 15.4 * mm)
    # complaint contacts along the bottom
    canvas.setStrokeColor(SLOT_LINE)
    canvas.setLineWidth(0.3)
    canvas.line(MARGIN, 9.3 * mm, w - MARGIN, 9.3 * mm)
    heading = texts.text(lang, "complain_card")
    contacts = contact_line(shop)
    canvas.setFillColor(ACCENT)
    canvas.setFont(fonts.BOLD, fonts.fit_size(heading, fonts.BOLD, 5.8, w - 2 * MARGIN, 4))
    canvas.drawString(MARGIN, 6.6 * mm, heading)
    canvas.setFillColor(INK)
    canvas.setFont(fonts.REGULAR, fonts.fit_size(contacts, fonts.REGULAR, 5.8, w - 2 * MARGIN, 3.6))
    canvas.drawString(MARGIN, MARGIN, contacts)
    canvas.endForm()
    return name


def contact_line(shop: SheetShop) -> str:
    """The complaint contacts on one line: phone · e-mail · web address."""
    return "  ·  ".join(part for part in (shop.phone, shop.email, _short_url(shop.url)) if part)


def _short_url(url: str) -> str:
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix):]
    return url.removeprefix("www.").rstrip("/")


def _logo(canvas: Canvas, shop: SheetShop, x: float, y: float, size: float) -> None:
    if shop.logo_path is not None:
        try:
            image = ImageReader(str(shop.logo_path))
        except (OSError, ValueError) as exc:
            raise LayoutError(f"cannot read the logo {shop.logo_path}: {exc}") from exc
        canvas.drawImage(image, x, y, size, size, preserveAspectRatio=True, anchor="c",
                         mask="auto")
        return
    canvas.setFillColor(ACCENT)
    canvas.circle(x + size / 2, y + size / 2, size / 2, stroke=0, fill=1)
    initial = next((ch for ch in shop.name if ch.isalnum()), "★").upper()
    canvas.setFillColor(white)
    canvas.setFont(fonts.BOLD, size * 0.52)
    canvas.drawCentredString(x + size / 2, y + size * 0.31, initial)


def _slots(canvas: Canvas, count: int, filled: int, x: float, y: float, width: float,
           height: float) -> None:
    """A grid of ``count`` round slots, the first ``filled`` printed stamped,
    the last marked with a star for the reward."""
    rows = 1 if count <= 6 else 2 if count <= 14 else math.ceil(count / 10)
    cols = math.ceil(count / rows)
    pitch = min(width / cols, height / rows)
    diameter = pitch * 0.82
    pitch_x = min(width / cols, diameter * 1.32)
    top = y + height - (height - rows * pitch) / 2
    for i in range(count):
        row, col = divmod(i, cols)
        cx = x + col * pitch_x + diameter / 2
        cy = top - row * pitch - pitch / 2
        radius = diameter / 2
        if i < filled:
            canvas.setFillColor(ACCENT)
            canvas.circle(cx, cy, radius, stroke=0, fill=1)
            _check(canvas, cx, cy, radius)
        elif i == count - 1:
            canvas.setStrokeColor(ACCENT)
            canvas.setFillColor(white)
            canvas.setLineWidth(0.8)
            canvas.circle(cx, cy, radius, stroke=1, fill=1)
            _star(canvas, cx, cy, radius * 0.55, ACCENT)
        else:
            canvas.setStrokeColor(SLOT_LINE)
            canvas.setFillColor(white)
            canvas.setLineWidth(0.6)
            canvas.circle(cx, cy, radius, stroke=1, fill=1)
            canvas.setFillColor(SLOT_TEXT)
            canvas.setFont(fonts.REGULAR, radius * 0.95)
            canvas.drawCentredString(cx, cy - radius * 0.33, str(i + 1))


def _check(canvas: Canvas, cx: float, cy: float, radius: float) -> None:
    canvas.setStrokeColor(white)
    canvas.setLineWidth(radius * 0.2)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    path = canvas.beginPath()
    path.moveTo(cx - radius * 0.45, cy + radius * 0.02)
    path.lineTo(cx - radius * 0.12, cy - radius * 0.32)
    path.lineTo(cx + radius * 0.47, cy + radius * 0.33)
    canvas.drawPath(path, stroke=1, fill=0)


def _star(canvas: Canvas, cx: float, cy: float, radius: float, color: Color) -> None:
    path = canvas.beginPath()
    for k in range(10):
        r = radius if k % 2 == 0 else radius * 0.45
        angle = math.pi / 2 + k * math.pi / 5
        px, py = cx + r * math.cos(angle), cy + r * math.sin(angle)
        if k == 0:
            path.moveTo(px, py)
        else:
            path.lineTo(px, py)
    path.close()
    canvas.setFillColor(color)
    canvas.drawPath(path, stroke=0, fill=1)


def _cut_marks(canvas: Canvas, page_w: float, page_h: float) -> None:
    grid_w, grid_h = COLUMNS * CARD_W, ROWS * CARD_H
    x0, y0 = (page_w - grid_w) / 2, (page_h - grid_h) / 2
    gap = 1 * mm
    canvas.saveState()
    canvas.setStrokeColor(CUT)
    canvas.setLineWidth(0.3)
    side = min(6 * mm, x0 - gap - 1 * mm)
    for r in range(ROWS + 1):
        y = y0 + r * CARD_H
        canvas.line(x0 - gap - side, y, x0 - gap, y)
        canvas.line(x0 + grid_w + gap, y, x0 + grid_w + gap + side, y)
    end = min(6 * mm, y0 - gap - 0.5 * mm)
    if end > 0.8 * mm:
        for c in range(COLUMNS + 1):
            x = x0 + c * CARD_W
            canvas.line(x, y0 - gap - end, x, y0 - gap)
            canvas.line(x, y0 + grid_h + gap, x, y0 + grid_h + gap + end)
    canvas.restoreState()


def _sheet_label(canvas: Canvas, page_w: float, page_h: float, label: str) -> None:
    y0 = (page_h - ROWS * CARD_H) / 2
    if y0 < 7 * mm:
        return  # Letter has no room below the cards
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.REGULAR, 6.5)
    canvas.drawCentredString(page_w / 2, y0 / 2 - 1 * mm, label)
