"""A chain of shops: stations with their own SQLite, a PostgreSQL hub, exactly-once sync.

Every kiosk (a *station*) writes to its own database, so the counter never waits
on the network. The *hub* (PostgreSQL) holds the union of every station's events
(``hub_events``, keyed by the event's unique ``uid``; a card is named by its
number, never by a station's integer id) and a log of the shop's shared data
(``hub_records``: settings, program, staff, batches with their cards,
customers, complaints, conflicts; the last record of a key wins).

- **Push** (:func:`push`): the station's unsent events (``events.hub_seq IS
  NULL``), oldest first, in batches, ``INSERT ... ON CONFLICT (uid) DO
  NOTHING``; they are marked sent (``hub_seq`` = the hub's number) only after
  the hub committed. Changed shared rows go first, as records.
- **Pull** (:func:`pull`): the hub's records and events after the station's
  cursors, applied by uid in one local transaction that also advances the
  cursors. A crash anywhere means a re-send, never a duplicate.
- Pushes take one advisory lock on the hub, so the hub's sequence numbers are
  committed in order and a cursor never skips a row committed late.
- A card's balance is ``cards.ledger.fold`` over its events, which does not
  depend on their order (the rules are the ledger's, the same ``db.ops``
  applies as it writes). After a pull the cached row of every touched card is
  set from the fold.
- What cannot be decided offline becomes a :class:`ChainConflict` for the
  owner: a balance below zero (one reward redeemed at two stations while apart),
  a stamp on a card blocked elsewhere, a stamp on a card of a voided batch.

Nothing here imports Qt; the kiosk runs :func:`sync_once` on a worker thread.
"""

from __future__ import annotations

