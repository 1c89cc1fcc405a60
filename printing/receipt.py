"""Receipts as PDF for 80 mm and 58 mm paper rolls; the page is as tall as its content.

Every receipt ends with the shop's complaint contacts (phone, e-mail, the web
address as a QR code) and a short reference number, so an unhappy customer
can reach the shop first. The layout is one function that walks down the
page; it runs once without a canvas to measure the height, then draws.

Every text is fitted to the roll's width (``printing.boxes``): it shrinks,
then wraps (the shop name and the reward to three lines, a web address
anywhere); a value with no room beside its label goes on its own line under
it. All wording is in the shop's language, undo and transfer included.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from io import BytesIO

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cards import clock, codes
from printing import boxes, docinfo, fonts, qr, texts
from printing.errors import LayoutError, Trouble
from printing.model import Action, ReceiptData

INK = HexColor("#111111")
MUTED = HexColor("#555555")
RULE = HexColor("#999999")


@dataclass(frozen=True)
class _Roll:
    width: float
    margin: float
    body: float  # font size of ordinary lines
    qr_width: float


ROLLS = {
    80: _Roll(80 * mm, 4 * mm, 8.5, 24 * mm),
    58: _Roll(58 * mm, 5 * mm, 7.5, 20 * mm),
}


def headline(data: ReceiptData) -> str:
    """What happened, as the receipt's big line: 'Stamp +2', 'Reward redeemed', '3 stamps taken back', ..."""
    lang = data.shop.language
    if data.action is Action.STAMP:
        return texts.text(lang, "stamp", n=abs(data.count))
    if data.action is Action.UNDO:
        n = abs(data.count)
        if data.count < 0:
            return texts.text(lang, "undo_stamps", n=n)
        if data.count > 0:
            return texts.text(lang, "undo_reward", n=n)
        return texts.text(lang, "undo")
    return texts.text(lang, data.action.value)


def summary(data: ReceiptData) -> str:
    """The receipt in one line, all in the shop's language: 'Storno: −3 razítka · 4 z 10, zbývá 6'."""
    line = headline(data)
    if data.stamps_required > 0:
        line += " · " + texts.progress(data.shop.language, data.stamps, data.stamps_required)
    return line


def detail(data: ReceiptData) -> list[str]:
    """The lines under the headline that say more about it (the reward; a transfer's stamps and old card)."""
    lang = data.shop.language
    lines: list[str] = []
    if data.action is Action.REDEEM and data.reward:
        lines.append(data.reward)
    if data.action is Action.TRANSFER:
        if data.count > 0:
            lines.append(texts.text(lang, "moved", n=data.count))
        if data.from_number:
            lines.append(texts.text(lang, "from_card", card=masked(data.from_number)))
    return lines


def masked(number: str) -> str:
    """The card number hidden but for its last group (``••••-••••-MN3``); dashes optional."""
    return codes.mask_number(codes.normalise_number(number))


def when_text(language: str, when: dt.datetime) -> str:
    """Date and time (already the shop's local time) the way the shop's country writes them (``cards.clock``)."""
    return clock.datetime_text(when, texts.language_of(language))


def render_receipt_pdf(data: ReceiptData, *, width: int = 80, created: dt.datetime | None = None) -> bytes:
    """The receipt as a one-page PDF ``width`` mm wide (80 or 58), as tall as it needs.

    ``created`` is the PDF's creation time (default: the receipt's ``when``);
    the same input gives the same bytes.
    """
    if width not in ROLLS:
        raise LayoutError(Trouble.BAD_WIDTH, width=width)
    fonts.register()
    roll = ROLLS[width]
    height = _Flow(None, roll, 0).compose(data)
    out = BytesIO()
    canvas = Canvas(out, pagesize=(roll.width, height), invariant=1, pageCompression=1)
    docinfo.describe(canvas, title=f"{headline(data)} – {data.reference}", author=data.shop.name,
                     created=created if created is not None else data.when)
    _Flow(canvas, roll, height).compose(data)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


