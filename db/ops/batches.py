"""Batches of printed cards: issue (in bulk, by the database), sign, void, list, print again."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import secrets
from dataclasses import dataclass

from sqlalchemy import bindparam, insert, select, text
from sqlalchemy.orm import Session

from cards import codes, ledger, rules
from cards.ledger import EventKind
from cards.refusals import Kind, Refused
from db.models import Batch, Card, UTCDateTime
from db.ops.checks import _check_who, check_id
from db.ops.keys import keyring
from db.ops.shop import get_program


@dataclass(frozen=True)
class BatchInfo:
    id: int
    count: int
    prestamps: int
    status: str
    created_at: dt.datetime
    numbers: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    key: int | None = None  # the signing key its cards carry (db/ops/keys.py); None: any of the shop's


def create_batch(session: Session, *, count: int, prestamps: int | None = None, now: dt.datetime,
                 station: str = "", staff: str = "", sign: bool = True) -> BatchInfo:
    """Issue ``count`` new cards, each credited with the head-start stamps.

    ``sign=False`` leaves the QR payloads out (``codes`` empty): a caller that
    holds the shop's secret signs them after the commit (:func:`sign_batch`), so
    the write lock is not held for 20,000 HMACs. The batch is signed with the
    shop's current key (``key``: its id, kept on the batch).
    """
    _check_who(station, staff)
    if not 1 <= count <= 100_000:
        raise Refused(Kind.OUT_OF_RANGE, field="count", low=1, high=rules.MAX_BATCH, value=str(count))
    # Everything that needs no database is done before the first statement: on SQLite
    # the transaction (BEGIN IMMEDIATE, the write lock) starts with that statement, and a
    # stamp at the counter waits for as long as it is held (benchmarks/batch_lock.py).
    numbers: dict[str, None] = {}
    while len(numbers) < count:
        numbers[codes.new_number()] = None
    program = get_program(session)
    head = program.prestamps if prestamps is None else prestamps
    rules.validate_prestamps(program, head)
    key = keyring(session).current
    batch = Batch(created_at=now, count=count, prestamps=head, station=station, key_id=key.id)
    session.add(batch)
    session.flush()
    taken = set(session.scalars(select(Card.number).where(Card.number.in_(numbers)))) if count <= 1000 else set()
    ordered = [n for n in numbers if n not in taken]
    # Every card of the batch starts the same: the ledger's state after its issue and head-start events,
    # written with the events by the database in bulk (not card by card).
    made = (ledger.LedgerEvent("issue", "", EventKind.ISSUE, at=now),
            ledger.LedgerEvent("head_start", "", EventKind.HEAD_START, head, at=now))
    start = ledger.EMPTY
    for made_event in made:
        start = ledger.apply(start, made_event)
    stamps, rewards, visits, status = start.shown
    connection = session.connection()
    if connection.dialect.name == "sqlite":  # one statement over a JSON array: 20,000 rows in ~0.06 s
        to_db = Card.__table__.c.created_at.type.bind_processor(connection.dialect)
        connection.exec_driver_sql(
            "INSERT INTO cards (number, batch_id, status, stamps, rewards_redeemed, visits, created_at) "
            "SELECT value, ?, ?, ?, ?, ?, ? FROM json_each(?) ORDER BY key",
            (batch.id, status, stamps, rewards, visits, to_db(now) if to_db is not None else now,
             json.dumps(ordered)))
    else:
        connection.execute(insert(Card), [
            {"number": n, "batch_id": batch.id, "status": status, "stamps": stamps, "rewards_redeemed": rewards,
             "visits": visits, "created_at": now} for n in ordered])
    # One INSERT ... SELECT per kind: the events are made by the database, not row by row here.
    # An event's uid (32 hex, unique in a chain of shops): 16 random hex per batch and kind, then the
    # card's id and the kind. Neighbouring keys go into the uid index together, which halves the insert
    # against 40,000 random keys (benchmarks/batch_lock.py).
    uid = (":prefix || printf('%015x', cards.id) || :tag" if session.get_bind().dialect.name == "sqlite"
           else ":prefix || lpad(to_hex(cards.id), 15, '0') || :tag")
    for kind, delta, note in ((EventKind.ISSUE, 0, f"batch {batch.id}"), (EventKind.HEAD_START, head, "")):
        if kind is EventKind.HEAD_START and not head:
            continue
        session.execute(text(
            "INSERT INTO events (uid, card_id, kind, delta, rewards_delta, at, station, staff, note) "
            f"SELECT {uid}, cards.id, :kind, :delta, 0, :at, :station, :staff, :note "
            "FROM cards WHERE cards.batch_id = :batch ORDER BY cards.id").bindparams(
                bindparam("at", type_=UTCDateTime())),
            {"kind": kind.value, "delta": delta, "at": now, "station": station, "staff": staff, "note": note,
             "batch": batch.id, "prefix": secrets.token_hex(8), "tag": "1" if kind is EventKind.ISSUE else "2"})
    batch.count = len(ordered)
    return BatchInfo(batch.id, len(ordered), head, "active", now, tuple(ordered),
                     tuple(codes.make_payload(n, key.secret) for n in ordered) if sign else (), key.id)


def sign_batch(batch: BatchInfo, secret: bytes) -> BatchInfo:
    """``batch`` with the QR payloads of its cards signed with ``secret``, its key's (pure: no database)."""
    return dataclasses.replace(batch, codes=tuple(codes.make_payload(n, secret) for n in batch.numbers))


def void_batch(session: Session, batch_id: int, *, now: dt.datetime) -> BatchInfo:
    """Void a batch (lost or stolen in the post): its cards are refused from now on."""
    check_id("batch", batch_id)
    batch = session.get(Batch, batch_id, with_for_update=True)
    if batch is None:
        raise Refused(Kind.UNKNOWN_BATCH, batch=batch_id)
    if batch.status == "void":
        raise Refused(Kind.ALREADY_VOID, batch=batch_id)
    batch.status, batch.voided_at = "void", now
    return BatchInfo(batch.id, batch.count, batch.prestamps, batch.status, batch.created_at)


def list_batches(session: Session) -> list[BatchInfo]:
    """All batches, newest first (each with its signing key's id: which ones a rotation left on a retired key)."""
    return [BatchInfo(b.id, b.count, b.prestamps, b.status, b.created_at, key=b.key_id)
            for b in session.scalars(select(Batch).order_by(Batch.id.desc()))]


def batch_cards(session: Session, batch_id: int) -> BatchInfo:
    """A batch with its card numbers and QR payloads (to print it again): signed with the batch's own
    key, so a batch printed before a rotation comes out exactly as it was printed."""
    check_id("batch", batch_id)
    batch = session.get(Batch, batch_id)
    if batch is None:
        raise Refused(Kind.UNKNOWN_BATCH, batch=batch_id)
    ring = keyring(session)
    key = ring.get(batch.key_id) if batch.key_id is not None else ring.current
    if key is None:  # made at another station after a rotation this station has not heard of yet
        raise Refused(Kind.UNKNOWN_KEY, batch=batch.id)
    numbers = tuple(session.scalars(select(Card.number).where(Card.batch_id == batch_id).order_by(Card.id)))
    return BatchInfo(batch.id, batch.count, batch.prestamps, batch.status, batch.created_at, numbers,
                     tuple(codes.make_payload(n, key.secret) for n in numbers), key.id)
