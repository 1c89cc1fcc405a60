"""SQLAlchemy 2 models: shop, program, batches, cards, the event ledger, visits,
customers, complaints and staff.

The ledger (``events``) is append-only: nothing updates or deletes an event.
A card's balance is derived from its events and cached on the card row; both
are written in the same transaction by ``db.ops``.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores naive UTC, returns aware UTC, on SQLite and PostgreSQL alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; pass an aware UTC time")
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.timezone.utc)


def utcnow() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.timezone.utc)


def new_uid() -> str:
    """A unique id for a ledger event."""
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    pass


class Shop(Base):
    """The shop's settings; one row (id 1)."""

    __tablename__ = "shop"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(300), default="")
    complaints_phone: Mapped[str] = mapped_column(String(60), default="")
    complaints_email: Mapped[str] = mapped_column(String(200), default="")
    complaints_url: Mapped[str] = mapped_column(String(300), default="")
    secret: Mapped[bytes] = mapped_column(LargeBinary(64))
    language: Mapped[str] = mapped_column(String(8), default="en")
    logo_path: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    timezone: Mapped[str] = mapped_column(String(64), default="", server_default="")  # "" = the system's
    retention_months: Mapped[int] = mapped_column(Integer, default=24, server_default="24")
    offline_redeem: Mapped[str] = mapped_column(String(8), default="allow", server_default="allow")
    # messages and bring a friend (migration 0007)
    smtp_url: Mapped[str] = mapped_column(String(300), default="", server_default="")
    sender: Mapped[str] = mapped_column(String(200), default="", server_default="")
    sms_outbox: Mapped[str] = mapped_column(String(300), default="", server_default="")
    sms_gateway: Mapped[str] = mapped_column(String(300), default="", server_default="")
    referral_bonus: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    birthday_bonus: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ShopKey(Base):
    """One of the shop's signing keys (migration 0011): the current one (``retired_at`` NULL) signs new
    batches, retired ones still verify the cards printed under them (``cards.keys``). ``shop.secret``
    always holds the current key's secret too."""

    __tablename__ = "shop_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    secret: Mapped[bytes] = mapped_column(LargeBinary(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ProgramRow(Base):
    """The loyalty program; one row (id 1). Tiers are stored as JSON text."""

    __tablename__ = "program"
    id: Mapped[int] = mapped_column(primary_key=True)
    stamps_required: Mapped[int] = mapped_column(Integer)
    prestamps: Mapped[int] = mapped_column(Integer, default=0)
    reward: Mapped[str] = mapped_column(String(200))
    tiers_json: Mapped[str] = mapped_column(Text, default="[]")
    cooldown_minutes: Mapped[int] = mapped_column(Integer, default=10)
    max_per_visit: Mapped[int] = mapped_column(Integer, default=5)


class Batch(Base):
    __tablename__ = "batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    count: Mapped[int] = mapped_column(Integer)
    prestamps: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10), default="active")  # active | void
    voided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    station: Mapped[str] = mapped_column(String(60), default="")
    # the shop_keys id its cards are signed with (migration 0011); NULL: any of the shop's keys (a chain
    # station's placeholder batch, a batch from a station of an older version)
    key_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(60), default="", index=True)
    birthday: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    email: Mapped[str] = mapped_column(String(200), default="", server_default="")
    consent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    anonymised_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Card(Base):
    """A printed card. ``stamps`` and ``rewards_redeemed`` cache the ledger sums."""

    __tablename__ = "cards"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)
    # a cards.ledger.CardStatus: issued (printed, not yet seen) | active | blocked | transferred
    status: Mapped[str] = mapped_column(String(12), default="issued")
    stamps: Mapped[int] = mapped_column(Integer, default=0)
    rewards_redeemed: Mapped[int] = mapped_column(Integer, default=0)
    visits: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    activated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_stamp_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), nullable=True, index=True)
    transferred_to: Mapped[int | None] = mapped_column(ForeignKey("cards.id"), nullable=True)
    # stamps below zero (the same reward redeemed at two chain stations while apart): shown as 0 stamps,
    # filled first by later stamps, as cards.ledger.fold says (migration 0008)
    deficit: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    __table_args__ = (CheckConstraint("stamps >= 0", name="ck_cards_stamps_nonneg"),)