@dataclass(frozen=True)
class _Styles:
    """How each text of a receipt on one roll may shrink and wrap."""

    name: boxes.Style
    address: boxes.Style
    headline: boxes.Style
    reward: boxes.Style
    url: boxes.Style
    line: boxes.Style  # our own lines (progress, tier, complaint text): wrap as needed

    @staticmethod
    def of(roll: _Roll) -> _Styles:
        b = roll.body
        return _Styles(
            name=boxes.Style(fonts.BOLD, b * 1.55, b, max_lines=3, wrap_size=b * 1.25, shrink_to=b * 1.15),
            address=boxes.Style(fonts.REGULAR, b * 0.95, b * 0.8, max_lines=2),
            headline=boxes.Style(fonts.BOLD, b * 1.6, b, max_lines=2, wrap_size=b * 1.3, shrink_to=b * 1.2),
            reward=boxes.Style(fonts.REGULAR, b * 1.1, b * 0.85, max_lines=3, wrap_size=b),
            url=boxes.Style(fonts.REGULAR, b * 0.9, b * 0.75, max_lines=2, breaks=boxes.URL_BREAKS,
                            anywhere=True),
            line=boxes.Style(fonts.REGULAR, b, b * 0.8, max_lines=4, breaks=boxes.URL_BREAKS))


def _pair_styles(roll: _Roll, font: str) -> tuple[boxes.Style, boxes.Style]:
    """A value beside its label (one line), and on its own line under the label (two lines)."""
    b = roll.body
    return (boxes.Style(font, b, b * 0.8),
            boxes.Style(font, b, b * 0.75, max_lines=2, breaks=boxes.URL_BREAKS, anywhere=True))


def field_fits(field: str, text: str, width: int) -> bool:
    """True when the shop's ``field`` (``shop``, ``address``, ``reward``, ``phone``,
    ``email``, ``url``) fits the receipt ``width`` mm wide."""
    roll = ROLLS[width]
    inner = roll.width - 2 * roll.margin
    styles = _Styles.of(roll)
    if field in ("phone", "email"):
        return boxes.fits(text, _pair_styles(roll, fonts.BOLD)[1], inner)
    style = {"shop": styles.name, "address": styles.address, "reward": styles.reward,
             "url": styles.url}[field]
    return boxes.fits(text, style, inner)


