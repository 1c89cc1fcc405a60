"""Card sheets: printed stamp cards as a PDF, 10 a page or one a page.

A card is 85 x 55 mm. It shows the shop's logo (or a monogram) and name, the
reward, a grid of stamp slots with the head-start ones printed filled, the QR
code as vector art with a quiet zone of four modules, the grouped card number
for typing, and the complaint contacts.

Sheets are A4 or Letter with two columns of five cards and cut marks in the
margins; ``paper="card"`` gives one card a page on CR80 (85.6 x 54 mm), the
size plastic-card printers take. Everything stays 4 mm inside the card's
edge, so a cut that is a little off never clips the design.

A card whose QR holds the card page's address (``HTTPS://HOST/C/SC1:...``,
version 4) prints it with the same 0.8 mm modules as the short code's version
2, so a camera reads it as well: 26.4 mm instead of 20 mm. That symbol reaches
up into the header, so on such a card (``_Layout.url``) the name stands left of
its quiet zone, on up to three smaller lines, and the left column is 6 mm
narrower; ``printing.fit`` checks the shop's texts against both layouts.

Every text has a box and a :class:`printing.boxes.Style`: the name beside the
logo (two lines at most) stays above the QR's quiet zone; the reward (three
lines at most), the "collect" line, the slots and the complaint heading stay
in the column left of it; the contacts (one to three lines, broken only
between phone, e-mail and web address) run under the card number. The
slots take whatever height is left. ``field_fits`` answers for
``printing.fit`` whether a shop's text fits its box before it is saved.

Speed: everything that is the same on every card of a batch (logo, name,
reward, slots, contacts) is drawn once into a PDF form and placed on each
card by reference; only the QR path and the number are drawn per card. The
QR is one filled path of horizontal runs in module units (see ``qr``).
"""

from __future__ import annotations

import datetime as dt
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
from printing import boxes, docinfo, fonts, qr, texts
from printing.errors import LayoutError, Trouble
from printing.model import CardFace, SheetShop

CARD_W, CARD_H = 85 * mm, 55 * mm
CR80 = (85.6 * mm, 53.98 * mm)
PAPERS: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER, "card": CR80}
COLUMNS, ROWS = 2, 5

MARGIN = 4 * mm  # safe area: nothing is drawn closer to a card's edge
QR_MODULE = 0.8 * mm  # a version-2 symbol is 25 modules: 20 mm wide
QR_VERSION, QR_LEVEL = 2, "Q"
URL_QR_VERSION = 4  # a card page address (codes.card_url): 33 modules of the same 0.8 mm, 26.4 mm
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
    url: bool = False  # the QR holds a card page address: a version-4 symbol, as finely printed

    @property
    def qr_version(self) -> int:
        return URL_QR_VERSION if self.url else QR_VERSION

    @property
    def qr_size(self) -> float:
        return float((17 + 4 * self.qr_version) * QR_MODULE)

    @property
    def qr_x(self) -> float:
        # the quiet zone may run into the safe margin (it is blank); the symbol stays inside it
        return float(self.width - MARGIN - (0.0 if self.url else 0.5 * mm) - self.qr_size)

    @property
    def number_y(self) -> float:
        return float(11.0 * mm)

    @property
    def qr_y(self) -> float:
        # the number's top plus a full quiet zone of four modules
        return float(self.number_y + 2.4 * mm + qr.QUIET_ZONE * QR_MODULE)

    @property
    def qr_top(self) -> float:
        """The top edge of the QR's quiet zone."""
        return float(self.qr_y + self.qr_size + qr.QUIET_ZONE * QR_MODULE)

    @property
    def left_width(self) -> float:
        return float(self.qr_x - qr.QUIET_ZONE * QR_MODULE - 1.5 * mm - MARGIN)

    @property
    def name_x(self) -> float:
        """Where the shop name starts, right of the logo."""
        return float(MARGIN + BADGE + (2.2 if self.url else 2.8) * mm)


