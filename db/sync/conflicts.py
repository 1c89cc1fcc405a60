"""Folding at a station (``cards.ledger.fold``) and what it cannot decide offline: conflicts for the owner."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from cards import ledger
from cards.ledger import EventKind
from cards.refusals import Kind, Refused
from db.models import Batch, Card, ChainConflict, Event
from db.sync.state import _chunks


class ConflictKind(str, enum.Enum):
    """What a station could not decide offline (stored in ``chain_conflicts.kind``)."""

    NEGATIVE = "negative"  # a balance below zero: one reward redeemed at two stations while apart
    BLOCKED = "blocked"  # stamped at one station after another blocked the card
    VOID = "void"  # stamped after the card's batch was voided

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class ConflictView:
    """One thing the owner must decide."""

    id: int
    key: str
    kind: str  # a ConflictKind's value
    card: str
    detail: str
    amount: int
    detected_at: dt.datetime
    resolved_at: dt.datetime | None
    resolution: str


def _expand(session: Session, card_ids: set[int]) -> dict[int, str]:
    """The cards whose balance depends on these (transfers in and out, transitively): id -> number."""
    numbers: dict[int, str] = {}
    todo = set(card_ids)
    while todo:
        batch = list(todo)[:500]
        todo -= set(batch)
        found = dict(session.execute(select(Card.id, Card.number).where(Card.id.in_(batch))).all())
        numbers.update(found)
        linked = {int(i) for i in session.scalars(select(Event.counterpart_id).where(
            Event.card_id.in_(batch), Event.counterpart_id.is_not(None))) if i is not None}
        linked |= set(session.scalars(select(Event.card_id).where(Event.counterpart_id.in_(batch))))
        todo |= linked - set(numbers)
    return numbers


def refold(session: Session, card_ids: Iterable[int], *, now: dt.datetime) -> None:
    """Set the cached rows of these cards (and those linked by transfers) from the fold; find conflicts.

    A balance below zero is cached as 0 stamps and its ``deficit``, which the
    next stamps at the counter fill first (``db.ops`` applies them to the same state).
    """
    numbers = _expand(session, set(card_ids))
    if not numbers:
        return
    ids = list(numbers)
    events: list[ledger.LedgerEvent] = []
    for chunk in _chunks(ids, 500):
        for e in session.execute(select(Event.id, Event.card_id, Event.kind, Event.delta, Event.rewards_delta,
                                        Event.at, Event.station, Event.visit_id, Event.reverses_id,
                                        Event.counterpart_id).where(Event.card_id.in_(chunk))):
            events.append(ledger.LedgerEvent(str(e.id), numbers[e.card_id], EventKind(e.kind), e.delta,
                                             e.rewards_delta, e.at, e.station, e.visit_id is not None,
                                             str(e.reverses_id) if e.reverses_id else "",
                                             numbers.get(e.counterpart_id, "") if e.counterpart_id else ""))
    states = ledger.fold(events)
    session.flush()
    targets = {s.transferred_to for s in states.values() if s.transferred_to}
    target_ids = dict(session.execute(select(Card.number, Card.id).where(Card.number.in_(targets))).all()) \
        if targets else {}
    columns = (Card.id, Card.number, Card.stamps, Card.rewards_redeemed, Card.visits, Card.status,
               Card.last_stamp_at, Card.activated_at, Card.transferred_to, Card.deficit)
    changes = []
    for chunk in _chunks(ids, 500):
        for row in session.execute(select(*columns).where(Card.id.in_(chunk))):
            state = states.get(row.number)
            if state is None:
                continue
            stamps, rewards, visits, card_status = state.shown
            new = {"stamps": stamps, "rewards_redeemed": rewards, "visits": visits, "status": card_status,
                   "last_stamp_at": state.last_stamp_at,
                   "activated_at": state.activated_at or row.activated_at,
                   "transferred_to": target_ids.get(state.transferred_to, row.transferred_to),
                   "deficit": state.deficit}
            old = {"stamps": row.stamps, "rewards_redeemed": row.rewards_redeemed, "visits": row.visits,
                   "status": row.status, "last_stamp_at": row.last_stamp_at, "activated_at": row.activated_at,
                   "transferred_to": row.transferred_to, "deficit": row.deficit}
            if new != old:
                changes.append({"card_id": row.id, **new})
    if changes:
        table = cast(Table, Card.__table__)
        session.connection().execute(table.update().where(table.c.id == bindparam("card_id")), changes)
        session.expire_all()  # cards loaded in this session read the new balances
    _detect_conflicts(session, events, states, numbers, now=now)


def _detect_conflicts(session: Session, events: list[ledger.LedgerEvent], states: dict[str, ledger.CardState],
                      numbers: dict[int, str], *, now: dt.datetime) -> None:
    found: list[ChainConflict] = []
    undone = {e.reverses for e in events if e.reverses}
    uids = dict(session.execute(select(Event.id, Event.uid).where(
        Event.id.in_([int(e.uid) for e in events if e.kind is EventKind.STAMP][:20000]))).all()) if events else {}
    for number, state in states.items():
        if state.stamps < 0:
            redeems = sum(1 for e in events if e.card == number and e.kind is EventKind.REDEEM and e.uid not in undone)
            found.append(ChainConflict(key=f"negative:{number}:{redeems}", kind=ConflictKind.NEGATIVE.value, card=number,
                                       amount=-state.stamps, detected_at=now,
                                       detail=f"redeemed {redeems} times; balance {state.stamps}"))
    blocks: dict[str, tuple[dt.datetime, str]] = {}
    for e in events:
        if e.kind is EventKind.BLOCK and (e.card not in blocks or e.at < blocks[e.card][0]):
            blocks[e.card] = (e.at, e.station)
    voided = dict(session.execute(select(Card.number, Batch.voided_at).join(Batch, Card.batch_id == Batch.id)
                                  .where(Card.id.in_(list(numbers)), Batch.status == "void")).all())
    for e in events:
        if e.kind is not EventKind.STAMP or e.uid in undone:
            continue
        uid = uids.get(int(e.uid), e.uid)
        block = blocks.get(e.card)
        if block is not None and e.at > block[0] and e.station != block[1]:
            found.append(ChainConflict(key=f"blocked:{e.card}:{uid}", kind=ConflictKind.BLOCKED.value, card=e.card, amount=e.delta,
                                       detected_at=now, detail=f"stamped at {e.station} after it was blocked"))
        void_at = voided.get(e.card)
        if void_at is not None and e.at > void_at:
            found.append(ChainConflict(key=f"void:{e.card}:{uid}", kind=ConflictKind.VOID.value, card=e.card, amount=e.delta,
                                       detected_at=now, detail=f"stamped at {e.station} after its batch was voided"))
    if not found:
        return
    known = set(session.scalars(select(ChainConflict.key).where(ChainConflict.key.in_([c.key for c in found]))))
    for conflict in found:
        if conflict.key not in known:
            conflict.resolution, conflict.resolved_at = "", None
            session.add(conflict)
            known.add(conflict.key)
    session.flush()


# --- conflicts for the owner ---

def list_conflicts(session: Session, *, include_resolved: bool = False) -> list[ConflictView]:
    """The conflicts, open ones first, oldest first."""
    query = select(ChainConflict).order_by(ChainConflict.resolved_at.is_not(None), ChainConflict.id)
    if not include_resolved:
        query = query.where(ChainConflict.resolved_at.is_(None))
    return [ConflictView(c.id, c.key, c.kind, c.card, c.detail, c.amount, c.detected_at, c.resolved_at,
                         c.resolution) for c in session.scalars(query)]


RESOLUTIONS = uuid.UUID("5c1a2f0e-8d3b-4c55-9a1e-7b3f00c0ffee")  # the namespace of resolution event ids


def resolution_uid(conflict_key: str) -> str:
    """The event id of a conflict's write-off, derived from the conflict's key (uuid5).

    Every station finds a conflict under the same key, so a write-off decided at two
    stations is one event: the hub keeps the first (``ON CONFLICT (uid) DO NOTHING``)
    and a station drops the other by id, as for any event it already has.
    """
    return uuid.uuid5(RESOLUTIONS, f"write_off:{conflict_key}").hex


def resolve_conflict(session: Session, key: str, *, write_off: bool, now: dt.datetime, station: str = "",
                     staff: str = "") -> ConflictView:
    """The owner's decision: ``write_off`` gives a negative card its stamps back (an adjustment event);
    else the conflict is only acknowledged (future stamps fill the deficit)."""
    conflict = session.scalar(select(ChainConflict).where(
        (ChainConflict.key == key) | (ChainConflict.id == (int(key) if key.isdigit() else -1))))
    if conflict is None:
        raise Refused(Kind.UNKNOWN_CONFLICT, reference=key)
    if conflict.resolved_at is not None:
        raise Refused(Kind.ALREADY_RESOLVED, reference=conflict.key)
    if write_off and conflict.kind == ConflictKind.NEGATIVE and conflict.amount > 0:
        card = session.scalar(select(Card).where(Card.number == conflict.card))
        if card is not None:
            uid = resolution_uid(conflict.key)
            if session.scalar(select(Event.id).where(Event.uid == uid)) is None:  # another station's came first
                session.add(Event(uid=uid, card_id=card.id, kind=EventKind.WRITE_OFF.value, delta=conflict.amount,
                                  at=now, station=station, staff=staff, note=f"conflict {conflict.key}: written off"))
            session.flush()
            refold(session, [card.id], now=now)
    conflict.resolved_at, conflict.resolution = now, "write_off" if write_off else "kept"
    return ConflictView(conflict.id, conflict.key, conflict.kind, conflict.card, conflict.detail, conflict.amount,
                        conflict.detected_at, conflict.resolved_at, conflict.resolution)