class _Flow:
    """Walks down the page; draws only when given a canvas."""

    def __init__(self, canvas: Canvas | None, roll: _Roll, height: float) -> None:
        self.canvas = canvas
        self.roll = roll
        self.y = height - 5 * mm
        self.height = height
        self.left = roll.margin
        self.right = roll.width - roll.margin
        self.inner = self.right - self.left

    def compose(self, data: ReceiptData) -> float:
        shop, lang, body = data.shop, data.shop.language, self.roll.body
        st = _Styles.of(self.roll)
        self.centred(shop.name, st.name)
        if shop.address:
            self.space(0.8 * mm)
            self.centred(shop.address, st.address, MUTED)
        self.rule()
        self.pair(texts.text(lang, "date"), when_text(lang, data.when))
        if data.station:
            self.pair(texts.text(lang, "station"), data.station)
        if data.number:
            self.pair(texts.text(lang, "card"), masked(data.number))
        self.pair(texts.text(lang, "reference"), data.reference)
        self.rule()
        self.centred(headline(data), st.headline)
        for line in detail(data):
            self.centred(line, st.reward)
        bold = dataclasses.replace(st.line, font=fonts.BOLD)
        if data.stamps_required > 0:
            self.space(1.5 * mm)
            self.slots(data.stamps, data.stamps_required)
            self.space(1 * mm)
            self.centred(texts.progress(lang, data.stamps, data.stamps_required), bold)
        if data.tier:
            self.space(0.5 * mm)
            self.centred(f"{texts.text(lang, 'tier')}: {texts.tier_name(lang, data.tier)}", st.line, MUTED)
        self.rule()
        self.centred(texts.text(lang, "complain_head") + " " + texts.text(lang, "complain_body"),
                     dataclasses.replace(bold, size=body * 1.05))
        self.space(1.2 * mm)
        if shop.phone:
            self.pair(texts.text(lang, "phone"), shop.phone, bold_value=True)
        if shop.email:
            self.pair(texts.text(lang, "email"), shop.email, bold_value=True)
        if shop.url:
            self.space(1 * mm)
            self.qr(shop.url)
            self.centred(shop.url, st.url)
            self.centred(texts.text(lang, "scan"), dataclasses.replace(st.line, size=body * 0.85), MUTED)
        self.space(1.5 * mm)
        self.centred(texts.text(lang, "quote", ref=data.reference), bold)
        self.rule()
        self.centred(texts.text(lang, "thanks"), dataclasses.replace(bold, size=body * 1.2))
        self.space(6 * mm)
        return self.height - self.y if self.canvas is None else self.height

    # --- primitives ---

    def space(self, amount: float) -> None:
        self.y -= amount

    def centred(self, text: str, style: boxes.Style, color: Color = INK) -> None:
        self.block(boxes.fit(text, style, self.inner), style, color, self.roll.width / 2, "centre")

    def block(self, fitted: boxes.Fitted, style: boxes.Style, color: Color, x: float, align: str) -> None:
        """Draw ``fitted``'s lines from the current position down; ``x`` is their centre or right end."""
        for line in fitted.lines:
            self.y -= fitted.size * 1.18
            if self.canvas is not None:
                self.canvas.setFillColor(color)
                self.canvas.setFont(style.font, fitted.size)
                if align == "centre":
                    self.canvas.drawCentredString(x, self.y, line)
                else:
                    self.canvas.drawRightString(x, self.y, line)
            self.y -= fitted.size * 0.22

    def pair(self, label: str, value: str, *, bold_value: bool = False) -> None:
        """``label`` on the left, ``value`` on the right; a value with no room beside its label
        goes on its own line(s) under it."""
        size = self.roll.body
        beside, alone = _pair_styles(self.roll, fonts.BOLD if bold_value else fonts.REGULAR)
        label_w = fonts.width(label, fonts.REGULAR, size) + 2 * mm
        fitted = boxes.fit(value, beside, self.inner - label_w)
        self.y -= size * 1.18
        if self.canvas is not None:
            self.canvas.setFillColor(MUTED)
            self.canvas.setFont(fonts.REGULAR, size)
            self.canvas.drawString(self.left, self.y, label)
        if not fitted.complete:
            self.y -= size * 0.22
            self.block(boxes.fit(value, alone, self.inner), alone, INK, self.right, "right")
            self.y -= size * 0.08
            return
        if self.canvas is not None:
            self.canvas.setFillColor(INK)
            self.canvas.setFont(beside.font, fitted.size)
            self.canvas.drawRightString(self.right, self.y, fitted.lines[0])
        self.y -= size * 0.3

    def rule(self) -> None:
        self.y -= 2.2 * mm
        if self.canvas is not None:
            self.canvas.setStrokeColor(RULE)
            self.canvas.setLineWidth(0.5)
            self.canvas.setDash(1.5, 1.5)
            self.canvas.line(self.left, self.y, self.right, self.y)
            self.canvas.setDash()
        self.y -= 2.2 * mm

    def slots(self, stamps: int, required: int) -> None:
        """A row of small circles (filled = stamped); a bar when there are many."""
        if required <= 0:
            return
        if required > 20:
            bar_h = 2.2 * mm
            self.y -= bar_h
            if self.canvas is not None:
                share = min(stamps, required) / required
                self.canvas.setStrokeColor(INK)
                self.canvas.setLineWidth(0.6)
                self.canvas.setFillColor(white)
                self.canvas.roundRect(self.left, self.y, self.inner, bar_h, bar_h / 2, stroke=1, fill=1)
                if share:
                    self.canvas.setFillColor(INK)
                    self.canvas.roundRect(self.left, self.y, self.inner * share, bar_h, bar_h / 2,
                                          stroke=0, fill=1)
            return
        pitch = min(self.inner / required, 5.2 * mm)
        radius = pitch * 0.36
        self.y -= 2 * radius
        if self.canvas is None:
            return
        start = self.roll.width / 2 - pitch * required / 2 + pitch / 2
        self.canvas.setStrokeColor(INK)
        self.canvas.setLineWidth(0.6)
        for i in range(required):
            self.canvas.setFillColor(INK if i < stamps else white)
            self.canvas.circle(start + i * pitch, self.y + radius, radius, stroke=1, fill=1)

    def qr(self, text: str) -> None:
        code = qr.matrix(text, level="M")
        module = self.roll.qr_width / code.size
        quiet = qr.QUIET_ZONE * module
        self.y -= quiet + self.roll.qr_width
        if self.canvas is not None:
            x = (self.roll.width - self.roll.qr_width) / 2
            self.canvas.addLiteral(f"q 0 g {module:.4f} 0 0 {module:.4f} {x:.3f} {self.y:.3f} cm\n"
                                   f"{qr.path_operators(code)}\nQ")
        self.y -= quiet
