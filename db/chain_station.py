"""What a chain station's ledger operations need of the chain, without the sync itself.

``db/ops.py`` calls these two hooks (a signed card not heard of yet, a redemption
while the hub is away); ``db/sync.py`` builds on them. Keeping them here keeps
``ops`` and ``sync`` free of an import circle.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from cards import ledger
from cards.refusals import Kind, Refused
from db.models import Batch, Card, ChainKey, ChainState, Shop

PLACEHOLDER = "placeholder"  # the gkey of the local batch that holds cards not heard of yet


def chain_state(session: Session) -> ChainState | None:
    """This station's chain row, or None when it is not in a chain."""
    return session.get(ChainState, 1)


def check_offline_redeem(session: Session) -> None:
    """Refuse a redemption while the hub is away, when the shop chose ``offline_redeem = refuse``."""
    state = chain_state(session)
    if state is None or state.online:
        return
    shop = session.get(Shop, 1)
    if shop is not None and shop.offline_redeem == "refuse":
        raise Refused(Kind.OFFLINE_REDEEM)


def placeholder_batch(session: Session) -> int:
    """The local batch that holds cards not heard of yet (made on first use)."""
    found = session.scalar(select(ChainKey.local_id).where(ChainKey.entity == "batch",
                                                          ChainKey.gkey == PLACEHOLDER))
    if found is not None:
        return int(found)
    batch = Batch(count=0, prestamps=0, status="active", station="(chain)",
                  created_at=dt.datetime.now(dt.timezone.utc))
    session.add(batch)
    session.flush()
    session.add(ChainKey(entity="batch", local_id=batch.id, gkey=PLACEHOLDER))
    return batch.id


def adopt_unknown_card(session: Session, number: str) -> Card | None:
    """At a chain station, a signed card not heard of yet: a placeholder row (else None).

    Its signature verified, so the shop printed it (maybe at another station a
    minute ago); its batch and head start arrive with the next pull.
    """
    if chain_state(session) is None:
        return None
    return placeholder_card(session, number)


def placeholder_card(session: Session, number: str) -> Card:
    """A row for a card heard of before its batch: the ledger's empty state, until its events arrive."""
    stamps, rewards, visits, status = ledger.EMPTY.shown
    card = Card(number=number, batch_id=placeholder_batch(session), status=status, stamps=stamps,
                rewards_redeemed=rewards, visits=visits, created_at=dt.datetime.now(dt.timezone.utc))
    session.add(card)
    session.flush()
    return card
