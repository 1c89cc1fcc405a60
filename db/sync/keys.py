"""A chain's signing keys: the hub holds them, each station takes them at its next sync.

The hub keeps the shop's keys in ``hub_meta`` (readable by every station role, written
by the admin only: row-level security lets a station write its own ``install:`` rows
and nothing else there):

- ``keys``: JSON, every key the shop has had, oldest first:
  ``[{"id": 1, "secret": HEX, "created_at": ISO, "retired_at": ISO or null}, ...]``;
- ``secret``: the current key's secret (hex), as before there were keys: a hub from
  before rotation has only this one, and it is key 1.

- :func:`rotate_on_hub` (``stampcard chain rotate-secret --hub ADMIN_URL``, owner): a new
  current key in the hub's ``keys``; the old one retired.
- :func:`take` (called by ``sync_once``, after the hub's facts are checked): the hub's
  keys, when they differ from this station's, replace them in one local transaction. An
  idle sync reads one ``hub_meta`` row and the station's few keys and writes nothing.
  A station never drops a key it has for the hub's word (a hub restored from a dump made
  before a rotation does not take the new key away from the stations that have it).
- :func:`published` (``chain create`` and ``join``): the ring to put on a new hub, the
  ring a joining station starts with.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.orm import Session

from cards import codes, keys
from db import engine as db_engine
from db import ops, transactions
from db.hub import HubMeta
from db.sync.hub_io import _HubCall

log = logging.getLogger(__name__)

KEYS, SECRET = "keys", "secret"


def encode(ring: keys.Keyring) -> str:
    """The ring as ``hub_meta``'s ``keys`` value."""
    def when(value: dt.datetime | None) -> str | None:
        return None if value is None else value.astimezone(dt.timezone.utc).isoformat()
    return json.dumps([{"id": k.id, "secret": k.secret.hex(), "created_at": when(k.created_at),
                        "retired_at": when(k.retired_at)} for k in ring.keys])


def decode(meta: Mapping[str, str]) -> keys.Keyring | None:
    """The hub's ring from its ``hub_meta`` values (``keys``, else ``secret`` as key 1); None when it has
    neither or they cannot be read (logged)."""
    def when(value: Any) -> dt.datetime | None:
        return None if value is None else dt.datetime.fromisoformat(str(value))
    try:
        if meta.get(KEYS):
            return keys.ring_of((int(k["id"]), bytes.fromhex(k["secret"]), when(k.get("created_at")),
                                 when(k.get("retired_at"))) for k in json.loads(meta[KEYS]))
        if meta.get(SECRET):
            return keys.Keyring.single(bytes.fromhex(meta[SECRET]))
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("the hub's signing keys cannot be read: %s", exc)
    return None


def published(session: Session) -> dict[str, str]:
    """``hub_meta``'s key rows for this shop's ring (``chain create``)."""
    ring = ops.keyring(session)
    return {KEYS: encode(ring), SECRET: ring.current.secret.hex()}


def _hub_meta(connection: Connection, *, lock: bool = False) -> dict[str, str]:
    query = select(HubMeta.key, HubMeta.value).where(HubMeta.key.in_((KEYS, SECRET)))
    return {str(k): str(v) for k, v in connection.execute(query.with_for_update() if lock else query).all()}


def _extends(hub: keys.Keyring, local: keys.Keyring) -> bool:
    """``hub`` holds every key of ``local`` (same id, same secret): taking it drops nothing."""
    return all((found := hub.get(k.id)) is not None and found.secret == k.secret for k in local.keys)


def take(local: db_engine.Database, hub: Engine) -> bool:
    """Take the hub's keys when they differ from this station's; True when the station's keys changed."""
    with _HubCall(), hub.connect() as connection:
        ring = decode(_hub_meta(connection))
        connection.rollback()
    if ring is None:
        return False
    with transactions.reading(), local.sessions.begin() as session:  # an idle sync writes nothing
        mine = ops.keyring(session)
        if mine.same_as(ring) and ops.get_shop(session).secret == ring.current.secret:
            return False
        if not _extends(ring, mine):
            log.warning("the hub's signing keys do not hold every key of this station's; kept this station's")
            return False
        transactions.lock_for_writing(session)
        changed = ops.store_keyring(session, ring)
    if changed:
        log.info("signing keys from the hub: key %d signs new batches now", ring.current.id)
    return changed


def rotate_on_hub(connection: Connection, *, now: dt.datetime, secret: bytes | None = None) -> keys.Keyring:
    """``chain rotate-secret``: a new current key on the hub (the admin's transaction); the stations take it
    at their next sync. Raises ``LookupError`` when the hub holds no chain."""
    connection.execute(text("SET LOCAL synchronous_commit = on"))
    ring = decode(_hub_meta(connection, lock=True))
    if ring is None:
        raise LookupError("no chain on this hub")
    new = ring.rotated(secret or codes.new_secret(), now)
    for key, value in ((KEYS, encode(new)), (SECRET, new.current.secret.hex())):
        connection.execute(text("INSERT INTO hub_meta (key, value) VALUES (:k, :v) "
                                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"), {"k": key, "v": value})
    return new


def adopt_here(session: Session, ring: keys.Keyring) -> bool:
    """After ``rotate_on_hub`` from a station of that chain: take the new ring now, not at the next sync
    (a batch printed here a minute later is signed with the new key). False when this database is not
    a station of that chain (its key 1 differs) or already had it."""
    mine = ops.keyring(session)
    if not _extends(ring, mine):
        return False
    return ops.store_keyring(session, ring)
