"""The receipt as ESC/POS bytes for thermal printers.

Built on ``python-escpos``'s ``Dummy`` printer, which only collects commands;
moving the bytes to a printer is ``printing.send``'s job. The complaint
address is printed with the printer's own QR command (``GS ( k``), so it is
sharp at any printer resolution. Text goes through escpos's code-page
encoder, which switches code pages for Czech and Cyrillic letters.
"""

from __future__ import annotations

import textwrap

from printing import texts
from printing.errors import LayoutError
from printing.model import Action, ReceiptData
from printing.receipt import headline, masked, when_text

COLUMNS = {80: 48, 58: 32}  # characters a line in the printer's font A
QR_SIZE = {80: 6, 58: 4}  # dots a QR module


def render_receipt_escpos(data: ReceiptData, *, width: int = 80, profile: str | None = None) -> bytes:
    """The receipt as ESC/POS commands for a ``width`` mm roll (80 or 58).

    ``profile`` names an escpos printer profile (its code pages and paper
    width); the default profile suits most Epson-compatible printers.
    """
    if width not in COLUMNS:
        raise LayoutError(f"receipt width must be 80 or 58 mm, not {width}")
    # Imported here: escpos loads its printer-capabilities database on import (~0.4 s),
    # which the kiosk's start and the command line should not pay until a receipt is made.
    from escpos.constants import QR_ECLEVEL_M
    from escpos.printer import Dummy

    cols = COLUMNS[width]
    shop, lang = data.shop, data.shop.language
    p = Dummy(profile=profile) if profile else Dummy()
    p.hw("INIT")

    def centred(text: str, *, bold: bool = False, big: bool = False) -> None:
        p.set(align="center", bold=bold, double_height=big, double_width=big,
              normal_textsize=not big)
        for line in textwrap.wrap(text, cols // 2 if big else cols) or [""]:
            p.textln(line)

    def pair(label: str, value: str, *, bold: bool = False) -> None:
        p.set(align="left", bold=bold, normal_textsize=True)
        room = cols - len(label) - 1
        if len(value) > room:
            p.textln(label)
            p.textln(value.rjust(cols))
        else:
            p.textln(label + " " + value.rjust(room))

    def rule() -> None:
        p.set(align="left", bold=False, normal_textsize=True)
        p.textln("-" * cols)

    centred(shop.name, bold=True, big=True)
    if shop.address:
        centred(shop.address)
    rule()
    pair(texts.text(lang, "date"), when_text(lang, data.when))
    if data.station:
        pair(texts.text(lang, "station"), data.station)
    if data.number:
        pair(texts.text(lang, "card"), masked(data.number).replace("•", "*"))
    pair(texts.text(lang, "reference"), data.reference)
    rule()
    centred(headline(data), bold=True, big=True)
    if data.action is Action.REDEEM and data.reward:
        centred(data.reward)
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
        p.set(align="center", bold=False, normal_textsize=True)
        p.qr(shop.url, ec=QR_ECLEVEL_M, size=QR_SIZE[width], native=True)
        centred(shop.url)
        centred(texts.text(lang, "scan"))
    centred(texts.text(lang, "quote", ref=data.reference), bold=True)
    rule()
    centred(texts.text(lang, "thanks"), bold=True)
    p.set(align="left", bold=False, normal_textsize=True)
    p.cut()
    return bytes(p.output)
