"""Pull: the hub's records and events after this station's cursors, in one local transaction a page."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Engine, Table, func, select, text, update
from sqlalchemy.orm import Session

from cards.ledger import EventKind
from db import engine as db_engine
from db import transactions
from db.hub import HubEvent, HubRecord
from db.models import Card, Event, Visit
from db.sync.hub_io import _HubCall, pull_page
from db.sync.state import _chunks, _require_state, set_hub_mark
from db.sync.records import ENTITIES, _Applied, _apply_record, _card_by_number, _local_shared, _set_synced, _synced
from db.sync.conflicts import refold


def _hub_rows(hub: Engine, station: str, event_cursor: int, record_cursor: int, include_own: bool,
              page: int, with_records: bool) -> tuple[list[Any], list[Any]]:
    with _HubCall(), hub.connect() as connection:
        connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        records: list[Any] = []
        if with_records:
            records = list(connection.execute(select(HubRecord.seq, HubRecord.entity, HubRecord.key, HubRecord.data)
                                              .where(HubRecord.seq > record_cursor).order_by(HubRecord.seq)))
        query = select(HubEvent).where(HubEvent.seq > event_cursor).order_by(HubEvent.seq).limit(page)
        if not include_own:
            query = query.where(HubEvent.origin != station)
        events = list(connection.execute(query).mappings())
        connection.rollback()
    return records, events


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


def apply_records(session: Session, station: str, records: Sequence[Any], applied: _Applied) -> None:
    """Apply the hub's records ``(seq, entity, key, data)``, in ``seq`` order, and store them as exchanged.

    Each field is a last-writer-wins register ordered by the hub's sequence: records
    apply in ``seq`` order (this station's own come back too), and a field changed
    here and not pushed yet is kept (it goes later, so it wins later everywhere).
    The pull and the first scan's fetch (``db/sync/fetch.py``) both apply records so.
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
    while True:
        with transactions.reading(), local.sessions.begin() as session:  # an idle pull takes no write lock
            state = _require_state(session)
            station, event_cursor, record_cursor = state.station, state.event_cursor, state.record_cursor
        records, rows = _hub_rows(hub, station, event_cursor, record_cursor, include_own, page, first)
        if not records and not rows:
            break  # nothing new: nothing to apply, no cursor to move
        with local.sessions.begin() as session:
            state = _require_state(session)
            applied = _Applied(station=station)
            if records:
                apply_records(session, station, records, applied)
                state.record_cursor = max(state.record_cursor, records[-1][0])
            pulled += _apply_events(session, rows, applied)
            if rows:
                if rows[-1]["seq"] > state.event_cursor:
                    state.event_cursor = rows[-1]["seq"]
                    set_hub_mark(state, cursor_uid=rows[-1]["uid"])  # a hub that rewrote its history shows another
            refold(session, applied.cards, now=now)
            if applied.own:
                said = (f"{applied.own} events sent under this station's name that this database lacked came "
                        "from the hub (it was restored from a backup, or a copy of it syncs)")
                stamp = f"{now.astimezone(dt.timezone.utc):%Y-%m-%d %H:%M} UTC: "
                # the same sync's healing check may have said something already (lost events, say): keep it
                state.healed = state.healed + "; " + said if state.healed.startswith(stamp) else stamp + said
        first = False
        if len(rows) < page:
            break
    return pulled
