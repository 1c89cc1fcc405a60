"""The shop's signing keys in the database: read the ring, rotate it, take a chain's ring.

The rule that uses them is ``cards.keys`` (one module for every reader). Here:

- :func:`keyring`: the keys stored in ``shop_keys`` (migration 0011), or the shop's one
  secret as key 1 in a database that has none stored (made before the table, or by hand).
- :func:`rotate_key` (``stampcard secret rotate``, owner): a new current key; the old one
  is retired and keeps verifying the cards printed under it. Refused at a chain station:
  the chain's keys live on the hub (``stampcard chain rotate-secret``, ``db/sync/keys.py``).
- :func:`store_keyring`: put a ring in place (a chain station takes the hub's at join and at
  each sync where it changed).

``shop.secret`` always holds the current key's secret, so what reads it (the web form and
message links' keys, a reader that wants the key that signs new cards) follows a rotation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from cards import codes, keys
from cards.refusals import Kind, Refused
from db import chain_station
from db.models import Batch, Shop, ShopKey


def keyring(session: Session) -> keys.Keyring:
    """Every key the shop has had (refuses ``NOT_INITIALISED`` before ``init``)."""
    rows = session.execute(select(ShopKey.id, ShopKey.secret, ShopKey.created_at, ShopKey.retired_at)).all()
    if rows:
        return keys.ring_of((r[0], r[1], r[2], r[3]) for r in rows)
    shop = session.get(Shop, 1)
    if shop is None:
        raise Refused(Kind.NOT_INITIALISED)
    return keys.Keyring((keys.SigningKey(1, shop.secret, shop.created_at),))


def signing_secrets(session: Session) -> tuple[bytes, ...]:
    """Every key's secret, newest first: what a reader that has no database row at hand (a scanner's
    layout guess, a photo's decoder) checks a payload's signature against."""
    return keyring(session).secrets


@dataclass(frozen=True)
class Rotated:
    """What a rotation did: the new key's id, the retired one's, when; and how many batches keep the old
    keys (their cards go on working)."""

    key: int
    retired: int
    at: dt.datetime
    old_batches: int


def store_keyring(session: Session, ring: keys.Keyring) -> bool:
    """Make ``shop_keys`` hold ``ring`` (and ``shop.secret`` its current key); False when it already did."""
    shop = session.get(Shop, 1)
    if shop is None:
        raise Refused(Kind.NOT_INITIALISED)
    stored = session.execute(select(ShopKey.id, ShopKey.secret, ShopKey.created_at, ShopKey.retired_at)).all()
    if stored and keys.ring_of((r[0], r[1], r[2], r[3]) for r in stored).same_as(ring) \
            and shop.secret == ring.current.secret:
        return False
    session.execute(delete(ShopKey))
    session.add_all([ShopKey(id=k.id, secret=k.secret, created_at=k.created_at or shop.created_at,
                             retired_at=k.retired_at) for k in ring.keys])
    shop.secret = ring.current.secret
    session.flush()
    return True


def rotate_key(session: Session, *, now: dt.datetime, secret: bytes | None = None) -> Rotated:
    """A new signing key for new batches; the current one is retired (its cards keep working).

    Refused at a chain station (``ROTATE_AT_HUB``): a key made here alone would sign cards no
    other station could verify, and the hub's keys would replace it at the next sync.
    """
    if chain_station.chain_state(session) is not None:
        raise Refused(Kind.ROTATE_AT_HUB)
    ring = keyring(session)
    new = ring.rotated(secret or codes.new_secret(), now)
    store_keyring(session, new)
    old = session.scalar(select(func.count()).select_from(Batch).where(Batch.key_id.is_not(None),
                                                                       Batch.key_id != new.current.id))
    return Rotated(new.current.id, ring.current.id, now, int(old or 0))
