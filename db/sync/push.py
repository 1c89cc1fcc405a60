"""Push: this station's unsent events and changed shared rows to the hub, marked sent after the hub committed."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, cast

from sqlalchemy import Engine, Table, bindparam, func, insert, select, text, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from db import engine as db_engine
from db import transactions
from db.hub import HubRecord, HubStation
from db.models import ChainDirty, ChainShared, Event, chain_dirty_triggers
from db.sync import heal, holdings
from db.sync.hub_io import PUSH_LOCK, REFUSED, _HubCall, push_batch
from db.sync.state import _require_state
from db.sync.records import _changed_records, _set_synced, clear_dirty

_WIRE = (("uid", "varchar"), ("origin", "varchar"), ("card", "varchar"), ("kind", "varchar"), ("delta", "int"),
         ("rewards_delta", "int"), ("at", "timestamp"), ("station", "varchar"), ("staff", "varchar"),
         ("visit", "boolean"), ("reverses", "varchar"), ("counterpart", "varchar"), ("note", "varchar"))
_NAMES = tuple(n for n, _ in _WIRE)
_CARD, _COUNTERPART = 1 + _NAMES.index("card"), 1 + _NAMES.index("counterpart")  # in a row of _unsent_rows
# where each of the hub's columns comes from in the station's SQLite (``e`` the event, ``c`` its card, ``u`` the
# event it undoes, ``o`` a transfer's other card); the time as SQLite holds it, naive UTC text
# every one as text (the numbers written out, the visit as COPY's t/f): a row's line is then one join
_SOURCES = {"uid": "e.uid", "origin": ":station", "card": "c.number", "kind": "e.kind",
            "delta": "CAST(e.delta AS TEXT)", "rewards_delta": "CAST(e.rewards_delta AS TEXT)", "at": "e.at",
            "station": "e.station", "staff": "e.staff", "visit": "CASE WHEN e.visit_id IS NULL THEN 'f' ELSE 't' END",
            "reverses": "coalesce(u.uid, '')", "counterpart": "coalesce(o.number, '')", "note": "e.note"}
_FROM = ("FROM events AS e JOIN cards AS c ON c.id = e.card_id LEFT JOIN events AS u ON u.id = e.reverses_id "
         "LEFT JOIN cards AS o ON o.id = e.counterpart_id WHERE e.hub_seq IS NULL ORDER BY e.id LIMIT :limit")


_UNSENT_SQL = f"SELECT e.id, {', '.join(_SOURCES[n] for n in _NAMES)} {_FROM}"
_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _unsent_rows(session: Session, station: str, limit: int) -> list[tuple[Any, ...]]:
    """The oldest unsent events as (local id, *the hub's columns in ``_WIRE`` order, as text*); read by the driver
    (SQLAlchemy's rows cost a push more than SQLite's reading them), in the session's transaction."""
    driver = session.connection().connection.driver_connection
    assert driver is not None
    return list(driver.execute(_UNSENT_SQL, {"station": station, "limit": limit}).fetchall())


def _copy_text(rows: list[tuple[Any, ...]]) -> str:
    """The rows (without their local id) as PostgreSQL's COPY text: NULL as backslash-N, backslash, tab, newline
    and carriage return escaped. Built before the push lock; all at once when no value needs escaping (the
    usual batch: checked by counting), else line by line."""
    if not rows:
        return ""
    fields = [row[1:] for row in rows]
    width = len(_NAMES) - 1
    if all(isinstance(v, str) for v in fields[0]):
        try:
            data = "\n".join(map("\t".join, fields)) + "\n"
        except TypeError:  # a value that is not text after all
            pass
        else:
            if data.count("\t") == width * len(rows) and data.count("\n") == len(rows) \
                    and "\\" not in data and "\r" not in data:
                return data
    return "".join("\t".join(["\\N" if v is None else str(v).translate(_ESCAPE) for v in row]) + "\n"
                   for row in fields)


def _unsent(session: Session, station: str, limit: int) -> list[tuple[int, dict[str, Any]]]:
    """The oldest unsent events, as the hub stores them (the card by number, the undone event by uid, the
    time aware UTC): (local id, row by column name)."""
    out = []
    for row in _unsent_rows(session, station, limit):
        data = dict(zip(_NAMES, row[1:]))
        data["at"] = dt.datetime.fromisoformat(str(data["at"])).replace(tzinfo=dt.timezone.utc)
        data["visit"] = data["visit"] == "t"
        data["delta"], data["rewards_delta"] = int(data["delta"]), int(data["rewards_delta"])
        out.append((int(row[0]), data))
    return out


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


# Marked sent with one Core executemany (the ORM's bulk update by primary key spent more
# time collecting its per-row commands than SQLite spent writing them).
_MARK_SENT = (update(cast(Table, Event.__table__)).where(Event.__table__.c.id == bindparam("event_id"))
              .values(hub_seq=bindparam("seq")))
# a batch the hub took whole, all with one number: one statement over the ids (as a JSON array)
_MARK_ALL_SENT = text("UPDATE events SET hub_seq = :seq WHERE id IN (SELECT value FROM json_each(:ids))")

# A batch goes to the hub by one COPY straight into hub_events, in the station's order (so the hub numbers it
# in that order), inside a savepoint; a batch the hub already holds some of (a sync that died after the hub's
# commit, before the station marked its events) breaks the COPY on the uid's unique index, and then goes
# again by a temporary table and INSERT ... ON CONFLICT (uid) DO NOTHING. Nothing outlives the transaction
# (PgBouncer's transaction pooling). The station needs only "sent" or "refused" back, not each row's number.
_COPY_EVENTS = f"COPY hub_events ({', '.join(_NAMES)}) FROM STDIN"
_STAGE = text("CREATE TEMPORARY TABLE push_stage (n serial, "
              + ", ".join(f"{n} {t}" for n, t in _WIRE) + ") ON COMMIT DROP")
_COPY_STAGE = f"COPY push_stage ({', '.join(_NAMES)}) FROM STDIN"
_FROM_STAGE = text(f"INSERT INTO hub_events ({', '.join(_NAMES)}) SELECT {', '.join(_NAMES)} FROM push_stage "
                   "ORDER BY n ON CONFLICT (uid) DO NOTHING")
# Under the push lock a round trip costs the most (every other pusher waits through it), so the statements
# there without parameters go together, by PostgreSQL's simple query protocol: the lock and a savepoint before
# the COPY; after it, the savepoint released and what the station needs back (how many rows of this transaction
# the hub's guard put in quarantine, db/hub_roles.py; the hub's highest number)
_LOCK = f"SELECT pg_advisory_xact_lock({PUSH_LOCK}); SAVEPOINT push_copy"
_TAKEN = ("RELEASE SAVEPOINT push_copy; SELECT nullif(current_setting('stampcard.hub_refused', true), '')::int, "
          "(SELECT max(seq) FROM hub_events)")
_UNDO = "ROLLBACK TO SAVEPOINT push_copy"
# each staged row's number, NULL for a row the hub refused (outside the rules: in quarantine)
_NUMBERS = text("SELECT s.uid, e.seq FROM push_stage AS s LEFT JOIN hub_events AS e ON e.uid = s.uid")
_KEPT = text("SELECT uid, seq FROM hub_events WHERE uid = ANY(:uids)")
_DUPLICATE = "23505"  # unique_violation


def _driver(connection: Any, statement: str, data: str | None = None) -> Any:
    """On the psycopg 3 connection under ``connection``: COPY ``data`` (COPY text) by ``statement``, or run
    ``statement`` (statements without parameters, one round trip) and return its last row, if any. The
    driver's errors come out as SQLAlchemy's (so ``_HubCall`` and the callers see them as any other's)."""
    dbapi_error = connection.dialect.loaded_dbapi.Error
    try:
        with connection.connection.driver_connection.cursor() as cursor:
            if data is not None:
                with cursor.copy(statement) as copy:
                    copy.write(data)
                return None
            cursor.execute(statement)
            row = None
            while True:
                if cursor.description is not None:
                    row = cursor.fetchone()
                if not cursor.nextset():
                    return row
    except dbapi_error as exc:
        raise sa_exc.DBAPIError.instance(statement, None, exc, dbapi_error) from exc


def _take(connection: Any, rows: list[tuple[Any, ...]], data: str) -> dict[str, int]:
    """Take the push lock, then the batch into ``hub_events``; uid -> the hub's number (its highest so far for a
    batch it took whole; REFUSED: put in quarantine by the hub's guard)."""
    _driver(connection, _LOCK)
    try:
        _driver(connection, _COPY_EVENTS, data)
    except sa_exc.DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) != _DUPLICATE:
            raise
        _driver(connection, _UNDO)
        connection.execute(_STAGE)
        _driver(connection, _COPY_STAGE, data)
        connection.execute(_FROM_STAGE)
        return {uid: REFUSED if seq is None else int(seq) for uid, seq in connection.execute(_NUMBERS)}
    refused, top = _driver(connection, _TAKEN)
    if not refused:
        return {row[1]: int(top) for row in rows}
    kept = dict(connection.execute(_KEPT, {"uids": [row[1] for row in rows]}).all())
    return {row[1]: int(kept.get(row[1], REFUSED)) for row in rows}


