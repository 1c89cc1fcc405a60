"""The receipt as ESC/POS bytes for thermal printers.

Built on ``python-escpos``'s ``Dummy`` printer, which only collects commands;
moving the bytes to a printer is ``printing.send``'s job. The complaint
address is printed with the printer's own QR command (``GS ( k``), so it is
sharp at any printer resolution. Text goes through escpos's code-page
encoder, which switches code pages for Czech and Cyrillic letters.
"""

from __future__ import annotations

from dataclasses import dataclass

from printing import boxes, texts
from printing.errors import LayoutError, Trouble
from printing.model import Action, ReceiptData
from printing.receipt import detail, headline, masked, when_text

COLUMNS = {80: 48, 58: 32}  # characters a line in the printer's font A
SMALL_COLUMNS = {80: 64, 58: 42}  # in its smaller font B: a receipt printer's "shrink"
QR_SIZE = {80: 6, 58: 4}  # dots a QR module

BIG, NORMAL, SMALL = "big", "normal", "small"  # double-size font A, font A, font B


@dataclass(frozen=True)
class Set:
    """A text set for the printer: the character size and the lines."""

    mode: str
    lines: tuple[str, ...]
    complete: bool = True


def columns(mode: str, width: int) -> int:
    """Characters a line in ``mode`` on a ``width`` mm roll."""
    return {BIG: COLUMNS[width] // 2, NORMAL: COLUMNS[width], SMALL: SMALL_COLUMNS[width]}[mode]


def fit_text(text: str, width: int, *, big: bool = False, max_lines: int = 2, breaks: str = "",
             anywhere: bool = False) -> Set:
    """``text`` on one line, shrinking big -> normal -> small; then on up to ``max_lines``
    lines (normal, then small); else cut with an ellipsis (``complete=False``).

    Lines break at spaces, after ``breaks`` characters, and with ``anywhere``
    (a web address, an e-mail) at any character."""
    text = boxes.clean(text)
    modes = [BIG, NORMAL, SMALL] if big else [NORMAL, SMALL]
    for mode in modes:
        if len(text) <= columns(mode, width):
            return Set(mode, (text,))
    for count in range(2, max_lines + 1):
        for mode in modes[-2:]:
            lines = boxes.wrap_columns(text, columns(mode, width), breaks=breaks, anywhere=anywhere,
                                       max_lines=count)
            if lines is not None and len(lines) <= count:
                return Set(mode, tuple(lines))
    cols = columns(SMALL, width)
    lines = boxes.wrap_columns(text, cols, breaks=breaks, anywhere=True) or [text]
    kept = lines[:max_lines]
    last = " ".join([kept[-1], *lines[max_lines:]])
    kept[-1] = last[: cols - 1].rstrip() + boxes.ELLIPSIS
    return Set(SMALL, tuple(kept), complete=False)


def _value_set(value: str, width: int) -> Set:
    """A value on its own line(s) under its label."""
    return fit_text(value, width, max_lines=2, breaks=boxes.URL_BREAKS, anywhere=True)


def field_fits(field: str, text: str, width: int) -> bool:
    """True when the shop's ``field`` (``shop``, ``address``, ``reward``, ``phone``,
    ``email``, ``url``) fits an ESC/POS receipt on a ``width`` mm roll."""
    if field == "shop":
        return fit_text(text, width, big=True).complete
    if field == "reward":
        return fit_text(text, width, max_lines=3).complete
    if field == "address":
        return fit_text(text, width).complete
    if field == "url":
        return _url_set(text, width).complete
    return _value_set(text, width).complete


def _url_set(url: str, width: int) -> Set:
    return fit_text(url, width, max_lines=2, breaks=boxes.URL_BREAKS, anywhere=True)


def render_receipt_escpos(data: ReceiptData, *, width: int = 80, profile: str | None = None) -> bytes:
    """The receipt as ESC/POS commands for a ``width`` mm roll (80 or 58).

    Every text fits its line: a heading too long for double size is printed
    in normal size, a text too long for font A in font B, then on a second
    line. ``profile`` names an escpos printer profile (its code pages and paper
    width); the default profile suits most Epson-compatible printers.
    """
    if width not in COLUMNS:
        raise LayoutError(Trouble.BAD_WIDTH, width=width)
    # Imported here: escpos loads its printer-capabilities database on import (~0.4 s),
    # which the kiosk's start and the command line should not pay until a receipt is made.
    from escpos.constants import QR_ECLEVEL_M
    from escpos.printer import Dummy

    cols = COLUMNS[width]
    shop, lang = data.shop, data.shop.language
    p = Dummy(profile=profile) if profile else Dummy()
    p.hw("INIT")

    def emit(done: Set, *, align: str, bold: bool) -> None:
        big = done.mode == BIG
        p.set(align=align, bold=bold, font="b" if done.mode == SMALL else "a",
              double_height=big, double_width=big, normal_textsize=not big)
        for line in done.lines:
            p.textln(line)

    def centred(text: str, *, bold: bool = False, big: bool = False, max_lines: int = 4,
                breaks: str = "") -> None:
        emit(fit_text(text, width, big=big, max_lines=max_lines, breaks=breaks), align="center", bold=bold)

    def pair(label: str, value: str, *, bold: bool = False) -> None:
        p.set(align="left", bold=bold, font="a", normal_textsize=True)
        room = cols - len(label) - 1
        if len(value) <= room:
            p.textln(label + " " + value.rjust(room))
            return
        p.textln(label)
        emit(_value_set(value, width), align="right", bold=bold)

    def rule() -> None:
        p.set(align="left", bold=False, font="a", normal_textsize=True)
        p.textln("-" * cols)

    centred(shop.name, bold=True, big=True, max_lines=2)
    if shop.address:
        centred(shop.address, max_lines=2)
    rule()
    pair(texts.text(lang, "date"), when_text(lang, data.when))
    if data.station:
        pair(texts.text(lang, "station"), data.station)
    if data.number:
        pair(texts.text(lang, "card"), masked(data.number).replace("•", "*"))
    pair(texts.text(lang, "reference"), data.reference)
    rule()
    centred(headline(data), bold=True, big=True, max_lines=2)
    for line in detail(data):
        centred(line.replace("•", "*"), max_lines=3)
    if 0 < data.stamps_required:
        if 2 * data.stamps_required - 1 <= cols:
            marks = ["X" if i < data.stamps else "." for i in range(data.stamps_required)]
            centred(" ".join(marks), bold=True)
        centred(texts.progress(lang, data.stamps, data.stamps_required), bold=True)
    if data.tier:
        centred(f"{texts.text(lang, 'tier')}: {texts.tier_name(lang, data.tier)}")
    rule()
    centred(texts.text(lang, "complain_head") + " " + texts.text(lang, "complain_body"), bold=True)
    if shop.phone:
        pair(texts.text(lang, "phone"), shop.phone)
    if shop.email:
        pair(texts.text(lang, "email"), shop.email)
    if shop.url:
        p.set(align="center", bold=False, font="a", normal_textsize=True)
        p.qr(shop.url, ec=QR_ECLEVEL_M, size=QR_SIZE[width], native=True)
        emit(_url_set(shop.url, width), align="center", bold=False)
        centred(texts.text(lang, "scan"))
    centred(texts.text(lang, "quote", ref=data.reference), bold=True)
    rule()
    centred(texts.text(lang, "thanks"), bold=True)
    p.set(align="left", bold=False, font="a", normal_textsize=True)
    p.cut()
    return bytes(p.output)