class Event(Base):
    """One row of the append-only ledger."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"))
    kind: Mapped[str] = mapped_column(String(16))  # a cards.ledger.EventKind

    delta: Mapped[int] = mapped_column(Integer, default=0)
    rewards_delta: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    station: Mapped[str] = mapped_column(String(60), default="")
    staff: Mapped[str] = mapped_column(String(60), default="")
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"), nullable=True)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), nullable=True)
    note: Mapped[str] = mapped_column(String(300), default="")  # for people only: nothing reads it for meaning
    # a transfer's other card: the receiving one of ``transfer``, the old one of ``transfer_in`` (migration 0006)
    counterpart_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id"), nullable=True)
    hub_seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # chain: NULL until the hub has it
    __table_args__ = (
        Index("ix_events_card_id_id", "card_id", "id"),
    )


class Visit(Base):
    """One scan at the counter with stamps added."""

    __tablename__ = "visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    station: Mapped[str] = mapped_column(String(60), default="")
    staff: Mapped[str] = mapped_column(String(60), default="")
    stamps_added: Mapped[int] = mapped_column(Integer, default=0)



class Complaint(Base):
    __tablename__ = "complaints"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    topic: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    card_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | resolved
    resolution: Mapped[str] = mapped_column(Text, default="")
    station: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    __table_args__ = (Index("ix_complaints_status_id", "status", "id"),)


class StationSetting(Base):
    """A per-station choice (camera, receipt printer, paper width ...), as text."""

    __tablename__ = "station_settings"
    station: Mapped[str] = mapped_column(String(60), primary_key=True)
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


# Covering indexes for ``ops.report`` (migration 0002): it groups by day, and on
# SQLite an index on ``date(at)`` lets GROUP BY stream instead of sorting a million
# rows (benchmarks/ledger.py: report 4.6 s -> ~0.6 s at 1,000,000 events).
Index("ix_events_kind_day", Event.kind, func.date(Event.at), Event.at, Event.delta, Event.rewards_delta)
Index("ix_visits_day", func.date(Visit.at), Visit.at, Visit.stamps_added, Visit.card_id)  # card_id: 0005
# Windows of days (migration 0005): "cards in use", cards issued and complaints received in a window.
Index("ix_cards_status", Card.status)
Index("ix_cards_created_at", Card.created_at)
Index("ix_complaints_created_at", Complaint.created_at, Complaint.status)
Index("ix_visits_card_at", Visit.card_id, Visit.at, Visit.stamps_added)


class Staff(Base):
    """A person who may use the kiosk's protected parts; PIN stored with scrypt."""

    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    role: Mapped[str] = mapped_column(String(10))  # owner | cashier
    pin_salt: Mapped[bytes] = mapped_column(LargeBinary(32))
    pin_hash: Mapped[bytes] = mapped_column(LargeBinary(64))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


# --- a chain of shops (db/sync.py, migration 0004) ---
# A station's own bookkeeping: ChainState, ChainKey, ChainShared, ChainConflict. The hub's
# tables are in db/hub.py, imported only by the sync (every command start maps what is here).
# The unsent-events index is partial ("hub_seq IS NULL") in migration 0004; declaring its
# dialect conditions here would load SQLAlchemy's PostgreSQL dialect at every start.

Index("ix_events_unsent", Event.id)


class ChainState(Base):
    """This station's place in a chain (one row, id 1): the hub, its name, the pull cursors."""

    __tablename__ = "chain_state"
    id: Mapped[int] = mapped_column(primary_key=True)
    hub_url: Mapped[str] = mapped_column(Text)
    station: Mapped[str] = mapped_column(String(60))
    event_cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    record_cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    joined_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sync_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    online: Mapped[bool] = mapped_column(default=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    # migration 0009 (db/sync/heal.py): the hub's identity at the last sync, this install's own id
    # and where it lives (a copied disk is recognised), what the last healing sync did
    hub_epoch: Mapped[str] = mapped_column(Text, default="", server_default="")
    install_id: Mapped[str] = mapped_column(String(32), default="", server_default="")
    host_mark: Mapped[str] = mapped_column(String(64), default="", server_default="")
    healed: Mapped[str] = mapped_column(Text, default="", server_default="")


class ChainKey(Base):
    """The chain-wide key of a local row whose integer id differs per station (batches, customers)."""

    __tablename__ = "chain_keys"
    entity: Mapped[str] = mapped_column(String(16), primary_key=True)
    local_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gkey: Mapped[str] = mapped_column(String(80))
    __table_args__ = (Index("ux_chain_keys_gkey", "entity", "gkey", unique=True),)


class ChainShared(Base):
    """A shared row as last exchanged with the hub, as JSON: the fields that differ are pushed."""

    __tablename__ = "chain_shared"
    entity: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    data: Mapped[str] = mapped_column(Text)


class ChainConflict(Base):
    """What a station could not decide offline: for the owner."""

    __tablename__ = "chain_conflicts"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # negative | blocked | void
    card: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text, default="")
    amount: Mapped[int] = mapped_column(Integer, default=0)
    detected_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolution: Mapped[str] = mapped_column(String(20), default="")


