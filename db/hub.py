"""The hub's tables (on the chain's PostgreSQL; empty on a station), for ``db/sync.py`` only.

Kept apart from ``db/models.py`` so that a command or the kiosk, which never talks to
a hub unless it syncs, does not map them at start-up (migration 0004 creates them).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models import Base, UTCDateTime, utcnow

_HUB_SEQ = BigInteger().with_variant(Integer, "sqlite")


class HubEvent(Base):
    """The hub's union of every station's events; ``seq`` is given on arrival."""

    __tablename__ = "hub_events"
    seq: Mapped[int] = mapped_column(_HUB_SEQ, primary_key=True, autoincrement=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    origin: Mapped[str] = mapped_column(String(60))  # the station that pushed it
    card: Mapped[str] = mapped_column(String(16), index=True)  # the card's number
    kind: Mapped[str] = mapped_column(String(16))
    delta: Mapped[int] = mapped_column(Integer, default=0)
    rewards_delta: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    station: Mapped[str] = mapped_column(String(60), default="")
    staff: Mapped[str] = mapped_column(String(60), default="")
    visit: Mapped[bool] = mapped_column(default=False)
    reverses: Mapped[str] = mapped_column(String(32), default="")  # uid of the undone event
    counterpart: Mapped[str] = mapped_column(String(16), default="")  # a transfer's other card (migration 0006)
    note: Mapped[str] = mapped_column(String(300), default="")


class HubRecord(Base):
    """Shared data (settings, program, staff, batches, customers, complaints ...), a log: the last wins."""

    __tablename__ = "hub_records"
    seq: Mapped[int] = mapped_column(_HUB_SEQ, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(80))
    origin: Mapped[str] = mapped_column(String(60))
    data: Mapped[str] = mapped_column(Text)


class HubMeta(Base):
    """The hub's own facts (the shop's secret, when the chain was made), as text."""

    __tablename__ = "hub_meta"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class HubStation(Base):
    """A station that joined the chain, and when it was last heard from."""

    __tablename__ = "hub_stations"
    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    joined_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class HubHolding(Base):
    """A card a station holds: it issued the card or has seen it (migration 0010). A station pulls the
    events and the personal records of the cards it holds only (``db/sync/pull.py``)."""

    __tablename__ = "hub_holdings"
    station: Mapped[str] = mapped_column(String(60), primary_key=True)
    card: Mapped[str] = mapped_column(String(16), primary_key=True)
