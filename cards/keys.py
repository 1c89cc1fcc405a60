"""The shop's signing keys, and the one rule every reader of a card code follows.

A shop signs its cards' QR payloads (``cards.codes``) with a secret. The owner may
*rotate* it (a kiosk was stolen, its disk holds the secret): a new key signs every new
batch from then on, and the retired keys stay, because the cards printed before the
rotation carry their signatures and must keep working. The payload's format does not
change: ``SC1:<number>:<signature>``, with no key id in it (cards already printed
could not carry one); the key is found by trying the shop's few keys.

The rule (:func:`admit`), for a payload whose signature matched one of the keys:

- **A card that exists here** is accepted when its signature is its batch's key. A
  batch that names no key (a placeholder batch of a chain station, a batch from an
  older station) accepts any key the shop has had: the card row already exists, so
  the number was issued by the shop, and a signature under one of the shop's keys
  is that card's own code (its key is simply not written down). A batch whose key
  this station has not received yet refuses as :data:`Kind.UNKNOWN_KEY` (sync first).
- **A card not known here** (at a chain station it becomes a placeholder) is accepted
  only when signed with the CURRENT key: whoever copied a retired secret can copy the
  cards printed under it, but can no longer mint a new number that a station would
  adopt (:data:`Kind.RETIRED_KEY`). A real card printed under an old key and never
  seen here is found on the hub (the first scan's fetch, or the next sync).
- **A signature under none of the keys** is forged or another shop's
  (:data:`Kind.BAD_SIGNATURE`). At a chain station it may also be signed with a key the
  hub has and this station has not received yet (it cannot tell which), so the refusal
  there carries ``field="chain"`` and its sentence says to sync and scan again. It is
  never accepted as a placeholder: a signature that cannot be checked is no better than
  none, and the next sync brings the new key within a minute or two.

A typed number carries no signature: the database alone decides (as before).
A card of a voided batch stays refused by the database's own check.
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field

from cards import codes
from cards.refusals import Kind, Refused


@dataclass(frozen=True)
class SigningKey:
    """One of the shop's keys: ``retired_at`` is None for the current one."""

    id: int
    secret: bytes = field(repr=False)
    created_at: dt.datetime | None = None
    retired_at: dt.datetime | None = None

    @property
    def current(self) -> bool:
        return self.retired_at is None


@dataclass(frozen=True)
class Keyring:
    """Every key the shop has had, oldest first; exactly one is current (the newest)."""

    keys: tuple[SigningKey, ...]

    def __post_init__(self) -> None:
        ids = [k.id for k in self.keys]
        if not ids or ids != sorted(set(ids)) or any(i < 1 for i in ids):
            raise ValueError("a keyring holds keys with distinct ids from 1, oldest first")
        if [k.id for k in self.keys if k.current] != [ids[-1]]:
            raise ValueError("exactly one key is current, and it is the newest")
        if any(not k.secret for k in self.keys):
            raise ValueError("a key has a secret")

    @classmethod
    def single(cls, secret: bytes) -> Keyring:
        """A shop that never rotated: its one secret is key 1."""
        return cls((SigningKey(1, secret),))

    @property
    def current(self) -> SigningKey:
        return self.keys[-1]

    @property
    def secrets(self) -> tuple[bytes, ...]:
        """Every key's secret, newest first (a fresh card is signed with the first)."""
        return tuple(k.secret for k in reversed(self.keys))

    def get(self, key_id: int | None) -> SigningKey | None:
        return next((k for k in self.keys if k.id == key_id), None) if key_id is not None else None

    def rotated(self, secret: bytes, now: dt.datetime) -> Keyring:
        """This ring with ``secret`` as the new current key; the old current one retired ``now``."""
        if any(hmac.compare_digest(secret, k.secret) for k in self.keys):
            raise ValueError("a new key must be new")
        old = tuple(SigningKey(k.id, k.secret, k.created_at, k.retired_at or now) for k in self.keys)
        return Keyring(old + (SigningKey(self.current.id + 1, secret, now),))

    def same_as(self, other: Keyring) -> bool:
        """The same keys (ids, secrets, which is current), whatever the times say."""
        return [(k.id, k.secret, k.current) for k in self.keys] == [(k.id, k.secret, k.current) for k in other.keys]


@dataclass(frozen=True)
class ReadCode:
    """A code read against a keyring: its number, whether it was a signed payload, and the key that
    signed it (None for a typed number, or for a payload that no key of the ring signed)."""

    number: codes.CardNumber
    signed: bool
    key: SigningKey | None


def read_code(text: str, ring: Keyring) -> ReadCode:
    """Parse a payload or typed number and find which of the ring's keys signed it.

    Refuses what needs no database to refuse (``NOT_OURS``, ``DAMAGED``, ``BAD_CHECK``);
    a well-formed payload that no key signed comes back with ``key=None`` (:func:`admit`
    says why it is refused, which depends on where it is read).
    """
    try:
        parsed = codes.parse_code(text, ring.secrets)
    except Refused as exc:
        if exc.kind is not Kind.BAD_SIGNATURE:
            raise
        return ReadCode(codes.payload_number(text), True, None)  # well-formed, signed by none of the keys
    if not parsed.signed:
        return ReadCode(parsed.number, False, None)
    return ReadCode(parsed.number, True, signer(text, ring))


def signer(text: str, ring: Keyring) -> SigningKey | None:
    """The key of ``ring`` that signed the payload ``text`` (None when none did or it is malformed)."""
    for key in reversed(ring.keys):  # the current key first: most cards scanned are new ones
        try:
            codes.parse_payload(text, key.secret)
        except Refused:
            continue
        return key
    return None


def admit(code: ReadCode, ring: Keyring, *, known: bool, batch_key: int | None = None,
          chain: bool = False) -> None:
    """Refuse ``code`` unless the rule (module docstring) accepts it here.

    ``known``: the card exists in this database; ``batch_key``: its batch's key id (None: the
    batch names none); ``chain``: this is a chain station (a newer key may exist on the hub).
    """
    if not code.signed:
        return  # a typed number: the database decides
    if code.key is None:
        if known and batch_key is not None and ring.get(batch_key) is None:
            raise Refused(Kind.UNKNOWN_KEY, number=code.number)  # its batch's key is newer than this station's
        raise Refused(Kind.BAD_SIGNATURE, field="chain" if chain else "")
    if known:
        if batch_key is None or code.key.id == batch_key:
            return
        if ring.get(batch_key) is None:  # its batch's key has not reached this station yet
            raise Refused(Kind.UNKNOWN_KEY, number=code.number)
        raise Refused(Kind.BAD_SIGNATURE)  # a real number, signed with another key than its batch's
    if not code.key.current:
        raise Refused(Kind.RETIRED_KEY, number=code.number, field="chain" if chain else "")


def check(text: str, ring: Keyring, *, known: bool, batch_key: int | None = None,
          chain: bool = False) -> ReadCode:
    """:func:`read_code`, then :func:`admit`: the code's number when the rule accepts it here."""
    code = read_code(text, ring)
    admit(code, ring, known=known, batch_key=batch_key, chain=chain)
    return code


def ring_of(rows: Iterable[tuple[int, bytes, dt.datetime | None, dt.datetime | None]]) -> Keyring:
    """A keyring from stored rows ``(id, secret, created_at, retired_at)`` in any order."""
    return Keyring(tuple(SigningKey(i, s, c, r) for i, s, c, r in sorted(rows, key=lambda row: row[0])))
