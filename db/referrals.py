"""Bring a friend: a regular's card introduces a new card at the counter (issue 19 part 5).

When the new card gets its first paid stamp, both cards get the shop's ``referral_bonus``
stamps (``ops.stamp`` calls ``ops.referral_bonus``): once per new card, never for a card
that already had paid stamps, and nothing while the bonus is 0 (off).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cards.ledger import EventKind
from cards.refusals import Kind, Refused
from db import ops
from db.models import Event, Referral, Shop


@dataclass(frozen=True)
class Introduced:
    """An introduction: the regular's card, the new card, and the bonus each gets at the first stamp (0 = off)."""

    referrer: str
    new: str
    bonus: int


def refer(session: Session, old_code: str, new_code: str, *, now: dt.datetime) -> Introduced:
    """Record that the card ``old_code`` brings ``new_code`` (a card without paid stamps, not
    introduced before). The regular's card gets its bonus only if it is still in use then."""
    old = ops._find_card(session, old_code, lock=True)  # noqa: SLF001 - one lookup rule for every op
    new = ops._find_card(session, new_code, lock=True)  # noqa: SLF001
    if old.id == new.id:
        raise Refused(Kind.SAME_CARD, number=old.number)
    ops._usable(session, old)  # noqa: SLF001
    ops._usable(session, new)  # noqa: SLF001
    taken = session.scalar(select(Referral.id).where(Referral.new_card_id == new.id))
    if new.visits > 0 or taken is not None:
        raise Refused(Kind.NOT_NEW_CARD, number=new.number)
    session.add(Referral(new_card_id=new.id, referrer_card_id=old.id, created_at=now, bonus=0))
    session.flush()
    shop = session.get(Shop, 1)
    return Introduced(old.number, new.number, shop.referral_bonus if shop is not None else 0)


def friends_bonus(session: Session, code: str) -> int:
    """The stamps ``code``'s card got for friends it brought since anything else happened to it
    (what its screen says when it is next shown: "+N from a friend"); 0 when none."""
    card = ops._find_card(session, code)  # noqa: SLF001
    if session.scalar(select(Referral.id).where(Referral.referrer_card_id == card.id,
                                                Referral.rewarded_at.is_not(None)).limit(1)) is None:
        return 0
    own = session.scalar(select(Referral.rewarded_at).where(Referral.new_card_id == card.id))
    total = 0
    for kind, delta, at in session.execute(select(Event.kind, Event.delta, Event.at).where(Event.card_id == card.id)
                                           .order_by(Event.id.desc()).limit(20)):
        if kind != EventKind.REFERRAL_BONUS.value or (own is not None and at == own):
            break  # another change, or the bonus this card got as the friend (shown with its first stamp)
        total += delta
    return total
