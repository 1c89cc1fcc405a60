"""Receipts as PDF for 80 mm and 58 mm paper rolls; the page is as tall as its content.

Every receipt ends with the shop's complaint contacts (phone, e-mail, the web
address as a QR code) and a short reference number, so an unhappy customer
can reach the shop first. The layout is one function that walks down the
page; it runs once without a canvas to measure the height, then draws.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import BytesIO

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cards import codes
from printing import fonts, qr, texts
from printing.errors import LayoutError
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
    """What happened, as the receipt's big line: 'Stamp +2', 'Reward redeemed', ..."""
    lang = data.shop.language
    if data.action is Action.STAMP:
        return texts.text(lang, "stamp", n=data.count)
    return texts.text(lang, data.action.value)


def masked(number: str) -> str:
    """The card number hidden but for its last group (``••••-••••-MN3``); dashes optional."""
    return codes.mask_number(codes.normalise_number(number))


def when_text(language: str, when: dt.datetime) -> str:
    """Date and time the way the shop's country writes them."""
    lang = texts.language_of(language)
    if lang == "cs":
        return f"{when.day}. {when.month}. {when.year} {when:%H:%M}"
    if lang == "ru":
        return f"{when:%d.%m.%Y %H:%M}"
    return f"{when:%Y-%m-%d %H:%M}"


def render_receipt_pdf(data: ReceiptData, *, width: int = 80) -> bytes:
    """The receipt as a one-page PDF ``width`` mm wide (80 or 58), as tall as it needs."""
    if width not in ROLLS:
        raise LayoutError(f"receipt width must be 80 or 58 mm, not {width}")
    fonts.register()
    roll = ROLLS[width]
    height = _Flow(None, roll, 0).compose(data)
    out = BytesIO()
    canvas = Canvas(out, pagesize=(roll.width, height), invariant=1, pageCompression=1)
    canvas.setTitle(f"{data.shop.name} – {data.reference}")
    canvas.setAuthor(data.shop.name)
    canvas.setCreator("stampcard")
    _Flow(canvas, roll, height).compose(data)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


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
        self.centred(shop.name, fonts.BOLD, body * 1.55)
        if shop.address:
            self.space(0.8 * mm)
            self.centred(shop.address, fonts.REGULAR, body * 0.95, MUTED)
        self.rule()
        self.pair(texts.text(lang, "date"), when_text(lang, data.when))
        if data.station:
            self.pair(texts.text(lang, "station"), data.station)
        if data.number:
            self.pair(texts.text(lang, "card"), masked(data.number))
        self.pair(texts.text(lang, "reference"), data.reference)
        self.rule()
        self.centred(headline(data), fonts.BOLD, body * 1.6)
        if data.action is Action.REDEEM and data.reward:
            self.centred(data.reward, fonts.REGULAR, body * 1.1)
        if data.stamps_required > 0:
            self.space(1.5 * mm)
            self.slots(data.stamps, data.stamps_required)
            self.space(1 * mm)
            self.centred(texts.progress(lang, data.stamps, data.stamps_required), fonts.BOLD, body)
        if data.tier:
            self.space(0.5 * mm)
            self.centred(f"{texts.text(lang, 'tier')}: {texts.tier_name(lang, data.tier)}", fonts.REGULAR, body, MUTED)
        self.rule()
        self.centred(texts.text(lang, "complain_head") + " " + texts.text(lang, "complain_body"),
                     fonts.BOLD, body * 1.05)
        self.space(1.2 * mm)
        if shop.phone:
            self.pair(texts.text(lang, "phone"), shop.phone, bold_value=True)
        if shop.email:
            self.pair(texts.text(lang, "email"), shop.email, bold_value=True)
        if shop.url:
            self.space(1 * mm)
            self.qr(shop.url)
            self.centred(shop.url, fonts.REGULAR, body * 0.9)
            self.centred(texts.text(lang, "scan"), fonts.REGULAR, body * 0.85, MUTED)
        self.space(1.5 * mm)
        self.centred(texts.text(lang, "quote", ref=data.reference), fonts.BOLD, body)
        self.rule()
        self.centred(texts.text(lang, "thanks"), fonts.BOLD, body * 1.2)
        self.space(6 * mm)
        return self.height - self.y if self.canvas is None else self.height

    # --- primitives ---

    def space(self, amount: float) -> None:
        self.y -= amount

    def centred(self, text: str, font: str, size: float, color: Color = INK) -> None:
        for line in fonts.wrap(text, font, size, self.inner):
            self.y -= size * 1.18
            if self.canvas is not None:
                self.canvas.setFillColor(color)
                self.canvas.setFont(font, size)
                self.canvas.drawCentredString(self.roll.width / 2, self.y, line)
            self.y -= size * 0.22

    def pair(self, label: str, value: str, *, bold_value: bool = False) -> None:
        size = self.roll.body
        font = fonts.BOLD if bold_value else fonts.REGULAR
        label_w = fonts.width(label, fonts.REGULAR, size) + 2 * mm
        value_size = fonts.fit_size(value, font, size, self.inner - label_w, size * 0.75)
        self.y -= size * 1.18
        if self.canvas is not None:
            self.canvas.setFillColor(MUTED)
            self.canvas.setFont(fonts.REGULAR, size)
            self.canvas.drawString(self.left, self.y, label)
            self.canvas.setFillColor(INK)
            self.canvas.setFont(font, value_size)
            self.canvas.drawRightString(self.right, self.y, value)
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