import datetime as dt
import enum
import hmac
import json
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from sqlalchemy import (
    Date,
    DateTime,
    Engine,
    LargeBinary,
    Table,
    TypeDecorator,
    bindparam,
    create_engine,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, aliased

from cards import ledger
from cards.ledger import EventKind
from cards.refusals import Kind, Refused
from db import engine as db_engine
from db import chain_station, errors, ops
from db.hub import HubEvent, HubMeta, HubRecord, HubStation
from db.models import (
    Base,
    Batch,
    Card,
    ChainConflict,
    ChainDirty,
    ChainKey,
    ChainShared,
    ChainState,
    Complaint,
    Customer,
    Event,
    ProgramRow,
    Shop,
    Staff,
    Visit,
    chain_dirty_triggers,
)

log = logging.getLogger(__name__)

PUSH_BATCH = int(os.environ.get("STAMPCARD_SYNC_BATCH", "2000"))  # events per hub transaction
PULL_PAGE = int(os.environ.get("STAMPCARD_SYNC_PAGE", "5000"))  # events per local transaction
CONNECT_TIMEOUT_S = 3
PUSH_LOCK = 0x5C1A1  # the hub's advisory lock: pushes commit in sequence order
PLACEHOLDER = chain_station.PLACEHOLDER
# DURABLE: a station forgets an event's "unsent" mark once the hub said it committed, so that
# commit must survive a hub crash. A push sets ``synchronous_commit = on`` for its own
# transaction whatever the server's default (a test hub that ran with it off lost the last
# pushes when stopped with ``pg_ctl -m immediate``: found by tests/chain/test_sync.py).


class HubUnreachable(errors.DatabaseError):
    """The hub cannot be reached or written (network, server down); nothing was lost."""


# --- values that leave this module ---

@dataclass(frozen=True)
class SyncResult:
    """What one ``sync`` did (``sync --json``)."""

    pushed: int
    pulled: int
    pending: int
    conflicts: int


@dataclass(frozen=True)
class ChainStatus:
    """``chain status``: where the hub is, who we are, what waits."""

    hub: str
    station: str
    pending: int
    last_sync: dt.datetime | None
    conflicts: int
    online: bool
    last_error: str


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


# --- the hub ---

def hub_engine(url: str) -> Engine:
    """An engine on the hub (PostgreSQL) that gives up quickly when the hub is away."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # noqa: BLE001 - any malformed URL
        raise Refused(Kind.BAD_CHOICE, field="hub", value=url, choices=("postgresql+psycopg://...",)) from exc
    if not parsed.drivername.startswith("postgresql"):
        raise Refused(Kind.BAD_CHOICE, field="hub", value=parsed.drivername, choices=("postgresql+psycopg",))
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
                         pool_pre_ping=True, pool_size=1, max_overflow=2)


def shown_url(url: str) -> str:
    """The hub's URL without its password (for status lines and JSON)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001
        return url


class _HubCall:
    """Turns any failure to talk to the hub into ``HubUnreachable``."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: BaseException | None, tb: Any) -> None:
        if isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DBAPIError, OSError)) and \
                not isinstance(exc, sa_exc.IntegrityError):
            raise HubUnreachable(f"the hub cannot be reached: {_one_line(exc)}") from exc


def _one_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return " ".join(str(orig).split())[:300]


# --- a station's state ---

def _require_state(session: Session) -> ChainState:
    state = chain_station.chain_state(session)
    if state is None:
        raise Refused(Kind.NOT_IN_CHAIN)
    return state


def pending(session: Session) -> int:
    """How many of this station's events the hub does not have yet."""
    return int(session.scalar(select(func.count()).select_from(Event).where(Event.hub_seq.is_(None))) or 0)


def open_conflicts(session: Session) -> int:
    """How many conflicts wait for the owner."""
    return int(session.scalar(select(func.count()).select_from(ChainConflict)
                              .where(ChainConflict.resolved_at.is_(None))) or 0)


def status(session: Session) -> ChainStatus:
    """Hub, station, pending events, last sync, open conflicts (no hub contact)."""
    state = _require_state(session)
    return ChainStatus(shown_url(state.hub_url), state.station, pending(session), state.last_sync_at,
                       open_conflicts(session), state.online, state.last_error)


def set_offline_redeem(session: Session, value: str) -> str:
    """``allow`` or ``refuse`` redemptions while the hub is away (a shop setting; it syncs)."""
    if value not in ("allow", "refuse"):
        raise Refused(Kind.BAD_CHOICE, field="offline_redeem", value=value, choices=("allow", "refuse"))
    shop = session.get(Shop, 1)
    if shop is None:
        raise Refused(Kind.NOT_INITIALISED)
    shop.offline_redeem = value
    return value


def record_attempt(session: Session, *, ok: bool, now: dt.datetime, error: str = "") -> None:
    """Note the outcome of a sync attempt (the status strip and ``offline_redeem`` read it)."""
    state = session.get(ChainState, 1)
    if state is None:
        return
    state.last_attempt_at, state.online, state.last_error = now, ok, error
    if ok:
        state.last_sync_at = now


# --- shared rows: encoding, diff ---

ENTITIES = ("shop", "program", "staff", "batch", "customer", "card", "complaint", "conflict")
_SKIP = {"shop": {"id", "secret", "logo_path"}, "program": {"id"}, "staff": {"id", "failed_attempts", "locked_until"},
         "batch": {"id"}, "customer": {"id"}, "complaint": {"id", "card_id"},
         "conflict": {"id", "detected_at"}}


def _encode(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def _columns(row: Base, skip: set[str]) -> dict[str, Any]:
    return {c.key: _encode(getattr(row, c.key)) for c in row.__table__.columns if c.key not in skip}


def _decode_into(row: Base, data: dict[str, Any], skip: set[str]) -> None:
    """Set a row's columns from a record (columns this version lacks are ignored)."""
    for column in row.__table__.columns:
        if column.key in skip or column.key not in data:
            continue
        value = data[column.key]
        kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
        if value is not None and isinstance(kind, DateTime):
            value = dt.datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, Date):
            value = dt.date.fromisoformat(value)
        elif value is not None and isinstance(kind, LargeBinary):
            value = bytes.fromhex(value)
        setattr(row, column.key, value)


_Keyed = TypeVar("_Keyed", Batch, Customer)


def _upsert_keyed(session: Session, entity: str, model: type[_Keyed], key: str, data: dict[str, Any]) -> _Keyed:
    """The local row of a shared batch or customer, made (with its chain key) or updated from ``data``."""
    local = _local_id(session, entity, key)
    row = session.get(model, local) if local is not None else None
    if row is not None:
        _decode_into(row, data, _SKIP[entity])
        return row
    row = model()
    session.add(row)
    _decode_into(row, data, _SKIP[entity])
    session.flush()
    session.add(ChainKey(entity=entity, local_id=row.id, gkey=key))
    return row


def _keys(session: Session, entity: str, ids: Iterable[int] | None = None, gkeys: Iterable[str] | None = None
          ) -> dict[int, str]:
    """Local id -> chain-wide key of an entity: all of them, or those of ``ids`` or ``gkeys``."""
    query = select(ChainKey.local_id, ChainKey.gkey).where(ChainKey.entity == entity)
    if ids is not None:
        query = query.where(ChainKey.local_id.in_(list(ids)))
    if gkeys is not None:
        query = query.where(ChainKey.gkey.in_(list(gkeys)))
    return dict(session.execute(query).all())


def _gkey(session: Session, keys: dict[int, str], entity: str, local_id: int, station: str) -> str:
    if local_id not in keys:
        keys[local_id] = f"{station}:{local_id}"
        session.add(ChainKey(entity=entity, local_id=local_id, gkey=keys[local_id]))
    return keys[local_id]


def _local_shared(session: Session, station: str, only: dict[str, set[str]] | None = None
                  ) -> dict[tuple[str, str], dict[str, Any]]:
    """This station's shared rows, encoded as the hub's records hold them: every row, or only the
    record keys in ``only`` (entity -> keys; a key whose row is gone is simply absent)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}

    def wanted(entity: str) -> bool:
        return only is None or bool(only.get(entity))

    def local_ids(entity: str, keys: dict[int, str]) -> list[int] | None:
        if only is None:
            return None
        by_gkey = {g: i for i, g in keys.items()}
        return [by_gkey[k] for k in only.get(entity, ()) if k in by_gkey]

    def where(query: Any, column: Any, values: Iterable[Any] | None) -> Any:
        return query if values is None else query.where(column.in_(list(values)))

    if wanted("shop") and (shop := session.get(Shop, 1)) is not None:
        out[("shop", "1")] = _columns(shop, _SKIP["shop"])
    if wanted("program") and (program := session.get(ProgramRow, 1)) is not None:
        out[("program", "1")] = _columns(program, _SKIP["program"])
    if wanted("staff"):
        for person in session.scalars(where(select(Staff), Staff.name, None if only is None else only["staff"])):
            out[("staff", person.name)] = _columns(person, _SKIP["staff"])
    if wanted("batch"):
        batch_keys = _keys(session, "batch", gkeys=None if only is None else only["batch"])
        for batch in session.scalars(where(select(Batch), Batch.id, local_ids("batch", batch_keys))):
            key = _gkey(session, batch_keys, "batch", batch.id, station)
            if key != PLACEHOLDER:
                out[("batch", key)] = _columns(batch, _SKIP["batch"])
    customer_keys = _keys(session, "customer", gkeys=None if only is None else only["customer"])
    if wanted("customer"):
        for customer in session.scalars(where(select(Customer), Customer.id, local_ids("customer", customer_keys))):
            out[("customer", _gkey(session, customer_keys, "customer", customer.id, station))] = \
                _columns(customer, _SKIP["customer"])
    if wanted("card"):
        query = select(Card.number, Card.customer_id).where(Card.customer_id.is_not(None))
        linked = session.execute(where(query, Card.number, None if only is None else only["card"])).all()
        if only is not None:
            customer_keys.update(_keys(session, "customer", ids=[int(c) for _, c in linked]))
        for number, customer_id in linked:
            out[("card", number)] = {"customer": _gkey(session, customer_keys, "customer", int(customer_id), station)}
    if wanted("complaint"):
        complaints = list(session.scalars(where(select(Complaint), Complaint.reference,
                                                None if only is None else only["complaint"])))
        card_ids = {c.card_id for c in complaints if c.card_id}
        numbers = dict(session.execute(select(Card.id, Card.number).where(Card.id.in_(card_ids))).all()) \
            if card_ids else {}
        for complaint in complaints:
            data = _columns(complaint, _SKIP["complaint"])
            data["card"] = numbers.get(complaint.card_id, "") if complaint.card_id else ""
            out[("complaint", complaint.reference)] = data
    if wanted("conflict"):
        for conflict in session.scalars(where(select(ChainConflict), ChainConflict.key,
                                              None if only is None else only["conflict"])):
            out[("conflict", conflict.key)] = _columns(conflict, _SKIP["conflict"])
    session.flush()
    return out


def _synced(session: Session, only: Iterable[tuple[str, str]] | None = None) -> dict[tuple[str, str], dict[str, Any]]:
    """Shared rows as last exchanged with the hub: all, or those keys."""
    rows: list[tuple[str, str, str]] = []
    if only is None:
        rows = [(e, k, d) for e, k, d in session.execute(select(ChainShared.entity, ChainShared.key,
                                                                ChainShared.data))]
    else:
        for (entity, key) in only:
            found = session.get(ChainShared, (entity, key))
            if found is not None:
                rows.append((entity, key, found.data))
    return {(e, k): json.loads(d) for e, k, d in rows}


# --- which shared rows changed: triggers on a station's SQLite ---

# The triggers (db.models.CHAIN_TRACKED, made by migration 0006) mark a changed row in chain_dirty; a
# push then reads only those rows instead of every customer and complaint (20,000 customers: 0.9 s for
# the whole comparison, every 3 s). A migration that rebuilds a table drops its triggers: the sync makes
# a missing one again, and then one push compares every row, so nothing changed in between is missed.


def _ensure_tracking(session: Session) -> bool:
    """Make the change-marking triggers where missing; True when every row must be compared this time
    (a trigger was missing, nothing was exchanged with the hub yet, or the database is not SQLite)."""
    if session.get_bind().dialect.name != "sqlite":
        return True
    triggers = chain_dirty_triggers()
    have = set(session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                    "AND name LIKE 'chain_dirty_%'")))
    if set(triggers) <= have:
        return session.scalar(select(ChainShared.entity).limit(1)) is None
    for sql in triggers.values():
        session.execute(text(sql))
    return True


def _dirty(session: Session, station: str) -> tuple[dict[str, set[str]], int]:
    """The record keys of rows marked changed, and the last mark's number (to clear them after the push)."""
    marks = session.execute(select(ChainDirty.seq, ChainDirty.entity, ChainDirty.key).order_by(ChainDirty.seq)).all()
    only: dict[str, set[str]] = {entity: set() for entity in ENTITIES}
    if not marks:
        return only, 0
    keys = {entity: _keys(session, entity, ids=[int(k) for _, e, k in marks if e == entity])
            for entity in ("batch", "customer")}
    for _, entity, key in marks:
        if entity in keys:  # batches and customers travel under their chain-wide key
            key = _gkey(session, keys[entity], entity, int(key), station)
        only[entity].add(key)
    return only, (marks[-1][0] if marks else 0)


def clear_dirty(session: Session, upto: int) -> None:
    """Forget the change marks up to ``upto`` (their rows reached the hub)."""
    if upto and session.get_bind().dialect.name == "sqlite":
        session.execute(delete(ChainDirty).where(ChainDirty.seq <= upto))


def _set_synced(session: Session, updates: dict[tuple[str, str], dict[str, Any] | None]) -> None:
    """Store rows as exchanged with the hub (None: the row is gone on both sides)."""
    for (entity, key), data in updates.items():
        row = session.get(ChainShared, (entity, key))
        if data is None:
            if row is not None:
                session.delete(row)
            continue
        encoded = json.dumps({k: v for k, v in data.items() if k != "cards"}, sort_keys=True, default=str)
        if row is None:
            session.add(ChainShared(entity=entity, key=key, data=encoded))
        else:
            row.data = encoded


def _changed_records(session: Session, station: str
                     ) -> tuple[list[dict[str, Any]], dict[tuple[str, str], dict[str, Any] | None], int]:
    """The shared rows changed here since the last exchange: a new row whole, else only its changed fields.

    Sending fields, not rows, lets two stations change different settings of the
    same row while apart and keep both; for the same field the hub's last wins.
    Only rows the triggers marked are compared (all of them when the triggers
    were just made); the last mark's number comes back to clear the marks.
    """
    compare_all = _ensure_tracking(session)
    only, upto = (None, 0) if compare_all else _dirty(session, station)
    if compare_all and session.get_bind().dialect.name == "sqlite":
        upto = int(session.scalar(select(func.coalesce(func.max(ChainDirty.seq), 0))) or 0)
    if only is not None and not any(only.values()):
        return [], {}, upto
    current = _local_shared(session, station, only)
    candidates = None if only is None else {(e, k) for e, keys in only.items() for k in keys}
    synced = _synced(session, candidates)
    records: list[dict[str, Any]] = []
    updates: dict[tuple[str, str], dict[str, Any] | None] = {}
    order = {name: i for i, name in enumerate(ENTITIES)}
    considered = current.keys() | synced.keys() if candidates is None else candidates
    for (entity, key) in sorted(considered, key=lambda k: (order.get(k[0], 99), k[1])):
        if (entity, key) not in current and (entity, key) not in synced:
            continue  # made and gone before it was ever sent
        data = current.get((entity, key))
        base = synced.get((entity, key))
        if data is None:
            records.append({"entity": entity, "key": key, "origin": station, "data": json.dumps({"deleted": True})})
            updates[(entity, key)] = None
            continue
        if base is None:
            changed = dict(data)
            if entity == "batch":
                batch_id = session.scalar(select(ChainKey.local_id).where(ChainKey.entity == "batch",
                                                                          ChainKey.gkey == key))
                changed["cards"] = list(session.scalars(select(Card.number).where(Card.batch_id == batch_id)
                                                        .order_by(Card.id)))
        else:
            changed = {k: v for k, v in data.items() if k not in base or base[k] != v}
            if not changed:
                continue
        records.append({"entity": entity, "key": key, "origin": station,
                        "data": json.dumps(changed, sort_keys=True, default=str)})
        updates[(entity, key)] = data
    return records, updates, upto


# --- applying the hub's records at a station ---

@dataclass
class _Applied:
    cards: set[int] = field(default_factory=set)  # local card ids whose fold must be recomputed


def _local_id(session: Session, entity: str, key: str) -> int | None:
    found = session.scalar(select(ChainKey.local_id).where(ChainKey.entity == entity, ChainKey.gkey == key))
    return None if found is None else int(found)


def _card_by_number(session: Session, number: str) -> Card:
    card = session.scalar(select(Card).where(Card.number == number))
    if card is None:
        card = Card(number=number, batch_id=chain_station.placeholder_batch(session), status="issued", stamps=0,
                    rewards_redeemed=0, visits=0, created_at=dt.datetime.now(dt.timezone.utc))
        session.add(card)
        session.flush()
    return card


def _apply_record(session: Session, entity: str, key: str, data: dict[str, Any], applied: _Applied) -> None:
    deleted = bool(data.get("deleted"))
    if entity == "shop":
        shop = session.get(Shop, 1)
        if shop is not None and not deleted:
            _decode_into(shop, data, _SKIP["shop"])
    elif entity == "program":
        program = session.get(ProgramRow, 1)
        if program is None:
            program = ProgramRow(id=1)
            session.add(program)
        if not deleted:
            _decode_into(program, data, _SKIP["program"])
    elif entity == "staff":
        person = session.scalar(select(Staff).where(Staff.name == key))
        if deleted:
            if person is not None:
                session.delete(person)
        else:
            if person is None:
                person = Staff(name=key, failed_attempts=0)
                session.add(person)
            _decode_into(person, data, _SKIP["staff"])
    elif entity == "batch" and not deleted:
        batch = _upsert_keyed(session, "batch", Batch, key, data)
        numbers = list(data.get("cards", []))
        known = dict(session.execute(select(Card.number, Card.id).where(Card.number.in_(numbers))).all()) \
            if len(numbers) <= 5000 else dict(session.execute(select(Card.number, Card.id)).all())
        moved = [known[n] for n in numbers if n in known]
        if moved:
            session.execute(update(Card).where(Card.id.in_(moved)).values(batch_id=batch.id))
        created = data.get("created_at")
        at = dt.datetime.fromisoformat(created) if created else dt.datetime.now(dt.timezone.utc)
        fresh = [{"number": n, "batch_id": batch.id, "status": "issued", "stamps": 0, "rewards_redeemed": 0,
                  "visits": 0, "created_at": at} for n in numbers if n not in known]
        if fresh:
            session.execute(insert(Card), fresh)
        applied.cards.update(moved)
        if batch.status == "void":
            applied.cards.update(session.scalars(select(Card.id).where(Card.batch_id == batch.id)))
    elif entity == "customer":
        customer_id = _local_id(session, "customer", key)
        customer = session.get(Customer, customer_id) if customer_id is not None else None
        if deleted:
            if customer is not None:
                session.execute(update(Card).where(Card.customer_id == customer.id).values(customer_id=None))
                session.delete(customer)
        else:
            _upsert_keyed(session, "customer", Customer, key, data)
    elif entity == "card":
        card = _card_by_number(session, key)
        card.customer_id = None if deleted or not data.get("customer") else \
            _local_id(session, "customer", str(data["customer"]))
    elif entity == "complaint":
        complaint = session.scalar(select(Complaint).where(Complaint.reference == key))
        if deleted:
            if complaint is not None:
                session.delete(complaint)
        else:
            if complaint is None:
                complaint = Complaint(reference=key)
                session.add(complaint)
            _decode_into(complaint, data, _SKIP["complaint"])
            complaint.card_id = _card_by_number(session, str(data["card"])).id if data.get("card") else None
    elif entity == "conflict" and not deleted:
        conflict = session.scalar(select(ChainConflict).where(ChainConflict.key == key))
        if conflict is None:
            conflict = ChainConflict(key=key, detected_at=dt.datetime.now(dt.timezone.utc))
            session.add(conflict)
            _decode_into(conflict, data, _SKIP["conflict"])
        elif conflict.resolved_at is None:  # a decision is never taken back
            _decode_into(conflict, data, _SKIP["conflict"])
    session.flush()


# --- push ---

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


def push(local: db_engine.Database, hub: Engine, *, batch_size: int = PUSH_BATCH,
         now: dt.datetime | None = None) -> int:
    """Send this station's unsent events (and changed shared rows) to the hub; return how many events.

    Each batch is one hub transaction (``ON CONFLICT (uid) DO NOTHING``); the
    events are marked sent in a local transaction only after it committed.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    pushed = 0
    first = True
    while True:
        with local.sessions.begin() as session:
            station = _require_state(session).station
            records, shared, dirty_upto = _changed_records(session, station) if first else ([], {}, 0)
            rows = _unsent(session, station, batch_size)
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
                seqs = dict(connection.execute(_INSERT_EVENTS, _columns_of(payload)).all())
                missing = [r["uid"] for r in payload if r["uid"] not in seqs]
                if missing:  # sent before, by a sync that died before it marked them
                    seqs.update(connection.execute(select(HubEvent.uid, HubEvent.seq)
                                                   .where(HubEvent.uid.in_(missing))).all())
            connection.execute(update(HubStation).where(HubStation.name == station).values(last_seen=now))
        with local.sessions.begin() as session:
            if rows:
                session.execute(update(Event), [{"id": event_id, "hub_seq": seqs[r["uid"]]} for event_id, r in rows])
            _set_synced(session, shared)
            clear_dirty(session, dirty_upto)
        pushed += len(rows)
        first = False
        if len(rows) < batch_size:
            break
    return pushed


# --- pull ---

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


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def pull(local: db_engine.Database, hub: Engine, *, page: int = PULL_PAGE, include_own: bool = False,
         now: dt.datetime | None = None) -> int:
    """Apply the hub's records and events after this station's cursors; return the new events.

    Each page is read in one hub snapshot and applied in one local transaction
    that also moves the cursors, so a crash repeats a page and never doubles it.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    pulled = 0
    first = True
    while True:
        with local.sessions.begin() as session:
            state = _require_state(session)
            station, event_cursor, record_cursor = state.station, state.event_cursor, state.record_cursor
        records, rows = _hub_rows(hub, station, event_cursor, record_cursor, include_own, page, first)
        with local.sessions.begin() as session:
            state = _require_state(session)
            applied = _Applied()
            if records:
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
                        updates[(entity, key)] = None
                    else:
                        synced[(entity, key)] = {**(base or {}), **incoming}
                        updates[(entity, key)] = synced[(entity, key)]
                _set_synced(session, updates)
                state.record_cursor = max(state.record_cursor, records[-1][0])
            pulled += _apply_events(session, rows, applied)
            if rows:
                state.event_cursor = max(state.event_cursor, rows[-1]["seq"])
            refold(session, applied.cards, now=now)
        first = False
        if len(rows) < page:
            break
    return pulled


# --- folding at a station ---

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
    """Set the cached balance of these cards (and those linked by transfers) from the fold; find conflicts."""
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
               Card.last_stamp_at, Card.activated_at, Card.transferred_to)
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
                   "transferred_to": target_ids.get(state.transferred_to, row.transferred_to)}
            old = {"stamps": row.stamps, "rewards_redeemed": row.rewards_redeemed, "visits": row.visits,
                   "status": row.status, "last_stamp_at": row.last_stamp_at, "activated_at": row.activated_at,
                   "transferred_to": row.transferred_to}
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
            session.add(Event(card_id=card.id, kind=EventKind.WRITE_OFF.value, delta=conflict.amount, at=now, station=station,
                              staff=staff, note=f"conflict {conflict.key}: written off"))
            session.flush()
            refold(session, [card.id], now=now)
    conflict.resolved_at, conflict.resolution = now, "write_off" if write_off else "kept"
    return ConflictView(conflict.id, conflict.key, conflict.kind, conflict.card, conflict.detail, conflict.amount,
                        conflict.detected_at, conflict.resolved_at, conflict.resolution)


