"""What a chain station's ledger operations need of the chain, without the sync itself.

``db/ops.py`` calls these two hooks (a signed card not heard of yet, a redemption
while the hub is away); ``db/sync.py`` builds on them. Keeping them here keeps
``ops`` and ``sync`` free of an import circle.

A card never seen here is fetched from the hub before the operation that meets it
(``db/sync/fetch.py``), never inside it: an operation holds the station's write lock,
and a network call must not. So a shell runs the operation inside :func:`fetching`;
there a signed card this station has not heard of raises :class:`Unheard` (the
transaction rolls back with nothing written), the shell fetches the card outside
any transaction, and runs the operation again, which finds the card, or (hub
away, or the hub does not know it either) adopts it as a placeholder, as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from cards import ledger
from cards.refusals import Kind, Refused
from db.models import Batch, Card, ChainKey, ChainState, Shop

PLACEHOLDER = "placeholder"  # the gkey of the local batch that holds cards not heard of yet
_FETCHING: ContextVar[bool] = ContextVar("stampcard_fetching", default=False)


class Unheard(Exception):
    """A signed card this chain station has not heard of, met inside :func:`fetching`: fetch it first."""

    def __init__(self, number: str) -> None:
        super().__init__(f"card {number} is not known at this station yet")
        self.number = number


@contextmanager
def fetching() -> Iterator[None]:
    """Inside this block a signed card not heard of here raises :class:`Unheard` instead of being adopted.

    A context variable (per thread), like ``db.transactions.reading``: only the
    shells' counter paths (scan, stamp, show, redeem, undo) ask for it, so every
    other caller keeps adopting such a card at once.
    """
    token = _FETCHING.set(True)
    try:
        yield
    finally:
        _FETCHING.reset(token)


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
    minute ago); its batch and head start arrive with the next pull. Inside
    :func:`fetching` it raises :class:`Unheard` instead, so the caller can fetch
    the card from the hub first, outside the transaction.
    """
    if chain_state(session) is None:
        return None
    if _FETCHING.get():
        raise Unheard(number)
    return placeholder_card(session, number)


def fetch_first(number: str) -> None:
    """Inside :func:`fetching`, a signed card not heard of here raises :class:`Unheard` before any rule that
    would refuse it for being unknown here (a card printed before a key rotation: the hub may know it)."""
    if _FETCHING.get():
        raise Unheard(number)


def check_unheard(session: Session, number: str) -> None:
    """A typed number (no signature) not in this database: inside :func:`fetching` at a chain station, raise
    :class:`Unheard` so the card is looked for on the hub first; never adopted (only a signature proves a
    card the hub does not know), so a number the hub does not know either is refused as unknown."""
    if _FETCHING.get() and chain_state(session) is not None:
        raise Unheard(number)


def placeholder_card(session: Session, number: str) -> Card:
    """A row for a card heard of before its batch: the ledger's empty state, until its events arrive."""
    stamps, rewards, visits, status = ledger.EMPTY.shown
    card = Card(number=number, batch_id=placeholder_batch(session), status=status, stamps=stamps,
                rewards_redeemed=rewards, visits=visits, created_at=dt.datetime.now(dt.timezone.utc))
    session.add(card)
    session.flush()
    return card
