"""The kiosk's day, one log line per act: the counter's and the owner's.

Counter: scan, stamp (``forced=yes`` when the cashier stamped again within the
cooldown), redeem (naming the reward), undo (naming what it took back),
transfer, refusal, PIN failure, printed or failed receipt and slip.
Owner (``by=owner``): settings changed (the names of the fields), language,
batch made, export, complaint resolved, backup, restore, batch void, card
blocked, stamps moved, customer details saved or erased.

Each line says what happened, at which station, on which card (masked like the
receipt's, ``••••-••••-MN3``) and the numbers of the act; the log's own
formatter adds the time. Never a name, a phone, an e-mail, a file's folder or a
complaint's text: the owner or support can reconstruct a day without reading
anyone's data.
"""

from __future__ import annotations

import logging
from typing import Protocol

from cards import codes

log = logging.getLogger("kiosk.acts")


class _Card(Protocol):
    @property
    def number(self) -> str: ...

    @property
    def stamps(self) -> int: ...

    @property
    def reward(self) -> str: ...


class _Result(Protocol):
    """What ``db.ops.OpResult`` gives (kept as a protocol: the journal needs no database)."""

    @property
    def card(self) -> _Card: ...

    @property
    def kind(self) -> str: ...

    @property
    def added(self) -> int: ...

    @property
    def undone_kind(self) -> str: ...


def masked(number: str) -> str:
    """A card number as printed on receipts (all but the last group hidden); "-" when there is none."""
    if not number:
        return "-"
    try:
        return codes.mask_number(codes.normalise_number(number))
    except ValueError:
        return "?"


def _value(value: object) -> str:
    """A value for the line: a text with spaces (a reward) in quotes, so the line stays one ``key=value`` list."""
    text = " ".join(str(value).split())
    return f'"{text}"' if (" " in text or "=" in text or not text) else text


def act(what: str, *, station: str, number: str = "", **numbers: object) -> None:
    """Log one act: ``what`` (scan, stamp, redeem, undo, refused, pin_failed, printer_failed ...),
    the station, the masked card number and a few plain values (counts, a refusal's kind)."""
    details = " ".join(f"{key}={_value(value)}" for key, value in numbers.items() if value not in (None, ""))
    log.info("%s station=%s card=%s%s", what, station, masked(number), f" {details}" if details else "")


def card_act(result: _Result, *, station: str, forced: bool = False) -> None:
    """Log a change to a card from the counter: a stamp (and whether it was forced past the cooldown),
    a redeem with its reward, an undo with what it took back, a transfer."""
    card = result.card
    if result.kind == "redeem":
        act("redeem", station=station, number=card.number, reward=card.reward, stamps=card.stamps)
    elif result.kind == "undo":
        act("undo", station=station, number=card.number, undone=result.undone_kind or "stamp",
            count=result.added, stamps=card.stamps)
    else:
        act(result.kind, station=station, number=card.number, count=result.added, stamps=card.stamps,
            forced="yes" if forced else "")


def owner_act(what: str, *, station: str, number: str = "", **values: object) -> None:
    """Log one of the owner's acts (marked ``by=owner``): settings_changed, language, batch_made, export,
    complaint_resolved, backup, restore, batch_void, card_blocked, transfer, customer_saved, customer_erased."""
    act(what, station=station, number=number, by="owner", **values)