def push(local: db_engine.Database, hub: Engine, *, batch_size: int | None = None,
         now: dt.datetime | None = None) -> int:
    """Send this station's unsent events (and changed shared rows) to the hub; return how many events.

    Each batch is one hub transaction (a COPY; what the hub holds already is skipped by uid); the
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
            rows = _unsent_rows(session, station, batch_size)
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
        data = _copy_text(rows)
        with _HubCall(), hub.begin() as connection:
            connection.execute(text("SET LOCAL synchronous_commit = on"))  # see DURABLE
            # each station holds its share: the cards of what it sends (db/sync/holdings.py), set-based
            holdings.hold(connection, station, holdings.pushed_cards(
                ({"card": row[_CARD], "counterpart": row[_COUNTERPART]} for row in rows), records))
            connection.execute(update(HubStation).where(HubStation.name == station).values(last_seen=now))
            if rows:
                heal.note_pushed(connection, install, station, rows[-1][1], len(rows), now, waiting=waiting)
            # PUSH_LOCK, held from here to the commit only: what takes a number from the hub's sequences commits
            # in their order, so a cursor never skips a row committed late; what comes before (reading and
            # writing the batch out, the station's own rows) runs side by side with other stations' pushes
            if records:
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PUSH_LOCK})
                connection.execute(insert(HubRecord), records)
            seqs = _take(connection, rows, data) if rows else {}  # (the lock again, if records took it: a no-op)
        with local.sessions.begin() as session:
            numbers = set(seqs.values())
            if len(numbers) == 1:
                session.execute(_MARK_ALL_SENT, {"seq": numbers.pop(), "ids": json.dumps([row[0] for row in rows])})
            elif rows:
                session.execute(_MARK_SENT, [{"event_id": row[0], "seq": seqs[row[1]]} for row in rows])
            _set_synced(session, shared)
            clear_dirty(session, dirty_upto)
        pushed += len(rows)
        first = False
        if len(rows) < batch_size:
            break
    return pushed