# --- one sync, creating and joining a chain ---

def sync_once(local: db_engine.Database, hub: Engine | None = None, *, now: dt.datetime | None = None) -> SyncResult:
    """Push, then pull, once. Raises ``HubUnreachable`` (the events stay queued) when the hub is away."""
    now = now or dt.datetime.now(dt.timezone.utc)
    with local.sessions.begin() as session:
        state = _require_state(session)
        url = state.hub_url
    own_engine = hub is None
    engine_ = hub_engine(url) if hub is None else hub
    try:
        pushed = push(local, engine_, now=now)
        pulled = pull(local, engine_, now=now)
    except HubUnreachable as exc:
        with local.sessions.begin() as session:
            record_attempt(session, ok=False, now=now, error=str(exc))
        raise
    finally:
        if own_engine:
            engine_.dispose()
    with local.sessions.begin() as session:
        record_attempt(session, ok=True, now=now)
        return SyncResult(pushed, pulled, pending(session), open_conflicts(session))


def create_chain(local: db_engine.Database, hub_url: str, *, station: str,
                 now: dt.datetime | None = None) -> SyncResult:
    """Put this station's shop on an empty PostgreSQL hub and push everything it has."""
    now = now or dt.datetime.now(dt.timezone.utc)
    with local.sessions.begin() as session:
        shop = ops.get_shop(session)
        if chain_station.chain_state(session) is not None:
            raise Refused(Kind.ALREADY_IN_CHAIN)
    engine_ = hub_engine(hub_url)
    engine_.dispose()
    try:
        hub = db_engine.open_database(hub_url if "+" in hub_url.split("://")[0]
                                      else hub_url.replace("postgresql://", "postgresql+psycopg://", 1))
    except errors.DatabaseError as exc:
        raise HubUnreachable(str(exc)) from exc
    try:
        with _HubCall(), hub.sessions.begin() as session:
            session.execute(text("SET LOCAL synchronous_commit = on"))
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PUSH_LOCK})
            if session.get(HubMeta, "secret") is not None or session.scalar(select(func.count()).select_from(
                    HubEvent)):
                raise Refused(Kind.HUB_NOT_EMPTY)
            session.add_all([HubMeta(key="secret", value=shop.secret.hex()), HubMeta(key="shop", value=shop.name),
                             HubMeta(key="created_at", value=now.isoformat()),
                             HubStation(name=station, joined_at=now, last_seen=now)])
    finally:
        hub.close()
    with local.sessions.begin() as session:
        session.add(ChainState(id=1, hub_url=hub_url, station=station, event_cursor=0, record_cursor=0,
                               joined_at=now, online=True, last_error=""))
    return sync_once(local, now=now)


