"""Reading a chain's balances for tests and benchmarks: the hub's fold, a station's cached rows."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from cards import ledger
from cards.ledger import EventKind
from db.hub import HubEvent, HubHolding
from db.models import Card
from db.sync.hub_io import _HubCall


def hub_cards(hub: Engine) -> dict[str, ledger.CardState]:
    """Every card's state folded from the hub's events."""
    with _HubCall(), hub.connect() as connection:
        rows = connection.execute(select(HubEvent.uid, HubEvent.card, HubEvent.kind, HubEvent.delta,
                                         HubEvent.rewards_delta, HubEvent.at, HubEvent.station, HubEvent.visit,
                                         HubEvent.reverses, HubEvent.counterpart)).all()
    return ledger.fold(ledger.LedgerEvent(r.uid, r.card, EventKind(r.kind), r.delta, r.rewards_delta, r.at,
                                          r.station, bool(r.visit), r.reverses, r.counterpart) for r in rows)


def hub_holdings(hub: Engine) -> dict[str, set[str]]:
    """Station -> the cards it holds, as the hub knows (read with the admin's login)."""
    held: dict[str, set[str]] = {}
    with _HubCall(), hub.connect() as connection:
        for station, card in connection.execute(select(HubHolding.station, HubHolding.card)):
            held.setdefault(station, set()).add(card)
    return held


def station_cards(session: Session) -> dict[str, tuple[int, int, int, str]]:
    """Every card's cached (stamps, rewards, visits, status) at this station."""
    return {n: (s, r, v, st) for n, s, r, v, st in session.execute(
        select(Card.number, Card.stamps, Card.rewards_redeemed, Card.visits, Card.status))}