def render_card_sheet(shop: SheetShop, program: rules.Program, cards: Iterable[CardFace], *,
                      paper: str = "a4", batch: int | None = None, created: dt.datetime | None = None,
                      progress: Progress | None = None) -> bytes:
    """Lay out ``cards`` on sheets (``"a4"``, ``"letter"``) or one a page (``"card"``).

    ``batch`` (its number) is printed small in the sheet margin with the shop
    and the page number, in the shop's language ("Dávka 12 · strana 3"), so a
    stack of sheets stays in order; it is also the PDF's title, the shop its
    author. ``created`` is the PDF's creation time (pass the real time; an
    aware datetime keeps its offset); without it the document says 2000-01-01.
    The same input gives the same bytes. ``progress`` is called with the number
    of cards drawn so far after each page. Returns the PDF.
    """
    if paper not in PAPERS:
        raise LayoutError(Trouble.UNKNOWN_PAPER, paper=paper, choices=tuple(PAPERS))
    fonts.register()
    page_w, page_h = PAPERS[paper]
    lang = shop.language
    out = BytesIO()
    canvas = Canvas(out, pagesize=(page_w, page_h), invariant=1, pageCompression=1)
    batch_name = texts.text(lang, "batch", n=batch) if batch is not None else ""
    docinfo.describe(canvas, title=batch_name or texts.text(lang, "cards_subject"), author=shop.name,
                     subject=f"{texts.text(lang, 'cards_subject')} – {shop.name}", created=created)
    layouts = {url: _layout_for(paper, url=url) for url in (False, True)}
    slots = card_origins(paper)
    faces: dict[tuple[int, bool], str] = {}
    done = 0
    page = 0
    for chunk in _chunks(cards, len(slots)):
        page += 1
        for face in chunk:
            key = (face.prestamps, is_url(face.payload))
            if key not in faces:
                faces[key] = _define_face(canvas, shop, program, face.prestamps, layouts[key[1]])
        if paper != "card":
            _cut_marks(canvas, page_w, page_h)
            label = [shop.name, batch_name, texts.text(lang, "page", n=page)]
            _sheet_label(canvas, page_w, page_h, [part for part in label if part])
        for (x, y), face in zip(slots, chunk):
            url = is_url(face.payload)
            _draw_card(canvas, x, y, layouts[url], faces[face.prestamps, url], face)
        canvas.showPage()
        done += len(chunk)
        if progress is not None:
            progress(done)
    if page == 0:
        raise LayoutError(Trouble.NO_CARDS)
    canvas.save()
    return out.getvalue()


def card_origins(paper: str) -> list[tuple[float, float]]:
    """The bottom-left corner of each card on a page of ``paper``, in drawing order."""
    if paper == "card":
        return [(0.0, 0.0)]
    page_w, page_h = PAPERS[paper]
    grid_x = (page_w - COLUMNS * CARD_W) / 2
    grid_y = (page_h - ROWS * CARD_H) / 2
    return [(grid_x + c * CARD_W, grid_y + (ROWS - 1 - r) * CARD_H)
            for r in range(ROWS) for c in range(COLUMNS)]


def card_size(paper: str) -> tuple[float, float]:
    """A card's width and height on ``paper`` (its cut lines), in points."""
    layout = _layout_for(paper)
    return layout.width, layout.height


def is_url(payload: str) -> bool:
    """True when a card's QR text is a card page address (printed in the URL layout)."""
    return len(payload) > codes.PAYLOAD_LENGTH


def qr_symbol_size(payload: str) -> float:
    """The printed width of the QR symbol (without quiet zone) holding ``payload``, in points."""
    return float(_Layout(CARD_W, CARD_H, url=is_url(payload)).qr_size)


def qr_box(paper: str, *, url: bool = False) -> tuple[float, float, float, float]:
    """The QR with its quiet zone on a card, relative to the card's corner: x0, y0, x1, y1
    (``url``: on a card whose QR holds a card page address)."""
    layout = _layout_for(paper, url=url)
    quiet = qr.QUIET_ZONE * QR_MODULE
    return (layout.qr_x - quiet, layout.qr_y - quiet, layout.qr_x + layout.qr_size + quiet,
            layout.qr_top)


