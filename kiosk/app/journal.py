"""The kiosk's day, one log line per act: scan, stamp, redeem, undo, refusal, PIN failure, printer failure.

Each line says what happened, at which station, on which card (masked like the
receipt's, ``••••-••••-MN3``) and the numbers of the act; the log's own
formatter adds the time. Never a name, a phone, an e-mail or a complaint's
text: the owner or support can reconstruct a day without reading anyone's data.
"""

from __future__ import annotations

import logging

from cards import codes

log = logging.getLogger("kiosk.acts")


def masked(number: str) -> str:
    """A card number as printed on receipts (all but the last group hidden); "-" when there is none."""
    if not number:
        return "-"
    try:
        return codes.mask_number(codes.normalise_number(number))
    except ValueError:
        return "?"


def act(what: str, *, station: str, number: str = "", **numbers: object) -> None:
    """Log one act: ``what`` (scan, stamp, redeem, undo, refused, pin_failed, printer_failed ...),
    the station, the masked card number and a few plain values (counts, a refusal's kind)."""
    details = " ".join(f"{key}={value}" for key, value in numbers.items() if value not in (None, ""))
    log.info("%s station=%s card=%s%s", what, station, masked(number), f" {details}" if details else "")
