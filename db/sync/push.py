"""Push: this station's unsent events and changed shared rows to the hub, marked sent after the hub committed."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import Engine, Table, bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session, aliased

from db import engine as db_engine
from db import transactions
from db.hub import HubEvent, HubRecord, HubStation
from db.models import Card, ChainDirty, ChainShared, Event, chain_dirty_triggers
from db.sync import heal, holdings
from db.sync.hub_io import PUSH_LOCK, REFUSED, _HubCall, push_batch
from db.sync.state import _require_state
from db.sync.records import _changed_records, _set_synced, clear_dirty


def _unsent(session: Session, station: str, limit: int) -> list[tuple[int, dict[str, Any]]]:
    """The oldest unsent events, as the hub stores them (the card by number, the undone event by uid)."""
    undone = aliased(Event)
    other = aliased(Card)
    query = (select(Event.id, Event.uid, Card.number, Event.kind, Event.delta, Event.rewards_delta, Event.at,
                    Event.station, Event.staff, Event.visit_id, func.coalesce(undone.uid, ""), Event.note,
                    func.coalesce(other.number, ""))
             .join(Card, Card.id == Event.card_id).outerjoin(undone, undone.id == Event.reverses_id)
             .outerjoin(other, other.id == Event.counterpart_id)
             .where(Event.hub_seq.is_(None)).order_by(Event.id).limit(limit))
    return [(row[0], {"uid": row[1], "origin": station, "card": row[2], "kind": row[3], "delta": row[4],
                      "rewards_delta": row[5], "at": row[6], "station": row[7], "staff": row[8],
                      "visit": row[9] is not None, "reverses": row[10], "counterpart": row[12], "note": row[11]})
            for row in session.execute(query)]


def _nothing_to_send(local: db_engine.Database) -> bool:
    """True when a push would find nothing (a read, without the write lock): the change-marking
    triggers are all there, something was exchanged already, no row is marked changed, no event
    is unsent. Then the push below, which may write (triggers, chain-wide keys), is skipped."""
    if not local.is_sqlite:
        return False
    with transactions.reading(), local.sessions.begin() as session:
        have = set(session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                        "AND name LIKE 'chain_dirty_%'")))
        return (set(chain_dirty_triggers()) <= have
                and session.scalar(select(ChainShared.entity).limit(1)) is not None
                and session.scalar(select(ChainDirty.seq).limit(1)) is None
                and session.scalar(select(Event.id).where(Event.hub_seq.is_(None)).limit(1)) is None)


_WIRE = (("uid", "varchar"), ("origin", "varchar"), ("card", "varchar"), ("kind", "varchar"), ("delta", "int"),
         ("rewards_delta", "int"), ("at", "timestamp"), ("station", "varchar"), ("staff", "varchar"),
         ("visit", "boolean"), ("reverses", "varchar"), ("counterpart", "varchar"), ("note", "varchar"))
# One statement per batch with one array per column: PostgreSQL unnests them in
# order, so the hub numbers a batch in the station's order. (A multi-row VALUES
# of 2,000 rows spent more time in the driver's query parsing than in the hub.)
_INSERT_EVENTS = text(
    f"INSERT INTO hub_events ({', '.join(n for n, _ in _WIRE)}) "
    f"SELECT * FROM unnest({', '.join(f'CAST(:{n} AS {t}[])' for n, t in _WIRE)}) "
    "ON CONFLICT (uid) DO NOTHING RETURNING uid, seq")


# Marked sent with one Core executemany (the ORM's bulk update by primary key spent more
# time collecting its per-row commands than SQLite spent writing them).
_MARK_SENT = (update(cast(Table, Event.__table__)).where(Event.__table__.c.id == bindparam("event_id"))
              .values(hub_seq=bindparam("seq")))


# A batch goes by COPY into a temporary table dropped at commit, then one INSERT ... SELECT in the
# station's order (so the hub numbers it in that order) ... ON CONFLICT (uid) DO NOTHING. COPY sends
# the rows as a stream; the arrays above were dumped value by value by the driver. Nothing outlives
# the transaction, so it suits PgBouncer's transaction pooling.
_STAGE = text("CREATE TEMPORARY TABLE push_stage (n int, "
              + ", ".join(f"{n} {t}" for n, t in _WIRE) + ") ON COMMIT DROP")
_FROM_STAGE = text(
    f"INSERT INTO hub_events ({', '.join(n for n, _ in _WIRE)}) "
    f"SELECT {', '.join(n for n, _ in _WIRE)} FROM push_stage ORDER BY n "
    "ON CONFLICT (uid) DO NOTHING RETURNING uid, seq")


def _insert_events(connection: Any, payload: list[dict[str, Any]]) -> list[Any]:
    """Insert a batch on the hub; return (uid, seq) of the rows it took (by COPY with psycopg 3)."""
    driver = connection.connection.driver_connection
    cursor = driver.cursor() if driver is not None else None
    if cursor is None or not hasattr(cursor, "copy"):  # another driver: the arrays
        return list(connection.execute(_INSERT_EVENTS, _columns_of(payload)).all())
    connection.execute(_STAGE)
    columns = _columns_of(payload)
    names = [n for n, _ in _WIRE]
    with cursor, cursor.copy(f"COPY push_stage (n, {', '.join(names)}) FROM STDIN") as copy:
        for i, row in enumerate(zip(*(columns[n] for n in names))):
            copy.write_row((i, *row))
    return list(connection.execute(_FROM_STAGE).all())


def _columns_of(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Rows as one list per column (times as naive UTC, as ``UTCDateTime`` stores them)."""
    out: dict[str, list[Any]] = {name: [] for name, _ in _WIRE}
    for row in rows:
        for name, _ in _WIRE:
            value = row[name]
            if name == "at":
                value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
            out[name].append(value)
    return out