def _chunks(items: Iterable[CardFace], size: int) -> Iterator[list[CardFace]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _draw_card(canvas: Canvas, x: float, y: float, layout: _Layout, form: str,
               face: CardFace) -> None:
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(form)
    # A card page address (codes.card_url) is always version 4, with the short code's 0.8 mm modules
    # (a scanner sees the same pixels a module): every card of a URL batch has the same layout.
    code = qr.matrix(face.payload, level=QR_LEVEL, version=layout.qr_version)
    module = layout.qr_size / code.size
    canvas.addLiteral(f"q 0 g {module:.4f} 0 0 {module:.4f} {layout.qr_x:.3f} "
                      f"{layout.qr_y:.3f} cm\n{qr.path_operators(code)}\nQ")
    grouped = codes.format_number(face.number)
    spacing = 0.3
    wide = fonts.width(grouped, fonts.BOLD, NUMBER_SIZE) + spacing * (len(grouped) - 1)
    centre = min(layout.qr_x + layout.qr_size / 2, layout.width - MARGIN - wide / 2)
    canvas.setFillColor(INK)
    canvas.setFont(fonts.BOLD, NUMBER_SIZE)
    canvas.drawString(centre - wide / 2, layout.number_y, grouped, charSpace=spacing)
    canvas.restoreState()


NAME = boxes.Style(fonts.BOLD, 12.5, 6.5, max_lines=2, wrap_size=8.5, shrink_to=9.0)
TAGLINE = boxes.Style(fonts.REGULAR, 6.5, 4.5, char_space=0.5)
REWARD = boxes.Style(fonts.BOLD, 10.5, 6.5, max_lines=3, wrap_size=8.0, shrink_to=8.0)
COLLECT = boxes.Style(fonts.REGULAR, 6.3, 4.5)
HEADING = boxes.Style(fonts.BOLD, 5.8, 4.5)
CONTACT = boxes.Style(fonts.REGULAR, 5.8, 5.0, breaks=boxes.URL_BREAKS)
CONTACT_LINES, CONTACT_WRAPPED = 3, 5.3  # at most three lines, then at most 5.3 pt
CONTACT_SEPARATOR = "  ·  "
BADGE = 10 * mm
GAP = 1 * mm


NAME_NARROW = boxes.Style(fonts.BOLD, 7.0, 6.5, max_lines=3, wrap_size=7.0, shrink_to=7.0)
"""The name beside a URL card's taller QR, when two lines of ``NAME`` are not enough."""
TAGLINE_GAP = 0.5 * mm


def name_box(layout: _Layout) -> tuple[float, float]:
    """The shop name's room: its width and height (the tagline goes under it).

    Above the QR's quiet zone on a short-code card; on a URL card (a taller QR)
    left of it, down to the reward."""
    if layout.url:
        right = layout.qr_x - qr.QUIET_ZONE * QR_MODULE - 1.0 * mm
        return right - layout.name_x, BADGE + 1.0 * mm
    return (layout.width - MARGIN - layout.name_x,
            layout.height - MARGIN - layout.qr_top - 0.3 * mm)


def fit_name(text: str, layout: _Layout) -> boxes.Fitted:
    """The shop name set in its box: ``NAME`` (two lines at most), or on a URL card, when that
    is cut or leaves no room for the tagline, ``NAME_NARROW`` (three smaller lines)."""
    width, height = name_box(layout)
    fitted = boxes.fit(text, NAME, width)
    if not layout.url or (fitted.complete and _block_height(fitted) <= height):
        return fitted
    return boxes.fit(text, NAME_NARROW, width)


def _block_height(name: boxes.Fitted) -> float:
    """The name and the tagline under it (at its largest)."""
    return float(name.height + TAGLINE_GAP + TAGLINE.size * (boxes.ASCENT + boxes.DESCENT))


def field_fits(field: str, text: str, paper: str, *, url: bool = False) -> bool:
    """True when the shop's ``field`` (``shop``, ``reward``, ``phone``,
    ``email``, ``url``) fits its box on a card on ``paper`` (``url``: a card
    whose QR holds a card page address, in its layout)."""
    layout = _layout_for(paper, url=url)
    if field == "shop":
        fitted = fit_name(text, layout)
        return fitted.complete and _block_height(fitted) <= name_box(layout)[1] + 1e-6
    if field == "reward":
        return boxes.fits(text, REWARD, layout.left_width)
    if field == "url":
        text = _short_url(text)
    return boxes.fits(text, CONTACT, layout.width - 2 * MARGIN)


def _layout_for(paper: str, *, url: bool = False) -> _Layout:
    return _Layout(*PAPERS[paper], url=url) if paper == "card" else _Layout(CARD_W, CARD_H, url=url)


def _define_face(canvas: Canvas, shop: SheetShop, program: rules.Program, prestamps: int,
                 layout: _Layout) -> str:
    """Draw everything a batch's cards share into a form; return its name."""
    name = f"face{prestamps}" + ("url" if layout.url else "")
    canvas.beginForm(name, 0, 0, layout.width, layout.height)
    lang = shop.language
    w, h = layout.width, layout.height
    left = layout.left_width
    # header: logo or monogram, then the shop name and "LOYALTY CARD" beside it, above the QR
    _logo(canvas, shop, MARGIN, h - MARGIN - BADGE, BADGE)
    text_x = layout.name_x
    room, room_h = name_box(layout)
    title = fit_name(shop.name, layout)
    tagline = boxes.fit(texts.text(lang, "loyalty_card").upper(), TAGLINE, room)
    block = title.height + TAGLINE_GAP + tagline.height
    top = min(h - MARGIN, h - MARGIN - BADGE / 2 + block / 2)
    top = max(top, h - MARGIN - room_h + block)
    _lines(canvas, title, NAME, text_x, top, INK)
    _lines(canvas, tagline, TAGLINE, text_x, top - title.height - TAGLINE_GAP, MUTED)
    # the reward and what it takes, in the column left of the QR
    top = h - MARGIN - BADGE - 1.2 * mm
    reward = boxes.fit(program.reward, REWARD, left)
    _lines(canvas, reward, REWARD, MARGIN, top, ACCENT)
    top -= reward.height + 0.8 * mm
    need = program.stamps_required
    line = texts.text(lang, "collect", n=need)
    if prestamps:
        line += " · " + texts.text(lang, "head_start", n=prestamps)
    collect = boxes.fit(line, COLLECT, left)
    _lines(canvas, collect, COLLECT, MARGIN, top, MUTED)
    slots_top = top - collect.height - GAP
    # complaint contacts along the bottom (full width, under the card number) and their heading
    contacts = _contact_block(shop, w - 2 * MARGIN)
    rule_y = MARGIN
    if contacts.lines:
        contacts_top = MARGIN + contacts.height
        _lines(canvas, contacts, CONTACT, MARGIN, contacts_top, INK)
        heading = boxes.fit(texts.text(lang, "complain_card"), HEADING, left)
        heading_top = contacts_top + 0.6 * mm + heading.height
        _lines(canvas, heading, HEADING, MARGIN, heading_top, ACCENT)
        rule_y = heading_top + 0.7 * mm
    canvas.setStrokeColor(SLOT_LINE)
    canvas.setLineWidth(0.3)
    canvas.line(MARGIN, rule_y, MARGIN + left, rule_y)
    slots_bottom = rule_y + GAP
    _slots(canvas, need, min(prestamps, need), MARGIN, slots_bottom, left, slots_top - slots_bottom)
    canvas.endForm()
    return name


def _lines(canvas: Canvas, fitted: boxes.Fitted, style: boxes.Style, x: float, top: float,
           color: Color) -> None:
    """Draw ``fitted``'s lines left-aligned at ``x``, the block's top edge at ``top``."""
    canvas.setFillColor(color)
    canvas.setFont(style.font, fitted.size)
    for line, baseline in zip(fitted.lines, fitted.baselines(top)):
        canvas.drawString(x, baseline, line, charSpace=style.char_space)


def contact_parts(shop: SheetShop) -> list[str]:
    """The complaint contacts a card shows: phone, e-mail, short web address (those set)."""
    return [part for part in (boxes.clean(shop.phone), boxes.clean(shop.email), _short_url(boxes.clean(shop.url)))
            if part]


def _contact_block(shop: SheetShop, width: float) -> boxes.Fitted:
    """The contacts on one to three lines, broken only between them, all at one size."""
    parts = contact_parts(shop)
    if not parts:
        return boxes.Fitted(CONTACT.size, ())
    single = boxes.fit(CONTACT_SEPARATOR.join(parts), CONTACT, width)
    if single.complete and len(single.lines) == 1:
        return single
    size = CONTACT_WRAPPED
    while size >= CONTACT.min_size - 1e-9:
        lines = _pack(parts, size, width)
        if len(lines) <= CONTACT_LINES and all(CONTACT.width(li, size) <= width for li in lines):
            return boxes.Fitted(size, tuple(lines))
        size -= boxes.STEP
    # a part too long even alone (refused by ``printing.fit`` before it is saved): cut each
    cut = [boxes.fit(part, CONTACT, width).lines[0] for part in parts]
    return boxes.Fitted(CONTACT.min_size, tuple(cut[:CONTACT_LINES]), complete=False)


def _pack(parts: list[str], size: float, width: float) -> list[str]:
    lines: list[str] = []
    for part in parts:
        joined = lines[-1] + CONTACT_SEPARATOR + part if lines else part
        if lines and CONTACT.width(joined, size) <= width:
            lines[-1] = joined
        else:
            lines.append(part)
    return lines


def contact_line(shop: SheetShop) -> str:
    """The complaint contacts on one line: phone · e-mail · web address."""
    return CONTACT_SEPARATOR.join(contact_parts(shop))


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
            raise LayoutError(Trouble.BAD_LOGO, file=str(shop.logo_path), reason=exc) from exc
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


CutSegment = tuple[float, float, float, float]


def cut_marks(page_w: float, page_h: float) -> list[CutSegment]:
    """The cut marks of a sheet as line segments (x0, y0, x1, y1), all outside the card grid."""
    grid_w, grid_h = COLUMNS * CARD_W, ROWS * CARD_H
    x0, y0 = (page_w - grid_w) / 2, (page_h - grid_h) / 2
    gap = 1 * mm
    side = min(6 * mm, x0 - gap - 1 * mm)
    marks: list[CutSegment] = []
    for r in range(ROWS + 1):
        y = y0 + r * CARD_H
        marks += [(x0 - gap - side, y, x0 - gap, y), (x0 + grid_w + gap, y, x0 + grid_w + gap + side, y)]
    end = min(6 * mm, y0 - gap - 0.5 * mm)
    if end > 0.8 * mm:
        for c in range(COLUMNS + 1):
            x = x0 + c * CARD_W
            marks += [(x, y0 - gap - end, x, y0 - gap), (x, y0 + grid_h + gap, x, y0 + grid_h + gap + end)]
    return marks


def _cut_marks(canvas: Canvas, page_w: float, page_h: float) -> None:
    canvas.saveState()
    canvas.setStrokeColor(CUT)
    canvas.setLineWidth(0.3)
    for x0, y0, x1, y1 in cut_marks(page_w, page_h):
        canvas.line(x0, y0, x1, y1)
    canvas.restoreState()


LABEL = boxes.Style(fonts.REGULAR, 6.5, 4.5)
LABEL_CLEAR = 2 * mm  # between the sheet label and any cut mark


def _sheet_label(canvas: Canvas, page_w: float, page_h: float, parts: list[str]) -> None:
    """The shop, batch and page in the sheet margin, clear of every cut mark.

    Under the first column of cards, between its cut marks, where the bottom
    margin has room (A4); else turned up the left margin beside the middle
    row, outside the side marks (Letter). A shop name too long for the room is
    cut with an ellipsis; the batch and page always show.
    """
    grid_w, grid_h = COLUMNS * CARD_W, ROWS * CARD_H
    x0, y0 = (page_w - grid_w) / 2, (page_h - grid_h) / 2
    room = CARD_W - 2 * LABEL_CLEAR
    text = _label_text(parts, room)
    size = boxes.fit(text, LABEL, room).size
    canvas.saveState()
    canvas.setFillColor(MUTED)
    canvas.setFont(LABEL.font, size)
    if y0 >= 7 * mm:
        baseline = (y0 - 1 * mm) / 2 - (boxes.ASCENT - boxes.DESCENT) * size / 2
        canvas.drawCentredString(x0 + CARD_W / 2, baseline, text)
    else:
        side_x = x0 - 1 * mm - min(6 * mm, x0 - 2 * mm) - LABEL_CLEAR  # left end of the side marks
        canvas.translate(side_x - boxes.DESCENT * size, page_h / 2)
        canvas.rotate(90)
        canvas.drawCentredString(0, 0, text)
    canvas.restoreState()


def _label_text(parts: list[str], room: float) -> str:
    text = " · ".join(parts)
    if boxes.fits(text, LABEL, room) or len(parts) < 2:
        return text
    name, rest = parts[0], " · " + " · ".join(parts[1:])
    while name and not boxes.fits(name + boxes.ELLIPSIS + rest, LABEL, room):
        name = name[:-1]
    return name.rstrip() + boxes.ELLIPSIS + rest
