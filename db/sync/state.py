"""A station's place in the chain: what waits, when it last synced, what a sync did."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cards.refusals import Kind, Refused
from db import chain_station
from db.models import ChainConflict, ChainState, Event, Shop
from db import hub_notes
from db.sync.hub_io import shown_url


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
    last_error: str  # English, for logs and --json; ``trouble`` is the same as data
    healed: str = ""  # what the last healing sync did (db/sync/heal.py) in English, "" when nothing needed it
    install_id: str = ""
    trouble: hub_notes.Trouble | None = None  # why the last sync could not use the hub, for the shells to word
    healing: hub_notes.Healed = hub_notes.Healed(None, ())  # ``healed`` as data, for the shells to word


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
    trouble, healing = hub_notes.read_trouble(state.last_error), hub_notes.read_healed(state.healed)
    return ChainStatus(shown_url(state.hub_url), state.station, pending(session), state.last_sync_at,
                       open_conflicts(session), state.online, trouble.english() if trouble else "",
                       healing.english(), state.install_id, trouble, healing)


def set_offline_redeem(session: Session, value: str) -> str:
    """``allow`` or ``refuse`` redemptions while the hub is away (a shop setting; it syncs)."""
    if value not in ("allow", "refuse"):
        raise Refused(Kind.BAD_CHOICE, field="offline_redeem", value=value, choices=("allow", "refuse"))
    shop = session.get(Shop, 1)
    if shop is None:
        raise Refused(Kind.NOT_INITIALISED)
    shop.offline_redeem = value
    return value


QUIET_S = 60  # an idle sync writes its time at most once a minute (the status strip shows minutes)


def attempt_is_news(session: Session, *, ok: bool, now: dt.datetime, error: str = "") -> bool:
    """Whether :func:`record_attempt` would change what the status strip says: the outcome, the error,
    or a last sync older than ``QUIET_S``. A sync every 3 s then takes no write lock when nothing changed."""
    state = session.get(ChainState, 1)
    if state is None:
        return False
    if not ok or not state.online or state.last_error != error or state.last_sync_at is None:
        return True
    last = state.last_sync_at
    if last.tzinfo is None:
        last = last.replace(tzinfo=dt.timezone.utc)
    return not dt.timedelta(0) <= now - last < dt.timedelta(seconds=QUIET_S)


def record_attempt(session: Session, *, ok: bool, now: dt.datetime, error: str = "") -> None:
    """Note the outcome of a sync attempt (the status strip and ``offline_redeem`` read it)."""
    state = session.get(ChainState, 1)
    if state is None:
        return
    state.last_attempt_at, state.online, state.last_error = now, ok, error
    if ok:
        state.last_sync_at = now


def hub_mark(value: str) -> tuple[str, str]:
    """``chain_state.hub_epoch`` read: (the hub's epoch, the id of the hub's event at this station's cursor)."""
    epoch, _, uid = value.partition("#")
    return epoch, uid


def set_hub_mark(state: ChainState, *, epoch: str | None = None, cursor_uid: str | None = None) -> None:
    """Remember the hub's epoch and/or the event at the cursor (db/sync/heal.py compares them at each sync)."""
    old_epoch, old_uid = hub_mark(state.hub_epoch)
    state.hub_epoch = f"{old_epoch if epoch is None else epoch}#{old_uid if cursor_uid is None else cursor_uid}"


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def refused(session: Session) -> int:
    """How many of this station's events the hub refused as outside the rules (``hub_seq`` = REFUSED)."""
    return int(session.scalar(select(func.count()).select_from(Event).where(Event.hub_seq < 0)) or 0)


require_state = _require_state  # this station's chain row, or Refused(NOT_IN_CHAIN)