def push(local: db_engine.Database, hub: Engine, *, batch_size: int | None = None,
         now: dt.datetime | None = None) -> int:
    """Send this station's unsent events (and changed shared rows) to the hub; return how many events.

    Each batch is one hub transaction (``ON CONFLICT (uid) DO NOTHING``); the
    events are marked sent in a local transaction only after it committed.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    batch_size = batch_size or push_batch()
    if _nothing_to_send(local):
        return 0
    pushed = 0
    first = True
    while True:
        with local.sessions.begin() as session:
            state = _require_state(session)
            station, install = state.station, state.install_id
            records, shared, dirty_upto = _changed_records(session, station) if first else ([], {}, 0)
            rows = _unsent(session, station, batch_size)
            # LOST: how many still wait after this batch (a full batch only; else none did when read), so the
            # hub knows what this install holds that it has not received (db/sync/heal.py counts it as lost
            # if a rebuilt install comes back without it)
            waiting = int(session.scalar(select(func.count()).select_from(Event).where(
                Event.hub_seq.is_(None), Event.id > rows[-1][0])) or 0) if len(rows) == batch_size else 0
        if not rows and not records:
            if dirty_upto:  # marks of rows that turned out unchanged (a pull wrote them, say)
                with local.sessions.begin() as session:
                    clear_dirty(session, dirty_upto)
            break
        with _HubCall(), hub.begin() as connection:
            connection.execute(text("SET LOCAL synchronous_commit = on"))  # see DURABLE
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PUSH_LOCK})
            if records:
                connection.execute(insert(HubRecord), records)
            seqs: dict[str, int] = {}
            if rows:
                payload = [r for _, r in rows]
                seqs = dict(_insert_events(connection, payload))
                missing = [r["uid"] for r in payload if r["uid"] not in seqs]
                if missing:  # sent before, by a sync that died before it marked them
                    seqs.update(connection.execute(select(HubEvent.uid, HubEvent.seq)
                                                   .where(HubEvent.uid.in_(missing))).all())
                refused = [r["uid"] for r in payload if r["uid"] not in seqs]
                if refused:  # outside the rules: the hub put them in quarantine (db/hub_roles.py)
                    seqs.update({uid: REFUSED for uid in refused})
            # each station holds its share: the cards of what it sends (db/sync/holdings.py), set-based
            holdings.hold(connection, station, holdings.pushed_cards((r for _, r in rows), records))
            connection.execute(update(HubStation).where(HubStation.name == station).values(last_seen=now))
            if rows:
                heal.note_pushed(connection, install, station, rows[-1][1]["uid"], len(rows), now, waiting=waiting)
        with local.sessions.begin() as session:
            if rows:
                session.execute(_MARK_SENT, [{"event_id": event_id, "seq": seqs[r["uid"]]} for event_id, r in rows])
            _set_synced(session, shared)
            clear_dirty(session, dirty_upto)
        pushed += len(rows)
        first = False
        if len(rows) < batch_size:
            break
    return pushed
