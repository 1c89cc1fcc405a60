"""Shared rows (settings, program, staff, batches, customers, complaints, conflicts) as the hub's records:
encoding, which rows changed here (the change marks of migration 0006), applying the hub's records."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Date, DateTime, LargeBinary, TypeDecorator, delete, func, select, text, update
from sqlalchemy.orm import Session

from db import chain_station
from db.models import (
    Base,
    Batch,
    Card,
    ChainConflict,
    ChainDirty,
    ChainKey,
    ChainShared,
    Complaint,
    Customer,
    ProgramRow,
    Shop,
    Staff,
    chain_dirty_triggers,
)
from db.sync.hub_io import PLACEHOLDER


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
    station: str = ""  # this station: its own events that come back are counted in ``own``
    own: int = 0  # this station's own events it lacked (a restored backup) and got back from the hub
    relink: set[str] = field(default_factory=set)  # held cards whose customer this station lacks (pull.adopt)


def _local_id(session: Session, entity: str, key: str) -> int | None:
    found = session.scalar(select(ChainKey.local_id).where(ChainKey.entity == entity, ChainKey.gkey == key))
    return None if found is None else int(found)


def _card_by_number(session: Session, number: str) -> Card:
    card = session.scalar(select(Card).where(Card.number == number))
    return card if card is not None else chain_station.placeholder_card(session, number)


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
        # each station holds its share (db/sync/holdings.py): the list moves the cards this station has into
        # the batch (a placeholder finds its batch); a card it does not hold arrives with its events, if ever
        moved = [known[n] for n in numbers if n in known]
        if moved:
            session.execute(update(Card).where(Card.id.in_(moved)).values(batch_id=batch.id))
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
        customer_key = "" if deleted else str(data.get("customer") or "")
        card.customer_id = _local_id(session, "customer", customer_key) if customer_key else None
        if customer_key and card.customer_id is None:  # a customer registered before this station held the card
            applied.relink.add(key)
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
