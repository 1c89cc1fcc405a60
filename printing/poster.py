"""A poster for the shop's window or counter (issue 19 part 4): the program and a QR code to the card page.

``render_poster`` is a pure function from plain data to PDF bytes, one page of
A3, A4 or A5 portrait, in the shop's language, with the printed card's colours
and fonts (``printing.cards_pdf``): the shop's name on the accent band, "Collect
10 stamps", the reward, a row of slots with the head-start ones filled and "the
first 2 are on us", a large QR code (vector art, error level M, quiet zone of 4
modules), the line under it saying where it leads, and the complaint contacts.
Everything is laid out on A4 in millimetres and scaled for A3 and A5, so the
three sizes look the same.

The QR leads to the card page's address (``settings set --card-url``) when
there is one, else to the complaint web address, else the poster has no QR:
:func:`poster_target` decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from reportlab.lib.colors import Color, white
from reportlab.lib.pagesizes import A3, A4, A5
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cards import languages, rules
from printing import boxes, docinfo, fonts, qr, texts
from printing.cards_pdf import ACCENT, INK, MUTED, SLOT_LINE, SLOT_TEXT, contact_parts
from printing.errors import LayoutError, Trouble
from printing.model import SheetShop

SIZES: dict[str, tuple[float, float]] = {"a3": A3, "a4": A4, "a5": A5}
QR_LEVEL = "M"
GIFT = Color(0.914, 0.788, 0.659)  # the card page's gift slot (#e9c9a8)

_WORDS: dict[str, dict[str, str]] = {
    "en": {"first_on_us": "The first {k} are on us!", "first_one_on_us": "The first one is on us!",
           "reward": "Your reward", "scan_card": "Scan: your stamps on your phone",
           "scan_complaints": "Scan to write to us", "ask": "Ask for your card at the counter",
           "subject": "Loyalty program poster"},
    "cs": {"first_on_us": "První {k} máte od nás!", "first_one_on_us": "První máte od nás!",
           "reward": "Vaše odměna", "scan_card": "Naskenujte: razítka ve vašem telefonu",
           "scan_complaints": "Naskenujte a napište nám", "ask": "Kartu dostanete u pokladny",
           "subject": "Plakát věrnostního programu"},
    "ru": {"first_on_us": "Первые {k} — от нас!", "first_one_on_us": "Первый — от нас!",
           "reward": "Ваша награда", "scan_card": "Сканируйте: штампы в вашем телефоне",
           "scan_complaints": "Сканируйте и напишите нам", "ask": "Попросите карту на кассе",
           "subject": "Плакат программы лояльности"},
}
"""The poster's own words (the card's and the receipt's are in ``printing.texts``)."""


@dataclass(frozen=True)
class PosterTarget:
    """Where the poster's QR leads: ``address`` ("" = no QR) and whether it is the card page."""

    address: str
    card_page: bool


def poster_target(card_url: str, complaints_url: str) -> PosterTarget:
    """The card page (its shop page, ``card_url`` + ``/``) when set, else the complaint address, else none."""
    if card_url:
        return PosterTarget(card_url.rstrip("/") + "/", True)
    return PosterTarget(complaints_url, False)


def word(language: str, key: str, **values: object) -> str:
    """One of the poster's words in ``language`` (English for a language we do not have)."""
    table = _WORDS.get(language if language in languages.CODES else "en", _WORDS["en"])
    return table[key].format(**values)


def head_start_line(language: str, prestamps: int) -> str:
    """"The first 2 are on us!" ("" without a head start)."""
    if prestamps <= 0:
        return ""
    return word(language, "first_one_on_us") if prestamps == 1 else word(language, "first_on_us", k=prestamps)


# Styles in A4 points; the page is scaled for A3 and A5.
NAME = boxes.Style(fonts.BOLD, 40, 22, max_lines=2, wrap_size=32)
COLLECT = boxes.Style(fonts.REGULAR, 30, 18, max_lines=2, wrap_size=24)
LABEL = boxes.Style(fonts.REGULAR, 16, 11, char_space=1.0)
REWARD = boxes.Style(fonts.BOLD, 46, 22, max_lines=3, wrap_size=36)
GIFT_LINE = boxes.Style(fonts.BOLD, 24, 14, max_lines=2, wrap_size=20)
CAPTION = boxes.Style(fonts.BOLD, 18, 11, max_lines=2, wrap_size=15, breaks=boxes.URL_BREAKS)
ADDRESS = boxes.Style(fonts.REGULAR, 13, 8, max_lines=2, breaks=boxes.URL_BREAKS, anywhere=True)
HEADING = boxes.Style(fonts.BOLD, 15, 10, max_lines=2, wrap_size=13)
CONTACT = boxes.Style(fonts.REGULAR, 15, 9, max_lines=2, breaks=boxes.URL_BREAKS, anywhere=True)
MARGIN = 16 * mm
BAND = 42 * mm
QR_SIDE = 95 * mm