class ChainDirty(Base):
    """A shared row changed at this station since its last push (SQLite triggers mark it; migration 0006).

    One mark per row (a new mark replaces the old one, so the table holds at most
    one row per shop, staff member, batch, customer, card and complaint); a push
    reads only the marked rows and clears the marks it sent.
    """

    __tablename__ = "chain_dirty"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("entity", "key", sqlite_on_conflict="REPLACE"),
                      {"sqlite_autoincrement": True})


# (table, entity, key of the row as the trigger sees it, operations): the triggers that mark a changed
# shared row in chain_dirty, on a station's SQLite (made by migration 0006; db/sync.py makes a missing
# one again, as a migration that rebuilds a table drops its triggers, and then compares every row once).
CHAIN_TRACKED = (
    ("shop", "shop", "'1'", ("INSERT", "UPDATE")),
    ("program", "program", "'1'", ("INSERT", "UPDATE")),
    ("staff", "staff", "{row}.name", ("INSERT", "UPDATE", "DELETE")),
    ("batches", "batch", "CAST({row}.id AS TEXT)", ("INSERT", "UPDATE")),
    ("customers", "customer", "CAST({row}.id AS TEXT)", ("INSERT", "UPDATE", "DELETE")),
    ("cards", "card", "{row}.number", ("UPDATE OF customer_id",)),
    ("complaints", "complaint", "{row}.reference", ("INSERT", "UPDATE", "DELETE")),
    ("chain_conflicts", "conflict", "{row}.key", ("INSERT", "UPDATE")),
)


def chain_dirty_triggers() -> dict[str, str]:
    """The SQLite statements that make the change-marking triggers, by trigger name."""
    out = {}
    for table, entity, key, operations in CHAIN_TRACKED:
        for operation in operations:
            row = "OLD" if operation == "DELETE" else "NEW"
            name = f"chain_dirty_{table}_{operation.split()[0].lower()}"
            out[name] = (f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {operation} ON {table} BEGIN "
                         f"INSERT INTO chain_dirty (entity, key) VALUES ('{entity}', {key.format(row=row)}); END")
    return out


# --- messages to regulars, consent per channel, bring a friend (migration 0007; db/consent.py,
# db/messaging.py, db/referrals.py). Local to a station: a chain does not sync them (yet).

class Consent(Base):
    """A customer's consent to be contacted on one channel (``email`` | ``sms``): when, from where
    (``counter`` | ``web`` | ``import``), confirmed when (an e-mail given on the web waits for its
    link: double opt-in), and withdrawn when (then nothing more is sent on it)."""

    __tablename__ = "consents"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    channel: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(8))
    given_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    __table_args__ = (Index("ux_consents_customer_channel", "customer_id", "channel", unique=True),)


class MessageLog(Base):
    """One message to one customer: (customer, kind, period) is unique, so nothing is sent twice.
    ``status``: sending (claimed; the transport was called) | sent | failed (retried later) | held."""

    __tablename__ = "message_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    kind: Mapped[str] = mapped_column(String(12))
    period: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(8))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    __table_args__ = (Index("ux_message_log_once", "customer_id", "kind", "period", unique=True),
                      Index("ix_message_log_status", "status", "id"))


class Referral(Base):
    """A regular's card introduced a new card; both get the bonus at the new card's first paid stamp."""

    __tablename__ = "referrals"
    id: Mapped[int] = mapped_column(primary_key=True)
    new_card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"), unique=True)
    referrer_card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    rewarded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    bonus: Mapped[int] = mapped_column(Integer, default=0)
