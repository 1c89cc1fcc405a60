"""Each station holds its share: the cards it holds (``hub_holdings``, migration 0010) and what it pulls of them.

A station *holds* a card it issued or has seen: its push writes a holding for every card
(and transfer counterpart) of the events it sends and for every card of a batch record it
sends; a first scan (``db/sync/fetch.py``) and the merge of a placeholder (a card accepted
offline, a transfer's counterpart, :func:`db.sync.pull.adopt`) write one before reading
the card's history. Holdings are only ever added.

What a station pulls (:data:`HELD_EVENTS`, :data:`SHARE_RECORDS`):

- the events of the cards it holds (its own among them), and nothing else of the chain's;
- the shop, the program, the staff, the batches and the conflicts (every station);
- a ``card`` record (the card's customer) of a held card only; a ``customer`` record only
  when a card record of a held card links that customer, or when this station wrote it;
  a ``complaint`` record only when the complaint names a held card, or this station wrote it.

So customers' personal data stays on the stations that served them and on the hub, and a
station's storage and its sync cost grow with its own traffic. A batch record's card list
makes no card rows at a station that does not hold them (a card arrives with its events).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import exists, select, text
from sqlalchemy.engine import Connection

from db.hub import HubEvent, HubHolding
from db.sync.state import _chunks

# One statement a push (or a fetch): the station's holdings of these cards, set-based.
_HOLD = text("INSERT INTO hub_holdings (station, card) SELECT :station, c FROM unnest(CAST(:cards AS varchar[])) AS c "
             "ON CONFLICT DO NOTHING")
HOLD_CHUNK = 50_000  # card numbers a statement (one batch of 100,000 cards is two)


def hold(connection: Connection, station: str, numbers: Iterable[str]) -> None:
    """Record on the hub that ``station`` holds these cards (in the caller's hub transaction)."""
    cards = sorted({n for n in numbers if n})
    for chunk in _chunks(cards, HOLD_CHUNK):
        connection.execute(_HOLD, {"station": station, "cards": list(chunk)})


def pushed_cards(rows: Iterable[dict[str, Any]], records: Iterable[dict[str, Any]]) -> set[str]:
    """The cards a push makes this station hold: its events' cards and counterparts, a new batch record's cards."""
    events = list(rows)
    cards = {r["card"] for r in events} | {r["counterpart"] for r in events if r.get("counterpart")}
    for record in records:
        if record["entity"] == "batch" and '"cards"' in record["data"]:
            cards.update(json.loads(record["data"]).get("cards", ()))
    return cards


def held_events(station: str, after: int, page: int) -> Any:
    """The hub's events after ``after`` of the cards ``station`` holds, by sequence: an index walk over
    ``hub_events``' primary key with a probe of ``hub_holdings``' primary key per event."""
    held = exists().where(HubHolding.station == station, HubHolding.card == HubEvent.card)
    return select(HubEvent).where(HubEvent.seq > after, held).order_by(HubEvent.seq).limit(page)


# The entities every station takes whole: all but card, customer and complaint, which go by its holdings.
SHARE_RECORDS = text(
    "SELECT r.seq, r.entity, r.key, r.data FROM hub_records AS r WHERE r.seq > :after AND ("
    "  r.entity NOT IN ('card', 'customer', 'complaint') OR r.origin = :station"
    "  OR (r.entity = 'card' AND EXISTS (SELECT 1 FROM hub_holdings AS h WHERE h.station = :station"
    "      AND h.card = r.key))"
    "  OR (r.entity = 'customer' AND EXISTS (SELECT 1 FROM hub_records AS c JOIN hub_holdings AS h"
    "      ON h.station = :station AND h.card = c.key"
    "      WHERE c.entity = 'card' AND (c.data::jsonb ->> 'customer') = r.key))"
    "  OR (r.entity = 'complaint' AND EXISTS (SELECT 1 FROM hub_records AS c WHERE c.entity = 'complaint'"
    "      AND c.key = r.key AND (c.origin = :station OR EXISTS (SELECT 1 FROM hub_holdings AS h"
    "      WHERE h.station = :station AND h.card = (c.data::jsonb ->> 'card'))))))"
    " ORDER BY r.seq")

# What a card that became held brings with it: its card records, its customers' records, its complaints.
CARD_RECORDS = text(
    "SELECT r.seq, r.entity, r.key, r.data FROM hub_records AS r WHERE"
    " (r.entity = 'card' AND r.key = ANY(:cards))"
    " OR (r.entity = 'customer' AND r.key IN (SELECT c.data::jsonb ->> 'customer' FROM hub_records AS c"
    "     WHERE c.entity = 'card' AND c.key = ANY(:cards)))"
    " OR (r.entity = 'complaint' AND r.key IN (SELECT hub_complaints_of(CAST(:cards AS text[]))))"
    " ORDER BY r.seq")

# hub_batches_of / hub_complaints_of read as the hub's owner (db/hub_roles.py): under a station login's row
# policy these lookups cannot use migration 0010's indexes (the operators are not leakproof) and scan every record
_BATCHES = text("SELECT key, data FROM hub_records WHERE entity = 'batch' "
                "AND key IN (SELECT hub_batches_of(CAST(:cards AS text[]))) ORDER BY seq")


def batches_of(connection: Connection, numbers: Iterable[str]) -> dict[str, str]:
    """Card number -> the chain-wide key of the batch that issued it (the batch records that list it; an
    index over the lists, migration 0010); a number no batch lists is absent."""
    wanted = sorted(set(numbers))
    found: dict[str, str] = {}
    for chunk in _chunks(wanted, 5000):
        want = set(chunk)
        for key, data in connection.execute(_BATCHES, {"cards": list(chunk)}):
            for number in json.loads(data).get("cards", ()):
                if number in want:
                    found.setdefault(number, str(key))
    return found


def newest_record_seq(connection: Connection) -> int:
    """The hub's newest record, whoever's (a station's login may not read every record, ``db/hub_roles.py``:
    its cursor still passes them)."""
    return int(connection.scalar(text("SELECT hub_newest_record()")) or 0)
