"""Pull: the hub's records and events of this station's share after its cursors, in one local transaction a page.

A station pulls its share only (``db/sync/holdings.py``): the events of the cards it holds, the
records every station needs, the personal records of its held cards. A card that became held
since (a placeholder: accepted offline, a transfer's counterpart; a card whose customer this
station lacks) is adopted with its whole history (:func:`adopt`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import Engine, Table, func, select, text, update
from sqlalchemy.orm import Session

from cards.ledger import EventKind
from db import chain_station
from db import engine as db_engine
from db import transactions
from db.hub import HubEvent
from db.models import Card, ChainKey, Event, Visit
from db import hub_notes
from db.sync.hub_io import _HubCall, pull_page
from db.sync.holdings import CARD_RECORDS, SHARE_RECORDS, batches_of, held_events, hold, newest_record_seq
from db.sync.state import _chunks, _require_state, set_hub_mark
from db.sync.records import (ENTITIES, _Applied, _apply_record, _card_by_number, _local_id, _local_shared,
                             _set_synced, _synced)
from db.sync.conflicts import refold

ADOPT_ROUNDS = 3  # a card adopted may name another (a transfer's counterpart): adopted in the next round


IDLE_GAP = 2000  # the chain's events (or records) past this station's cursor, none of its share: then it moves


def _hub_rows(hub: Engine, station: str, event_cursor: int, record_cursor: int, include_own: bool,
              page: int, with_records: bool) -> tuple[list[Any], list[Any], tuple[int, str], int]:
    """In one hub snapshot: this station's share of the records and a page of its held cards' events, and
    the hub's newest event (seq, uid) and newest record (a cursor passes what is not this station's)."""
    with _HubCall(), hub.connect() as connection:
        connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        records: list[Any] = []
        newest_record = record_cursor
        if with_records:
            records = list(connection.execute(SHARE_RECORDS, {"after": record_cursor, "station": station}))
            newest_record = newest_record_seq(connection)
        query = held_events(station, event_cursor, page)
        if not include_own:
            query = query.where(HubEvent.origin != station)
        events = list(connection.execute(query).mappings())
        newest: tuple[int, str] = (0, "")
        if len(events) < page:  # every held event up to the snapshot's newest came: the cursor may go there
            found = connection.execute(select(HubEvent.seq, HubEvent.uid).order_by(HubEvent.seq.desc())
                                       .limit(1)).first()
            newest = (int(found[0]), str(found[1])) if found is not None else (0, "")
        connection.rollback()
    return records, events, newest, newest_record


def apply_records(session: Session, station: str, records: Sequence[Any], applied: _Applied) -> None:
    """Apply the hub's records ``(seq, entity, key, data)``, in ``seq`` order, and store them as exchanged.

    Each field is a last-writer-wins register ordered by the hub's sequence: records
    apply in ``seq`` order (this station's own come back too), and a field changed
    here and not pushed yet is kept (it goes later, so it wins later everywhere).
    The pull, :func:`adopt` and the first scan's fetch (``db/sync/fetch.py``) all apply records so.
    """
    keys = {(entity, key) for _, entity, key, _ in records}
    only: dict[str, set[str]] = {entity: set() for entity in ENTITIES}
    for entity, key in keys:
        only.setdefault(entity, set()).add(key)
    current = _local_shared(session, station, only)
    synced = _synced(session, keys)
    updates: dict[tuple[str, str], dict[str, Any] | None] = {}
    for seq, entity, key, data in records:
        incoming = json.loads(data)
        local_data, base = current.get((entity, key)), synced.get((entity, key))
        if not incoming.get("deleted") and local_data is not None and base is not None:
            # fields changed here and not pushed yet are kept: they go later and win
            incoming = {k: v for k, v in incoming.items()
                        if k == "cards" or k not in local_data or local_data[k] == base.get(k)}
        _apply_record(session, entity, key, incoming, applied)
        if incoming.get("deleted"):
            synced.pop((entity, key), None)
            current.pop((entity, key), None)
            updates[(entity, key)] = None
        else:
            synced[(entity, key)] = {**(base or {}), **incoming}
            updates[(entity, key)] = synced[(entity, key)]
            if local_data is not None:  # the row as it is now, for this key's next record
                current[(entity, key)] = {**local_data, **incoming}
    _set_synced(session, updates)


def _apply_events(session: Session, rows: Sequence[Any], applied: _Applied) -> int:
    """Insert the hub's events this station lacks (by uid); return how many were new."""
    uids = [r["uid"] for r in rows]
    have: set[str] = set()
    for chunk in _chunks(uids, 500):
        have.update(session.scalars(select(Event.uid).where(Event.uid.in_(chunk))))
    fresh = [r for r in rows if r["uid"] not in have]
    if not fresh:
        return 0
    if applied.station:
        applied.own += sum(1 for r in fresh if r.get("origin") == applied.station)
    numbers = sorted({r["card"] for r in fresh} | {r["counterpart"] for r in fresh if r["counterpart"]})
    card_ids: dict[str, int] = {}
    for chunk in _chunks(numbers, 500):
        card_ids.update(session.execute(select(Card.number, Card.id).where(Card.number.in_(chunk))).all())
    for number in numbers:
        if number not in card_ids:
            card_ids[number] = _card_by_number(session, number).id
    reversed_uids = sorted({r["reverses"] for r in fresh if r["reverses"]})
    by_uid: dict[str, tuple[int, int | None]] = {}
    for chunk in _chunks(reversed_uids, 500):
        by_uid.update({u: (i, v) for u, i, v in session.execute(
            select(Event.uid, Event.id, Event.visit_id).where(Event.uid.in_(chunk)))})
    next_event = int(session.scalar(select(func.max(Event.id))) or 0) + 1
    next_visit = int(session.scalar(select(func.max(Visit.id))) or 0) + 1
    events, visits, undone_visits = [], [], []
    for r in fresh:
        visit_id = None
        card_id = card_ids[r["card"]]
        if r["visit"]:
            visit_id, next_visit = next_visit, next_visit + 1
            visits.append({"id": visit_id, "card_id": card_id, "at": r["at"], "station": r["station"],
                           "staff": r["staff"], "stamps_added": r["delta"]})
        reverses = by_uid.get(r["reverses"]) if r["reverses"] else None
        if reverses is not None and reverses[1] is not None and r["kind"] == EventKind.UNDO:
            undone_visits.append(reverses[1])
        events.append({"id": next_event, "uid": r["uid"], "card_id": card_id, "kind": r["kind"], "delta": r["delta"],
                       "rewards_delta": r["rewards_delta"], "at": r["at"], "station": r["station"],
                       "staff": r["staff"], "visit_id": visit_id,
                       "reverses_id": reverses[0] if reverses else None, "note": r["note"], "hub_seq": r["seq"],
                       "counterpart_id": card_ids[r["counterpart"]] if r["counterpart"] else None})
        by_uid[r["uid"]] = (next_event, visit_id)
        next_event += 1
        applied.cards.add(card_id)
    if visits:
        session.connection().execute(cast(Table, Visit.__table__).insert(), visits)
    session.connection().execute(cast(Table, Event.__table__).insert(), events)
    if undone_visits:
        session.execute(update(Visit).where(Visit.id.in_(undone_visits)).values(stamps_added=0))
    return len(fresh)


def pull(local: db_engine.Database, hub: Engine, *, page: int | None = None, include_own: bool = True,
         now: dt.datetime | None = None) -> int:
    """Apply the hub's records and events after this station's cursors; return the new events.

    Each page is read in one hub snapshot and applied in one local transaction
    that also moves the cursors, so a crash repeats a page and never doubles it.
    This station's own events come too (``include_own``; duplicates are dropped by
    id): a station restored from its own backup gets back what it had synced since.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    page = page or pull_page()
    pulled = 0
    first = True
    relink: set[str] = set()
    while True:
        with transactions.reading(), local.sessions.begin() as session:  # an idle pull takes no write lock
            state = _require_state(session)
            station, event_cursor, record_cursor = state.station, state.event_cursor, state.record_cursor
        records, rows, newest, newest_record = _hub_rows(hub, station, event_cursor, record_cursor, include_own,
                                                         page, first)
        # the cursors pass the chain's rows that are not this station's share (so the next pull does not walk
        # them again); with nothing to apply, only once they are IDLE_GAP behind (an idle sync writes nothing)
        event_to = (int(rows[-1]["seq"]), str(rows[-1]["uid"])) if len(rows) == page else newest
        move_events = event_to[0] > event_cursor and (bool(rows) or event_to[0] - event_cursor >= IDLE_GAP)
        move_records = newest_record > record_cursor and (bool(records) or newest_record - record_cursor >= IDLE_GAP)
        if not records and not rows and not move_events and not move_records:
            break  # nothing new: nothing to apply, no cursor to move
        with local.sessions.begin() as session:
            state = _require_state(session)
            applied = _Applied(station=station)
            if records:
                apply_records(session, station, records, applied)
            if move_records:
                state.record_cursor = max(state.record_cursor, newest_record)
            pulled += _apply_events(session, rows, applied)
            if move_events and event_to[0] > state.event_cursor:
                state.event_cursor = event_to[0]
                set_hub_mark(state, cursor_uid=event_to[1])  # a hub that rewrote its history shows another
            refold(session, applied.cards, now=now)
            if applied.own:
                # the same sync's healing check may have said something already (lost events, say): kept
                state.healed = hub_notes.healed_text(now, [hub_notes.Note(hub_notes.NoteKind.OWN_FROM_HUB, n=applied.own)],
                                                 before=state.healed)
        relink |= applied.relink
        first = False
        if len(rows) < page:
            break
    return pulled + adopt(local, hub, station=station, numbers=relink, now=now)


def placeholders(session: Session) -> set[str]:
    """The cards this station has without their history: accepted offline, named by a transfer it pulled."""
    batch = session.scalar(select(ChainKey.local_id).where(ChainKey.entity == "batch",
                                                          ChainKey.gkey == chain_station.PLACEHOLDER))
    return set() if batch is None else set(session.scalars(select(Card.number).where(Card.batch_id == batch)))


def adopt(local: db_engine.Database, hub: Engine, *, station: str, numbers: Iterable[str] = (),
          now: dt.datetime | None = None) -> int:
    """Hold these cards and this station's placeholders, and bring their whole history; return the new events.

    The holdings are committed on the hub before the history is read in a new snapshot, so an
    event committed after that read comes with the next pull (the card is held by then) and
    nothing falls between. What comes: the cards' events, their card records, their customers'
    and complaints' records, and the batch that issued each (a placeholder then moves into it).
    A card the hub does not know yet stays a placeholder, asked for again at the next pull.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    wanted, tried, new = set(numbers), set[str](), 0
    for _ in range(ADOPT_ROUNDS):
        with transactions.reading(), local.sessions.begin() as session:
            wanted = (wanted | placeholders(session)) - tried
        if not wanted:
            break
        cards = sorted(wanted)
        with _HubCall(), hub.begin() as connection:
            hold(connection, station, cards)
        with _HubCall(), hub.connect() as connection:
            connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            events: list[Any] = []
            for chunk in _chunks(cards, 1000):
                events.extend(connection.execute(select(HubEvent).where(HubEvent.card.in_(chunk))).mappings())
            events.sort(key=lambda e: e["seq"])
            records = list(connection.execute(CARD_RECORDS, {"cards": cards}))
            batches = batches_of(connection, cards)
            connection.rollback()
        with local.sessions.begin() as session:
            applied = _Applied()
            apply_records(session, station, records, applied)
            new += _apply_events(session, events, applied)
            _move_to_batches(session, batches, applied)
            refold(session, applied.cards, now=now)
        tried |= wanted
        wanted = set()
    return new


def _move_to_batches(session: Session, batches: dict[str, str], applied: _Applied) -> None:
    """Placeholders into the batch that issued them (when this station has that batch's record)."""
    placeholder = session.scalar(select(ChainKey.local_id).where(ChainKey.entity == "batch",
                                                                ChainKey.gkey == chain_station.PLACEHOLDER))
    if placeholder is None:
        return
    by_batch: dict[str, list[str]] = {}
    for number, key in batches.items():
        by_batch.setdefault(key, []).append(number)
    for key, numbers in by_batch.items():
        batch_id = _local_id(session, "batch", key)
        if batch_id is None:
            continue  # its record has not reached this station yet: it moves the card when it does
        for chunk in _chunks(numbers, 500):
            ids = list(session.scalars(select(Card.id).where(Card.number.in_(chunk), Card.batch_id == placeholder)))
            if ids:
                session.execute(update(Card).where(Card.id.in_(ids)).values(batch_id=batch_id))
                applied.cards.update(ids)
