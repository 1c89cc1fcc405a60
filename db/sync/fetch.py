"""The first scan of a card this station has never seen: the card is fetched from the hub.

A station holds its share of the chain (the cards it issued or has seen), so a card
printed at another shop is not here when a customer first brings it. Online, the scan
fetches it in one short exchange with the hub, and the card arrives with its balance,
its history, its batch and its customer; the stamp then lands on the right balance.
Offline (the hub away, slow, or not knowing the card yet), the scan goes on as before:
a validly signed card is adopted as a placeholder and merged by a later pull.

The exchange, on one hub connection in autocommit mode, is two statements:

1. ``INSERT`` this station's holding of the card (``hub_holdings``), committed;
2. one ``SELECT``, in a snapshot taken after that commit: the card's events, its
   ``card`` records (the customer link), that customer's records, the records of the
   complaints that name the card, and the records of the batch whose ``cards`` list
   holds the number (migration 0010's indexes find each of them; the batch and the
   complaints through ``hub_batches_of`` / ``hub_complaints_of``, ``db/hub_roles.py``,
   which read as the hub's owner so that a station login's row policy does not turn
   those index lookups into a scan of every batch record).

That order loses nothing: an event committed after the read's snapshot committed after
the holding too, so the station's next pull, which reads the events of the cards it
holds, sees it (a read first and a holding after could miss an event committed in
between, and a concurrent pull of this station would step over it). A card that
transfers link to (a lost card whose stamps moved here) is held and read the same way
in one more exchange, so its fold here takes what the old card still holds.

What was read is applied in ONE local transaction through the pull's own appliers
(``pull.apply_records``, ``pull._apply_events``, ``conflicts.refold``), after the
network exchange and never during it: SQLite's write lock is not held over a network
call. The events keep their hub sequence numbers, so they are never pushed back, and a
pull that meets them again drops them by id.

:func:`fetch_card` is the exchange and the apply (it raises ``HubUnreachable``);
:func:`fetch_unheard` is what a counter calls: the same under a deadline
(``hub_io.FETCH_TIMEOUT_S``), on a helper thread so that a hub that stopped answering
costs the counter no more than that, and never an error.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import logging
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Boolean, Engine, Integer, String, Text, text

from db import engine as db_engine
from db import transactions
from db.models import UTCDateTime
from db.sync import holdings
from db.sync.conflicts import refold
from db.sync.hub_io import FETCH_TIMEOUT_S, HubUnreachable, _HubCall, hub_engine
from db.sync.pull import _apply_events, apply_records
from db.sync.records import _Applied, _card_by_number
from db.sync.state import _require_state

log = logging.getLogger(__name__)

LINKED_ROUNDS = 4  # transfers followed from the scanned card (a lost card moved to a new one, and so on)

_EVENT_COLUMNS = ("seq, uid, origin, card, kind, delta, rewards_delta, at, station, staff, visit, reverses, "
                  "counterpart, note")
_RECORD_AS_EVENT = "seq, '', '', '', '', 0, 0, NULL, '', '', false, '', '', ''"
# One statement, so one snapshot: the cards' events, then the records that make the cards whole here.
_READ = text(f"""
SELECT 'event' AS part, {_EVENT_COLUMNS}, '' AS entity, '' AS key, '' AS data
  FROM hub_events WHERE card = ANY(CAST(:cards AS varchar[]))
UNION ALL
SELECT 'record', {_RECORD_AS_EVENT}, entity, key, data
  FROM hub_records WHERE entity = 'card' AND key = ANY(CAST(:cards AS varchar[]))
UNION ALL
SELECT 'record', {_RECORD_AS_EVENT}, entity, key, data
  FROM hub_records WHERE entity = 'batch' AND key IN (SELECT hub_batches_of(CAST(:cards AS text[])))
UNION ALL
SELECT 'record', {_RECORD_AS_EVENT}, entity, key, data
  FROM hub_records WHERE entity = 'customer' AND key IN (
    SELECT DISTINCT ON (key) CAST(data AS jsonb) ->> 'customer' FROM hub_records
     WHERE entity = 'card' AND key = ANY(CAST(:cards AS varchar[])) ORDER BY key, seq DESC)
UNION ALL
SELECT 'record', {_RECORD_AS_EVENT}, entity, key, data
  FROM hub_records WHERE entity = 'complaint' AND key IN (SELECT hub_complaints_of(CAST(:cards AS text[])))
""").columns(part=String, seq=BigInteger, uid=String, origin=String, card=String, kind=String, delta=Integer,
             rewards_delta=Integer, at=UTCDateTime, station=String, staff=String, visit=Boolean, reverses=String,
             counterpart=String, note=String, entity=String, key=String, data=Text)


class Fetched(str, enum.Enum):
    """What a first scan's fetch found (``fetch_unheard``)."""

    FETCHED = "fetched"  # the hub knew the card: it is here now, with its history, batch and customer
    UNKNOWN = "unknown"  # the hub does not know it either (printed a moment ago at a station not synced yet)
    OFFLINE = "offline"  # the hub did not answer, or not within the deadline

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class HubCard:
    """What the hub holds of a card (and of the cards transfers link it to), read after holding them."""

    number: str
    known: bool  # the hub has an event, a card record or a batch holding this number
    cards: tuple[str, ...]  # the scanned card first, then the linked ones, all held now
    events: tuple[dict[str, Any], ...]
    records: tuple[tuple[int, str, str, str], ...]  # (seq, entity, key, data), in seq order
    round_trips: int  # statements sent to the hub (the pool's liveness check at checkout not counted)


