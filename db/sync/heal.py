"""Heal, never drift: each sync checks this station and the hub against each other.

- **The hub's epoch** (:func:`hub_epoch`): the epoch ``chain create`` wrote into
  ``hub_meta`` plus the object ids of the hub's database and of its event table. A hub
  restored from a dump (``pg_restore`` into a fresh database, or ``--clean`` into the old
  one) has new object ids, so a new epoch, though its rows are the old ones. A station
  remembers the epoch of its last sync (``chain_state.hub_epoch``).
- **A mismatch** (another epoch, a hub whose newest event is older than this station's
  cursor, or whose event at that cursor is not the one this station pulled there: a hub
  restored with its tables kept, ``pg_restore --data-only``) starts :func:`reconcile`: by event-id difference, in chunks, the station marks
  unsent what the hub lacks (the next push sends it again) and fetches what it lacks of the
  cards it holds (it holds again every card it has: :func:`register`), then
  sets its cursor to the hub's newest event of that snapshot; its shared rows (settings,
  batches, customers ...) are sent again whole. ``chain status`` says what was healed
  (``chain_state.healed``).
- **Its own events come back too**: a pull takes this station's own origin as well
  (duplicates are dropped by id), so a station restored from its own backup gets back
  what it had synced since that backup.
- **Each install has its own id** (``chain_state.install_id``) and a mark of where it lives
  (the machine's hardware address and the database file's path). A database found
  somewhere else at a sync is a copy or was moved: it takes a new install id at once, and
  once the install it came from sends again (a cloned kiosk disk, both in use) a new
  station name of its own (``A-2``), registered on the hub; a database that was only moved
  keeps its name. Both pull their share (the copy holds what it has under its new name), so
  nothing is lost or hidden. The hub keeps, per install, the station it syncs as, the last
  event it received from it and how many (``hub_meta``, keys ``install:<id>``), so ``chain
  stations`` and a rebuilt station can say what it sent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import uuid
from typing import Any

from sqlalchemy import Engine, delete, exists, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection

from db import engine as db_engine
from db import transactions
from db.hub import HubEvent, HubHolding, HubMeta, HubStation
from db.models import Card, ChainShared, ChainState, Event
from db.sync.conflicts import refold
from db import hub_notes
from db.sync.hub_io import _HubCall
from db.sync.holdings import hold, newest_record_seq
from db.sync.pull import _apply_events  # the one way events enter a station
from db.sync.records import _Applied
from db.sync.state import _chunks, _require_state, hub_mark, set_hub_mark

UID_CHUNK = 1000  # event ids per "which of these do you have" question
PAGE = 5000  # hub event ids per page while looking for what this station lacks


def new_install_id() -> str:
    """A fresh install id (32 hex digits)."""
    return uuid.uuid4().hex


def host_mark(local: db_engine.Database) -> str:
    """Where this install lives: the machine's hardware address and the database file's real path.

    A cloned disk keeps the path but not the network card; a copied file keeps neither's
    pairing. ``uuid.getnode`` falls back to a random number when there is no hardware
    address (bit 40 set): then ``/etc/machine-id`` stands for the machine.
    """
    node = uuid.getnode()
    machine = f"{node:012x}" if not node & (1 << 40) else _machine_id()
    path = local.sqlite_path
    where = os.path.realpath(path) if path is not None else local.url
    return hashlib.sha256(f"{machine}|{where}".encode()).hexdigest()[:32]


def _machine_id() -> str:
    try:
        with open("/etc/machine-id", encoding="ascii") as handle:
            return handle.read().strip()
    except OSError:
        return "no-machine-id"


def hub_epoch(connection: Connection) -> str:
    """The hub's identity: ``chain create``'s epoch, the database's and the event table's object ids."""
    made = connection.scalar(select(HubMeta.value).where(HubMeta.key == "epoch")) or ""
    oids = connection.execute(text("SELECT d.oid, CAST('hub_events' AS regclass)::oid FROM pg_database d "
                                   "WHERE d.datname = current_database()")).one()
    return f"{made}/{oids[0]}/{oids[1]}"


def _hub_facts(hub: Engine, install: str = "", cursor: int = 0, station: str = ""
               ) -> tuple[str, int, dict[str, Any], str, bool]:
    """The hub's epoch, its newest event, what it knows of this install, the id of its event at
    ``cursor``, whether ``station`` holds any card: one connection, five reads (primary keys and an index)."""
    with _HubCall(), hub.connect() as connection:
        epoch = hub_epoch(connection)
        newest = int(connection.scalar(select(func.coalesce(func.max(HubEvent.seq), 0))) or 0)
        mine = installs(connection, [install]).get(install, {}) if install else {}
        at_cursor = str(connection.scalar(select(HubEvent.uid).where(HubEvent.seq == cursor)) or "") if cursor else ""
        holds = bool(connection.scalar(select(HubHolding.card).where(HubHolding.station == station).limit(1))) \
            if station else True
        connection.rollback()
    return epoch, newest, mine, at_cursor, holds


def check(local: db_engine.Database, hub: Engine, *, now: dt.datetime) -> str:
    """Before a sync: is this a copy of another install, did the hub go back in time? Heal; say what was done."""
    said: list[hub_notes.Note] = []
    with transactions.reading(), local.sessions.begin() as session:  # reads first: an idle sync takes no write lock
        state = _require_state(session)
        install, cursor, station = state.install_id, state.event_cursor, state.station
    epoch, newest, mine, at_cursor, holds = _hub_facts(hub, install, cursor, station)
    if not holds:  # a chain from before holdings (migration 0010), or a new chain: hold what this station has
        register(local, hub)
    lost = lost_events(local, hub, install, mine)
    if lost:
        said.append(hub_notes.Note(hub_notes.NoteKind.LOST, n=lost))
    renamed = _check_install(local, hub, mine, now=now)
    if renamed:
        said.append(renamed)
    with transactions.reading(), local.sessions.begin() as session:
        state = _require_state(session)
        (known, known_uid), cursor = hub_mark(state.hub_epoch), state.event_cursor
    if (known and known != epoch) or newest < cursor or (known_uid and at_cursor != known_uid):
        resent, fetched = reconcile(local, hub, now=now)
        said.append(hub_notes.Note(hub_notes.NoteKind.HUB_RESTORED, n=resent, fetched=fetched))
    with transactions.reading(), local.sessions.begin() as session:
        state = _require_state(session)
        if hub_mark(state.hub_epoch)[0] != epoch or said:  # an idle sync writes nothing here
            if transactions.lock_for_writing(session):
                state = _require_state(session)
                session.refresh(state)
        if hub_mark(state.hub_epoch)[0] != epoch:
            set_hub_mark(state, epoch=epoch)
        if said:
            state.healed = hub_notes.healed_text(now, said)  # data: each shell words it (db/hub_notes.py)
    return "; ".join(note.english() for note in said)


def reconcile(local: db_engine.Database, hub: Engine, *, now: dt.datetime) -> tuple[int, int]:
    """Compare this station's and the hub's event ids in chunks; return (marked to re-send, fetched).

    What the hub lacks is marked unsent (the push that follows sends it); what this
    station lacks is fetched and applied; the cursor becomes the hub's newest event of
    the snapshot read (pushes commit in sequence order, so nothing later is skipped).
    """
    with local.sessions.begin() as session:
        mine = list(session.scalars(select(Event.uid)))
        station = _require_state(session).station
    local_uids = set(mine)
    register(local, hub)  # a healed station holds what it has, and fetches only its share
    held = exists().where(HubHolding.station == station, HubHolding.card == HubEvent.card)
    lacking_at_hub: list[str] = []
    with _HubCall(), hub.connect() as connection:
        for chunk in _chunks(mine, UID_CHUNK):
            there = set(connection.scalars(text("SELECT uid FROM hub_events WHERE uid = ANY(:uids)"),
                                           {"uids": list(chunk)}))
            lacking_at_hub.extend(u for u in chunk if u not in there)
        connection.rollback()
    with local.sessions.begin() as session:
        for chunk in _chunks(lacking_at_hub, UID_CHUNK):
            session.execute(update(Event).where(Event.uid.in_(chunk)).values(hub_seq=None))
    fetched = 0
    with _HubCall(), hub.connect() as connection:
        connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        newest = int(connection.scalar(select(func.coalesce(func.max(HubEvent.seq), 0))) or 0)
        newest_uid = str(connection.scalar(select(HubEvent.uid).where(HubEvent.seq == newest)) or "")
        after = 0
        while True:
            page = list(connection.execute(select(HubEvent.seq, HubEvent.uid).where(
                HubEvent.seq > after, HubEvent.seq <= newest, held).order_by(HubEvent.seq).limit(PAGE)))
            if not page:
                break
            after = page[-1][0]
            wanted = [uid for _, uid in page if uid not in local_uids]
            if wanted:
                rows = list(connection.execute(select(HubEvent).where(HubEvent.uid.in_(wanted))
                                               .order_by(HubEvent.seq)).mappings())
                with local.sessions.begin() as session:
                    applied = _Applied()
                    fetched += _apply_events(session, rows, applied)
                    refold(session, applied.cards, now=now)
                local_uids.update(wanted)
        connection.rollback()
    with _HubCall(), hub.connect() as connection:
        records_newest = newest_record_seq(connection)
        connection.rollback()
    with local.sessions.begin() as session:
        state = _require_state(session)
        state.event_cursor = newest
        set_hub_mark(state, cursor_uid=newest_uid)
        # The hub's shared records may be older too: every shared row is sent again whole (the
        # bases of the field-level merge go), and records are read again from where the hub is.
        state.record_cursor = min(state.record_cursor, records_newest)
        session.execute(delete(ChainShared))
    return len(lacking_at_hub), fetched


def register(local: db_engine.Database, hub: Engine) -> int:
    """Hold on the hub every card this station has (``chain create``, a chain from before holdings, a healed
    station); how many cards."""
    with transactions.reading(), local.sessions.begin() as session:
        station = _require_state(session).station
        numbers = list(session.scalars(select(Card.number)))
    if numbers:
        with _HubCall(), hub.begin() as connection:
            hold(connection, station, numbers)
    return len(numbers)


def lost_events(local: db_engine.Database, hub: Engine, install: str, mine: dict[str, Any]) -> int:
    """A rebuilt install's events that never reached the hub: counted once, kept in its ``install:<id>`` row.

    What is countable, precisely: at each push the hub notes the last event it received from
    this install (``last_uid``) and how many of the install's events were still waiting behind
    that batch (``waiting``: a push the network or the hub cut short). A database at the same
    place (same install, same host mark) that lacks ``last_uid`` was restored from an older
    backup; every event it held then that waited was made after ``last_uid``, so after the
    backup: none of them is in this database or on the hub. They are ``lost`` (added to the
    row, ``waiting`` set to 0, so a later sync does not count them again); ``chain stations``
    shows the sum per station, ``chain status`` says it once. Events made after the install's
    last push are known to nobody and cannot be counted. A database found elsewhere (a copy or
    a move, :func:`_check_install`) is not counted: the install it came from may still hold them.
    """
    waiting = int(mine.get("waiting", 0) or 0)
    last_uid = str(mine.get("last_uid") or "")
    if not install or waiting <= 0 or not last_uid:
        return 0
    with local.sessions.begin() as session:
        state = _require_state(session)
        if state.host_mark and state.host_mark != host_mark(local):
            return 0
        if session.scalar(select(Event.id).where(Event.uid == last_uid)) is not None:
            return 0
    with _HubCall(), hub.begin() as connection:
        row = connection.scalar(select(HubMeta.value).where(HubMeta.key == _install_key(install))
                                .with_for_update())
        data: dict[str, Any] = json.loads(row) if row else {}
        waiting = int(data.get("waiting", 0) or 0)
        if waiting <= 0 or str(data.get("last_uid") or "") != last_uid:
            return 0  # counted meanwhile, or the install sent again
        data.update(lost=int(data.get("lost", 0) or 0) + waiting, waiting=0)
        _write_install(connection, install, data)
    return waiting


def _install_key(install_id: str) -> str:
    return f"install:{install_id}"


def _check_install(local: db_engine.Database, hub: Engine, mine: dict[str, Any], *, now: dt.datetime
                   ) -> hub_notes.Note | None:
    """Give this install its id; a database found elsewhere is a copy or was moved.

    It takes a new install id at once, registered on the hub with the install it was
    copied from and how many events that one had sent by then; it keeps its station name.
    Once the install it came from sends again (a cloned disk: both live), it becomes a
    station of its own, ``B-2``. A database that was only moved (the old disk is gone)
    keeps its name for good. Either way both pull their share, so nothing is lost.
    """
    mark = host_mark(local)
    with transactions.reading(), local.sessions.begin() as session:
        state = _require_state(session)
        if not state.install_id or not state.host_mark:  # a chain from before installs had ids
            if transactions.lock_for_writing(session):
                session.refresh(state)
            state.install_id = state.install_id or new_install_id()
            state.host_mark = mark
            return None
        station, install, moved = state.station, state.install_id, state.host_mark != mark
    if moved:
        with _HubCall(), hub.begin() as connection:
            origin = installs(connection, [install]).get(install, {})
            fresh = new_install_id()
            _write_install(connection, fresh, {"station": station, "copied_from": install, "since": now.isoformat(),
                                               "origin_count": int(origin.get("count", 0)), "last_uid": "",
                                               "count": 0})
        with local.sessions.begin() as session:
            state = _require_state(session)
            state.install_id, state.host_mark = fresh, mark
        return hub_notes.Note(hub_notes.NoteKind.COPIED, install=fresh[:8])
    source = str(mine.get("copied_from") or "")
    if not source or mine.get("station") != station:
        return None
    with _HubCall(), hub.connect() as connection:
        origin = installs(connection, [source]).get(source, {})
        connection.rollback()
    if int(origin.get("count", 0)) <= int(mine.get("origin_count", 0)) or origin.get("station") != station:
        return None  # the install it came from has sent nothing since: a moved database keeps its name
    with _HubCall(), hub.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": 0x5C1A2})
        taken = set(connection.scalars(select(HubStation.name)))
        n = 2
        while f"{station}-{n}" in taken:
            n += 1
        name = f"{station}-{n}"
        connection.execute(pg_insert(HubStation).values(name=name, joined_at=now, last_seen=now)
                           .on_conflict_do_nothing(index_elements=["name"]))
        _write_install(connection, install, {**mine, "station": name, "renamed_from": station})
    with local.sessions.begin() as session:
        _require_state(session).station = name
    return hub_notes.Note(hub_notes.NoteKind.COPY_OF, station=station, name=name)


def _write_install(connection: Connection, install: str, data: dict[str, Any]) -> None:
    value = json.dumps(data, sort_keys=True)
    connection.execute(pg_insert(HubMeta).values(key=_install_key(install), value=value)
                       .on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def note_pushed(connection: Connection, install: str, station: str, last_uid: str, count: int,
                now: dt.datetime, *, waiting: int = 0) -> None:
    """In a push's hub transaction: the last event received from this install, how many so far, and how
    many more it holds that wait to be sent after this batch (``waiting``; :func:`lost_events`)."""
    if not install:
        return
    row = connection.scalar(select(HubMeta.value).where(HubMeta.key == _install_key(install)))
    data: dict[str, Any] = json.loads(row) if row else {"station": station, "count": 0}
    data.update(station=station, last_uid=last_uid, count=int(data.get("count", 0)) + count,
                last_seen=now.isoformat(), waiting=waiting)
    _write_install(connection, install, data)


def installs(connection: Connection, only: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """The installs the hub knows (all, or ``only`` these): id -> station, last event received, how many,
    copied from."""
    query = select(HubMeta.key, HubMeta.value)
    query = query.where(HubMeta.key.like("install:%")) if only is None else \
        query.where(HubMeta.key.in_([_install_key(i) for i in only]))
    return {key.split(":", 1)[1]: json.loads(value) for key, value in connection.execute(query)}


def remember_epoch(local: db_engine.Database, hub: Engine) -> None:
    """After create/join: the hub's epoch and this install's id and place."""
    epoch = _hub_facts(hub)[0]
    mark = host_mark(local)
    with local.sessions.begin() as session:
        state = session.get(ChainState, 1)
        if state is not None:
            set_hub_mark(state, epoch=epoch)
            state.host_mark = mark
            state.install_id = state.install_id or new_install_id()