def _hub_owner_ok(connection: Any, pin: str) -> bool:
    rows = connection.execute(select(HubRecord.key, HubRecord.data).where(HubRecord.entity == "staff")
                              .order_by(HubRecord.seq)).all()
    latest = {key: json.loads(data) for key, data in rows}
    for data in latest.values():
        if data.get("deleted") or data.get("role") != "owner":
            continue
        if hmac.compare_digest(ops._hash_pin(pin, bytes.fromhex(data["pin_salt"])), bytes.fromhex(data["pin_hash"])):
            return True
    return False


def join_chain(local_url: str, hub_url: str, *, station: str, pin: str,
               now: dt.datetime | None = None) -> SyncResult:
    """Make this station's local database from the hub: the shop, its secret, its data, every event.

    Refuses a wrong owner PIN (checked against the hub's staff) and a station
    name already in the chain, before anything is written.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    if not station.strip():
        raise Refused(Kind.EMPTY, field="station")
    hub = hub_engine(hub_url)
    try:
        with _HubCall(), hub.begin() as connection:
            meta = dict(connection.execute(select(HubMeta.key, HubMeta.value)).all())
            if "secret" not in meta:
                raise Refused(Kind.NOT_IN_CHAIN, field="hub")
            if connection.scalar(select(HubStation.name).where(HubStation.name == station)) is not None:
                raise Refused(Kind.STATION_TAKEN, field=station)
            if not _hub_owner_ok(connection, pin):
                raise Refused(Kind.WRONG_PIN)
        local = db_engine.open_database(local_url)
        try:
            with local.sessions.begin() as session:
                if ops.is_initialised(session):
                    raise Refused(Kind.ALREADY_INITIALISED)
                session.add(Shop(id=1, name=meta.get("shop", "shop"), secret=bytes.fromhex(meta["secret"])))
                session.add(ChainState(id=1, hub_url=hub_url, station=station, event_cursor=0, record_cursor=0,
                                       joined_at=now, online=True, last_error=""))
            try:
                pulled = pull(local, hub, include_own=True, now=now)
            except HubUnreachable:
                with local.sessions.begin() as session:
                    record_attempt(session, ok=False, now=now, error="the hub went away during the join")
                raise
            with _HubCall(), hub.begin() as connection:  # the name is taken once the station exists
                connection.execute(text("SET LOCAL synchronous_commit = on"))
                connection.execute(pg_insert(HubStation).values(name=station, joined_at=now, last_seen=now)
                                   .on_conflict_do_nothing(index_elements=["name"]))
            with local.sessions.begin() as session:
                record_attempt(session, ok=True, now=now)
                return SyncResult(0, pulled, pending(session), open_conflicts(session))
        finally:
            local.close()
    finally:
        hub.dispose()


# --- reading balances (tests, benchmarks, the owner) ---

def hub_cards(hub: Engine) -> dict[str, ledger.CardState]:
    """Every card's state folded from the hub's events."""
    with _HubCall(), hub.connect() as connection:
        rows = connection.execute(select(HubEvent.uid, HubEvent.card, HubEvent.kind, HubEvent.delta,
                                         HubEvent.rewards_delta, HubEvent.at, HubEvent.station, HubEvent.visit,
                                         HubEvent.reverses, HubEvent.counterpart)).all()
    return ledger.fold(ledger.LedgerEvent(r.uid, r.card, EventKind(r.kind), r.delta, r.rewards_delta, r.at,
                                          r.station, bool(r.visit), r.reverses, r.counterpart) for r in rows)


def station_cards(session: Session) -> dict[str, tuple[int, int, int, str]]:
    """Every card's cached (stamps, rewards, visits, status) at this station."""
    return {n: (s, r, v, st) for n, s, r, v, st in session.execute(
        select(Card.number, Card.stamps, Card.rewards_redeemed, Card.visits, Card.status))}

