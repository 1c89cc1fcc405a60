"""Plain values the printing functions take: a shop, card faces, a receipt.

They are frozen dataclasses so that the database layer can hand them over
without any ORM object leaving its session, and so that a document is a pure
function of them.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SheetShop:
    """What a card or receipt says about the shop.

    ``phone``, ``email`` and ``url`` are the complaint contacts; any may be
    empty. ``language`` is ``"en"``, ``"cs"`` or ``"ru"`` (others fall back to
    English). ``logo_path`` is a PNG or JPEG; without one the card shows a
    monogram of the shop's initial.
    """

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    url: str = ""
    language: str = "en"
    logo_path: Path | None = None


@dataclass(frozen=True)
class CardFace:
    """One printed card: its number, the QR payload and the head-start stamps."""

    number: str
    payload: str
    prestamps: int = 0


class Action(enum.Enum):
    """What happened at the counter, printed as the receipt's headline."""

    STAMP = "stamp"
    REDEEM = "redeem"
    UNDO = "undo"
    TRANSFER = "transfer"
    COMPLAINT = "complaint"
    ISSUE = "issue"
    STATUS = "status"


_KINDS = {"stamp": Action.STAMP, "redeem": Action.REDEEM, "undo": Action.UNDO,
          "transfer": Action.TRANSFER, "transfer_in": Action.TRANSFER, "complaint": Action.COMPLAINT, "issue": Action.ISSUE,
          "head_start": Action.ISSUE}


def action_for(kind: str) -> Action:
    """The receipt's action for a ledger event kind (``"undo"`` -> ``Action.UNDO``); else a status receipt."""
    return _KINDS.get(kind, Action.STATUS)


@dataclass(frozen=True)
class ReceiptData:
    """Everything one receipt shows.

    ``when`` is printed as given (pass local time). ``count`` is the number of
    stamps for ``Action.STAMP``, the stamps that came over for
    ``Action.TRANSFER``, and for ``Action.UNDO`` the change the undo made to the
    card: negative when stamps were taken back (``-3``: "3 stamps taken back"),
    positive when a redeemed reward's stamps came back. ``from_number`` is the
    old card of a transfer; ``reward`` names what was redeemed; ``reference`` is
    the short number a customer quotes when they complain.
    """

    shop: SheetShop
    when: dt.datetime
    station: str
    number: str
    action: Action
    stamps: int
    stamps_required: int
    tier: str
    reference: str
    count: int = 0
    reward: str = ""
    from_number: str = ""