def render_poster(shop: SheetShop, program: rules.Program, target: PosterTarget, *, size: str = "a4") -> bytes:
    """The poster as a one-page PDF (see the module); the same input gives the same bytes."""
    if size not in SIZES:
        raise LayoutError(Trouble.UNKNOWN_SIZE, size=size, choices=tuple(SIZES))
    fonts.register()
    page_w, page_h = SIZES[size]
    scale = page_w / A4[0]
    lang = shop.language
    out = BytesIO()
    canvas = Canvas(out, pagesize=(page_w, page_h), invariant=1, pageCompression=1)
    docinfo.describe(canvas, title=f"{shop.name} – {word(lang, 'subject')}", author=shop.name,
                     subject=word(lang, "subject"), created=None)
    canvas.scale(scale, scale)
    _draw(canvas, shop, program, target, A4[0], A4[1])
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _draw(canvas: Canvas, shop: SheetShop, program: rules.Program, target: PosterTarget, w: float,
          h: float) -> None:
    lang = shop.language
    inner = w - 2 * MARGIN
    # the accent band with the shop's name
    canvas.setFillColor(ACCENT)
    canvas.rect(0, h - BAND, w, BAND, stroke=0, fill=1)
    name = boxes.fit(shop.name, NAME, inner)
    _centred(canvas, name, NAME, w / 2, h - BAND / 2 + name.height / 2, white)
    top = h - BAND - 14 * mm
    need = program.stamps_required
    collect = boxes.fit(texts.text(lang, "collect", n=need), COLLECT, inner)
    _centred(canvas, collect, COLLECT, w / 2, top, INK)
    top -= collect.height + 6 * mm
    label = boxes.fit(word(lang, "reward").upper(), LABEL, inner)
    _centred(canvas, label, LABEL, w / 2, top, MUTED)
    top -= label.height + 2 * mm
    reward = boxes.fit(program.reward, REWARD, inner)
    _centred(canvas, reward, REWARD, w / 2, top, ACCENT)
    top -= reward.height + 9 * mm
    top = _slots(canvas, need, min(program.prestamps, need), w, top, inner)
    gift = head_start_line(lang, program.prestamps)
    if gift:
        top -= 4 * mm
        fitted = boxes.fit("★ " + gift, GIFT_LINE, inner)
        _centred(canvas, fitted, GIFT_LINE, w / 2, top, ACCENT)
        top -= fitted.height
    # the complaint contacts along the bottom
    parts = contact_parts(shop)
    bottom = MARGIN
    if parts:
        contacts = boxes.fit("  ·  ".join(parts), CONTACT, inner)
        _centred(canvas, contacts, CONTACT, w / 2, bottom + contacts.height, INK)
        heading = boxes.fit(texts.text(lang, "complain_head"), HEADING, inner)
        bottom += contacts.height + 2.5 * mm
        _centred(canvas, heading, HEADING, w / 2, bottom + heading.height, ACCENT)
        bottom += heading.height + 6 * mm
        canvas.setStrokeColor(SLOT_LINE)
        canvas.setLineWidth(0.8)
        canvas.line(MARGIN, bottom - 3 * mm, w - MARGIN, bottom - 3 * mm)
    # the QR and what it leads to, in the room left between
    if target.address:
        caption = boxes.fit(word(lang, "scan_card" if target.card_page else "scan_complaints"), CAPTION, inner)
        address = boxes.fit(_short(target.address), ADDRESS, inner)
        below = caption.height + 2 * mm + address.height
        room = top - 8 * mm - bottom - below - 4 * mm
        matrix = qr.matrix(target.address, level=QR_LEVEL)
        modules = matrix.size + 2 * qr.QUIET_ZONE
        side = min(QR_SIDE, room)
        if side < 30 * mm:
            raise LayoutError(Trouble.NO_ROOM)
        module = side / modules
        x = (w - side) / 2
        y = top - 8 * mm - side
        canvas.setFillColor(white)
        canvas.rect(x, y, side, side, stroke=0, fill=1)
        quiet = qr.QUIET_ZONE * module
        canvas.addLiteral(f"q 0 g {module:.4f} 0 0 {module:.4f} {x + quiet:.3f} {y + quiet:.3f} cm\n"
                          f"{qr.path_operators(matrix)}\nQ")
        _centred(canvas, caption, CAPTION, w / 2, y - 2 * mm, INK)
        _centred(canvas, address, ADDRESS, w / 2, y - 2 * mm - caption.height - 1.5 * mm, MUTED)
    else:
        ask = boxes.fit(word(lang, "ask"), CAPTION, inner)
        _centred(canvas, ask, CAPTION, w / 2, (top + bottom) / 2 + ask.height / 2, INK)


def _slots(canvas: Canvas, count: int, filled: int, w: float, top: float, width: float) -> float:
    """A row (or two) of stamp slots like the card's, the head-start ones filled; returns the bottom."""
    per_row = count if count <= 10 else (count + 1) // 2
    gap = 3 * mm
    diameter = min(16 * mm, (width - gap * (per_row - 1)) / per_row)
    rows = (count + per_row - 1) // per_row
    canvas.setLineWidth(1.6)
    for index in range(count):
        row, col = divmod(index, per_row)
        in_row = min(per_row, count - row * per_row)
        left = (w - (in_row * diameter + (in_row - 1) * gap)) / 2
        cx = left + col * (diameter + gap) + diameter / 2
        cy = top - row * (diameter + gap) - diameter / 2
        canvas.setStrokeColor(ACCENT if index < filled else SLOT_LINE)
        canvas.setFillColor(GIFT)
        canvas.circle(cx, cy, diameter / 2, stroke=1, fill=1 if index < filled else 0)
        canvas.setFillColor(ACCENT if index < filled else SLOT_TEXT)
        mark = "★" if index < filled else str(index + 1)
        size = diameter * 0.42
        canvas.setFont(fonts.BOLD if index < filled else fonts.REGULAR, size)
        canvas.drawCentredString(cx, cy - size * 0.36, mark)
    return float(top - rows * diameter - (rows - 1) * gap)


def _centred(canvas: Canvas, fitted: boxes.Fitted, style: boxes.Style, cx: float, top: float,
             color: Color) -> None:
    canvas.setFillColor(color)
    canvas.setFont(style.font, fitted.size)
    for line, baseline in zip(fitted.lines, fitted.baselines(top)):
        canvas.drawCentredString(cx, baseline, line, charSpace=style.char_space)


def _short(address: str) -> str:
    text = address.split("://", 1)[-1]
    return text[:-1] if text.endswith("/") else text
