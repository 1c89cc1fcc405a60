"""Will the shop's texts fit every printout? Asked before they are saved.

The shop's name, address, reward and complaint contacts are printed on cards
(A4 and Letter sheets, CR80 plastic cards), on PDF receipts (80 and 58 mm)
and on ESC/POS receipts (48 and 32 characters a line). Each layout shrinks a
text to a minimum size and then wraps it onto a second line (the reward: a
third); a text that would still not fit is refused here, before ``init``,
``settings`` or the owner's Program screen saves it, with the field and the
number of characters that would fit (``limit``). Nothing here imports Qt.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from cards.refusals import Kind, Refused
from printing import boxes, cards_pdf, escpos_receipt, receipt

FIELDS = ("shop", "address", "reward", "phone", "email", "url")
"""The shop's printed texts, named as ``Refused.field`` names them."""

CARD_FIELDS = ("shop", "reward", "phone", "email", "url")

Check = Callable[[str, str], bool]  # (field, text) -> fits


def _card(paper: str, url: bool, field: str, text: str) -> bool:
    return field not in CARD_FIELDS or cards_pdf.field_fits(field, text, paper, url=url)


def _layouts() -> list[tuple[str, Check]]:
    """Every layout that prints the shop's texts, with a question: does this field's text fit?

    A card comes in two layouts: the short code's, and a URL card's (its QR holds the card
    page address: a larger symbol, the name beside it); a shop may print either."""
    found: list[tuple[str, Check]] = [(f"card-{paper}{'-url' if url else ''}", functools.partial(_card, paper, url))
                                      for paper in cards_pdf.PAPERS for url in (False, True)]
    found += [(f"receipt-{width}", functools.partial(_receipt, width)) for width in receipt.ROLLS]
    found += [(f"escpos-{width}", functools.partial(_escpos, width)) for width in escpos_receipt.COLUMNS]
    return found


def _receipt(width: int, field: str, text: str) -> bool:
    return receipt.field_fits(field, text, width)


def _escpos(width: int, field: str, text: str) -> bool:
    return escpos_receipt.field_fits(field, text, width)


def field_limit(field: str, text: str) -> int | None:
    """``None`` when ``text`` fits wherever ``field`` is printed, else how many of its
    characters would (the longest beginning of it that fits every layout)."""
    if field not in FIELDS:
        raise ValueError(f"unknown field {field!r}; use one of {', '.join(FIELDS)}")
    text = boxes.clean(text)
    checks = [check for _name, check in _layouts()]
    if all(check(field, text) for check in checks):
        return None
    return boxes.limit(text, lambda prefix: all(check(field, prefix) for check in checks))


def check_shop_texts(name: str, reward: str, phone: str, email: str, url: str, language: str,
                     *, address: str = "") -> list[Refused]:
    """One ``Refused(Kind.TEXT_TOO_LONG, field=..., limit=...)`` for each text that would not fit
    its box on some printout even at its smallest size and on its last allowed line; empty when all fit.

    ``language`` is the shop's: the fixed wording around the texts is in it
    (each text has its own box, so today none depends on it).
    """
    del language  # every field has a box of its own; the wording never shares it
    values = {"shop": name, "address": address, "reward": reward, "phone": phone,
              "email": email, "url": url}
    refused: list[Refused] = []
    for field in FIELDS:
        if not values[field].strip():
            continue
        limit = field_limit(field, values[field])
        if limit is not None:
            refused.append(Refused(Kind.TEXT_TOO_LONG, field=field, limit=limit))
    return refused


def require_shop_texts(name: str, reward: str, phone: str, email: str, url: str, language: str,
                       *, address: str = "") -> None:
    """Raise the first refusal of :func:`check_shop_texts`, if any."""
    refused = check_shop_texts(name, reward, phone, email, url, language, address=address)
    if refused:
        raise refused[0]