def read_card(hub: Engine, station: str, number: str) -> HubCard:
    """The hub's side: hold the card, commit, then read it (and the cards transfers link it to) in a new snapshot.

    Raises ``HubUnreachable`` when the hub cannot be reached.
    """
    cards = [number]
    todo = [number]
    events: dict[str, dict[str, Any]] = {}
    records: dict[int, tuple[int, str, str, str]] = {}
    trips = 0
    with _HubCall(), hub.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        for _ in range(LINKED_ROUNDS):
            holdings.hold(connection, station, todo)  # one statement, committed: autocommit
            rows = connection.execute(_READ, {"cards": todo}).mappings().all()
            trips += 2
            for row in rows:
                if row["part"] == "event":
                    events[row["uid"]] = {k: row[k] for k in _EVENT_COLUMNS.split(", ")}
                else:
                    records[row["seq"]] = (row["seq"], row["entity"], row["key"], row["data"])
            linked = sorted({e["counterpart"] for e in events.values() if e["counterpart"]} - set(cards))
            if not linked:
                break
            cards += linked
            todo = linked
    known = any(e["card"] == number for e in events.values()) or any(
        (entity == "card" and key == number) or (entity == "batch" and number in json.loads(data).get("cards", ()))
        for _, entity, key, data in records.values())
    return HubCard(number, known, tuple(cards), tuple(sorted(events.values(), key=lambda e: e["seq"])),
                   tuple(records[seq] for seq in sorted(records)), trips)


def apply_card(local: db_engine.Database, found: HubCard, *, now: dt.datetime | None = None) -> None:
    """Make what the hub holds of a card this station's, in ONE local transaction, as a pull would.

    The card's row is made first (its batch's record then moves it into the batch,
    as a pull does with a card already here), then the records apply (last writer
    wins, exactly as in ``pull``), then the events by id, then the fold of every
    card they touched.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    with local.sessions.begin() as session:
        state = _require_state(session)
        applied = _Applied()
        applied.cards.add(_card_by_number(session, found.number).id)
        if found.records:
            apply_records(session, state.station, found.records, applied)
        _apply_events(session, found.events, applied)
        refold(session, applied.cards, now=now)


def fetch_card(local: db_engine.Database, hub: Engine, number: str, *, now: dt.datetime | None = None) -> bool:
    """Fetch a card this station has never seen from the hub: hold it, read it, apply it here.

    Returns False when the hub does not know the card (nothing is applied here; the
    holding stays, so its events reach this station by the next pulls once they
    exist). Raises ``HubUnreachable`` when the hub cannot be reached.
    """
    with transactions.reading(), local.sessions.begin() as session:
        station = _require_state(session).station
    found = read_card(hub, station, number)
    if not found.known:
        return False
    apply_card(local, found, now=now)
    return True


def fetch_unheard(local: db_engine.Database, number: str, *, hub: Engine | None = None,
                  timeout: float = FETCH_TIMEOUT_S, now: dt.datetime | None = None) -> Fetched:
    """A counter's first scan of a card never seen here: fetch it within ``timeout`` seconds, else go on offline.

    The hub exchange runs on a helper thread and the caller waits at most
    ``timeout``: a hub that stopped answering (a cable pulled, packets dropped) costs
    the counter that long and no more, and its late answer is dropped (its holding
    is harmless: it only makes the next pulls bring the card). What was read in time
    is applied here, on the caller's thread, with no network call under the write
    lock. ``hub`` is a running kiosk's hub engine (else one is made and disposed).
    Never raises for the hub's sake: a fault is ``Fetched.OFFLINE``.
    """
    with transactions.reading(), local.sessions.begin() as session:
        state = _require_state(session)
        station, url = state.station, state.hub_url
    outcome: list[HubCard | BaseException] = []

    def exchange() -> None:
        engine_: Engine | None = hub
        try:
            engine_ = hub_engine(url) if hub is None else hub
            outcome.append(read_card(engine_, station, number))
        except BaseException as exc:  # noqa: BLE001 - reported to the waiting caller below
            outcome.append(exc)
        finally:
            if hub is None and engine_ is not None:
                engine_.dispose()

    worker = threading.Thread(target=exchange, name=f"stampcard-fetch-{number}", daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:
        log.warning("chain: the hub did not answer within %.1f s; card %s is taken as not heard of yet",
                    timeout, number)
        return Fetched.OFFLINE
    found = outcome[0]
    if isinstance(found, HubUnreachable):
        log.info("chain: card %s not fetched, the hub is away (%s)", number, found)
        return Fetched.OFFLINE
    if isinstance(found, BaseException):  # a bug, or a hub this code does not understand: logged, never the counter's
        log.error("chain: fetching card %s failed; it is taken as not heard of yet", number, exc_info=found)
        return Fetched.OFFLINE
    if not found.known:
        return Fetched.UNKNOWN
    apply_card(local, found, now=now)
    return Fetched.FETCHED
